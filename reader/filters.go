package reader

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// Filters of the list (u, S, F): the articles they let through, the list
// made of them, and the unread and saved rows it counts.

// visible is the list of articles as the filters let it through.
func (m app) visible() []*store.Article {
	all := m.src.List()
	r := m.state
	if !r.unread && !r.saved && r.feed == "" {
		return m.arranged(all)
	}
	// Filtered first, then arranged: sorting every article to keep a few
	// was a pass over the store at each u, S or F with T set.
	out := make([]*store.Article, 0, len(all))
	passes := m.filter()
	for _, a := range all {
		if passes(a) {
			out = append(out, a)
		}
	}
	return m.arranged(out)
}

// filter says whether an article passes the filters of marks and feed
// (u, S, F); made once a pass over the articles, which calls it for
// each.
func (m app) filter() func(a *store.Article) bool {
	marks, groups := m.state.marks, m.groups()
	unread, saved, feed := m.state.unread, m.state.saved, m.state.feed
	return func(a *store.Article) bool {
		if a == nil {
			return false
		}
		if feed != "" && !a.InFeed(feed) {
			return false
		}
		if !unread && !saved {
			return true
		}
		mk := storyMark(marks, groups, a, "", Mark{}) // a story's versions pass or not together
		return !(unread && mk.Read || saved && !mk.Saved)
	}
}

// listItems is the list of every article as shown: in the order and
// section chosen, through the filters, stories folded. It is kept until
// one of those changes: esc out of a search, or an emptied query, shows
// it again without going over every article.
func (m app) listItems() []listItem {
	k := listKey{src: m.srcGen, arrange: m.arrange, feed: m.state.feed, expanded: m.expandGen}
	if m.state.unread || m.state.saved {
		k.unread, k.saved, k.marks = m.state.unread, m.state.saved, m.state.gen
	}
	c := m.lists
	if c.items == nil || c.key != k {
		c.items, c.key = m.storyItems(m.visible()), k
	}
	return c.items
}

// refilter shows the list again under the filters now set. A search's
// results stay: a search is of every article, whatever the list is kept
// to, and the filters are the list's that esc goes back to (the header
// says the results are "in all articles" where one is on, and the status
// line says what became of the results: a feed picked with c, or u, S
// or F, changed nothing on screen but the header's last words).
func (m *app) refilter() tea.Cmd {
	if m.search.Showing() || m.mode == modeSearch {
		m.setListHeader()
		if m.mode != modeSearch {
			m.filteredUnderResults()
		}
		return nil
	}
	defer m.relist()()
	keep, ok := m.list.Selected()
	if cur, on := m.history.Current(); !ok && on {
		keep = cur.ID // the list was empty: back on the article left
	}
	m.list.SetItemsNear(m.listItems(), keep)
	m.setListHeader()
	id, ok := m.list.Selected()
	reading, _ := m.currentID()
	switch {
	case !ok:
		return m.show("", 0) // nothing listed: no article beside it
	case id != keep || reading != id:
		return m.visit(id, true)
	}
	return nil
}

// filteredUnderResults says that the results stay, of every article,
// and what esc goes back to: the list under the filters now set. Not
// while the index is built: there are no results yet to stay (the pane
// says they come once it is done).
func (m *app) filteredUnderResults() {
	if m.searchIndexing() {
		return
	}
	if scope, leave := m.searchScope(); scope != "" {
		m.setStatusIn(false, "The results stay, of all articles · esc: "+leave,
			"Results of all articles · esc: "+leave, "esc: "+leave)
		return
	}
	m.setStatusIn(false, "The results stay · esc shows all articles", "esc: all articles")
}

// counts are the unread and saved rows of the list of articles (a
// story's row by its story's marks, storyMark, as the list shows them):
// counted once a list, then kept up by setMark.
func (m app) counts() (unread, saved int) {
	t := &m.lists.tally
	if t.ok && t.key == m.lists.key {
		return t.unread, t.saved
	}
	groups := m.groups()
	for _, it := range m.lists.items {
		if !isRow(it) {
			continue
		}
		mk := storyMark(m.state.marks, groups, it.art, "", Mark{})
		if !mk.Read {
			unread++
		}
		if mk.Saved {
			saved++
		}
	}
	*t = tally{ok: true, key: m.lists.key, unread: unread, saved: saved}
	return unread, saved
}

// isRow: it is a row of its own in the list, not a version shown under
// its lead.
func isRow(it listItem) bool { return it.art != nil && (it.story == "" || it.lead) }

// nextFeed is the feed after cur in feeds that has articles in the list
// (listed), then none (all feeds) again: F stepped through every feed,
// empty ones too ("0 stories · from bad").
func nextFeed(feeds []string, cur string, listed map[string]bool) string {
	for _, f := range feeds[slices.Index(feeds, cur)+1:] {
		if listed[f] {
			return f
		}
	}
	return ""
}

// feedsListed are the feeds with an article in the list under the
// other filters (u, S, #).
func (m app) feedsListed() map[string]bool {
	unfed := m
	unfed.state.feed = ""
	passes := unfed.filter()
	out := map[string]bool{}
	for _, a := range m.src.List() {
		if !passes(a) || !m.arrange.in(a) {
			continue
		}
		for f := range a.AllFeeds {
			out[f] = true
		}
	}
	return out
}
