package reader

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/lede-reader/lede/store"
)

// compareModel shows the versions of one story compared: what they
// disagree on at the top, then their paragraphs aligned — side by side
// where the screen is wide enough (compareSideMin columns), stacked under
// it — with each version's words that the others lack marked. It is a
// pager: the comparison is laid out once per width, then scrolled.
type compareModel struct {
	c             store.Comparison
	lines         []string
	offset        int
	width, height int
	keys          *keyMap
	styles        *Styles
}

// compareSideMin is the narrowest screen that shows versions side by side;
// at most compareSideMax of them, more are stacked.
const (
	compareSideMin = 100
	compareSideMax = 3
)

func newCompare(keys *keyMap, styles *Styles) compareModel {
	return compareModel{keys: keys, styles: styles}
}

// Set shows a comparison from its top.
func (m *compareModel) Set(c store.Comparison) {
	m.c, m.offset = c, 0
	m.layout()
}

func (m *compareModel) SetSize(w, h int) {
	if w != m.width {
		m.width = max(w, 0)
		m.layout()
	}
	m.height = max(h, 0)
	m.clamp()
}

func (m *compareModel) SetStyles(s *Styles) {
	m.styles = s
	m.layout()
}

func (m *compareModel) clamp() {
	m.offset = max(min(m.offset, len(m.lines)-m.height), 0)
}

// Update scrolls.
func (m compareModel) Update(msg tea.Msg) compareModel {
	page := max(m.height-1, 1)
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		k := m.keys
		switch {
		case key.Matches(msg, k.Down):
			m.offset++
		case key.Matches(msg, k.Up):
			m.offset--
		case key.Matches(msg, k.PageDown):
			m.offset += page
		case key.Matches(msg, k.PageUp):
			m.offset -= page
		case key.Matches(msg, k.Top):
			m.offset = 0
		case key.Matches(msg, k.Bottom):
			m.offset = len(m.lines)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.offset -= 3
		case tea.MouseWheelDown:
			m.offset += 3
		}
	}
	m.clamp()
	return m
}

// View draws exactly height lines, none wider than width.
func (m compareModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	end := min(m.offset+m.height, len(m.lines))
	return block(m.lines[m.offset:end], m.width, m.height)
}

