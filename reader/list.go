package reader

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// itemHeight is the rows one headline takes in the roomy list: title,
// byline, a gap. The dense list gives each one row.
const itemHeight = 3

// listItem is one row of the list: an article, and what the row says
// beyond it. The row's text is worked out when it is drawn, for the rows
// on screen only (rowText): at 100,000 articles, working it out for every
// article when the list was set took a third of a second of every start,
// search left and filter changed.
type listItem struct {
	id string
	// art is the article; nil only for a search result the snapshot no
	// longer holds.
	art *store.Article
	// hit is a search result, whose row shows its own title and snippet,
	// marked; nil for an article's row, whose text comes from art.
	hit *store.Hit
	// story is the story of a row that stands for several versions (the
	// lead) or shows one of them under it; "" for a story of one.
	story string
	lead  bool
	// sources and versions are a lead's story's: how many tell it.
	sources, versions int
}

// rowText is what a row says: title, byline or snippet, and the dense
// list's columns right of the title (the source, shortened, and the day
// it was published).
type rowText struct {
	title, meta string
	src, date   string
	// Byte ranges of title and meta to highlight (search matches).
	titleMarks, metaMarks []store.Span
	snippet               bool // meta is a search snippet
	// facts are meta's facts, where meta is a byline: a row short of
	// room drops the last whole (fitFacts) rather than cut it to "…".
	facts []string
	// count is a story lead's "2 versions" (or "3 sources"): the dense
	// list too narrow for its source column says it after the title,
	// where it fits whole.
	count string
}

// shown is the row's text: a search result's own, else its article's,
// with a story lead's count of sources or versions.
func (it listItem) shown() rowText {
	if it.hit != nil {
		return hitText(it.hit, it.art)
	}
	if it.art == nil {
		return rowText{}
	}
	t := rowText{title: oneLine(it.art.Title), facts: listFacts(it.art)}
	t.src, t.date = columns(it.art)
	if it.lead {
		// The dense list's source column says how many tell the story.
		if it.sources > 1 {
			t.facts = append([]string{strconv.Itoa(it.sources) + " sources"}, t.facts...)
			t.src = strconv.Itoa(it.sources) + " sources"
		} else {
			t.src = strconv.Itoa(it.versions) + " versions"
		}
		t.count = t.src
	}
	t.meta = strings.Join(t.facts, " · ")
	return t
}

// listFacts are the facts of an article's row: byline(a, false)'s.
func listFacts(a *store.Article) []string {
	return bylineFacts(a, false, "-", sourceName(a.Shown()))
}

