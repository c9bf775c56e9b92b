package reader

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// linksModel lets the reader choose one of an article's links to open or
// copy; it takes the place of the related list while it is open.
type linksModel struct {
	links  []linkEntry
	cursor int
	offset int

	width, height int
	keys          *keyMap
	styles        *Styles
}

func newLinks(keys *keyMap, styles *Styles) linksModel {
	return linksModel{keys: keys, styles: styles}
}

// linkEntry is one link of an article as the list shows it: url is
// cleaned to one line; safe says whether safeLink lets it be opened.
type linkEntry struct {
	url  string
	safe bool
}

// articleLinks are the links of an article to list, in order, each marked
// safe or not: a link the reader will not open is still shown, as text.
func articleLinks(links []string) []linkEntry {
	var out []linkEntry
	for _, l := range links {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if s, ok := safeLink(l); ok {
			out = append(out, linkEntry{url: s, safe: true})
		} else {
			out = append(out, linkEntry{url: oneLine(l)})
		}
	}
	return out
}

// Set shows links, the first selected.
func (m *linksModel) Set(links []linkEntry) {
	m.links, m.cursor, m.offset = links, 0, 0
	m.clamp()
}

func (m *linksModel) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.clamp()
}

func (m *linksModel) clamp() {
	n := len(m.links)
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	page := max(m.height, 1)
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+page {
		m.offset = m.cursor - page + 1
	}
	m.offset = min(max(m.offset, 0), max(n-page, 0))
}

// Selected is the link under the cursor.
func (m linksModel) Selected() (linkEntry, bool) {
	if m.cursor < 0 || m.cursor >= len(m.links) {
		return linkEntry{}, false
	}
	return m.links[m.cursor], true
}

func (m linksModel) Update(msg tea.Msg) (linksModel, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		m.cursor, _ = m.keys.moveCursor(msg, m.cursor, len(m.links))
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.cursor--
		case tea.MouseWheelDown:
			m.cursor++
		}
	}
	m.clamp()
	return m, nil
}

// ItemAt is the index of the link drawn at row y, if any.
func (m linksModel) ItemAt(y int) (int, bool) {
	i := m.offset + y
	if y < 0 || y >= m.height || i >= len(m.links) {
		return 0, false
	}
	return i, true
}

// View draws exactly height lines, none wider than width.
func (m linksModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	s := m.styles
	lines := make([]string, 0, m.height)
	for i := m.offset; i < len(m.links) && len(lines) < m.height; i++ {
		marker, st := " ", s.RelTitle
		if i == m.cursor {
			marker, st = s.Marker.Render("▌"), s.RelSel
		}
		num := s.RelNum.Render(fmt.Sprintf("%2d", i+1))
		l := m.links[i]
		if !l.safe {
			// Shown for what it is, never opened.
			const note = "  not opened"
			w := max(m.width-4-len(note), 1)
			lines = append(lines, marker+num+" "+s.Hint.Render(truncate(l.url, w))+s.Error.Render(note))
			continue
		}
		lines = append(lines, marker+num+" "+st.Render(truncate(l.url, m.width-4)))
	}
	return block(lines, m.width, m.height)
}
