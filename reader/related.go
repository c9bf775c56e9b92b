package reader

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// maxRelated is how many related stories the pane lists: one per digit key.
const maxRelated = 9

// relatedAsk is how many related articles are asked of the store for the
// pane's maxRelated stories: the store ranks articles, and the versions of
// one story come together in its ranking (their words are alike), so one
// story can take several of the nine. Three times as many leaves nine
// stories where grouping folds a few.
const relatedAsk = 3 * maxRelated

// relStory is one row of the related pane: a story, as the headline list
// shows one. Related is its best-ranked version, which stands for it;
// Versions counts the story's articles (0 or 1: one). A version of the
// open article's own story (Related.Version) is a row of its own, marked
// "same story", as lede related lists each with [same story].
type relStory struct {
	store.Related
	Versions int
}

// relatedList is the related stories of id the pane lists: store.Related's
// ranking, one row per story, at most maxRelated.
func relatedList(src Source, id string) []relStory {
	var items []relStory
	shown := map[string]bool{} // stories with a row
	for _, r := range src.Related(id, relatedAsk) {
		if r.ID == "" || r.ID == id {
			continue
		}
		story, versions := r.ID, 1
		if a, ok := head(src, r.ID); ok && a.Story != "" {
			story, versions = a.Story, a.Versions
		}
		if !r.Version {
			if shown[story] {
				continue // a version of a story listed above
			}
			shown[story] = true
		}
		if r.Version {
			versions = 0 // the open story's own: "same story" says it
		}
		items = append(items, relStory{Related: r, Versions: versions})
		if len(items) == maxRelated {
			break
		}
	}
	return items
}

// relRows is the rows one related story takes: title line, "shares" line.
const relRows = 2

// relatedModel lists the stories related to the article being read.
type relatedModel struct {
	forID   string
	items   []relStory
	loading bool
	// indexing: the snapshot has no index yet; the stories come with the
	// next one.
	indexing bool
	scroll   scroller

	width, height int
	focused       bool
	keys          *keyMap
	styles        *Styles
	// drawn is the last view drawn, shared by the model's copies (nil:
	// none kept): drawn again at every message, the list of related
	// stories was a fifth of a frame's View (0.1 ms at 120x40).
	drawn *relDrawn
}

// relDrawn is the related list's last view and what it was drawn from.
type relDrawn struct {
	ok    bool
	key   relKey
	view  string
	draws int // how many times it was drawn (tests count them)
}

// relKey is what the related list's view is drawn from: its items by
// identity (each answer is a slice of its own, never changed), whether
// they are on their way, scroll, size, focus, styles, and how the
// terminal counts columns.
type relKey struct {
	first              *relStory
	n                  int
	loading, indexing  bool
	offset, cursor     int
	width, height      int
	focused, clustered bool
	styles             *Styles
}

func newRelated(keys *keyMap, styles *Styles) relatedModel {
	return relatedModel{keys: keys, styles: styles, drawn: &relDrawn{}}
}

// Loading clears the list while the related stories of id are worked out.
func (m *relatedModel) Loading(id string) {
	if m.forID == id && !m.loading {
		return
	}
	m.forID, m.items, m.loading, m.indexing = id, nil, id != "", false
	m.scroll.SetLen(0)
	m.scroll.Reset()
}

// Indexing clears the list until the index is built: id's stories are
// asked of the snapshot that has one.
func (m *relatedModel) Indexing(id string) {
	m.Loading(id)
	m.indexing = id != ""
}

// IsIndexing reports whether the list waits for the index.
func (m relatedModel) IsIndexing() bool { return m.indexing }

// SetItems takes the related stories of id, if id is still the article.
func (m *relatedModel) SetItems(id string, items []relStory) {
	if id != m.forID {
		return
	}
	m.items, m.loading = items, false
	m.scroll.SetLen(len(items))
}

// For is the article whose related stories the list holds or waits for.
func (m relatedModel) For() string { return m.forID }

// IsLoading reports whether the stories of For are still being worked out.
func (m relatedModel) IsLoading() bool { return m.loading }

// Len is the number of related stories shown.
func (m relatedModel) Len() int { return len(m.items) }

