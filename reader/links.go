package reader

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// linksModel lets the reader choose one of an article's links to open or
// copy; it takes the place of the related list while it is open.
type linksModel struct {
	links  []linkEntry
	scroll scroller
	typed  int // the number being typed, to choose link [N]

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
	m.links = links
	m.scroll.SetLen(len(links))
	m.scroll.Reset()
	m.typed = 0
}

func (m *linksModel) SetStyles(styles *Styles) { m.styles = styles }

func (m *linksModel) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.scroll.SetPage(m.height)
}

// Selected is the link under the cursor.
func (m linksModel) Selected() (linkEntry, bool) {
	i := m.scroll.Cursor()
	if i < 0 || i >= len(m.links) {
		return linkEntry{}, false
	}
	return m.links[i], true
}

// Update moves through the links; enter or o opens the one chosen, y copies it
// (a linkIntent each); a click chooses one.
func (m linksModel) Update(msg tea.Msg) (linksModel, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if msg.Code >= '0' && msg.Code <= '9' && msg.Mod == 0 {
			// Digits choose a link by the number the article shows
			// ("Gmail app[12]": 1 then 2); a number past the last
			// starts again from this digit.
			n := typeDigit(m.typed, int(msg.Code-'0'), len(m.links))
			m.typed = n
			if n >= 1 && n <= len(m.links) {
				m.scroll.MoveTo(n - 1)
			}
			return m, nil, nil
		}
		m.typed = 0
		if key.Matches(msg, m.keys.Open, m.keys.Link, m.keys.Copy) {
			if l, ok := m.Selected(); ok {
				return m, nil, linkIntent{link: l, copy: key.Matches(msg, m.keys.Copy)}
			}
			return m, nil, nil
		}
		m.scroll.Key(msg, m.keys)
	case tea.MouseWheelMsg:
		m.scroll.Wheel(msg)
	case tea.MouseClickMsg:
		// y relative to the list's top row.
		if i, ok := m.ItemAt(msg.Y); ok {
			m.scroll.MoveTo(i)
		}
	}
	return m, nil, nil
}

// typeDigit is the link number chosen once digit d is typed after typed,
// among n links: 1 then 2 is [12]; a number past the last starts again
// from the digit (1 then 4 is [4] when there is no [14]). The links list
// and the o and y prompt both choose by it.
func typeDigit(typed, d, n int) int {
	if t := typed*10 + d; t <= n {
		return t
	}
	return d
}

// linkPrompt is the one-line prompt o and y open on an article of more
// than one link: digits choose a link by its number, enter (or o or y
// again) opens or copies it, [1] when none is typed; esc cancels, and
// any other key cancels and does what it does.
type linkPrompt struct {
	on    bool
	copy  bool
	typed int // 0: nothing typed yet
}

// ItemAt is the index of the link drawn at row y, if any.
func (m linksModel) ItemAt(y int) (int, bool) {
	i := m.scroll.Offset() + y
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
	for i := m.scroll.Offset(); i < len(m.links) && len(lines) < m.height; i++ {
		marker, st := " ", s.RelTitle
		if i == m.scroll.Cursor() {
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