// fitFacts joins facts into at most w columns. Where they do not fit,
// the last gives way whole, unless enough of it to read is left: a row
// said "Dakota Collegiate · 2017-10-17 · 387 words · …", a feed's name
// cut to nothing, and "… · 2026-01-02 · 455 wor…". The first is cut
// where it alone is too wide.
func fitFacts(facts []string, w int) string {
	const readable = 8 // columns of a cut fact, "…" too, worth showing
	for n := len(facts); n > 0; n-- {
		line := strings.Join(facts[:n], " · ")
		if textWidth(line) <= w {
			return line
		}
		if n == 1 {
			return truncate(line, w)
		}
		last := facts[n-1]
		room := w - textWidth(strings.Join(facts[:n-1], " · ")) - len(" · ")
		// A name may be cut; a count or a day cut says nothing.
		if room >= min(readable, textWidth(last)) && !startsWithDigit(last) {
			return truncate(line, w)
		}
	}
	return ""
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// itemState is an article's reading state as the list shows it.
type itemState struct {
	marked             bool // there is a library: show the state at all
	read, saved, isNew bool
}

// prefix is the three columns before a title: a star for saved, then a
// dot for unread, each in a column of its own, so that a saved article
// still says it is unread (the star took the dot's place: "★ Title" read
// as read; newsboat's flags column shows both too). The dense list puts
// N for the dot where its row has no room to say "new" (draw).
func (s itemState) prefix() string {
	if !s.marked {
		return ""
	}
	saved, unread := " ", " "
	if s.saved {
		saved = "★"
	}
	if !s.read {
		unread = "•"
	}
	return saved + unread + " "
}

// listModel is the headline list: all articles, or search results.
type listModel struct {
	items []listItem
	// rowCount is the rows items make (a version under its lead is none)
	// and grouped whether any stands for a story: counted once a list.
	rowCount int
	grouped  bool
	// versions are the indexes of the versions shown under their leads
	// (V), in order: the status line counts rows, as the header does.
	versions []int
	scroll   scroller
	width    int
	height   int
	focused  bool
	header   string // "9 articles", "12 matches for …"
	// shorter are the header's shorter forms, longest first: the first
	// that fits the width is drawn (header.go).
	shorter []string
	empty   []string
	dense   bool // one row a headline; else title, byline and a gap
	// stateOf is an article's reading state, asked when its row is
	// drawn (nil: no library, no state shown).
	stateOf func(a *store.Article, own bool) itemState
	keys    *keyMap
	styles  *Styles
	// drawn is the last view drawn, shared by the model's copies (nil:
	// none kept).
	drawn *listDrawn
}

func newList(keys *keyMap, styles *Styles) listModel {
	return listModel{keys: keys, styles: styles, drawn: &listDrawn{}}
}

// listDrawn is the list's last view and what it was drawn from. The list
// is drawn again only when one of those changed: a letter typed into the
// query line, a rendering, a related list or a tick of the status line
// each redrew it, 0.4 ms of the 0.5-0.9 of each such message's View at
// 120x40 (lipgloss and the marks' highlighting), for the same rows.
type listDrawn struct {
	ok     bool
	key    viewKey
	states []itemState // of the rows drawn, as stateOf gave them
	view   string
	draws  int // how many times it was drawn (tests count them)
}

// viewKey is what the list's view is drawn from, besides the reading
// state of its rows: the items by identity (SetItems takes a slice its
// callers no longer change), where the list is scrolled, its size,
// focus, density, styles and header, the year dates are told in and how
// the terminal counts columns (width.go).
type viewKey struct {
	first          *listItem
	n              int
	offset, cursor int
	width, height  int
	focused, dense bool
	styles         *Styles
	header         string
	shorter, empty string
	year           int
	clusters       bool
}

func (m listModel) drawnKey() viewKey {
	k := viewKey{n: len(m.items), offset: m.scroll.Offset(), cursor: m.scroll.Cursor(),
		width: m.width, height: m.height, focused: m.focused, dense: m.dense, styles: m.styles,
		header: m.header, shorter: strings.Join(m.shorter, "\n"), empty: strings.Join(m.empty, "\n"),
		year: now().Year(), clusters: clusters.Load()}
	if len(m.items) > 0 {
		k.first = &m.items[0]
	}
	return k
}

func articleItems(arts []*store.Article) []listItem {
	items := make([]listItem, 0, len(arts))
	for _, a := range arts {
		if a != nil {
			items = append(items, listItem{id: a.ID, art: a})
		}
	}
	return items
}

// columns are the dense list's columns right of a title: where it is from
// and the day.
func columns(a *store.Article) (src, date string) {
	if !a.Published.IsZero() {
		date = shortDate(a.Published, now())
	}
	return listSource(sourceName(a.Shown())), date
}

// now is the clock short dates are told against (a test sets it).
var now = time.Now

// hitItems are the rows of search results. What a row says is worked
// out when it is drawn (hitText), for the rows on screen only: for the
// 100 results of each letter typed it was most of the results' Update.
// The list keeps hits as they are: callers give it a slice they no
// longer change.
func hitItems(hits []store.Hit, src Source) []listItem {
	items := make([]listItem, 0, len(hits))
	for i := range hits {
		a, ok := head(src, hits[i].ID) // a row shows no text: nothing read
		if !ok {
			a = nil
		}
		items = append(items, listItem{id: hits[i].ID, art: a, hit: &hits[i]})
	}
	return items
}

// hitText is what the row of search result h says, a its article (nil
// where the snapshot no longer holds it).
func hitText(h *store.Hit, a *store.Article) rowText {
	title := oneLine(h.Title)
	t := rowText{title: title, titleMarks: h.TitleMarks}
	if title != h.Title {
		t.titleMarks = nil // offsets no longer line up
	}
	if snip := oneLine(h.Snippet); snip != "" {
		t.meta = snip
		if snip == h.Snippet {
			t.metaMarks = h.Marks
		}
		t.snippet = true
	} else if a != nil {
		t.facts = listFacts(a)
		t.meta = strings.Join(t.facts, " · ")
	}
	if a != nil {
		t.src, t.date = columns(a)
	}
	return t
}

// oneLine is the one-line field policy of the safety package.
func oneLine(s string) string { return safe.Line(s) }

// SetItems replaces the items, keeping the cursor on the article with id
// keep if it is still there (otherwise at the same index, clamped). The
// list keeps items as they are: callers give it a slice they no longer
// change.
func (m *listModel) SetItems(items []listItem, keep string) {
	m.items = items
	m.rowCount, m.grouped, m.versions = 0, false, nil
	for i := range items {
		if items[i].story != "" {
			m.grouped = true
			if !items[i].lead {
				m.versions = append(m.versions, i)
				continue // a version shown under its lead is no row of its own
			}
		}
		m.rowCount++
	}
	m.scroll.SetLen(len(items))
	if i := m.indexOf(keep); i >= 0 {
		m.scroll.MoveTo(i)
	}
}

// SetItemsInPlace is SetItems for a new snapshot: where keep's row moved
// off the screen (the rest of a library came after its first page, in
// another order; headlines came above it), the list scrolls so that it
// stays on the screen row it was on, under the reader's eyes. It landed
// on the page's last row (or first), the rows that led to it filling
// the screen in place of those the reader was looking at.
func (m *listModel) SetItemsInPlace(items []listItem, keep string) {
	row := m.scroll.Cursor() - m.scroll.Offset()
	first, last := m.scroll.Offset(), m.scroll.Offset()+m.scroll.pageSize()
	m.SetItems(items, keep)
	if i := m.indexOf(keep); i >= 0 && (i < first || i >= last) {
		m.scroll.Pin(row)
	}
}

// place is the cursor's row, counted from 1 as the header counts them
// (a version shown under its lead is its lead's), and the rows.
func (m listModel) place() (at, of int) {
	i := m.scroll.Cursor()
	before, _ := slices.BinarySearch(m.versions, i+1) // versions at or above the cursor
	return i + 1 - before, m.rowCount
}

// SetItemsNear is SetItems for a filter turned on or off (u, S, F, #):
// where keep is no longer listed, the cursor goes to the nearest article
// after it that is (else before it), not to keep's row, which now holds
// an article further on.
func (m *listModel) SetItemsNear(items []listItem, keep string) {
	old, at := m.items, m.indexOf(keep)
	m.SetItems(items, keep)
	if at < 0 || m.indexOf(keep) >= 0 {
		return
	}
	listed := make(map[string]int, len(items))
	for i, it := range items {
		if _, dup := listed[it.id]; !dup {
			listed[it.id] = i
		}
	}
	for i := at + 1; i < len(old); i++ {
		if j, ok := listed[old[i].id]; ok {
			m.scroll.MoveTo(j)
			return
		}
	}
	// None after it: SetItems left the cursor on the last, the nearest
	// before it (a filter keeps the order).
}

// state is the reading state of an item's article.
func (m listModel) state(it listItem) itemState {
	if m.stateOf == nil || it.art == nil {
		return itemState{}
	}
	return m.stateOf(it.art, it.story != "" && !it.lead) // a version under its lead: its own
}

// SetHeader sets the line above the headlines and what the list says when
// it has none.
func (m *listModel) SetHeader(header string, empty []string, shorter ...string) {
	m.header, m.empty, m.shorter = header, empty, shorter
}

func (m *listModel) SetFocused(f bool)        { m.focused = f }
func (m *listModel) SetStyles(styles *Styles) { m.styles = styles }

func (m listModel) indexOf(id string) int {
	if id == "" {
		return -1
	}
	for i, it := range m.items {
		if it.id == id {
			return i
		}
	}
	return -1
}

// Len is the number of headlines.
func (m listModel) Len() int { return len(m.items) }

// Cursor is the index of the selected headline.
func (m listModel) Cursor() int { return m.scroll.Cursor() }

// ID is the article of the i-th headline.
func (m listModel) ID(i int) (string, bool) {
	if i < 0 || i >= len(m.items) {
		return "", false
	}
	return m.items[i].id, true
}

// Selected is the id under the cursor.
func (m listModel) Selected() (string, bool) { return m.ID(m.scroll.Cursor()) }

// Select moves the cursor to id if the list holds it.
func (m *listModel) Select(id string) bool {
	i := m.indexOf(id)
	if i < 0 {
		return false
	}
	m.scroll.MoveTo(i)
	return true
}

// SelectStory moves the cursor to the row of story (its lead's) if the
// list holds it: a version not shown under its lead has no row of its
// own, and is found by its story's.
func (m *listModel) SelectStory(story string) bool {
	if story == "" {
		return false
	}
	for i, it := range m.items {
		if it.story == story && it.lead {
			m.scroll.MoveTo(i)
			return true
		}
	}
	return false
}

// MoveTo puts the cursor on the i-th headline (clamped).
func (m *listModel) MoveTo(i int) { m.scroll.MoveTo(i) }

func (m *listModel) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.scroll.SetPage(m.perPage())
}

