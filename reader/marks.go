package reader

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// Marks: read, saved and the place in each article, as the reader sets
// them (markRead, keepPosition, setMark and the keys of stateKey), shows
// them (stateFunc) and counts them, a story by its versions (storyMark).
// A and z on a long list are markall.go.

// keepingPosition records, after a key or the wheel, where the article
// being read is scrolled to: the place survives quitting at any moment.
func keepingPosition(res tea.Model, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	if m, ok := res.(app); ok {
		if id, ok := m.currentID(); ok && m.article.Ready() {
			m.keepPosition(id, m.article.Offset())
		}
		return m, cmd
	}
	return res, cmd
}

// markRead marks id read, and every version of its story with it:
// reading one report of an event is reading the event.
func (m *app) markRead(id string) {
	if !m.state.on() {
		return
	}
	if !has(m.src, id) {
		return
	}
	for _, x := range m.storyIDs(id) {
		mk := m.state.marks.get(x)
		if !mk.Read {
			mk.Read = true
			m.setMark(x, mk)
		}
	}
	m.setListHeader()
}

// keepPosition records where the article id is scrolled to: for the
// session in every case, and in the library when there is one.
func (m *app) keepPosition(id string, offset int) {
	if id == "" {
		return
	}
	m.places[id] = offset
	if !m.state.on() {
		return
	}
	mk := m.state.marks.get(id)
	if mk.Position != offset {
		mk.Position = offset
		m.setMark(id, mk)
	}
}

// position is where to open id: where it was left, in this run or the last.
func (m app) position(id string) int {
	if p, ok := m.places[id]; ok {
		return p
	}
	return m.state.marks.get(id).Position
}

// stateFunc is how the list shows an article's state, asked when it
// draws its row: a dot for unread, a star for saved, dim when read, and
// "new" when it came since the last run. A row that stands for a story
// shows the story's state (storyMark); a version shown under its lead
// (own) its own. It reads the marks as they are then (the map is the
// reader's own, changed in place) and the stories of the list as last
// worked out (lists); nil without a library.
func stateFunc(r readingState, lists *listCache) func(a *store.Article, own bool) itemState {
	if !r.on() {
		return nil
	}
	marks, since := r.marks, r.since
	return func(a *store.Article, own bool) itemState {
		if a == nil {
			return itemState{marked: true}
		}
		mk := marks.get(a.ID)
		if !own && lists != nil && lists.grouped {
			mk = storyMark(marks, lists.groups, a, "", Mark{})
		}
		// New: added since the last run ended, and neither read nor
		// saved yet (what the person has dealt with is not news to them).
		return itemState{marked: true, read: mk.Read, saved: mk.Saved,
			isNew: !since.IsZero() && a.Added.After(since) && !mk.Read && !mk.Saved}
	}
}

// storyMark is the reading state of a's story, one rule wherever it
// shows (a row's dot and star, the header's counts, u and S): saved
// where any of its versions is saved, read where any is read. Reading
// one version reads the story (markRead marks them all), so a report of
// a story read, arriving later, is no unread story of its own; and
// nothing saved is hidden behind its story's lead. An article of one
// version is its own mark. With except set, its mark is taken as was
// (the story as it stood before a change of that article).
func storyMark(marks *markMap, groups map[string]store.Story, a *store.Article, except string, was Mark) Mark {
	of := func(id string) Mark {
		if id == except && except != "" {
			return was
		}
		return marks.get(id)
	}
	mk := of(a.ID)
	if a.Versions < 2 {
		return mk
	}
	st, ok := groups[a.Story]
	if !ok {
		return mk
	}
	for _, v := range st.Versions {
		o := of(v)
		mk.Read = mk.Read || o.Read
		mk.Saved = mk.Saved || o.Saved
	}
	return mk
}

// storyOf is the reading state of a's story in the snapshot shown.
func (m app) storyOf(a *store.Article) Mark {
	return storyMark(m.state.marks, m.groups(), a, "", Mark{})
}

// storyIDs are the articles of id's story, id first: every version
// where its story has several, else id alone.
func (m app) storyIDs(id string) []string {
	a, ok := head(m.src, id)
	if !ok || a == nil || a.Versions < 2 {
		return []string{id}
	}
	return versionIDs(id, a, m.groups())
}

// versionIDs are the articles of a's story, id (a's) first.
func versionIDs(id string, a *store.Article, groups map[string]store.Story) []string {
	ids := []string{id}
	if a == nil || a.Versions < 2 {
		return ids
	}
	if st, ok := groups[a.Story]; ok {
		for _, v := range st.Versions {
			if v != id {
				ids = append(ids, v)
			}
		}
	}
	return ids
}

// setMark records id's whole state, and keeps the header's counts.
func (m *app) setMark(id string, mk Mark) {
	old := m.state.marks.get(id)
	m.state.set(id, mk)
	m.recount(id, old, mk)
}

