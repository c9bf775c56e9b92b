package reader

import (
	"cmp"
	"fmt"
	"math"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// wheelLines is how far one notch of the mouse wheel scrolls.
const wheelLines = 3

// articleModel is the article pager: rendered lines and a scroll offset.
//
// It is a plain slice of pre-rendered lines rather than bubbles' viewport:
// the viewport re-wraps its visible text through lipgloss on every frame,
// which is the one cost a keystroke cannot afford on a long article, and
// the lines here are already wrapped to the pane by glamour.
type articleModel struct {
	art     *store.Article // the article wanted, nil for none
	want    renderKey      // the rendering wanted
	shown   renderKey      // the rendering in lines (may be another width)
	ready   bool           // lines hold want
	partial bool           // lines hold the head of want; the whole is on its way
	lines   []string
	offset  int
	pending int // scroll to restore when the wanted rendering arrives; -1 none
	err     error

	width, height int
	focused       bool
	keys          *keyMap
	styles        *Styles

	find findModel // `/` in the article: find within it

	// none is what the pane says where there is no article: nothing to
	// read yet, unless the app says why (beside a search that matched
	// nothing: articleColumn).
	none string
}

func newArticle(keys *keyMap, styles *Styles) articleModel {
	m := articleModel{keys: keys, styles: styles, pending: -1, find: newFind()}
	m.find.restyle(styles)
	return m
}

func (m *articleModel) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.clamp()
}

// Want asks for article a rendered as k, at scroll line scroll (-1: keep
// the reading position, for a re-render of the same article). cached is the
// rendering if the cache has it. It reports whether a render is needed.
func (m *articleModel) Want(a *store.Article, k renderKey, cached []string, haveCached bool, scroll int) (needRender bool) {
	same := m.art != nil && a != nil && m.art.ID == a.ID
	m.art, m.want, m.err, m.partial = a, k, nil, false
	if a == nil {
		m.lines, m.ready, m.offset, m.shown = nil, false, 0, renderKey{}
		return false
	}
	if scroll < 0 && same && m.waiting() && m.pending >= 0 {
		scroll = m.pending // not shown yet: still where it was asked to open
	} else if scroll < 0 && same {
		scroll = -1 // keep the relative position when the content changes
	} else if scroll < 0 {
		scroll = 0
	}
	if haveCached {
		m.setLines(k, cached, scroll)
		return false
	}
	m.ready = false
	m.pending = scroll
	if !same {
		// A new article: its title at once, the body when rendered. A
		// re-render of the same article keeps the old lines meanwhile, so a
		// resize does not flash a placeholder.
		m.lines = m.placeholder(a)
		m.shown = renderKey{}
		m.offset = 0
	}
	return true
}

// Rendered takes a finished rendering; one that is no longer wanted is
// ignored (the caller caches it all the same).
func (m *articleModel) Rendered(msg renderedMsg) {
	if m.art == nil {
		return
	}
	if msg.key.Head {
		head := m.want
		head.Head = true
		// Only over the placeholder: a re-render of an article on screen
		// (after a resize) keeps the old lines until the whole is ready.
		if msg.key == head && m.waiting() && msg.err == nil {
			pending := m.pending
			m.setLines(msg.key, msg.lines, max(pending, 0))
			m.ready, m.partial = false, true
			m.pending = pending // where to go when the whole arrives, unless scrolled first
		}
		return
	}
	if msg.key != m.want {
		return
	}
	if msg.err != nil {
		m.err = msg.err
		m.lines = append(m.placeholder(m.art)[:2], "", "  could not render this article: "+oneLine(msg.err.Error()))
		m.ready = true
		return
	}
	scroll := m.pending
	if m.partial && scroll < 0 {
		scroll = m.offset // scrolled in the head, the same text: stay on that line
	}
	m.setLines(msg.key, msg.lines, scroll)
	m.pending, m.partial = -1, false
}

func (m *articleModel) setLines(k renderKey, lines []string, scroll int) {
	if scroll < 0 {
		// Same article at another width: keep the same share of it above
		// the top of the pane.
		scroll = 0
		if m.shown.ID == k.ID && len(m.lines) > 0 {
			scroll = m.offset * len(lines) / len(m.lines)
		}
	}
	m.lines, m.shown, m.ready = lines, k, true
	m.offset = scroll
	m.clamp()
	if m.find.query != "" {
		m.find.search(m.lines, m.offset) // the lines changed under the find
	}
}

func (m articleModel) placeholder(a *store.Article) []string {
	return []string{
		"",
		"  " + m.styles.TitleSel.Render(oneLine(a.Title)),
		"",
		"  " + m.styles.Meta.Render(byline(a, false)),
		"",
		"  " + m.styles.Placeholder.Render("rendering…"),
	}
}

func (m articleModel) maxOffset() int { return max(len(m.lines)-m.height, 0) }

func (m *articleModel) clamp() { m.offset = min(max(m.offset, 0), m.maxOffset()) }

// Offset is the first visible line, what history remembers.
func (m articleModel) Offset() int {
	if !m.ready && m.pending >= 0 {
		return m.pending
	}
	return m.offset
}

func (m *articleModel) ScrollBy(n int) {
	if m.waiting() {
		m.pending = max(max(m.pending, 0)+n, 0)
		return
	}
	if m.partial {
		m.pending = -1 // the reader moved: stay where they are
	}
	m.offset += n
	m.clamp()
}

