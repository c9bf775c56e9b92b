package cli

// Where the library meets what lede shows: the library as what lede and
// lede list show when it has subscriptions (a stream provider), the reading
// state list prints, and the reader's Library (reader.Library) over it.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
	"github.com/lede-reader/lede/store/stream"
)

// shown is the library this run shows, opened by libraryShown; closed at
// the end of the run (closeLibrary).
func (o *options) libraryShown() (*library.Library, bool) {
	if o.lib.shownChecked {
		return o.lib.shown, o.lib.shown != nil
	}
	o.lib.shownChecked = true
	if o.lib.noState || len(o.loads) > 0 {
		return nil, false
	}
	o.lib.marksChecked = true
	lib, err := o.openLibrary(false)
	if err != nil {
		// A newer lede's library, a locked one: one line, and the demo.
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(err.Error())))
		return nil, false
	}
	if lib == nil {
		return nil, false
	}
	// Kept open though empty: it holds the marks of the seeds shown.
	o.lib.open = lib
	feeds, n, err := lib.Sizes(context.Background())
	if err != nil || feeds == 0 && n == 0 {
		return nil, false
	}
	o.lib.shown, o.lib.shownSize = lib, n
	return lib, true
}

// shownLibrary is the library this run shows, nil where it shows none.
func (o *options) shownLibrary() *library.Library {
	lib, _ := o.libraryShown()
	return lib
}

// marksLibrary is the library that keeps the marks of what this run
// shows: the library shown; else (the seeds, sources named) the library
// the reader keeps their marks in, where there is one, or, with create,
// made now. Nil with --no-state, where there is none, or where it cannot
// be opened: that error is given once (libraryShown says its own).
func (o *options) marksLibrary(create bool) (*library.Library, error) {
	if lib, ok := o.libraryShown(); ok {
		return lib, nil
	}
	if o.lib.open != nil || o.lib.noState || o.lib.marksChecked && !create {
		return o.lib.open, nil
	}
	o.lib.marksChecked = true
	lib, err := o.openLibrary(create)
	if err != nil {
		return nil, err
	}
	o.lib.open = lib
	return lib, nil
}

// closeLibrary closes what this run opened: queued marks are written.
func (o *options) closeLibrary() {
	if o.lib.open != nil {
		if err := o.lib.open.Close(); err != nil {
			fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(err.Error())))
		}
		o.lib.open, o.lib.shown = nil, nil
	}
}

// libraryProvider gives the library's articles, newest first; read (if
// not nil) is given the digest of the articles first. Where r is set, the
// reader's library follows the read: an update that wrote while it was
// under way has it taken again, so that the store built holds what the
// update wrote (r.afterLoad).
func libraryProvider(lib *library.Library, read func(library.Digest), r *readerLibrary) stream.Provider {
	return stream.Provider{
		Name: "library",
		Load: func(ctx context.Context) ([]store.Article, []error) {
			for {
				rctx := ctx
				if r != nil {
					rctx = r.beginRead(ctx)
				}
				if read != nil {
					if d, err := lib.Digest(rctx); err == nil {
						read(d)
					}
				}
				arts, err := lib.Articles(rctx)
				if r != nil && r.endRead() && ctx.Err() == nil {
					continue // an update wrote meanwhile: read again
				}
				if err != nil {
					return nil, []error{fmt.Errorf("library: %v", err)}
				}
				return arts, nil
			}
		},
	}
}

// listEntry is one article as list --json prints it: the store's fields,
// and its reading state ("read", "saved"; "feed" and "added" are the
// article's own).
type listEntry struct {
	*store.Article
	Read  bool `json:"read"`
	Saved bool `json:"saved"`
}

// listed gives the articles of arts (a store's, in its order) that pass
// flt, with their state.
func (o *options) listed(arts []*store.Article, flt filter) ([]listEntry, error) {
	states, err := o.states()
	if err != nil {
		return nil, err
	}
	feedName := ""
	if lib, ok := o.libraryShown(); ok && flt.feed != "" {
		f, err := findFeed(lib, flt.feed)
		if err != nil {
			return nil, err
		}
		feedName = f.Name
	} else if flt.feed != "" {
		return nil, &usageError{fmt.Sprintf("--feed %q: no subscriptions shown (lede feeds lists them)", flt.feed)}
	}
	out := make([]listEntry, 0, len(arts))
	for _, a := range arts {
		s := states[a.ID]
		if flt.keep(a, s, feedName) {
			out = append(out, listEntry{Article: a, Read: s.Read, Saved: s.Saved})
		}
	}
	return out, nil
}

