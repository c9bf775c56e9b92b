package reader

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// findModel finds text within the article being read: `/` in the article
// pane opens its line, matches are highlighted as one types, enter keeps
// them (n and N go from one to the next), esc forgets them. It belongs to
// the article pane, which tells it its lines.
type findModel struct {
	input   textinput.Model
	active  bool // the find line has every key
	query   string
	matches []findMatch
	cur     int // the match being looked at
	// from is where the article was scrolled to when the line opened:
	// esc goes back there.
	from int
}

// findMatch is one match: a line of the article and the byte range in
// its text (colour codes stripped).
type findMatch struct{ line, start, end int }

func newFind() findModel {
	in := textinput.New()
	in.Prompt = "find: "
	in.Placeholder = "in this article"
	in.SetVirtualCursor(false)
	in.CharLimit = 100
	in.KeyMap.Paste.SetEnabled(false) // the terminal's paste arrives as a PasteMsg
	return findModel{input: in}
}

func (f *findModel) restyle(s *Styles) {
	st := f.input.Styles()
	st.Focused.Prompt, st.Blurred.Prompt = s.Prompt, s.Prompt
	st.Focused.Placeholder, st.Blurred.Placeholder = s.Hint, s.Hint
	f.input.SetStyles(st)
}

// Open starts a find, from scroll line from.
func (f *findModel) Open(from int) {
	f.active, f.from = true, from
	f.input.Reset()
	f.input.Focus()
	f.query, f.matches, f.cur = "", nil, 0
}

// Clear forgets the find.
func (f *findModel) Clear() {
	f.active = false
	f.input.Blur()
	f.query, f.matches, f.cur = "", nil, 0
}

// On reports whether there is a find: its line open, or matches kept.
func (f findModel) On() bool { return f.active || f.query != "" }

// search finds the query in lines, case aside, and puts the current match
// at the first on or after line at.
func (f *findModel) search(lines []string, at int) {
	f.matches, f.cur = nil, 0
	q := strings.ToLower(f.query)
	if q == "" {
		return
	}
	for i, l := range lines {
		text := ansi.Strip(l)
		low := strings.ToLower(text)
		if len(low) != len(text) {
			low = text // lowering moved bytes: match as written
		}
		for off := 0; ; {
			j := strings.Index(low[off:], q)
			if j < 0 {
				break
			}
			f.matches = append(f.matches, findMatch{i, off + j, off + j + len(q)})
			off += j + len(q)
		}
	}
	for i, mt := range f.matches {
		if mt.line >= at {
			f.cur = i
			return
		}
	}
}

// Current is the line of the match being looked at.
func (f findModel) Current() (int, bool) {
	if f.cur < len(f.matches) {
		return f.matches[f.cur].line, true
	}
	return 0, false
}

// Step moves to the next match (d = 1) or the one before, round the end.
func (f *findModel) Step(d int) {
	if n := len(f.matches); n > 0 {
		f.cur = ((f.cur+d)%n + n) % n
	}
}

// Count is "3/12", or "no match".
func (f findModel) Count() string {
	switch {
	case f.query == "":
		return ""
	case len(f.matches) == 0:
		return "no match"
	}
	return fmt.Sprintf("%d/%d", f.cur+1, len(f.matches))
}

// View is the find line, w columns wide: the query and where in the
// matches the reader is.
func (f findModel) View(w int, s *Styles, k *keyMap) string {
	right := s.Hint.Render(" " + f.Count() + " ")
	rw := textWidth(right)
	f.input.SetWidth(max(w-rw-len(f.input.Prompt)-2, 1))
	line := " " + f.input.View()
	if !f.active {
		line = " " + s.Prompt.Render(f.input.Prompt) + oneLine(f.query) + s.Hint.Render(fmt.Sprintf("  %s/%s next/previous · %s clears", k.FindNext.Help().Key, k.FindPrev.Help().Key, k.Close.Help().Key))
	}
	return block([]string{line}, max(w-rw, 0), 1) + right
}

// highlight draws line i of the article with its matches marked, the
// current one in reverse; a line without a match is drawn as it is.
func (f findModel) highlight(i int, line string, s *Styles) string {
	var in []findMatch
	for k, mt := range f.matches {
		if mt.line == i {
			in = append(in, mt)
			if k == f.cur {
				in[len(in)-1].line = -1 // the current one
			}
		}
	}
	if len(in) == 0 {
		return line
	}
	// The line's own colours give way to the marks: its text is kept.
	text := ansi.Strip(line)
	var b strings.Builder
	at := 0
	for _, mt := range in {
		if mt.start < at || mt.end > len(text) {
			continue
		}
		b.WriteString(text[at:mt.start])
		st := s.Match
		if mt.line == -1 {
			st = s.Match.Reverse(true)
		}
		b.WriteString(st.Render(text[mt.start:mt.end]))
		at = mt.end
	}
	b.WriteString(text[at:])
	return b.String()
}

// Update edits the query line: a change finds again (from at), enter keeps
// the matches, esc forgets them. done reports the line closed.
func (f findModel) Update(msg tea.Msg, keys *keyMap) (findModel, tea.Cmd, bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, keys.Accept):
			f.active = false
			f.input.Blur()
			if f.query == "" {
				f.Clear()
			}
			return f, nil, true
		case key.Matches(k, keys.Cancel):
			f.Clear()
			return f, nil, true
		}
		if t := oneLine(k.Text); t != k.Text {
			k.Text = t
			msg = k
		}
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		msg = tea.PasteMsg{Content: oneLine(p.Content)}
	}
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	f.query = f.input.Value()
	return f, cmd, false
}