// rows is the number of rows for items (the header takes one).
func (m listModel) rows() int { return max(m.height-1, 0) }

func (m listModel) perPage() int { return max(m.rows()/m.rowHeight(), 1) }

// rowHeight is the rows one headline takes.
func (m listModel) rowHeight() int {
	if m.dense {
		return 1
	}
	return itemHeight
}

// SetDense shows one row a headline (true) or the roomy list.
func (m *listModel) SetDense(d bool) {
	m.dense = d
	m.scroll.SetPage(m.perPage())
}

// Dense reports whether the list shows one row a headline.
func (m listModel) Dense() bool { return m.dense }

// Update moves the cursor by key or wheel; a move to another headline is a
// selectIntent, enter a readIntent.
func (m listModel) Update(msg tea.Msg) (listModel, tea.Cmd, intent) {
	before := m.scroll.Cursor()
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Open) && len(m.items) > 0 {
			return m, nil, readIntent{}
		}
		m.scroll.Key(msg, m.keys)
	case tea.MouseWheelMsg:
		m.scroll.Wheel(msg)
	case tea.MouseClickMsg:
		// y relative to the list's top row.
		if i, ok := m.ItemAt(msg.Y); ok {
			m.scroll.MoveTo(i)
			return m, nil, selectIntent{id: m.items[i].id, click: true}
		}
		return m, nil, nil
	}
	if id, ok := m.Selected(); ok && m.scroll.Cursor() != before {
		return m, nil, selectIntent{id: id}
	}
	return m, nil, nil
}

