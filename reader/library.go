package reader

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Reading state: what was read and saved, and the place in each article,
// kept by a Library across runs. The reader asks nothing of how it is
// stored; it keeps its own map of marks, shows them in the list, and hands
// every change to the Library, which writes it in the background.

// Mark is what a person did with one article.
type Mark struct {
	Read, Saved bool
	// Position is the first line shown, the place to come back to.
	Position int
}

// Library keeps reading state across runs and follows subscriptions.
// SetMark is called from the update loop and must return at once (queue
// the write); Update, UpdateIn and Follow run in commands, off the loop.
type Library interface {
	// Marks is the state of every article that has one, at start.
	Marks() map[string]Mark
	// SetMark records an article's state, m, where it differs from was
	// (what the reader had): only what changed is written, so that a
	// mark another process made of the same article meanwhile stays.
	SetMark(id string, was, m Mark)
	// Feeds names the subscriptions, for the feed filter.
	Feeds() []string
	// NewSince is when the last run began: articles added after it are new.
	NewSince() time.Time
	// UpdateIn is how long until the last update is older than the
	// update interval (<= 0: it is now); false: the reader never updates
	// by itself (no interval, no subscriptions).
	UpdateIn() (time.Duration, bool)
	// Follow blocks until another process has changed the library (cron's
	// lede update, lede mark, prune, remove, add), then says what changed.
	// The reader's own marks never count as a change.
	Follow(ctx context.Context) (Changes, error)
	// Update fetches every subscription and gives a new snapshot of the
	// library (none: nothing changed, or the load under way brings it)
	// with how many articles are new. It blocks.
	Update(ctx context.Context) (snap Snapshot, added int, err error)
	// FetchFullText fetches the article's page, keeps its text in place
	// of the feed's summary, and gives a new snapshot (none: the load
	// under way brings it). It blocks.
	FetchFullText(ctx context.Context, id string) (Snapshot, error)
}

// ErrNoFeeds is Update's answer where the library has no subscription
// to update (the seeds shown, nothing followed yet): the reader says
// how to follow one, not "Updated: 0 articles new.", and it is no
// problem to list.
var ErrNoFeeds = errors.New("no subscriptions to update")

// ErrNotInLibrary is FetchFullText's answer for an article the library
// does not keep (a seed, a file loaded with --load): there is nowhere to
// keep its page's text. The reader says so as a hint, no problem to list.
var ErrNotInLibrary = errors.New("not an article of the library")

// Snapshot is a source the library made and its number: Seq grows with
// every snapshot the library reads. Snapshots arrive once their stories
// are grouped, off the update loop, each at its own pace (an update's, a
// Follow's, a full text's): one that arrives after a newer one is older
// than what the reader shows, and is left. 0 is older than any other.
type Snapshot struct {
	Src Source
	Seq int
	// Appeared: the first snapshot of a library that got a subscription
	// since the reader opened on the seeds; it takes their place, and
	// the library is followed and updated from then on.
	Appeared bool
}

// Changes is what other processes changed in the library.
type Changes struct {
	// Marks is the whole state of each article whose marks may have
	// changed elsewhere; the reader keeps those that differ from its own.
	Marks map[string]Mark
	// Through is how many of the reader's SetMark calls were written
	// before Marks was read: a mark the reader set after them is newer
	// than what Marks says of its article.
	Through int
	// Src is a new snapshot of the library when articles came, went or
	// were edited elsewhere; nil when only marks changed. Seq is its
	// number (Snapshot).
	Src Source
	Seq int
	// Appeared, with Src: the library got its first subscription (or
	// article) since the reader opened on the seeds (Snapshot.Appeared).
	Appeared bool
	// Feeds names the subscriptions, with Src.
	Feeds []string
	// Changed, with Src, names the articles added or edited elsewhere
	// since the snapshot before it, where the library knows them: those
	// the reader had were edited (nil: not known).
	Changed []string
	// Shared: Marks is the state copies of an article share (the same
	// item in two feeds), which Marks left out at the start; not marks
	// made elsewhere, and not said to be.
	Shared bool
}

