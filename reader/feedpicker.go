package reader

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// The feed picker (c), as newsboat's list of feeds: "All feeds", then
// every subscription, each with its unread and total rows, over the
// panes. Enter keeps the list to the one chosen (the filter F steps
// through), esc closes; / filters the names as one types.
//
// Its counts are the header's, feed by feed: rows (stories, where the
// snapshot groups them) and those unread by their story's mark
// (storyMark). Which rows each feed has is worked out once a snapshot
// (feedRows, a pass over every article); what is unread is counted again
// from the marks only when they changed since the picker last drew (a
// pass over those rows, as counts is over the list's).

// feedEntry is one row of the picker: a feed, or all of them (name "").
type feedEntry struct {
	name          string
	unread, total int
}

// feedsModel is the picker's own state: where its cursor is, and what
// is typed to filter the names. The entries are the root's (feedEntries),
// counted from its marks; the cursor is kept by name, so that a snapshot
// or a mark that changes them moves nothing under it.
type feedsModel struct {
	at        string // the name under the cursor ("": All feeds)
	filter    string // typed after /
	filtering bool   // the filter line has the keys
	// scroll is where the cursor and the first entry shown are, over the
	// entries shown; place brings it up to them, for View and a click
	// alike, so that the row one clicks is the row drawn.
	scroll scroller

	width, height int
	keys          *keyMap
	styles        *Styles
}

func newFeeds(keys *keyMap, styles *Styles) feedsModel {
	return feedsModel{keys: keys, styles: styles}
}

func (m *feedsModel) SetSize(w, h int)         { m.width, m.height = max(w, 0), max(h, 0) }
func (m *feedsModel) SetStyles(styles *Styles) { m.styles = styles }

// Open starts the picker on the feed the list is kept to.
func (m *feedsModel) Open(cur string) {
	m.at, m.filter, m.filtering = cur, "", false
	m.scroll.Reset()
}

// shown are the entries whose names hold the filter, case folded ("all
// feeds" is All feeds' name).
func (m feedsModel) shown(all []feedEntry) []feedEntry {
	if m.filter == "" {
		return all
	}
	want := strings.ToLower(m.filter)
	out := make([]feedEntry, 0, len(all))
	for _, e := range all {
		name := e.name
		if name == "" {
			name = "all feeds"
		}
		if strings.Contains(strings.ToLower(oneLine(name)), want) {
			out = append(out, e)
		}
	}
	return out
}

// cursor is the index in shown of the name under the cursor (the first
// where it is filtered out).
func (m feedsModel) cursor(shown []feedEntry) int {
	for i, e := range shown {
		if e.name == m.at {
			return i
		}
	}
	return 0
}

// rows is how many entries fit under the picker's header.
func (m feedsModel) rows() int { return max(m.height-1, 1) }

// place is the scroller over shown as it stands: its cursor on the name
// under the cursor, scrolled (as little as may be) to show it.
func (m feedsModel) place(shown []feedEntry) scroller {
	s := m.scroll
	s.SetPage(m.rows())
	s.SetLen(len(shown))
	s.MoveTo(m.cursor(shown))
	return s
}

// follow names the entry the scroller's cursor moved to.
func (m *feedsModel) follow(shown []feedEntry) {
	if len(shown) > 0 {
		m.at = shown[m.scroll.Cursor()].name
	}
}

// ItemAt is the index in shown of the entry drawn at row y of the
// picker (its header is row 0), if any.
func (m feedsModel) ItemAt(shown []feedEntry, y int) (int, bool) {
	s := m.place(shown)
	i := s.Offset() + y - 1
	if y < 1 || y-1 >= m.rows() || i >= len(shown) {
		return 0, false
	}
	return i, true
}

// Update takes a key, a paste, the wheel or a click in the picker. done
// says the picker is to close; picked, that chosen is the feed to keep
// the list to (enter, a click; "": all of them).
func (m feedsModel) Update(msg tea.Msg, all []feedEntry) (_ feedsModel, chosen string, picked, done bool) {
	shown := m.shown(all)
	m.scroll = m.place(shown)
	cur := m.scroll.Cursor()
	k := m.keys
	pick := func() (feedsModel, string, bool, bool) {
		if len(shown) == 0 {
			return m, "", false, false
		}
		return m, shown[cur].name, true, true
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if m.filtering {
			switch {
			case key.Matches(msg, k.Cancel):
				m.filter, m.filtering = "", false
				m.refocus(all)
			case key.Matches(msg, k.Accept):
				return pick()
			case key.Matches(msg, k.Results):
				d := 1
				if msg.Code == tea.KeyUp {
					d = -1
				}
				m.scroll.MoveBy(d)
				m.follow(shown)
			case msg.Code == tea.KeyBackspace:
				if r := []rune(m.filter); len(r) > 0 {
					m.filter = string(r[:len(r)-1])
				} else {
					m.filtering = false
				}
				m.refocus(all)
			case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
				m.filter += oneLine(msg.Text)
				m.refocus(all)
			}
			return m, "", false, false
		}
		switch {
		case key.Matches(msg, k.Close, k.Quit, k.FeedList):
			return m, "", false, true
		case key.Matches(msg, k.Open):
			return pick()
		case key.Matches(msg, k.Search):
			m.filtering = true
		case m.scroll.Key(msg, k):
			m.follow(shown)
		}
	case tea.PasteMsg:
		if m.filtering {
			m.filter += oneLine(msg.Content)
			m.refocus(all)
		}
	case tea.MouseWheelMsg:
		m.scroll.Wheel(msg)
		m.follow(shown)
	case tea.MouseClickMsg:
		// y relative to the picker's top row: its header, then entries.
		if i, ok := m.ItemAt(shown, msg.Y); ok {
			m.at = shown[i].name
			return m, shown[i].name, true, true
		}
	}
	return m, "", false, false
}