// states gives the reading state of what this run shows, as the reader
// keeps it (marksLibrary): none where no library keeps any.
func (o *options) states() (map[string]library.State, error) {
	lib, err := o.marksLibrary(false)
	if err != nil {
		// Said, and what is shown is shown unmarked, as the reader
		// would show it.
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(err.Error())))
	}
	if lib == nil {
		return map[string]library.State{}, nil
	}
	return lib.States(context.Background())
}

// readerLibrary is the reader's Library over the library: marks are
// queued and written in the background, updates fetch every feed and
// give a new snapshot.
type readerLibrary struct {
	o     *options
	lib   *library.Library
	since time.Time
	every time.Duration // 0: never by itself (or the library is not what is shown)
	// sets counts SetMark's calls (Changes.Through).
	sets atomic.Int64

	// mu holds the snapshots of an update, of a fetch of full text and
	// of Follow's look at what changed apart (never a fetch over the
	// network), and guards what follows: the subscriptions, the
	// digest of the articles the last snapshot was read from, when the
	// states were last read, and when the last update began.
	// digested: the digest is of the snapshot the reader has; without it
	// (the library is not what is shown, or it could not be read), Follow
	// follows marks alone.
	mu       sync.Mutex
	feeds    []string
	digest   library.Digest
	digested bool
	looked   time.Time
	seq      int // the number of the last snapshot read (reader.Snapshot)
	tried    time.Time
	pending  bool          // the last look at what changed failed
	retry    time.Duration // how long the next Follow waits to take it again
	// appear: the reader opened on what a run shows without a library
	// (the seeds: a fresh install, or a library with nothing in it) and
	// no sources were named, so a library that gets a subscription or
	// an article meanwhile (lede add, lede import elsewhere) is what it
	// shows from then on, as a restart would (appearedLocked).
	appear bool
	// named: the reader shows the sources named (--load, or on the
	// command line), for the run, without the library, which keeps
	// their marks alone: never updated, as the README says, nor put
	// in their place by R (NoUpdates).
	named bool
	// share: Marks gave each article its own state, or a snapshot was
	// made (any: Follow's, R's, a full text's; it may bring a copy kept
	// in the place of the one shown, a mirror's dated later); the next
	// look of Follow gives the state copies share (shareCopies), a pass
	// over the library's copies (0.2–0.3 s of CPU at 100,000).
	share bool
	// loadDone closes when the load of the library shown has handed the
	// reader its last snapshot (nil: no such load); loadRead is set when
	// that load has begun reading the articles (read), and stopRead
	// while it reads them: an update that wrote meanwhile calls it, and
	// sets reread, to have them read again (afterLoad).
	loadDone chan struct{}
	loadRead bool
	stopRead context.CancelFunc
	reread   bool
	// quiet, if not nil, closes at the reader's first pause in the keys
	// once its store is whole (reader.Options.Settled): Follow waits for
	// it, so that its first pass over the copies (0.3 s of CPU at
	// 100,000 articles, and the collection its garbage sets off) does
	// not take a core from the first keys typed; then checkAfter is
	// called (the library's check, Settled), once, after that pass, not
	// beside it.
	quiet      chan struct{}
	checkAfter func()
	checkOnce  sync.Once
}

func (o *options) readerLibrary(lib *library.Library) (*readerLibrary, error) {
	ctx := context.Background()
	// What other processes change is counted from here, before anything
	// the reader shows is read.
	if _, err := lib.ChangedElsewhere(ctx); err != nil {
		return nil, err
	}
	since, err := lib.Visit(ctx)
	if err != nil {
		return nil, err
	}
	feeds, err := lib.FeedNames(ctx)
	if err != nil {
		return nil, err
	}
	r := &readerLibrary{o: o, lib: lib, since: since, feeds: feeds, looked: time.Now()}
	if o.lib.shown == lib {
		// The reader updates by itself only the library it shows: with
		// --load, what is shown is those sources, for the run.
		r.every = o.lib.updateEvery
		// The digest the snapshot the reader shows is read with, taken
		// by the load just before it reads the articles: a change made
		// between them is in the snapshot, and looked at again for
		// nothing.
		o.lib.read, o.lib.reading = r.read, r
	} else if len(o.loads) == 0 {
		r.appear = true
	} else {
		r.named = true
	}
	return r, nil
}