// dwellTime is how long an article stays in the article pane before it
// counts as read without being opened.
const dwellTime = 2 * time.Second

// readingState is the reader's side of the library: marks, filters, the undo
// of the last A, and an update under way.
type readingState struct {
	lib Library // nil: no library, no marks shown
	// ctx is what the library's work the reader starts runs under
	// (Options.Context): it ends when the reader has quit.
	ctx    context.Context
	marks  *markMap
	since  time.Time
	feeds  []string
	unread bool   // u: unread only
	saved  bool   // S: saved only
	feed   string // F: one feed only
	// undo is what the last A changed, as it was before; nil when z has
	// nothing to undo.
	undo map[string]Mark
	// batch numbers the batches of A and z; jobs are those under way.
	batch int
	jobs  *markJobs
	// holding: a batch is being worked out for a library that cannot hold
	// its place (no MarkBatcher); the marks set meanwhile wait in later,
	// to be set after it.
	holding  bool
	later    []MarkChange
	dwell    int // the article shown last, numbered; a dwell tick for another is stale
	gen      int // bumped at every change of marks
	updating bool
	// wait delivers a dwellMsg after dwellTime; tests hold it instead.
	wait func(dwellMsg) tea.Cmd
	// sets counts the marks handed to the library; setAt is the count at
	// the last change of each article's read, saved and place (what
	// Changes.Through is against).
	sets  int
	setAt map[string]setAt
	// following: a Follow is under way; watch runs it (tests hold it).
	following bool
	watch     func(tea.Cmd) tea.Cmd
	// followErr is the line the last failed Follow posted, "" after one
	// that went through.
	followErr string
	// seq is the number of the library's snapshot shown last (Snapshot):
	// an older one arriving after it is left.
	seq int
	// ahead: the snapshot shown is one the library made while the load
	// was under way, newer than the load's snapshots still to come
	// (takeSnapshot, takeLoad).
	ahead bool
	// due numbers the timers of the periodic update: only the last one
	// counts; after delivers a message after a while (tests hold it).
	due   int
	after func(time.Duration, tea.Msg) tea.Cmd
}

// setAt is when the reader last changed each part of an article's mark,
// counted in marks handed to the library.
type setAt struct{ read, saved, pos int }

func watchNow(c tea.Cmd) tea.Cmd { return c }

