package reader

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Reading state: what was read and saved, and the place in each article,
// kept by a Library across runs. The reader asks nothing of how it is
// stored; it keeps its own map of marks, shows them in the list, and hands
// every change to the Library, which writes it in the background.
//
// The rest of the reader's side of it: marks.go (setting, showing and
// counting marks), filters.go (u, S, F), fulltext.go (f), updates.go (R
// and the update interval) and follow.go (what other processes change).

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
	// undo is what the last A changed, as it was before, and its stories;
	// nil when z has nothing to undo.
	undo *undoMarks
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