// beginRead: the load begins reading the articles; the read runs under
// the context given, which an update that writes meanwhile cancels.
func (r *readerLibrary) beginRead(ctx context.Context) context.Context {
	rctx, stop := context.WithCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopRead, r.reread = stop, false
	return rctx
}

// endRead: the load's read of the articles ended; again says an update
// wrote while it was under way, and the articles are to be read again,
// the digest with them.
func (r *readerLibrary) endRead() (again bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopRead()
	r.stopRead = nil
	if r.reread {
		r.digested = false // no snapshot of the library's own is made while it loads
	}
	return r.reread
}

// read keeps the digest of the articles the load reads, unless a
// snapshot of the library's own (an update that ended first) has one:
// the reader keeps that snapshot in place of the load's (reader
// takeSnapshot), so Follow looks for what changed since it. The load's
// digest would be older (a snapshot made again for nothing: seconds of
// both cores at 100,000 articles) or newer (a change between the two
// never shown).
func (r *readerLibrary) read(d library.Digest) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.loadRead = true
	if !r.digested {
		r.digest, r.digested = d, true
	}
}

// Marks is each article's own state (OwnStates): the state its copies
// share comes with the first Follow (shareCopies), so that the reader's
// first frame does not wait for the copies to be found.
func (r *readerLibrary) Marks() map[string]reader.Mark {
	states, err := r.lib.OwnStates(context.Background())
	if err != nil {
		return nil
	}
	r.mu.Lock()
	r.share = true
	r.mu.Unlock()
	out := make(map[string]reader.Mark, len(states))
	for id, s := range states {
		out[id] = reader.Mark{Read: s.Read, Saved: s.Saved, Position: s.Position}
	}
	return out
}

// SetMark queues what changed of the article's state, a column each: a
// mark another lede made of it meanwhile (saved, while this reader marks
// it read) stays.
func (r *readerLibrary) SetMark(id string, was, m reader.Mark) {
	if r.lib.ReadOnly {
		return // the reader keeps them for this run; it said so at the start
	}
	r.lib.Queue(markChanges(id, was, m)...)
	r.sets.Add(1) // after Queue: Follow's flush writes every mark counted
}

// markChanges are the library's changes of an article's mark going from
// was to m: a column each, only what changed.
func markChanges(id string, was, m reader.Mark) []library.Change {
	var changes []library.Change
	if m.Read != was.Read {
		changes = append(changes, library.Change{ID: id, Mark: pick(m.Read, library.MarkRead, library.MarkUnread)})
	}
	if m.Saved != was.Saved {
		changes = append(changes, library.Change{ID: id, Mark: pick(m.Saved, library.MarkSaved, library.MarkUnsaved)})
	}
	if m.Position != was.Position {
		changes = append(changes, library.Change{ID: id, Mark: library.MarkPosition, Position: m.Position})
	}
	return changes
}

// HoldMarks keeps the place of a batch of marks the reader works out off
// its update loop (A on a long list): they are written in one
// transaction, after the marks set before and before those set after,
// and before the library closes (reader.MarkBatcher).
func (r *readerLibrary) HoldMarks() func([]reader.MarkChange) {
	if r.lib.ReadOnly {
		return func([]reader.MarkChange) {}
	}
	fill := r.lib.Hold()
	r.sets.Add(1) // after Hold: Follow's flush reads no marks until it is filled and written
	return func(cs []reader.MarkChange) {
		var changes []library.Change
		for _, c := range cs {
			changes = append(changes, markChanges(c.ID, c.Was, c.Now)...)
		}
		fill(changes)
	}
}

// pick is yes when on, else no.
func pick(on bool, yes, no library.Mark) library.Mark {
	if on {
		return yes
	}
	return no
}

