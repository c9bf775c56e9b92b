package reader

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Sheets: the help (?) and the problems (!) are pages over the panes,
// laid out for the width, and scrolled with the keys and the wheel that
// scroll an article when they are longer than the screen, so that every
// key and every problem can be read at any size.

// sheetLines is the sheet the mode shows, at width w.
func (m app) sheetLines(w int) []string {
	if m.mode == modeProblems {
		return m.problemLines(w)
	}
	return m.helpLines(w)
}

// sheetView is the sheet, bodyH rows from where it is scrolled to.
func (m app) sheetView() []string {
	lines := m.sheetLines(m.width)
	top := min(m.sheetTop, max(len(lines)-m.lay.bodyH, 0))
	return strings.Split(block(lines[top:], m.width, m.lay.bodyH), "\n")
}

// sheetScrolls: the sheet is longer than the screen.
func (m app) sheetScrolls() bool {
	return (m.mode == modeHelp || m.mode == modeProblems) && !m.lay.small && len(m.sheetLines(m.width)) > m.lay.bodyH
}

// sheetPosition says where the sheet is scrolled to, as the article's
// position does ("" when it fits).
func (m app) sheetPosition() string {
	n, h := len(m.sheetLines(m.width)), m.lay.bodyH
	if n <= h {
		return ""
	}
	top := min(m.sheetTop, n-h)
	return fmt.Sprintf("%d–%d/%d %d%%", top+1, top+h, n, 100*top/max(n-h, 1))
}

// scrollSheet moves the sheet by a key (reporting whether it was one
// that scrolls) or by the wheel (d lines).
func (m *app) scrollSheet(msg tea.KeyPressMsg) bool {
	k, h := m.keys, m.lay.bodyH
	last := max(len(m.sheetLines(m.width))-h, 0)
	top := min(m.sheetTop, last)
	switch {
	case key.Matches(msg, k.Down):
		top++
	case key.Matches(msg, k.Up):
		top--
	case key.Matches(msg, k.PageDown):
		top += max(h-1, 1)
	case key.Matches(msg, k.PageUp):
		top -= max(h-1, 1)
	case key.Matches(msg, k.Top):
		top = 0
	case key.Matches(msg, k.Bottom):
		top = last
	default:
		return false
	}
	m.sheetTop = min(max(top, 0), last)
	return true
}

// wheelSheet scrolls the sheet by d lines.
func (m *app) wheelSheet(d int) {
	last := max(len(m.sheetLines(m.width))-m.lay.bodyH, 0)
	m.sheetTop = min(max(min(m.sheetTop, last)+d, 0), last)
}

// helpLines is every key, in as many columns as the width holds (in the
// order of the key map's groups, down each column), then the notes.
func (m app) helpLines(w int) []string {
	s := m.styles
	type entry struct{ key, desc string }
	var ents []entry
	kw, dw := 0, 0
	for _, col := range m.helpKeys().FullHelp() {
		for _, b := range col {
			if !b.Enabled() {
				continue
			}
			e := entry{b.Help().Key, b.Help().Desc}
			ents = append(ents, e)
			kw, dw = max(kw, textWidth(e.key)), max(dw, textWidth(e.desc))
		}
	}
	const gap = 3
	cols := max((w-1+gap)/(kw+1+dw+gap), 1)
	rows := (len(ents) + cols - 1) / cols
	lines := []string{s.Brand.Render(" lede") + s.Hint.Render(" — keys"), ""}
	pad := func(t string, n int) string { return t + strings.Repeat(" ", max(n-textWidth(t), 0)) }
	for r := range rows {
		var b strings.Builder
		b.WriteString(" ")
		for c := range cols {
			i := c*rows + r
			if i >= len(ents) {
				break
			}
			if c > 0 {
				b.WriteString(strings.Repeat(" ", gap))
			}
			desc := ents[i].desc
			if c < cols-1 && i+rows < len(ents) {
				desc = pad(desc, dw) // the next column starts in line
			}
			b.WriteString(s.Help.FullKey.Render(pad(ents[i].key, kw)) + " " + s.Help.FullDesc.Render(desc))
		}
		lines = append(lines, b.String())
	}
	k := m.keys
	notes := fmt.Sprintf("%s in the article finds within it (%s and %s go between matches); %[1]s in the list searches every article. ",
		k.Search.Help().Key, k.FindNext.Help().Key, k.FindPrev.Help().Key) +
		"Mouse: the wheel scrolls the pane under it; a click picks a headline or a related story. " +
		"Related stories say how they relate (same story: another report of this event; closely related; related) and the words they share; " +
		fmt.Sprintf("%s and %s walk the trail shown above the article.", k.Back.Help().Key, k.Forward.Help().Key)
	if m.state.on() {
		notes = fmt.Sprintf("%s, a click or a jump reads an article, as do two seconds in the article pane with the keys there; the list's cursor never does. ", k.Open.Help().Key) + notes
	}
	lines = append(lines, "")
	for _, l := range strings.Split(measure().Wordwrap(notes, max(min(w-2, 90), 10), ""), "\n") {
		lines = append(lines, " "+s.Hint.Render(l))
	}
	return lines
}

// problemLines is every problem met, each wrapped whole.
func (m app) problemLines(w int) []string {
	s := m.styles
	lines := []string{s.Brand.Render(" lede") + s.Hint.Render(" — "+plural(len(m.problems), "problem")+" ("+m.keys.Close.Help().Key+" closes)"), ""}
	for _, p := range m.problems {
		for i, l := range strings.Split(measure().Wrap(p, max(w-4, 10), " /"), "\n") {
			lead := " • "
			if i > 0 {
				lead = "   "
			}
			lines = append(lines, lead+s.Error.Render(l))
		}
	}
	return lines
}

// tooSmall is what a terminal under minWidth x minHeight shows: the size
// needed, whole, on as many lines as it takes (a shorter form where even
// that does not fit).
func tooSmall(w, h int, st lipgloss.Style) []string {
	for _, msg := range []string{
		fmt.Sprintf("terminal too small (need %dx%d)", minWidth, minHeight),
		fmt.Sprintf("too small: %dx%d", minWidth, minHeight),
		fmt.Sprintf("%dx%d", minWidth, minHeight),
	} {
		lines := strings.Split(measure().Wordwrap(msg, max(w, 1), ""), "\n")
		fits := len(lines) <= h
		for _, l := range lines {
			fits = fits && textWidth(l) <= w
		}
		if fits {
			for i := range lines {
				lines[i] = st.Render(lines[i])
			}
			return lines
		}
	}
	return []string{st.Render(cut(fmt.Sprintf("%dx%d", minWidth, minHeight), w, ""))}
}
