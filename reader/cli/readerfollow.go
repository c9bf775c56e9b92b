package cli

// The reader's Library following the library: Follow's looks, every
// second, for what other processes changed (marks, articles, feeds'
// names), and the state copies of an article share.

import (
	"context"
	"slices"
	"time"

	"github.com/lede-reader/lede/reader"
)

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