// ScrollTo moves to line n (clamped; bottom is any large n).
func (m *articleModel) ScrollTo(n int) {
	if m.waiting() || m.partial && n > m.maxOffset() {
		m.pending = max(n, 0) // G in the head means the end of the whole
		if m.partial {
			m.offset = n
			m.clamp()
		}
		return
	}
	if m.partial {
		m.pending = -1
	}
	m.offset = n
	m.clamp()
}

// waiting is true while the placeholder of a new article is shown: scrolls
// then apply to where the article will open, so keys typed ahead of the
// rendering are not lost.
func (m articleModel) waiting() bool {
	return m.art != nil && !m.ready && !m.partial && m.shown.ID != m.art.ID
}

// Article is the article wanted in the pane, nil for none.
func (m articleModel) Article() *store.Article { return m.art }

// Ready reports whether the pane shows the whole rendering it wants.
func (m articleModel) Ready() bool { return m.ready }

// Wanted is the rendering the pane wants.
func (m articleModel) Wanted() renderKey { return m.want }

func (m *articleModel) SetFocused(f bool) { m.focused = f }
func (m *articleModel) SetStyles(styles *Styles) {
	m.styles = styles
	m.find.restyle(styles)
}

// OpenFind opens the find line, from where the article is scrolled.
func (m *articleModel) OpenFind() { m.find.Open(m.offset) }

// Finding reports whether the find line is open (it has every key).
func (m articleModel) Finding() bool { return m.find.active }

// HasFind reports whether there is a find: its line open or its matches
// kept.
func (m articleModel) HasFind() bool { return m.find.On() }

// ClearFind forgets the find and its marks; the place stays.
func (m *articleModel) ClearFind() { m.find.Clear() }

// FindLine is the find line, w columns wide.
func (m articleModel) FindLine(w int) string { return m.find.View(w, m.styles, m.keys) }

// FindCursor is where the terminal cursor goes on the find line.
func (m articleModel) FindCursor() *tea.Cursor {
	c := m.find.input.Cursor()
	if c != nil {
		c.X++ // the line starts one column in
	}
	return c
}

// toMatch scrolls so the current match is a third of the way down.
func (m *articleModel) toMatch() {
	if line, ok := m.find.Current(); ok {
		m.ScrollTo(max(line-m.height/3, 0))
	}
}

// Update scrolls by key or wheel. Nothing here needs the root yet: its
// intent is always nil.
func (m articleModel) Update(msg tea.Msg) (articleModel, tea.Cmd, intent) {
	if m.find.active {
		var cmd tea.Cmd
		var done bool
		before := m.find.query
		m.find, cmd, done = m.find.Update(msg, m.keys)
		switch {
		case done && !m.find.On():
			m.ScrollTo(m.find.from) // cancelled: back where it began
		case m.find.query != before:
			m.find.search(m.lines, m.find.from)
			m.toMatch()
		}
		return m, cmd, nil
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case m.find.On() && key.Matches(msg, m.keys.FindNext, m.keys.FindPrev):
			d := 1
			if key.Matches(msg, m.keys.FindPrev) {
				d = -1
			}
			m.find.Step(d)
			m.toMatch()
		case key.Matches(msg, m.keys.Up):
			m.ScrollBy(-1)
		case key.Matches(msg, m.keys.Down):
			m.ScrollBy(1)
		case key.Matches(msg, m.keys.PageDown):
			m.ScrollBy(max(m.height-1, 1))
		case key.Matches(msg, m.keys.PageUp):
			m.ScrollBy(-max(m.height-1, 1))
		case key.Matches(msg, m.keys.Top):
			m.ScrollTo(0)
		case key.Matches(msg, m.keys.Bottom):
			m.ScrollTo(math.MaxInt32)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.ScrollBy(-wheelLines)
		case tea.MouseWheelDown:
			m.ScrollBy(wheelLines)
		}
	}
	return m, nil, nil
}

// Position is the scroll indicator: "12–40/80 48%", or "all" when the
// article fits.
func (m articleModel) Position() string {
	n := len(m.lines)
	if m.art == nil || !(m.ready || m.partial) || n == 0 {
		return ""
	}
	if m.partial {
		return fmt.Sprintf("%d–%d/… rendering", m.offset+1, min(m.offset+m.height, n))
	}
	if n <= m.height {
		return "all"
	}
	last := min(m.offset+m.height, n)
	pct := 100 * m.offset / max(m.maxOffset(), 1)
	return fmt.Sprintf("%d–%d/%d %d%%", m.offset+1, last, n, pct)
}

// View draws exactly height lines, none wider than width.
func (m articleModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.art == nil {
		return block([]string{"", "  " + m.styles.Hint.Render(cmp.Or(m.none, "Nothing to read yet."))}, m.width, m.height)
	}
	end := min(m.offset+m.height, len(m.lines))
	var vis []string
	if m.offset < end {
		vis = m.lines[m.offset:end]
	}
	if len(m.find.matches) > 0 {
		vis = append([]string(nil), vis...)
		for i := range vis {
			vis[i] = m.find.highlight(m.offset+i, vis[i], m.styles)
		}
	}
	return block(vis, m.width, m.height)
}