// refocus keeps the cursor on its name where the filter still shows it,
// else on the first shown.
func (m *feedsModel) refocus(all []feedEntry) {
	m.scroll.Reset()
	m.scroll = m.place(m.shown(all))
	m.follow(m.shown(all))
}

// View draws the picker: height lines of width columns. cur is the feed
// the list is kept to now; word what its rows are ("stories").
func (m feedsModel) View(all []feedEntry, cur, word string) string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	s := m.styles
	w := m.width
	shown := m.shown(all)
	place := m.place(shown)
	at := place.Cursor()
	// The counts' columns, as wide as their heads or their numbers; where
	// the names would have too little room, the total goes, then the
	// unread.
	uw, tw := len("unread"), len(word)
	for _, e := range all {
		uw, tw = max(uw, len(fmt.Sprint(e.unread))), max(tw, len(fmt.Sprint(e.total)))
	}
	const lead = 3 // marker, the current feed's dot, a space
	cols := 2
	nameW := w - lead - (2 + uw) - (2 + tw) - 1
	if nameW < 12 {
		cols, nameW = 1, w-lead-(2+uw)-1
	}
	if nameW < 8 {
		cols, nameW = 0, w-lead-1
	}
	counts := func(u, t string) string {
		switch cols {
		case 2:
			return "  " + pad(u, uw) + "  " + pad(t, tw) + " "
		case 1:
			return "  " + pad(u, uw) + " "
		}
		return " "
	}
	heads := s.ListHeader.Render(counts("unread", word))
	room := max(w-textWidth(heads), 0)
	var title string
	if m.filtering || m.filter != "" {
		title = s.Prompt.Render(" / ") + s.Message.Render(m.filter)
		if m.filtering {
			title += s.Prompt.Render("_")
		}
	} else {
		// The keys where they fit, fewer of them where not.
		k := m.keys
		title = s.Brand.Render(" Feeds")
		for _, hint := range []string{
			fmt.Sprintf(" · %s shows one, %s filters, %s closes", k.Open.Help().Key, k.Search.Help().Key, k.Close.Help().Key),
			fmt.Sprintf(" · %s shows one, %s closes", k.Open.Help().Key, k.Close.Help().Key),
			"",
		} {
			if textWidth(title)+textWidth(hint) <= room {
				title += s.Hint.Render(hint)
				break
			}
		}
	}
	title = fit(title, room)
	lines := []string{title + strings.Repeat(" ", max(room-textWidth(title), 0)) + heads}
	if len(shown) == 0 {
		lines = append(lines, s.Hint.Render(" No feed is called that."))
	}
	for i := place.Offset(); i < len(shown) && len(lines) < m.height; i++ {
		e := shown[i]
		name, st := oneLine(e.name), s.Title
		if e.name == "" {
			name = "All feeds"
		}
		marker, dot := " ", " "
		if i == at {
			marker, st = s.Marker.Render("▌"), s.TitleSel
		}
		if e.name == cur {
			dot = s.Marker.Render("•")
		}
		name = truncate(name, nameW)
		name += strings.Repeat(" ", max(nameW-textWidth(name), 0))
		num := s.Meta
		if e.unread > 0 {
			num = s.MetaSel
		}
		lines = append(lines, marker+dot+" "+st.Render(name)+num.Render(counts(fmt.Sprint(e.unread), fmt.Sprint(e.total))))
	}
	return block(lines, w, m.height)
}

// pad right-aligns t in n columns.
func pad(t string, n int) string { return strings.Repeat(" ", max(n-len(t), 0)) + t }

// feedRows is which rows of the list of every article each feed has:
// one article for each of its stories (a story's versions share one
// mark, storyMark), each once; all is every row of every article. With
// a section chosen (#), only its articles, as the list and the header
// keep to it.
type feedRows struct {
	ok      bool
	gen     int    // the snapshot's number
	section string // the section chosen (#) they were kept to
	by      map[string][]*store.Article
	all     []*store.Article
	// counted is the entries as last counted, for marks gen and those
	// subscriptions.
	counted     []feedEntry
	countedGen  int
	countedFeed []string
}