func afterTick(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

func waitDwell(d dwellMsg) tea.Cmd {
	return tea.Tick(dwellTime, func(time.Time) tea.Msg { return d })
}

func newReading(ctx context.Context, lib Library) readingState {
	if ctx == nil {
		ctx = context.Background()
	}
	r := readingState{lib: lib, ctx: ctx, marks: newMarkMap(nil), jobs: &markJobs{}, setAt: map[string]setAt{}, wait: waitDwell, watch: watchNow, after: afterTick}
	if lib != nil {
		r.marks = newMarkMap(lib.Marks())
		r.since = lib.NewSince()
		r.feeds = lib.Feeds()
	}
	return r
}

// on: there is a library whose state the list shows.
func (r readingState) on() bool { return r.lib != nil }

func (r *readingState) set(id string, m Mark) {
	was := r.marks.get(id)
	if was == m {
		return
	}
	r.gen++
	r.marks.put(id, m)
	if r.lib != nil {
		if r.holding {
			r.later = append(r.later, MarkChange{ID: id, Was: was, Now: m})
		} else {
			r.lib.SetMark(id, was, m)
		}
		r.sets++
		at := r.setAt[id]
		if was.Read != m.Read {
			at.read = r.sets
		}
		if was.Saved != m.Saved {
			at.saved = r.sets
		}
		if was.Position != m.Position {
			at.pos = r.sets
		}
		r.setAt[id] = at
	}
}

// dwellMsg: an article has been in the article pane for dwellTime.
type dwellMsg struct {
	id  string
	seq int
}

// dueMsg: how long until the periodic update is due (on: there is
// one), asked of the library for timer seq.
type dueMsg struct {
	wait time.Duration
	on   bool
	seq  int
}

// dueTickMsg: timer seq has run out; ask again whether an update is due
// (cron's may have made it needless).
type dueTickMsg struct{ seq int }

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

// fullTextMsg: an article's page was fetched (or not).
type fullTextMsg struct {
	id      string
	snap    Snapshot
	groups  map[string]store.Story // snap.Src's, worked out off the update loop
	grouped bool
	err     error
}

// fetchFullText fetches the page of article id in the background.
func (m *app) fetchFullText(id string) tea.Cmd {
	m.setStatus("Fetching the article's page…", false)
	lib, ctx := m.state.lib, m.state.ctx
	return func() tea.Msg {
		snap, err := lib.FetchFullText(ctx, id)
		if err != nil {
			return fullTextMsg{id: id, err: err}
		}
		if snap.Src == nil {
			return fullTextMsg{id: id, snap: snap}
		}
		return fullTextMsg{id: id, snap: snap, groups: storyGroups(snap.Src), grouped: true}
	}
}

// fullText takes the snapshot with the article's full text.
func (m *app) fullText(msg fullTextMsg) tea.Cmd {
	if errors.Is(msg.err, ErrNotInLibrary) {
		m.setStatusOr("Full text is for the articles of the feeds you follow: this one is not kept in the library.",
			"Full text: only for the library's articles.", false)
		return nil
	}
	if msg.err != nil {
		line := oneLine(msg.err.Error())
		if reason, url, ok := reasonFirst(line); ok {
			m.setStatusOr("Full text failed: "+reason+" ("+url+")", "Full text: "+reason, true)
		} else {
			m.setStatus("Full text failed: "+line, true)
		}
		m.forgetFullText(msg.id)
		failed := fmt.Errorf("full text%s: %w", ofTitle(m.src, msg.id), msg.err)
		if m.fullTextFailed == nil {
			m.fullTextFailed = map[string][]string{}
		}
		m.fullTextFailed[msg.id] = problemLines(failed)
		m.addProblems(failed)
		return nil
	}
	m.forgetFullText(msg.id) // it works now: its last failure is no problem
	var cmd tea.Cmd
	if msg.snap.Src != nil { // none: the load under way brings the text
		cmd, _ = m.takeSnapshot(msg.snap, msg.groups, msg.grouped, nil) // not taken: a newer one has the text
	}
	m.setStatus("Full text kept in place of the summary.", false)
	return cmd
}

// ofTitle names article id for a problem's line, " of “Title”" (its
// title one clean line, at most safe.MaxQuoted runes: a problem names
// the article, not only its page's address); "" where the snapshot no
// longer holds it or it has no title.
func ofTitle(src Source, id string) string {
	a, ok := head(src, id)
	if !ok || a == nil {
		return ""
	}
	if t := safe.Quoted(a.Title); t != "" {
		return " of “" + t + "”"
	}
	return ""
}

// forgetFullText takes the failure of id's last full text (f) out of
// the problems ! lists, unless another article's failed so too.
func (m *app) forgetFullText(id string) {
	lines, ok := m.fullTextFailed[id]
	if !ok {
		return
	}
	delete(m.fullTextFailed, id)
	m.kept = slices.DeleteFunc(slices.Clone(m.kept), func(p string) bool {
		if !slices.Contains(lines, p) {
			return false
		}
		for _, other := range m.fullTextFailed {
			if slices.Contains(other, p) {
				return false
			}
		}
		return true
	})
	m.joinProblems()
}

// updatedMsg: a background update finished.
type updatedMsg struct {
	snap    Snapshot               // Src nil: nothing changed
	groups  map[string]store.Story // snap.Src's, worked out off the update loop
	grouped bool
	feeds   []string // the subscriptions, with src
	// added: what the library added; with snap.Src, the articles it
	// holds that the snapshot of srcGen did not (a copy of an article
	// shown, the same item in another feed, is no article new).
	added  int
	srcGen int
	err    error
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
// says the results are "in all articles" where one is on).
func (m *app) refilter() tea.Cmd {
	if m.search.Showing() || m.mode == modeSearch {
		m.setListHeader()
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

func joinWords(parts []string) string {
	s := parts[0]
	for _, p := range parts[1:] {
		s += ", " + p
	}
	return s
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
		m.state.feed = nextFeed(m.state.feeds, m.state.feed, m.feedsListed())
		if m.state.feed == "" && len(m.state.feeds) == 0 {
			m.setStatus("No subscriptions to choose from (lede add URL).", false)
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

// updatingNote is the status line while an update runs.
const updatingNote = "Updating feeds…"

// startUpdate fetches every subscription in the background: byKey, as
// R asks; else as the update interval does, which says nothing over a
// message still in the status line (it lasts until the next key).
func (m *app) startUpdate(byKey bool) tea.Cmd {
	say := m.setStatus
	if !byKey && m.status != "" {
		say = func(string, bool) {}
	}
	if !m.state.on() {
		say("No library: run lede without --no-state to follow feeds.", false)
		return nil
	}
	if m.state.updating {
		say("Updating already…", false)
		return nil
	}
	if why := noUpdates(m.state.lib); why != "" {
		say(why, false)
		return nil
	}
	m.state.updating = true
	say(updatingNote, false)
	m.setListHeader() // an empty list says the update is under way
	lib, old, gen, ctx := m.state.lib, m.src, m.srcGen, m.state.ctx
	return func() tea.Msg {
		snap, added, err := lib.Update(ctx)
		msg := updatedMsg{snap: snap, added: added, err: err, srcGen: gen}
		if snap.Src != nil {
			msg.groups, msg.grouped = storyGroups(snap.Src), true
			msg.feeds = lib.Feeds()
			msg.added, _ = newAndGone(old, snap.Src)
		}
		return msg
	}
}

// updated takes the snapshot an update made, and sets the timer of the
// next.
func (m *app) updated(msg updatedMsg) tea.Cmd {
	m.state.updating = false
	defer m.setListHeader()
	var cmd tea.Cmd
	if msg.snap.Src != nil {
		if msg.srcGen != m.srcGen {
			msg.added, _ = newAndGone(m.src, msg.snap.Src) // a snapshot came meanwhile
		}
		// Not taken: a newer snapshot is shown, with what this one brought.
		cmd, _ = m.takeSnapshot(msg.snap, msg.groups, msg.grouped, msg.feeds)
	}
	m.updateProblems(msg.err)
	switch {
	case errors.Is(msg.err, ErrNoFeeds):
		m.setStatusOr("No subscriptions to update: lede add URL follows a feed.", "No feeds yet: lede add URL follows one.", false)
	case msg.err != nil:
		// The failure whole where it fits; else a line that fits 60
		// columns, and ! for the failure (feeds named, what to run).
		// "Updated" only where some feed was: not where every feed
		// failed, nor where the update failed before any article came.
		bang := m.keys.Problems.Help().Key
		var long, short string
		ff := (*FeedsFailed)(nil)
		errors.As(msg.err, &ff)
		switch {
		case ff != nil && ff.All():
			n := plural(len(ff.Feeds), "feed")
			long = fmt.Sprintf("Update failed: %s (%s): %s says why.", n, strings.Join(ff.Feeds, ", "), bang)
			short = fmt.Sprintf("Update failed: %s; %s says why.", n, bang)
		case ff != nil || msg.added > 0:
			news := "Updated: " + newsOf(msg.added) + "; "
			long = news + oneLine(msg.err.Error()) + ": " + bang + " says why." // each feed's reason
			short = news + bang + " says what failed."
			if ff != nil {
				// How many failed, as the long form says it: "2 feeds
				// failed", the names for ! to give.
				short = "Updated: " + newsShort(msg.added) + "; " +
					plural(len(ff.Feeds), "feed") + " failed: " + bang + " says why."
			}
		default:
			long = "Update failed: " + oneLine(msg.err.Error())
			short = "Update failed; " + bang + " says why."
		}
		m.setStatusOr(long, short, true)
	case msg.snap.Appeared:
		m.setStatusOr(appearedNote(msg.snap.Src, m.state.feeds, m.keys.Update.Help().Key))
	case msg.added == 0 && m.status != "" && m.status != updatingNote:
		// Nothing new: the message in the status line stays until
		// the next key, as every message does.
	default:
		m.setStatus("Updated: "+newsOf(msg.added)+".", false)
	}
	return tea.Batch(cmd, m.askDue(), m.askFeedErrors(false))
}

// newsOf is what an update brought, as R's line says it after
// "Updated: ": "3 articles new", or "nothing new".
func newsOf(added int) string {
	if added == 0 {
		return "nothing new"
	}
	return plural(added, "article") + " new"
}

// newsShort is newsOf for a narrow status line: "3 new", "1 new".
func newsShort(added int) string {
	if added == 0 {
		return "nothing new"
	}
	return fmt.Sprintf("%d new", added)
}

// takeSnapshot swaps in a snapshot the library made (an update, R's or
// the interval's; a full text fetched; another process's change),
// keeping the cursor and the article open (feeds nil: the subscriptions
// are as they were). Made while a large library is still loading, it is
// newer than what that load brings from now on (every headline, the
// store: read from the library before the update wrote), and takeLoad
// keeps it in their place. Where the load read the library after it,
// the library looks again (its Follow, once the load is done) for what
// changed since this snapshot. The load goes on behind it, and says so.
// One older than the snapshot of the library shown is not taken (false).
func (m *app) takeSnapshot(snap Snapshot, groups map[string]store.Story, grouped bool, feeds []string) (tea.Cmd, bool) {
	if snap.Seq < m.state.seq {
		return nil, false
	}
	m.state.seq = snap.Seq
	if feeds != nil {
		if m.state.feed != "" && !slices.Contains(feeds, m.state.feed) {
			// Renamed, the list keeps to it by its new name; removed, its
			// articles are gone: show all.
			m.state.feed = renamedTo(m.state.feed, m.src, snap.Src, m.state.feeds, feeds)
		}
		m.state.feeds = feeds
	}
	m.state.ahead = m.loading
	cmd := m.swapSource(SourceMsg{Src: snap.Src, Loaded: m.loaded, Total: m.total, Done: !m.loading, groups: groups, grouped: grouped})
	// The library's snapshot holds every article it keeps: the failed
	// full text of one it no longer keeps (its feed removed, pruned) is
	// no problem any more.
	for id := range m.fullTextFailed {
		if !has(m.src, id) {
			m.forgetFullText(id)
		}
	}
	return cmd, true
}

// renamedTo is what the feed was, gone from feeds, is called now in
// src: the feed new to feeds that an article of it in old is in ("": none,
// it was removed). A rename (lede rename elsewhere) keeps its articles.
func renamedTo(was string, old, src Source, before, feeds []string) string {
	if src == nil {
		return ""
	}
	for _, a := range old.List() {
		if a == nil || !a.InFeed(was) {
			continue
		}
		now, ok := head(src, a.ID)
		if !ok || now == nil {
			continue
		}
		for f := range now.AllFeeds {
			if !slices.Contains(before, f) && slices.Contains(feeds, f) {
				return f
			}
		}
		return ""
	}
	return ""
}

// askDue asks the library, off the loop, when the next update is due;
// every timer set before is stale from now on.
func (m *app) askDue() tea.Cmd {
	if !m.state.on() {
		return nil
	}
	m.state.due++
	seq, lib := m.state.due, m.state.lib
	return func() tea.Msg {
		wait, on := lib.UpdateIn()
		return dueMsg{wait: wait, on: on, seq: seq}
	}
}

// dueAnswer updates now if an update is due, else sets a timer for when
// it will be: a reader left open updates every update interval, as it
// does at start.
func (m *app) dueAnswer(msg dueMsg) tea.Cmd {
	if msg.seq != m.state.due || !msg.on {
		m.frame.unchanged()
		return nil
	}
	if msg.wait > 0 {
		m.frame.unchanged()
		return m.state.after(msg.wait, dueTickMsg{seq: msg.seq})
	}
	if m.state.updating {
		m.frame.unchanged()
		return nil // R's update is under way; it sets the next timer
	}
	return m.startUpdate(false)
}

// followedMsg: another process changed the library (or following
// failed).
type followedMsg struct {
	c       Changes
	groups  map[string]store.Story // c.Src's, worked out off the update loop
	grouped bool
	// added and gone count the articles of c.Src not in the snapshot of
	// srcGen, and the reverse; edited those of both c.Changed names.
	added, gone, edited int
	srcGen              int
	err                 error
}

// follow watches, off the loop, for what other processes change in the
// library: one Follow at a time, once the reader has the whole library
// (a snapshot taken before the load ends would be replaced by an older
// one).
func (m *app) follow() tea.Cmd {
	if !m.state.on() || m.state.following || m.loading {
		return nil
	}
	m.state.following = true
	lib, old, gen, ctx := m.state.lib, m.src, m.srcGen, m.state.ctx
	return m.state.watch(func() tea.Msg {
		c, err := lib.Follow(ctx)
		msg := followedMsg{c: c, err: err, srcGen: gen}
		if c.Src != nil {
			msg.groups, msg.grouped = storyGroups(c.Src), true
			msg.added, msg.gone = newAndGone(old, c.Src)
			msg.edited = editedIn(old, c.Src, c.Changed)
		}
		return msg
	})
}

// newAndGone counts the articles of now not in before, and of before
// not in now.
func newAndGone(before, now Source) (added, gone int) {
	kept := 0
	for _, a := range now.List() {
		if a == nil {
			continue
		}
		if has(before, a.ID) {
			kept++
		} else {
			added++
		}
	}
	n := 0
	for _, a := range before.List() {
		if a != nil {
			n++
		}
	}
	return added, max(n-kept, 0)
}

// editedIn counts the articles of changed that before and now both hold
// (editedBetween).
func editedIn(before, now Source, changed []string) int {
	n := 0
	for _, id := range changed {
		if editedBetween(before, now, id) {
			n++
		}
	}
	return n
}

// editedBetween says the library changed id (it is among Changes.Changed)
// and before and now both hold it as an edit: with the feeds it had. One
// whose feed went (removed elsewhere, the article kept as it is saved)
// is not edited: the library counts the change of its row, its text is
// as it was.
func editedBetween(before, now Source, id string) bool {
	a, ok := head(before, id)
	if !ok || a == nil {
		return false
	}
	b, ok := head(now, id)
	return ok && b != nil && a.Feed == b.Feed && slices.Equal(a.Feeds, b.Feeds)
}

// followed takes what another process changed: marks in place (no
// snapshot is made for a mark), a snapshot through the path R's takes
// when articles came, went or were edited. Then it follows on.
func (m *app) followed(msg followedMsg) tea.Cmd {
	m.state.following = false
	if errors.Is(msg.err, context.Canceled) {
		m.frame.unchanged()
		return nil // the library is closed
	}
	if msg.err != nil {
		// One line, and on: the next look may go through (Follow gives
		// an error only after several looks failed). The same line
		// again, for a library that keeps failing, is not posted again.
		line := "Following the library: " + oneLine(msg.err.Error())
		if line != m.state.followErr {
			m.state.followErr = line
			m.addProblems(msg.err)
			m.setStatusOr(line, "Following the library failed: "+m.keys.Problems.Help().Key+" says why.", true)
		} else {
			m.frame.unchanged()
		}
		return m.follow()
	}
	m.state.followErr = ""
	marked := m.takeMarks(msg.c)
	var cmd tea.Cmd
	taken := false
	if msg.c.Src != nil {
		cur, reading := m.currentID()
		// Reading: the article is open, not beside the list's cursor.
		reading = reading && m.focus != focusList
		added, gone, edited := msg.added, msg.gone, msg.edited
		if msg.srcGen != m.srcGen {
			// A snapshot came meanwhile.
			added, gone = newAndGone(m.src, msg.c.Src)
			edited = editedIn(m.src, msg.c.Src, msg.c.Changed)
		}
		curEdited := reading && slices.Contains(msg.c.Changed, cur) && editedBetween(m.src, msg.c.Src, cur)
		// Not taken: a newer snapshot came first (an update's, R's), and
		// said what it brought.
		cmd, taken = m.takeSnapshot(Snapshot{Src: msg.c.Src, Seq: msg.c.Seq}, msg.groups, msg.grouped, msg.c.Feeds)
		switch {
		case taken && msg.c.Appeared:
			// In the seeds' place, not news among them; and updated
			// by itself from now on.
			m.setStatusOr(appearedNote(msg.c.Src, m.state.feeds, m.keys.Update.Help().Key))
			cmd = tea.Batch(cmd, m.askDue())
		case taken && msg.c.Changed != nil && changeCount{added, gone, edited} == changeCount{}:
			// Known: nothing the list holds came, went or was edited (a
			// feed removed whose items another feed carries): no line.
		case taken:
			note, short := changedNote(changeCount{added, gone, edited}, reading && !has(m.src, cur), curEdited)
			m.setStatusOr(note, short, false)
		}
	}
	switch {
	case taken:
	case marked > 0:
		// Told as it arrives, as any change elsewhere is.
		if !msg.c.Shared {
			m.setStatus(fmt.Sprintf("Marked elsewhere: %s.", plural(marked, "article")), false)
		}
	default:
		m.frame.unchanged()
	}
	return tea.Batch(cmd, m.follow())
}

// appearedNote says the library shown now is the one the person
// subscribed to since the reader opened on the seeds (and the same in
// fewer columns, for 60).
func appearedNote(src Source, feeds []string, update string) (note, short string, isErr bool) {
	// The feeds' articles: a seed saved, shown beside them, is none.
	n := 0
	for _, a := range src.List() {
		if a != nil && (a.Feed != "" || len(a.Feeds) > 0) {
			n++
		}
	}
	what := plural(len(feeds), "feed") + ", " + plural(n, "article")
	return "Now showing your library: " + what + " (" + update + " updates it).", "Your library: " + what + ".", false
}

// has says the source holds the article id.
func has(src Source, id string) bool {
	_, ok := head(src, id)
	return ok
}

// changeCount is what another process changed of the articles: how
// many came, went, and were edited (0 too where that is not known).
type changeCount struct{ added, gone, edited int }

// changedNote says, in the status line, what another process changed,
// and the same in fewer columns where that is longer than the status
// line leaves a message at 60 ("" where it fits already). wasReading:
// the article being read went; reading: it was edited.
func changedNote(c changeCount, wasReading, reading bool) (note, short string) {
	switch {
	case wasReading && c.gone > 1:
		return fmt.Sprintf("Removed elsewhere: the article you were reading and %d more.", c.gone-1),
			fmt.Sprintf("Removed elsewhere: %d articles, the open one too.", c.gone)
	case wasReading:
		return "Removed elsewhere: the article you were reading.", ""
	case reading && c == changeCount{edited: 1}:
		return "Edited elsewhere: the article you are reading.", ""
	}
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{c.added, "new"}, {c.gone, "gone"}, {c.edited, "edited"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	if len(parts) == 0 {
		return "Changed elsewhere: articles edited.", ""
	}
	note = "Changed elsewhere: " + joinWords(parts) + "."
	if reading {
		return note[:len(note)-1] + " (the article you are reading too).", note
	}
	return note, ""
}

// takeMarks keeps the marks another process set, in place, except what
// the reader has changed of an article since they were read (its read,
// its saved, its place: each on its own); it gives how many articles'
// read or saved changed.
func (m *app) takeMarks(c Changes) (n int) {
	for id, mk := range c.Marks {
		old := m.state.marks.get(id)
		at := m.state.setAt[id]
		if at.read > c.Through {
			mk.Read = old.Read // the reader's own is newer
		}
		if at.saved > c.Through {
			mk.Saved = old.Saved
		}
		if at.pos > c.Through {
			mk.Position = old.Position
		}
		if old == mk {
			continue
		}
		m.state.marks.put(id, mk)
		if old.Read != mk.Read || old.Saved != mk.Saved {
			m.recount(id, old, mk)
			if has(m.src, id) { // not the copies the store merged into it
				n++
			}
		}
	}
	if n > 0 {
		m.state.gen++
		m.setListHeader()
	}
	return n
}