func (r *readerLibrary) Feeds() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.feeds
}

func (r *readerLibrary) NewSince() time.Time { return r.since }

// RunOnly: a read-only library keeps none of this run's marks, and the
// reader says so when it saves.
func (r *readerLibrary) RunOnly() bool { return r.lib.ReadOnly }

// FeedErrors are the feeds whose last update failed, for the reader's !.
func (r *readerLibrary) FeedErrors(ctx context.Context) ([]string, error) {
	return r.lib.FeedErrors(ctx)
}

// NoUpdates: a read-only library is never updated, nor are the sources
// named shown in the library's place; R says so at once.
func (r *readerLibrary) NoUpdates() string {
	switch {
	case r.named:
		return namedNoUpdates
	case r.lib.ReadOnly:
		return "Read-only library: shown as it is, never updated."
	}
	return ""
}

// namedNoUpdates is what R says where the reader shows the sources named.
const namedNoUpdates = "Sources named: shown as loaded, never updated."

// UpdateIn is how long until the last update (this reader's, cron's, any
// lede's) is older than the interval; an update this reader began counts
// too, though every feed failed, so that a reader offline does not try
// again at once.
func (r *readerLibrary) UpdateIn() (time.Duration, bool) {
	r.mu.Lock()
	feeds, tried, every := len(r.feeds), r.tried, r.every
	r.mu.Unlock()
	if every <= 0 || feeds == 0 || r.lib.ReadOnly {
		return 0, false
	}
	last, err := r.lib.LastUpdate(context.Background())
	if err != nil {
		return every, true // asked again then
	}
	if tried.After(last) {
		last = tried
	}
	return time.Until(last.Add(every)), true
}

// pollEvery is how often the open reader asks whether another process
// changed the library: a pragma on a connection of its own, microseconds
// (see Library.ChangedElsewhere). A variable for tests.
var pollEvery = time.Second

// quietPolls: a change is looked at once the library has been quiet for
// a poll (cron's lede update writes a transaction a feed: one look at its
// end, not one a feed), or after this many polls of changes.
const quietPolls = 10

// Follow waits for another process to change the library, then says what
// changed: the marks (read in place, no snapshot), and a snapshot of the
// library when its articles changed (the library's count of changes to
// its articles differs from the one taken before the snapshot the reader
// has: an article added, removed, or edited in any way), with the
// articles it holds anew.
func (r *readerLibrary) Follow(ctx context.Context) (reader.Changes, error) {
	if r.quiet != nil {
		select {
		case <-r.quiet:
		case <-ctx.Done():
			return reader.Changes{}, ctx.Err()
		}
	}
	c, ok := r.shareCopies(ctx)
	r.checkOnce.Do(func() {
		if r.checkAfter != nil {
			r.checkAfter()
		}
	})
	if ok {
		return c, nil
	}
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	r.mu.Lock()
	changed, retry := r.pending, r.retry // the last look failed: look again
	r.mu.Unlock()
	if changed {
		// After a while, doubled at each failure up to maxRetry: a
		// library that keeps failing is not read again every second.
		select {
		case <-ctx.Done():
			return reader.Changes{}, ctx.Err()
		case <-time.After(retry):
		}
	}
	busy, failed := 0, 0
	for {
		select {
		case <-ctx.Done():
			return reader.Changes{}, ctx.Err()
		case <-t.C:
		}
		if c, ok := r.shareCopies(ctx); ok { // an update's snapshot (R) meanwhile
			return c, nil
		}
		c, err := r.lib.ChangedElsewhere(ctx)
		if err != nil {
			if r.lib.Closed() {
				return reader.Changes{}, context.Canceled
			}
			if failed++; failed < quietPolls {
				continue
			}
			return reader.Changes{}, err
		}
		failed = 0
		if c {
			changed = true
			if busy++; busy < quietPolls {
				continue
			}
		}
		if changed {
			return r.changes(ctx)
		}
	}
}