// ItemAt is the index of the item drawn at row y of the list, if any.
func (m listModel) ItemAt(y int) (int, bool) {
	y-- // header
	if y < 0 || y >= m.rows() {
		return 0, false
	}
	h := m.rowHeight()
	i := m.scroll.Offset() + y/h
	if h > 1 && y%h == h-1 || i >= len(m.items) {
		return 0, false // the gap between items
	}
	return i, true
}

// View draws exactly height lines, none wider than width.
func (m listModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	first, span := m.scroll.Offset(), m.height
	if !m.dense {
		span = m.height/itemHeight + 1
	}
	last := min(first+span, len(m.items))
	states := make([]itemState, max(last-first, 0))
	for i := first; i < last; i++ {
		states[i-first] = m.state(m.items[i])
	}
	d := m.drawn
	if d == nil {
		return m.draw(first, last, states)
	}
	k := m.drawnKey()
	if d.ok && d.key == k && slices.Equal(d.states, states) {
		return d.view
	}
	d.ok, d.key, d.states, d.view = true, k, states, m.draw(first, last, states)
	d.draws++
	return d.view
}

// draw draws the list's rows first to last, whose reading states are
// states.
func (m listModel) draw(first, last int, states []itemState) string {
	s := m.styles
	lines := make([]string, 0, m.height)
	// A column is kept clear at the right, as at the left: the header
	// ran into the divider ("…from Google│").
	header := m.header
	for _, h := range m.shorter {
		if textWidth(header) < m.width {
			break
		}
		header = h
	}
	lines = append(lines, s.ListHeader.Render(fit(header, max(m.width-1, 0))+strings.Repeat(" ", min(m.width, 1))))
	if len(m.items) == 0 {
		for _, e := range m.empty {
			lines = append(lines, fit(" "+e, m.width))
		}
		return block(lines, m.width, m.height)
	}
	// Only the rows on screen are worked out (and, dense, the one under
	// them, whose columns count too).
	texts := make([]rowText, last-first)
	for i := first; i < last; i++ {
		texts[i-first] = m.items[i].shown()
	}
	srcW, dateW, newW := columnWidths(texts, states, m.width-4)
	for i := first; i < last && len(lines) < m.height; i++ {
		it, tx, st := m.items[i], texts[i-first], states[i-first]
		sel := i == m.scroll.Cursor()
		marker, title, meta := s.MarkerDim.Render(" "), s.Title, s.Meta
		if sel {
			marker, title, meta = s.Marker.Render("▌"), s.TitleSel, s.MetaSel
			if !m.focused {
				marker = s.MarkerDim.Render("▌")
			}
		}
		w := max(m.width-2, 0)
		metaMarker := marker
		if it.story != "" && !it.lead { // a version under its story's lead
			marker, metaMarker = marker+s.MarkerDim.Render(" ↳"), metaMarker+"  "
			w = max(w-2, 0)
		}
		p := st.prefix()
		if p != "" && st.read && !sel {
			title = s.Meta // read: dimmed, as its byline (saved or not)
		}
		if m.dense {
			rw := w - textWidth(p)
			if st.isNew && !saysNew(tx.date, rw, dateW, newW) {
				_, star := utf8.DecodeRuneInString(p)
				p = p[:star] + "N " // no room for "new" before the day: one cell says it
			}
			lines = append(lines, marker+" "+title.Render(p)+m.denseRow(tx, st, rw, srcW, dateW, newW, title, meta))
			continue
		}
		if p != "" {
			lines = append(lines, marker+" "+title.Render(p)+highlight(tx.title, tx.titleMarks, max(w-textWidth(p), 0), title, s.Match))
		} else {
			lines = append(lines, marker+" "+highlight(tx.title, tx.titleMarks, w, title, s.Match))
		}
		text, marks := tx.meta, tx.metaMarks
		if tx.facts != nil {
			room := w
			if st.isNew {
				room -= len("new · ")
			}
			text = fitFacts(tx.facts, max(room, 0))
		}
		if st.isNew {
			text = "new · " + text
			marks = shiftSpans(marks, len("new · "))
		}
		if tx.snippet {
			text, marks = showFirstMark(text, marks, w)
		}
		lines = append(lines, metaMarker+" "+highlight(text, marks, w, meta, s.Match))
		lines = append(lines, "")
	}
	return block(lines, m.width, m.height)
}