// Forget drops the list, so the next article shown asks for its stories
// again (of a new snapshot).
func (m *relatedModel) Forget() { m.forID = "" }

func (m *relatedModel) SetFocused(f bool)        { m.focused = f }
func (m *relatedModel) SetStyles(styles *Styles) { m.styles = styles }

func (m *relatedModel) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.scroll.SetPage(m.perPage())
}

func (m relatedModel) perPage() int { return max(m.height/relRows, 1) }

// Item is the n-th related story (0-based).
func (m relatedModel) Item(n int) (relStory, bool) {
	if n < 0 || n >= len(m.items) {
		return relStory{}, false
	}
	return m.items[n], true
}

// Update moves through the list; enter or a click on a story is a
// jumpIntent. The wheel scrolls the list without moving the cursor.
func (m relatedModel) Update(msg tea.Msg) (relatedModel, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Open) {
			if it, ok := m.Item(m.scroll.Cursor()); ok {
				return m, nil, jumpIntent{it.ID}
			}
			return m, nil, nil
		}
		m.scroll.Key(msg, m.keys)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.scroll.ScrollBy(-1)
		case tea.MouseWheelDown:
			m.scroll.ScrollBy(1)
		}
	case tea.MouseClickMsg:
		// y relative to the list's top row.
		if i, ok := m.ItemAt(msg.Y); ok {
			m.scroll.MoveTo(i)
			return m, nil, jumpIntent{m.items[i].ID}
		}
	}
	return m, nil, nil
}

// ItemAt is the index of the story drawn at row y of the list, if any.
func (m relatedModel) ItemAt(y int) (int, bool) {
	if y < 0 || y >= m.height {
		return 0, false
	}
	i := m.scroll.Offset() + y/relRows
	if i >= len(m.items) {
		return 0, false
	}
	return i, true
}

// labelWidth is the width of the longest label, "closely related".
const labelWidth = 15

// relLabel says what a related story's score means ("same story",
// "closely related", "related"), as the store labels it: a word that means
// the same whatever else is loaded, where a bar's length would not.
func relLabel(r store.Related) string {
	if r.Label != "" {
		return oneLine(r.Label)
	}
	return store.Label(r.Score, r.Version)
}

// View draws exactly height lines, none wider than width.
func (m relatedModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	d := m.drawn
	if d == nil {
		return m.draw()
	}
	k := relKey{n: len(m.items), loading: m.loading, indexing: m.indexing, offset: m.scroll.Offset(), cursor: m.scroll.Cursor(),
		width: m.width, height: m.height, focused: m.focused, clustered: clusters.Load(), styles: m.styles}
	if len(m.items) > 0 {
		k.first = &m.items[0]
	}
	if !d.ok || d.key != k {
		d.ok, d.key, d.view = true, k, m.draw()
		d.draws++
	}
	return d.view
}

func (m relatedModel) draw() string {
	s := m.styles
	if len(m.items) == 0 {
		msg := "No related stories."
		switch {
		case m.indexing:
			msg = "Indexing the library: related stories come when it is done…"
		case m.loading:
			msg = "Finding related stories…"
		}
		return block([]string{" " + s.Hint.Render(msg)}, m.width, m.height)
	}
	lines := make([]string, 0, m.height)
	for i := m.scroll.Offset(); i < len(m.items) && len(lines) < m.height; i++ {
		it := m.items[i]
		sel := m.focused && i == m.scroll.Cursor()
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
		label := relLabel(it.Related)
		style := s.Meta
		switch label {
		case store.SameStory:
			style = s.Version
		case store.CloselyRelated:
			style = s.Bar
		}
		head := marker + s.RelNum.Render(num) + " " + style.Render(fmt.Sprintf("%-*s", labelWidth, truncate(label, labelWidth))) + " "
		used := 1 + 1 + 1 + labelWidth + 1
		tw := m.width - used
		lines = append(lines, head+title.Render(truncate(oneLine(it.Title), tw)))
		why := "shares: " + strings.Join(cleanAll(it.Why), ", ")
		if len(it.Why) == 0 {
			why = store.NoWhy
		}
		if it.Versions > 1 {
			// As the headline list says it: this row stands for them.
			why = strconv.Itoa(it.Versions) + " versions · " + why
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