// shareCopies gives, after Marks and after each snapshot (share), every
// state as copies share it, if any differs from an article's own: the
// reader keeps those that differ from its marks, but for those it set
// since (Through 0).
func (r *readerLibrary) shareCopies(ctx context.Context) (reader.Changes, bool) {
	r.mu.Lock()
	share := r.share
	r.share = false
	r.mu.Unlock()
	if !share {
		return reader.Changes{}, false
	}
	own, err := r.lib.OwnStates(ctx)
	if err != nil {
		return reader.Changes{}, false // each copy keeps its own state this run
	}
	shared, err := r.lib.Shared(ctx, own)
	if err != nil {
		return reader.Changes{}, false
	}
	c := reader.Changes{Shared: true}
	for id, s := range shared {
		if own[id] != s {
			if c.Marks == nil {
				c.Marks = map[string]reader.Mark{}
			}
			c.Marks[id] = reader.Mark{Read: s.Read, Saved: s.Saved, Position: s.Position}
		}
	}
	return c, c.Marks != nil
}

// stateSlack is how far before its last look Follow reads the states: a
// change is stamped with the second its transaction began writing, which
// may be well before it commits (lede mark --all on a large library).
const stateSlack = 5 * time.Minute

// changes reads what changed since the last look; where that fails, the
// next Follow looks again without waiting for another change.
func (r *readerLibrary) changes(ctx context.Context) (reader.Changes, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, flushed, err := r.changesLocked(ctx)
	r.pending = err != nil || !flushed
	if r.pending {
		r.retry = min(max(2*r.retry, pollEvery), maxRetry)
	} else {
		r.retry = 0
	}
	return c, err
}

// maxRetry bounds how long a failed look waits to be taken again.
const maxRetry = time.Minute

// changesLocked says too whether the reader's own marks were written:
// if not, the marks are not read (what is read of an article it marked
// would undo its mark) and the last look stays where it was, so that
// the next look reads every mark made elsewhere since.
func (r *readerLibrary) changesLocked(ctx context.Context) (reader.Changes, bool, error) {
	var c reader.Changes
	// The reader's own marks first, so that what is read of an article it
	// marked is its mark, or a newer one made elsewhere.
	through := r.sets.Load()
	flushed := r.lib.Flush() == nil
	if flushed {
		at := time.Now()
		states, err := r.lib.StatesSince(ctx, r.looked.Add(-stateSlack))
		if err != nil {
			return c, flushed, err
		}
		r.looked = at
		c.Through = int(through)
		c.Marks = make(map[string]reader.Mark, len(states))
		for id, s := range states {
			c.Marks[id] = reader.Mark{Read: s.Read, Saved: s.Saved, Position: s.Position}
		}
	}
	if r.appear {
		snap, err := r.appearedLocked(ctx)
		if err != nil || snap.Src == nil {
			return c, flushed, err
		}
		c.Src, c.Seq, c.Feeds, c.Appeared = snap.Src, snap.Seq, r.feeds, true
		return c, flushed, nil
	}
	if !r.digested {
		return c, flushed, nil
	}
	d, err := r.lib.Digest(ctx)
	if err != nil {
		return c, flushed, err
	}
	var names []string
	renamed := false
	if d == r.digest {
		if names, renamed = r.renamedLocked(ctx); !renamed {
			return c, flushed, nil
		}
	}
	was, feeds := r.digest, r.feeds
	if renamed {
		// The names just read, should the snapshot's own read of them
		// fail: else every later look would find them renamed again
		// and build the whole snapshot anew.
		r.feeds = names
	}
	snap, err := r.snapshotLocked(ctx)
	if err != nil {
		r.feeds = feeds // not shown: the next look tries again
		return c, flushed, err
	}
	c.Src, c.Seq, c.Feeds = snap.Src, snap.Seq, r.feeds
	// Which articles the snapshot holds anew: what is unknown of them
	// costs the status line its count of the edited, not the snapshot.
	if ids, err := r.lib.Changed(ctx, was, r.digest); err == nil {
		c.Changed = ids // nil where not known: the reader then says less
	}
	return c, flushed, nil
}

// renamedLocked says the feeds' names differ from the snapshot's: a feed
// renamed (lede rename) or followed elsewhere changes no article the
// digest counts, yet its articles' rows and F name it. Asked only where
// the library was written since the last look. Under mu. names are
// those read, where they differ.
func (r *readerLibrary) renamedLocked(ctx context.Context) (names []string, renamed bool) {
	names, err := r.lib.FeedNames(ctx)
	if err != nil || slices.Equal(names, r.feeds) {
		return nil, false
	}
	return names, true
}

