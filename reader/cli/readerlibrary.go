package cli

// The reader's Library (reader.Library) over the library shown: its marks,
// queued and written in the background, and how its snapshots wait for
// the load of the library under way. Follow is readerfollow.go; Update
// and FetchFullText are readerupdate.go.

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store/library"
)

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
