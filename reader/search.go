package reader

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

// maxHits is how many search results the list shows.
const maxHits = 100

// searchModel is the query line opened by `/`. It only edits the query;
// the root runs the search and fills the list, so the list stays the one
// place headlines are drawn.
type searchModel struct {
	input  textinput.Model
	active bool
	width  int
	keys   *keyMap
	styles *Styles
}

// searchAction is what a key in the query line asks of the root.
type searchAction int

const (
	searchNone    searchAction = iota
	searchChanged              // the query changed: search again
	searchAccept               // enter: keep the results
	searchCancel               // esc: restore the list as it was
)

func newSearch(keys *keyMap, styles *Styles) searchModel {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "search titles and text"
	in.SetVirtualCursor(false) // the terminal's own cursor: nothing blinks on a timer
	in.CharLimit = 200
	// ctrl+v would run xclip or xsel to read the system clipboard; the
	// terminal's own paste arrives as a bracketed paste, cleaned below.
	in.KeyMap.Paste.SetEnabled(false)
	m := searchModel{input: in, keys: keys, styles: styles}
	m.restyle(styles)
	return m
}

func (m *searchModel) restyle(s *Styles) {
	m.styles = s
	st := m.input.Styles()
	st.Focused.Prompt = s.Prompt
	st.Blurred.Prompt = s.Prompt
	st.Focused.Placeholder = s.Hint
	st.Blurred.Placeholder = s.Hint
	m.input.SetStyles(st)
}

// Open starts a new query.
func (m *searchModel) Open() {
	m.active = true
	m.input.Reset()
	m.input.Focus()
}

func (m *searchModel) Close() {
	m.active = false
	m.input.Blur()
}

func (m searchModel) Query() string { return m.input.Value() }

func (m *searchModel) SetWidth(w int) {
	m.width = max(w, 0)
	// The prompt and the cursor take three columns, the count of matches
	// up to twelve.
	m.input.SetWidth(max(w-3-12, 1))
}

// Update edits the query (typed or pasted) and reports what the root
// should do.
func (m searchModel) Update(msg tea.Msg) (searchModel, searchAction, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Accept):
			return m, searchAccept, nil
		case key.Matches(k, m.keys.Cancel):
			return m, searchCancel, nil
		}
	}
	// Typed or pasted, text from the terminal is cleaned of controls and
	// bidi overrides before it is shown on the query line.
	switch k := msg.(type) {
	case tea.PasteMsg:
		msg = tea.PasteMsg{Content: oneLine(k.Content)}
	case tea.KeyPressMsg:
		if t := oneLine(k.Text); t != k.Text {
			k.Text = t
			msg = k
		}
	}
	before := m.input.Value()
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.input.KeyMap.DeleteWordForward) {
		// textinput v2.2.1 indexes past the end when the cursor is on
		// the last character (alt+d, ctrl+delete): delete it here.
		if r := []rune(before); m.input.Position() == len(r)-1 {
			m.input.SetValue(string(r[:len(r)-1]))
			m.input.CursorEnd()
			return m, searchChanged, nil
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		return m, searchChanged, cmd
	}
	return m, searchNone, cmd
}

// Cursor is where the terminal cursor goes, relative to the query line.
func (m searchModel) Cursor() *tea.Cursor { return m.input.Cursor() }

// View is the query line, with right (the count of matches) at its end.
func (m searchModel) View(right string) string {
	if m.width <= 0 {
		return ""
	}
	right = m.styles.Hint.Render(right)
	rw := ansi.StringWidth(right)
	if rw > m.width/2 {
		right, rw = "", 0
	}
	return block([]string{m.input.View()}, m.width-rw, 1) + right
}

// hitsMsg carries search results back to Update; seq is its id.
type hitsMsg struct {
	seq   int
	query string
	hits  []store.Hit
	err   error
}

// asTyped makes the last word of a query being typed a prefix ("mex"
// finds Mexico before the word is done), unless it is inside a phrase,
// excluded, or a prefix already.
func asTyped(query string) string {
	if strings.Count(query, `"`)%2 == 1 {
		return query
	}
	last := query[strings.LastIndexAny(query, " \t")+1:]
	if last == "" || strings.HasPrefix(last, "-") || strings.HasSuffix(last, "*") || strings.HasSuffix(last, `"`) {
		return query
	}
	return query + "*"
}

// searchCmd runs a query on src off the update loop, its last word as a
// prefix: the reader searches as one types.
func searchCmd(src Source, seq int, query string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = hitsMsg{seq: seq, query: query, err: fmt.Errorf("search: %v", r)}
			}
		}()
		return hitsMsg{seq: seq, query: query, hits: src.Search(asTyped(query), maxHits)}
	}
}