// Update fetches every feed, then builds a snapshot of the library, unless
// nothing in it changed (every feed unchanged or failed: a failed feed
// keeps its articles; or those that answered gave their items as they
// were, and the library counted no change since the reader's snapshot):
// at 100,000 articles a snapshot is a whole store built again, seconds
// of both cores, for the same articles. Then the source is nil and the
// reader keeps the one it has. While the library shown loads, it is nil
// too where the load has yet to read the articles (its store holds the
// update's); else the snapshot waits for the load's store (afterLoad).
//
// mu is not held over the fetch (every feed's, a minute at worst): the
// load's read and Follow's looks go on meanwhile; only the snapshot is
// made under it.
func (r *readerLibrary) Update(ctx context.Context) (reader.Snapshot, int, error) {
	if r.named {
		return reader.Snapshot{}, 0, errors.New("the sources named are shown as loaded, never updated")
	}
	if r.lib.ReadOnly {
		return reader.Snapshot{}, 0, fmt.Errorf("%s: %w: nothing can be updated", r.lib.Path(), library.ErrReadOnly)
	}
	r.mu.Lock()
	r.tried = time.Now()
	r.mu.Unlock()
	feeds, err := r.lib.Subscriptions(ctx)
	if err != nil {
		return reader.Snapshot{}, 0, err
	}
	added := 0
	changed := false
	failed := &reader.FeedsFailed{Of: len(feeds)}
	outs := r.lib.Update(ctx, r.o.loader(), feeds, nil)
	sort.SliceStable(outs, func(i, j int) bool { return outs[i].Feed.Name < outs[j].Feed.Name })
	for _, out := range outs {
		added += out.Added
		if out.Err != nil {
			// Named in the status line; each feed's reason, as lede
			// update says it, in the reader's !.
			failed.Feeds = append(failed.Feeds, out.Feed.Name)
			failed.Errs = append(failed.Errs, fmt.Errorf("%s: %w", out.Feed.Name, out.Err))
		} else if !out.Unchanged {
			changed = true // new articles, or edits to those it had
		}
	}
	if len(failed.Feeds) > 0 {
		err = failed
	}
	r.mu.Lock()
	if r.appear {
		// Subscribed elsewhere since the reader opened on the seeds: the
		// library is what it shows now, changed by this update or not.
		snap, serr := r.appearedLocked(ctx)
		r.mu.Unlock()
		if serr != nil {
			return snap, added, errors.Join(err, serr)
		}
		if snap.Src != nil {
			return snap, added, err
		}
	} else {
		r.mu.Unlock()
	}
	if len(feeds) == 0 {
		return reader.Snapshot{}, 0, reader.ErrNoFeeds
	}
	if !changed {
		return reader.Snapshot{}, added, err
	}
	if later, werr := r.afterLoad(ctx); later || werr != nil {
		if werr != nil {
			err = errors.Join(err, werr)
		}
		return reader.Snapshot{}, added, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if d, derr := r.lib.Digest(ctx); derr == nil && r.digested && d == r.digest {
		// Every feed answered, none with anything new or edited: the
		// snapshot the reader has (or the load brings) is the library.
		return reader.Snapshot{}, added, err
	}
	snap, serr := r.snapshotLocked(ctx)
	if serr != nil {
		return reader.Snapshot{}, added, serr
	}
	return snap, added, err
}

// sessionLibrary keeps marks for this run only: --no-state.
type sessionLibrary struct {
	mu    sync.Mutex
	marks map[string]reader.Mark
}

func (s *sessionLibrary) Marks() map[string]reader.Mark { return map[string]reader.Mark{} }

// RunOnly: the reader says a save lasts this run only.
func (s *sessionLibrary) RunOnly() bool { return true }
func (s *sessionLibrary) SetMark(id string, _, m reader.Mark) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.marks == nil {
		s.marks = map[string]reader.Mark{}
	}
	s.marks[id] = m
}
func (s *sessionLibrary) Feeds() []string                 { return nil }
func (s *sessionLibrary) NewSince() time.Time             { return time.Time{} }
func (s *sessionLibrary) UpdateIn() (time.Duration, bool) { return 0, false }

