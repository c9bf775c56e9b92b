package cli

// The reader's Library updating the library (R, the update interval) and
// keeping an article's full text (f), and the snapshots of the library
// both make.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
)

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