// layout lays the comparison out for the width.
func (m *compareModel) layout() {
	m.lines = m.lines[:0]
	w := m.width
	if w <= 2 || m.styles == nil {
		return
	}
	s := m.styles
	inner := w - 2
	add := func(l string) { m.lines = append(m.lines, " "+l) }
	c := m.c
	head := fmt.Sprintf("Compare · %d versions of one story", c.Total)
	if c.Total > len(c.Versions) {
		// Which, and where the rest are: it said "(8 of them)" alone.
		head += fmt.Sprintf(" (%d compared; %s in the list shows them all)", len(c.Versions), m.keys.Versions.Help().Key)
	}
	add(s.ListHeader.Render(fit(head, inner)))
	add("")
	for k, v := range c.Versions {
		meta := sourceName(v.From())
		if !v.Published.IsZero() {
			meta = strings.TrimPrefix(meta+" · "+day(v.Published), " · ")
		}
		add(s.RelNum.Render(fmt.Sprintf("[%d] ", k+1)) + s.Title.Render(truncate(oneLine(v.Title), inner-4)))
		if meta != "" { // a seed file has neither source nor date to show
			add("    " + s.Meta.Render(truncate(meta, inner-4)))
		}
		if v.Unreadable != "" { // compared by its title alone; wrapped, not cut
			var words []store.DiffWord
			for _, w := range strings.Fields("Its text could not be read: " + oneLine(v.Unreadable) + ".") {
				words = append(words, store.DiffWord{Text: w})
			}
			for _, l := range wrapDiff(words, inner-4, s.Error, s.Error) {
				add("    " + l)
			}
		}
	}
	add("")
	if len(c.Disagreements) == 0 {
		// Wrapped, not cut: at 60 columns it is a sentence cut mid-word.
		var words []store.DiffWord
		for _, w := range strings.Fields("They agree on the dates, numbers and names they both state.") {
			words = append(words, store.DiffWord{Text: w})
		}
		for _, l := range wrapDiff(words, inner, s.Hint, s.Hint) {
			add(l)
		}
	} else {
		add(s.Error.Render("They disagree on"))
		for _, d := range c.Disagreements {
			vals := make([]string, len(d.Values))
			for i, v := range d.Values {
				vals[i] = oneLine(v)
			}
			add("  " + s.Version.Render(fmt.Sprintf("%-7s", d.Kind)) + " " + s.Match.Render(truncate(strings.Join(vals, " / "), max(inner-10, 1))))
		}
	}
	add(s.Meta.Render(strings.Repeat("─", inner)))
	plain := lipgloss.NewStyle()
	nv := len(c.Versions)
	side := w >= compareSideMin && nv >= 2 && nv <= compareSideMax
	for _, r := range c.Rows {
		if side {
			gap := " │ "
			colW := (inner - (nv-1)*textWidth(gap)) / nv
			cols := make([][]string, nv)
			height := 0
			for v := range nv {
				cols[v] = wrapDiff(r.Cells[v], colW, plain, s.Match)
				height = max(height, len(cols[v]))
			}
			for i := range height {
				parts := make([]string, nv)
				for v := range nv {
					if i < len(cols[v]) {
						parts[v] = cols[v][i]
					} else {
						parts[v] = strings.Repeat(" ", colW)
					}
				}
				add(strings.Join(parts, s.Meta.Render(gap)))
			}
		} else {
			for v, cell := range r.Cells {
				if cell == nil {
					continue
				}
				label := fmt.Sprintf("[%d] ", v+1)
				for i, l := range wrapDiff(cell, inner-len(label), plain, s.Match) {
					if i == 0 {
						add(s.RelNum.Render(label) + l)
					} else {
						add(strings.Repeat(" ", len(label)) + l)
					}
				}
			}
		}
		add("")
	}
}

// wrapDiff wraps a paragraph's words to width columns, each line padded to
// width, the changed words in mark.
func wrapDiff(words []store.DiffWord, width int, base, mark lipgloss.Style) []string {
	if width <= 0 {
		return nil
	}
	var lines []string
	var b strings.Builder
	col := 0
	flush := func() {
		lines = append(lines, b.String()+strings.Repeat(" ", max(width-col, 0)))
		b.Reset()
		col = 0
	}
	for _, dw := range words {
		t := truncate(oneLine(dw.Text), width)
		n := textWidth(t)
		if n == 0 {
			continue
		}
		if col > 0 && col+1+n > width {
			flush()
		}
		if col > 0 {
			b.WriteString(base.Render(" "))
			col++
		}
		if dw.Changed {
			b.WriteString(mark.Render(t))
		} else {
			b.WriteString(base.Render(t))
		}
		col += n
	}
	if col > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// compareMsg carries a comparison worked out off the update loop.
type compareMsg struct {
	id string
	c  store.Comparison
}

// openCompare compares the versions of the article being read, or of the
// selected headline's story, in a command: the store's work stays off the
// update loop.
func (m *app) openCompare() tea.Cmd {
	id, ok := m.currentID()
	if !ok || m.focus == focusList {
		id, ok = m.list.Selected()
	}
	if !ok {
		return nil
	}
	a, ok := m.src.Get(id)
	ss, can := m.src.(storySource)
	switch {
	case !ok:
		return nil
	case a.Versions < 2:
		m.setStatus("This story has one version: nothing to compare.", false)
		return nil
	case !can:
		m.setStatus("These articles cannot be compared.", false)
		return nil
	}
	return func() tea.Msg {
		c, _ := ss.Compare(id)
		return compareMsg{id: id, c: c}
	}
}