// Follow has nothing to follow: it ends at once.
func (s *sessionLibrary) Follow(context.Context) (reader.Changes, error) {
	return reader.Changes{}, context.Canceled
}
func (s *sessionLibrary) NoUpdates() string { return "No library this run: nothing to update." }
func (s *sessionLibrary) Update(context.Context) (reader.Snapshot, int, error) {
	return reader.Snapshot{}, 0, errors.New("--no-state: no subscriptions to update")
}

// readerState is the reader's Library: the library shown, else the
// library opened (made if need be) to keep the marks of what is shown;
// with --no-state, or when the library cannot be opened, marks for this
// run only.
func (o *options) readerState() reader.Library {
	if o.lib.noState {
		return &sessionLibrary{}
	}
	lib, err := o.marksLibrary(true) // closed at the end of the run
	if err != nil {
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(err.Error()))+" (marks last this run only)")
	}
	if lib == nil {
		return &sessionLibrary{}
	}
	r, err := o.readerLibrary(lib)
	if err != nil {
		fmt.Fprintln(o.stderr, "lede: library: "+safe.Text(oneLine(err.Error()))+" (marks last this run only)")
		return &sessionLibrary{}
	}
	return r
}

// flushOnHangup writes queued marks when the terminal hangs up (SIGHUP
// would otherwise end the process with them in memory) and exits as a
// hung-up process does. SIGTERM and SIGINT quit the reader as q does, and
// the library is closed after it. The returned func stops listening.
func (o *options) flushOnHangup() (stop func()) {
	lib := o.lib.open
	if lib == nil {
		return func() {}
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			flushHungUp(lib)
			os.Exit(128 + int(syscall.SIGHUP))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// hangupWait bounds how long a hangup waits for a batch of marks (A, z)
// still being worked out before the process ends.
const hangupWait = 5 * time.Second

// flushHungUp writes every mark queued as the terminal hangs up: a batch
// of A or z still being worked out, given hangupWait to be, and every
// mark set after it (Flush alone would stop at the batch).
func flushHungUp(lib *library.Library) error { return lib.FlushWithin(hangupWait) }

// quickFrom is the size of library from which the reader opens on its
// headlines first: below it, the store is built before a person could
// tell. At 2,225 articles (the BBC corpus as one feed) the store's build
// put the first frame at ~230 ms; on the headlines it is ~60 ms, the
// store following ~200 ms later. A variable for tests.
var quickFrom = 1000

// firstPage is how many headlines the reader opens on from a library
// larger than that, in the library's order: more than a screen shows,
// read from the headlines index in milliseconds at any size. All of
// them follow (5 s at 1,000,000 articles), then the store. A variable
// for tests.
var firstPage = 1000

// readHeadlines reads every headline of the library for the reader;
// tests hold it back.
var readHeadlines = (*library.Library).Headlines

// quickSource is a large library's headlines, without their text: the
// list the reader shows at once while the store of the whole library
// (text, index, stories) is built behind it. In the library's own order
// (no --sort) it is the newest firstPage, and rest reads every headline
// for the reader to take in its place while the store is still being
// built; sorted otherwise, it is every headline and rest is nil.
func (o *options) quickSource() (first reader.Source, rest func(context.Context) reader.Source, ok bool) {
	lib, ok := o.libraryShown()
	if !ok {
		return nil, nil, false
	}
	if o.lib.shownSize < quickFrom {
		return nil, nil, false
	}
	if o.sortBy == "" && o.lib.shownSize > firstPage {
		arts, err := lib.FirstHeadlines(context.Background(), firstPage)
		if err != nil {
			return nil, nil, false
		}
		rest = func(ctx context.Context) reader.Source {
			arts, err := readHeadlines(lib, ctx)
			if err != nil {
				return nil // the store brings them
			}
			return newHeadlines(arts, 0, lib)
		}
		return newHeadlines(arts, o.lib.shownSize, lib), rest, true
	}
	arts, err := readHeadlines(lib, context.Background())
	if err != nil {
		return nil, nil, false
	}
	store.Sort(arts, o.sortBy)
	return newHeadlines(arts, 0, lib), nil, true
}

// FetchFullText keeps the page's text of one article, then builds a
// snapshot of the library.
func (r *readerLibrary) FetchFullText(ctx context.Context, id string) (reader.Snapshot, error) {
	if err := r.lib.FetchFullText(ctx, r.o.loader(), id); err != nil {
		if errors.Is(err, library.ErrNotInLibrary) {
			err = reader.ErrNotInLibrary // a hint, not a failure
		}
		return reader.Snapshot{}, err
	}
	if later, err := r.afterLoad(ctx); later || err != nil {
		return reader.Snapshot{}, err
	}
	r.mu.Lock() // not over the fetch: see Update
	defer r.mu.Unlock()
	return r.snapshotLocked(ctx)
}

// waitingForLoad is called when a snapshot waits for the load; tests
// hold it.
var waitingForLoad = func() {}

// afterLoad is called before a snapshot of what was just written is
// made while the library shown may still be loading. later: the load
// has not begun reading the articles, or is reading them and reads them
// again (its read cancelled), so its store will hold what was written,
// and no snapshot is needed. Otherwise (the load builds its store) it
// waits for the load to hand the reader that store (until ctx ends: the
// reader quit), so that it is shown before the newer snapshot, never
// built beside it only to be thrown away (two builds of the whole
// library at once: seconds of both cores at 100,000 articles).
func (r *readerLibrary) afterLoad(ctx context.Context) (later bool, err error) {
	r.mu.Lock()
	done, read := r.loadDone, r.loadRead
	if done != nil && r.stopRead != nil {
		r.reread = true
		r.stopRead()
		r.mu.Unlock()
		return true, nil
	}
	r.mu.Unlock()
	if done == nil {
		return false, nil
	}
	select {
	case <-done:
		return false, nil
	default:
	}
	if !read {
		return true, nil
	}
	waitingForLoad()
	select {
	case <-done:
		return false, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// appearedLocked gives the first snapshot of a library that got a
// subscription or an article since the reader opened on the seeds (Src
// nil: it has none yet), and from then on follows and updates it as the
// library shown: what a restart would show (the seeds only with
// --seeds), its articles followed by their count of changes, updated by
// itself every --update-every. Under mu.
func (r *readerLibrary) appearedLocked(ctx context.Context) (reader.Snapshot, error) {
	feeds, n, err := r.lib.Sizes(ctx)
	if err != nil || feeds == 0 && n == 0 {
		return reader.Snapshot{}, err
	}
	snap, err := r.snapshotLocked(ctx)
	if err != nil {
		return reader.Snapshot{}, err
	}
	r.appear, r.every = false, r.o.lib.updateEvery
	snap.Appeared = true
	return snap, nil
}

// snapshotFeedNames is how a snapshot reads the feeds' names; the
// tests' to fail.
var snapshotFeedNames = (*library.Library).FeedNames

// snapshotLocked builds a store of the library as it is now, in the
// order asked, and keeps the digest and the subscriptions it was read
// with; under mu. Snapshots are numbered in the order they are read,
// which mu makes the order of the library's states.
func (r *readerLibrary) snapshotLocked(ctx context.Context) (reader.Snapshot, error) {
	d, err := r.lib.Digest(ctx) // before: a change made meanwhile is seen again
	if err != nil {
		return reader.Snapshot{}, err
	}
	arts, err := r.lib.Articles(ctx)
	if err != nil {
		return reader.Snapshot{}, err
	}
	if feeds, err := snapshotFeedNames(r.lib, ctx); err == nil {
		r.feeds = feeds
	}
	arts = append(arts, r.o.besideLibrary(ctx, r.lib)...) // as at start
	r.digest, r.digested = d, true
	r.seq++
	r.share = true // copies new to the reader come with the state they share
	store.Sort(arts, r.o.sortBy)
	return reader.Snapshot{Src: store.Build(arts), Seq: r.seq}, nil
}

func (s *sessionLibrary) FetchFullText(context.Context, string) (reader.Snapshot, error) {
	return reader.Snapshot{}, errors.New("--no-state: no library to keep the text in")
}