// recount keeps the header's counts when id's mark goes from old to mk.
func (m *app) recount(id string, old, mk Mark) {
	t := &m.lists.tally
	if !t.ok || t.key != m.lists.key || old.Read == mk.Read && old.Saved == mk.Saved {
		return
	}
	groups := m.groups()
	if t.rows == nil {
		// The row each article counts in (a story's versions in its
		// lead's, shown or not), made at the first change of marks of a
		// list (8.5 ms at 100,000, where counting is 1.2 ms).
		t.rows = make(map[string]*store.Article, len(m.lists.items))
		for _, it := range m.lists.items {
			if !isRow(it) {
				continue
			}
			t.rows[it.id] = it.art
			if st, ok := groups[it.story]; ok && it.lead {
				for _, v := range st.Versions {
					t.rows[v] = it.art
				}
			}
		}
	}
	if row, ok := t.rows[id]; ok {
		before := storyMark(m.state.marks, groups, row, id, old)
		after := storyMark(m.state.marks, groups, row, "", Mark{})
		t.unread += count(before.Read) - count(after.Read)
		t.saved += count(after.Saved) - count(before.Saved)
	}
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

// subject is the article a state key acts on: the one being read, or the
// headline under the cursor.
func (m app) subject() (string, bool) {
	if m.focus == focusArticle {
		if id, ok := m.currentID(); ok {
			return id, true
		}
	}
	return m.list.Selected()
}

// stateKey handles the keys of reading state; handled is false for any
// other key.
func (m *app) stateKey(msg tea.KeyPressMsg) (cmd tea.Cmd, handled bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.ToggleRead):
		id, ok := m.subject()
		if !ok {
			return nil, true
		}
		// The story's state, as its row shows it: read or unread, every
		// version with it (a version shown under its lead: itself).
		ids, st := m.markScope(id)
		read := !st.Read
		for _, x := range ids {
			if mk := m.state.marks.get(x); mk.Read != read {
				mk.Read = read
				m.setMark(x, mk)
			}
		}
		m.setListHeader()
		m.setStatus(map[bool]string{true: "Marked read.", false: "Marked unread."}[read], false)
	case key.Matches(msg, k.ToggleSaved):
		id, ok := m.subject()
		if !ok {
			return nil, true
		}
		// Saved: the article itself; unsaved: the story, every version
		// saved (its star stands for any of them).
		ids, st := m.markScope(id)
		save := !st.Saved
		if save {
			ids = ids[:1]
		}
		for _, x := range ids {
			if mk := m.state.marks.get(x); mk.Saved != save {
				mk.Saved = save
				m.setMark(x, mk)
			}
		}
		m.setListHeader()
		m.savedNote(save)
	case key.Matches(msg, k.MarkAll):
		return m.markAll(), true
	case key.Matches(msg, k.Undo):
		return m.undoAll(), true
	case key.Matches(msg, k.UnreadOnly):
		m.state.unread = !m.state.unread
		return m.refilter(), true
	case key.Matches(msg, k.SavedOnly):
		m.state.saved = !m.state.saved
		return m.refilter(), true
	case key.Matches(msg, k.FeedFilter):
		was := m.state.feed
		m.state.feed = nextFeed(m.state.feeds, m.state.feed, m.feedsListed())
		if m.state.feed == "" && len(m.state.feeds) == 0 {
			m.setStatus("No subscriptions to choose from (lede add URL).", false)
			if was == "" {
				return nil, true // nothing changed
			}
		}
		return m.refilter(), true
	case key.Matches(msg, k.Update):
		return m.startUpdate(true), true
	case key.Matches(msg, k.FullText):
		id, ok := m.subject()
		if !ok {
			return nil, true
		}
		return m.fetchFullText(id), true
	default:
		return nil, false
	}
	return nil, true
}

// markedAllNote says what A marked: the stories, and the articles
// where their versions make more of them.
func markedAllNote(stories, articles int) string {
	if stories == articles {
		return fmt.Sprintf("Marked %s read · z undoes it.", plural(articles, "article"))
	}
	return fmt.Sprintf("Marked %s read, every version: %s · z undoes it.", plural(stories, "story"), plural(articles, "article"))
}

// markScope is what m and s act on for article id: its story (every
// version, id first) and the story's state, as its row shows it; or,
// where the list's cursor is on id as a version shown under its lead,
// id alone and its own state.
func (m app) markScope(id string) ([]string, Mark) {
	if i := m.list.Cursor(); i >= 0 && i < m.list.Len() {
		if it := m.list.items[i]; it.id == id && it.story != "" && !it.lead {
			return []string{id}, m.state.marks.get(id)
		}
	}
	a, ok := head(m.src, id)
	if !ok || a == nil {
		return []string{id}, m.state.marks.get(id)
	}
	return m.storyIDs(id), m.storyOf(a)
}
