package reader

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

// maxRelated is how many related stories are asked for: one per digit key.
const maxRelated = 9

// relRows is the rows one related story takes: title line, "shares" line.
const relRows = 2

// relatedModel lists the stories related to the article being read.
type relatedModel struct {
	forID   string
	items   []store.Related
	loading bool
	cursor  int
	offset  int

	width, height int
	focused       bool
	keys          *keyMap
	styles        *Styles
}

func newRelated(keys *keyMap, styles *Styles) relatedModel {
	return relatedModel{keys: keys, styles: styles}
}

// Loading clears the list while the related stories of id are worked out.
func (m *relatedModel) Loading(id string) {
	if m.forID == id && !m.loading {
		return
	}
	m.forID, m.items, m.loading, m.cursor, m.offset = id, nil, id != "", 0, 0
}

// SetItems takes the related stories of id, if id is still the article.
func (m *relatedModel) SetItems(id string, items []store.Related) {
	if id != m.forID {
		return
	}
	m.items, m.loading = items, false
	m.clamp()
}

func (m *relatedModel) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.clamp()
}

func (m relatedModel) perPage() int { return max(m.height/relRows, 1) }

func (m *relatedModel) clamp() {
	n := len(m.items)
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	page := m.perPage()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+page {
		m.offset = m.cursor - page + 1
	}
	m.offset = min(max(m.offset, 0), max(n-page, 0))
}

// Item is the n-th related story (0-based).
func (m relatedModel) Item(n int) (store.Related, bool) {
	if n < 0 || n >= len(m.items) {
		return store.Related{}, false
	}
	return m.items[n], true
}

// jumpMsg is a pane's request to open another article, recorded in history.
type jumpMsg struct{ id string }

func jumpTo(id string) tea.Cmd { return func() tea.Msg { return jumpMsg{id} } }

func (m relatedModel) Update(msg tea.Msg) (relatedModel, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		var moved bool
		if m.cursor, moved = m.keys.moveCursor(msg, m.cursor, len(m.items)); !moved && key.Matches(msg, m.keys.Open) {
			if it, ok := m.Item(m.cursor); ok {
				return m, jumpTo(it.ID)
			}
		}
		m.clamp()
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.offset--
		case tea.MouseWheelDown:
			m.offset++
		}
		n := len(m.items)
		m.offset = min(max(m.offset, 0), max(n-m.perPage(), 0))
	}
	return m, nil
}

// ItemAt is the index of the story drawn at row y of the list, if any.
func (m relatedModel) ItemAt(y int) (int, bool) {
	if y < 0 || y >= m.height {
		return 0, false
	}
	i := m.offset + y/relRows
	if i >= len(m.items) {
		return 0, false
	}
	return i, true
}

// scoreBar draws score (0..1) as five cells of eighth blocks, so close
// scores still look different.
func scoreBar(score float64) (filled, empty string) {
	const cells = 5
	if math.IsNaN(score) {
		score = 0
	}
	score = min(max(score, 0), 1)
	eighths := int(math.Round(score * cells * 8))
	if score > 0 && eighths == 0 {
		eighths = 1
	}
	full, part := eighths/8, eighths%8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	used := full
	if part > 0 {
		b.WriteRune([]rune("▏▎▍▌▋▊▉")[part-1])
		used++
	}
	return b.String(), strings.Repeat("·", cells-used)
}

// View draws exactly height lines, none wider than width.
func (m relatedModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	s := m.styles
	if len(m.items) == 0 {
		msg := "No related stories."
		if m.loading {
			msg = "Finding related stories…"
		}
		return block([]string{" " + s.Hint.Render(msg)}, m.width, m.height)
	}
	lines := make([]string, 0, m.height)
	for i := m.offset; i < len(m.items) && len(lines) < m.height; i++ {
		it := m.items[i]
		sel := m.focused && i == m.cursor
		marker := " "
		title := s.RelTitle
		if sel {
			marker = s.Marker.Render("▌")
			title = s.RelSel
		}
		num := " "
		if i < 9 {
			num = fmt.Sprint(i + 1)
		}
		full, empty := scoreBar(it.Score)
		pct := fmt.Sprintf("%3.0f%%", 100*min(max(it.Score, 0), 1))
		head := marker + s.RelNum.Render(num) + " " + s.Bar.Render(full) + s.BarEmpty.Render(empty) + " " + s.Meta.Render(pct) + " "
		used := 1 + 1 + 1 + 5 + 1 + 4 + 1
		tag := ""
		if it.Version {
			tag = " " + s.Version.Render("[version]")
		}
		tw := m.width - used - ansi.StringWidth(tag)
		lines = append(lines, head+title.Render(truncate(oneLine(it.Title), tw))+tag)
		why := "shares: " + strings.Join(cleanAll(it.Why), ", ")
		if len(it.Why) == 0 {
			why = ""
		}
		lines = append(lines, strings.Repeat(" ", used)+s.Why.Render(truncate(why, m.width-used)))
	}
	return block(lines, m.width, m.height)
}

func cleanAll(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		if w = oneLine(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}