// rowsByFeed works feedRows out for the snapshot shown, once: a pass
// over every article, done ahead as the snapshot comes (feedRowsAhead)
// where the library has feeds.
func (m app) rowsByFeed() *feedRows {
	fr := &m.lists.feedRows
	if fr.ok && fr.gen == m.srcGen && fr.section == m.arrange.section {
		return fr
	}
	*fr = buildFeedRows(m.src, m.groups(), m.arrange, m.srcGen)
	return fr
}

// feedRowsMsg is feedRows worked out off the loop for a snapshot.
type feedRowsMsg struct{ rows feedRows }

// feedRowsAhead works out the picker's rows for the snapshot just taken,
// off the loop, where the library has feeds and the load is done: the
// first c at 100,000 articles took 29–49 ms for that pass, later ones
// 4–12.
func (m *app) feedRowsAhead() tea.Cmd {
	if !m.state.on() || len(m.state.feeds) == 0 || m.loading {
		return nil
	}
	if fr := m.lists.feedRows; fr.ok && fr.gen == m.srcGen && fr.section == m.arrange.section {
		return nil
	}
	src, groups, arrange, gen := m.src, m.groups(), m.arrange, m.srcGen
	return func() tea.Msg { return feedRowsMsg{buildFeedRows(src, groups, arrange, gen)} }
}

// takeFeedRows keeps rows worked out ahead, where they are still the
// snapshot's and the section's and none were worked out meanwhile.
func (m *app) takeFeedRows(msg feedRowsMsg) {
	fr := &m.lists.feedRows
	if msg.rows.gen != m.srcGen || msg.rows.section != m.arrange.section || fr.ok && fr.gen == m.srcGen && fr.section == m.arrange.section {
		return
	}
	*fr = msg.rows
}

// buildFeedRows is feedRows of src's articles in arrange's section.
func buildFeedRows(src Source, groups map[string]store.Story, arrange arrangement, gen int) feedRows {
	arts := src.List()
	fr := feedRows{ok: true, gen: gen, section: arrange.section, by: map[string][]*store.Article{}, all: make([]*store.Article, 0, len(arts))}
	// Stories of several versions are a few in a hundred: only theirs
	// need remembering, by feed ("" for all), to be counted once.
	seen := map[[2]string]bool{}
	for _, a := range arts {
		if a == nil || !arrange.in(a) {
			continue // outside the section chosen (#), as the list is
		}
		story := ""
		if a.Versions > 1 {
			if _, ok := groups[a.Story]; ok {
				story = a.Story
			}
		}
		if story == "" || !seen[[2]string{"", story}] {
			if story != "" {
				seen[[2]string{"", story}] = true
			}
			fr.all = append(fr.all, a)
		}
		for f := range a.AllFeeds {
			if story != "" {
				if seen[[2]string{f, story}] {
					continue
				}
				seen[[2]string{f, story}] = true
			}
			fr.by[f] = append(fr.by[f], a)
		}
	}
	return fr
}

// feedEntries are the picker's rows: All feeds, then each subscription,
// counted against the marks as they are now.
func (m app) feedEntries() []feedEntry {
	fr := m.rowsByFeed()
	if fr.counted != nil && fr.countedGen == m.state.gen && slices.Equal(fr.countedFeed, m.state.feeds) {
		return fr.counted
	}
	groups := m.groups()
	unread := func(rows []*store.Article) int {
		n := 0
		for _, a := range rows {
			if !storyMark(m.state.marks, groups, a, "", Mark{}).Read {
				n++
			}
		}
		return n
	}
	out := make([]feedEntry, 0, len(m.state.feeds)+1)
	out = append(out, feedEntry{unread: unread(fr.all), total: len(fr.all)})
	for _, f := range m.state.feeds {
		rows := fr.by[f]
		out = append(out, feedEntry{name: f, unread: unread(rows), total: len(rows)})
	}
	fr.counted, fr.countedGen, fr.countedFeed = out, m.state.gen, m.state.feeds
	return out
}

// openFeeds is c: the picker, on the feed the list is kept to.
func (m *app) openFeeds() {
	if !m.state.on() {
		m.setStatus("No library: run lede without --no-state to follow feeds.", false)
		return
	}
	m.feeds.Open(m.state.feed)
	m.mode = modeFeeds
	if len(m.state.feeds) == 0 {
		m.setStatusOr("No subscriptions yet: lede add URL follows a feed.", "No feeds yet: lede add URL.", false)
	}
	m.relayout()
}

// feedsInput takes a key, a paste, the wheel or a click while the picker
// is open; a feed picked keeps the list to it, as F does.
func (m app) feedsInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	var chosen string
	var picked, done bool
	m.feeds, chosen, picked, done = m.feeds.Update(msg, m.feedEntries())
	if !done {
		return m, nil
	}
	m.mode = modeBrowse
	if !picked {
		m.relayout()
		return m, nil
	}
	if m.focus != focusList {
		m.setFocus(focusList) // the list the feed was picked for
	} else {
		m.relayout()
	}
	if chosen == m.state.feed {
		return m, nil
	}
	m.state.feed = chosen
	if chosen == "" {
		m.setStatus("All feeds again.", false)
	}
	return m, m.refilter()
}