// denseRow is one headline on one row of w columns: the title, then the
// source and the day in columns srcW and dateW wide (each left out where
// the list is too narrow for it: the title comes first).
func (m listModel) denseRow(tx rowText, st itemState, w, srcW, dateW, newW int, title, meta lipgloss.Style) string {
	// The day always; "new" before it where the row has room for both
	// (it took the day's place: a first run's rows said "new" alone).
	date := tx.date
	switch {
	case st.isNew && saysNew(date, w, dateW, newW):
		date = strings.TrimSuffix("new "+date, " ")
	case newW > 0 && date != "":
		date = "    " + date // the days in one column with those marked new
	}
	var right string
	if w >= 56 && srcW > 0 {
		src := fit(tx.src, srcW)
		right += "  " + src + strings.Repeat(" ", max(srcW-textWidth(src), 0))
	}
	var day string
	if dateShown(w, dateW) {
		day = "  " + date + strings.Repeat(" ", max(dateW-textWidth(date), 0))
	}
	if right == "" && tx.count != "" && w-textWidth(day)-len("  ")-textWidth(tx.count) >= denseTitleMin {
		// No source column: a story's count of versions after its
		// title, whole, where the title keeps room to be read (the
		// roomy list said "2 versions" where this said nothing).
		right = "  " + tx.count
	}
	right += day
	// The columns a row leaves blank at the left of what it does show
	// (no source, or no source and no day) are its title's, but for the
	// gap: the other rows' sources kept ~12 columns of every row from
	// its title. What the row shows stays in its column.
	shown := strings.TrimLeft(right, " ")
	if blank := len(right) - len(shown) - 2; shown == "" {
		right = ""
	} else if blank > 0 {
		right = right[blank:]
	}
	tw := max(w-textWidth(right), 1)
	t := highlight(tx.title, tx.titleMarks, tw, title, m.styles.Match)
	return t + strings.Repeat(" ", max(tw-textWidth(t), 0)) + meta.Render(right)
}

// denseTitleMin is the title's room a dense row keeps from a story's
// count of versions: where less would be left, the count gives way whole.
const denseTitleMin = 20

// dateShown says a dense row w columns wide shows the day column, dateW
// wide (none: no row on screen has a day or is new).
func dateShown(w, dateW int) bool { return w >= 28 && dateW > 0 }

// saysNew says a new article's dense row, w columns wide, says "new" in
// its day column: before the day where the rows have room for it (newW),
// in its place where it has none; where neither, its unread dot gives
// way to one cell (draw).
func saysNew(date string, w, dateW, newW int) bool {
	return dateShown(w, dateW) && (newW > 0 || date == "")
}

// columnWidths are the widths of the dense list's source and date
// columns for the rows on screen: as wide as the longest (the source a
// quarter of the list at most), none where no row has one; newW is the
// room for "new" before the day, where a row is new and the list has
// room for it (48 columns).
func columnWidths(texts []rowText, states []itemState, w int) (srcW, dateW, newW int) {
	for i, t := range texts {
		srcW = max(srcW, textWidth(t.src))
		if t.date != "" || states[i].isNew {
			dateW = max(dateW, textWidth(t.date), 6) // "Jan  2", "Jan  2 2009"
		}
		if states[i].isNew && w >= 48 {
			newW = 4 // "new " before the day
		}
	}
	if dateW > 0 {
		dateW += newW
	}
	return min(srcW, w/4), dateW, newW
}

// highlight styles s with base, the marked byte ranges with mark, cut to
// width columns with an ellipsis. Marks that are out of range, overlap or
// split a character are ignored rather than trusted.
func highlight(s string, marks []store.Span, width int, base, mark lipgloss.Style) string {
	s = truncate(s, width)
	if len(marks) == 0 {
		return base.Render(s)
	}
	spans := make([]store.Span, 0, len(marks))
	for _, sp := range marks {
		if sp.Start >= 0 && sp.End > sp.Start && sp.End <= len(s) && validCut(s, sp.Start) && validCut(s, sp.End) {
			spans = append(spans, sp)
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		if sp.Start < at {
			continue
		}
		if sp.Start > at {
			b.WriteString(base.Render(s[at:sp.Start]))
		}
		b.WriteString(mark.Render(s[sp.Start:sp.End]))
		at = sp.End
	}
	if at < len(s) {
		b.WriteString(base.Render(s[at:]))
	}
	return b.String()
}

// shiftSpans moves spans by n bytes, for text put before them.
func shiftSpans(spans []store.Span, n int) []store.Span {
	out := make([]store.Span, len(spans))
	for i, sp := range spans {
		out[i] = store.Span{Start: sp.Start + n, End: sp.End + n}
	}
	return out
}

// showFirstMark cuts the start of a snippet whose first match would fall
// past width columns, so the match that made it a result is on screen.
func showFirstMark(s string, marks []store.Span, width int) (string, []store.Span) {
	first := -1
	for i, sp := range marks {
		if sp.Start >= 0 && sp.End <= len(s) && sp.Start < sp.End && validCut(s, sp.Start) && (first < 0 || sp.Start < marks[first].Start) {
			first = i
		}
	}
	if first < 0 || textWidth(s[:marks[first].End]) < width {
		return s, marks
	}
	// Keep about a third of the width before the match.
	cut := marks[first].Start
	for room := width / 3; cut > 0 && room > 0; room-- {
		_, size := utf8.DecodeLastRuneInString(s[:cut])
		cut -= size
	}
	const ell = "…"
	out := ell + strings.TrimLeft(s[cut:], " ")
	shift := len(ell) - cut - (len(s[cut:]) - len(strings.TrimLeft(s[cut:], " ")))
	moved := make([]store.Span, 0, len(marks))
	for _, sp := range marks {
		if sp.Start >= cut {
			moved = append(moved, store.Span{Start: sp.Start + shift, End: sp.End + shift})
		}
	}
	return out, moved
}

func validCut(s string, i int) bool {
	if i == len(s) {
		return true
	}
	return i >= 0 && i < len(s) && (s[i] < 0x80 || s[i] >= 0xC0)
}

// truncate cuts plain text s to width columns, with an ellipsis when cut.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if len(s) <= width && isASCII(s) {
		return s
	}
	if textWidth(s) <= width {
		return s
	}
	return cut(s, width, "…")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// fit cuts plain or styled s to width columns (with an ellipsis).
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if textWidth(s) <= width {
		return s
	}
	return cut(s, width, "…")
}

// block lays lines into exactly h rows of exactly w columns: longer lines
// are cut, shorter ones padded, missing rows added blank. Every pane ends in
// block, which is how no line is ever wider than the terminal.
func block(lines []string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	var b strings.Builder
	blank := strings.Repeat(" ", w)
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i >= len(lines) {
			b.WriteString(blank)
			continue
		}
		l := lines[i]
		lw := textWidth(l)
		if lw > w {
			l = cut(l, w, "")
			lw = textWidth(l)
		}
		b.WriteString(l)
		if lw < w {
			b.WriteString(blank[:w-lw])
		}
	}
	return b.String()
}

// cut is Truncate that keeps its word: no wider than width columns as
// textWidth measures. Truncate counts a character followed by an emoji
// variation selector ("2\ufe0f") as one column, StringWidth as two.
func cut(s string, width int, tail string) string { return cutWith(measure(), s, width, tail) }

// cutWith is cut with the columns counted by m.
func cutWith(m ansi.Method, s string, width int, tail string) string {
	for n := width; ; n-- {
		t := m.Truncate(s, max(n, 0), tail)
		if n <= 0 || m.StringWidth(t) <= width {
			return t
		}
	}
}
