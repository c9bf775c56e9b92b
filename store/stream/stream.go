// Package stream is lede's one loading pipeline: it turns providers (the
// embedded seeds, later the library) and sources (files, folders, URLs,
// standard input) into snapshots of a store. The command line drains it to
// the last snapshot; the reader follows it, showing each one as it comes.
//
// It knows articles and stores, nothing of the terminal: it imports store
// and store/ingest, never reader or anything of charm.land.
package stream

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// A Provider supplies articles that no source on the command line names:
// the embedded seeds, the library. Providers are read before the first
// snapshot, one after another, so each must be quick.
type Provider struct {
	Name string // for a problem that names no source of its own
	Load func(ctx context.Context) ([]store.Article, []error)
}

// Options say what to load and how to hand it out.
type Options struct {
	// Providers come first in store order, in the order given.
	Providers []Provider
	// Sources are read by ingest, several at once; their articles follow
	// the providers' in the order the sources are given, whatever order
	// they finish in.
	Sources []string
	// Sort is a store.SortKeys key; "" keeps the order above.
	Sort string
	// Timeout bounds each URL fetch; zero means ingest.DefaultTimeout.
	Timeout time.Duration
	// Stdin is what the source "-" reads.
	Stdin io.Reader
	// Follow builds a store each time sources arrive (one store for all
	// that arrived together), for a reader that shows them as they come.
	// Without it only the last snapshot carries a store: a command that
	// prints once pays for one build.
	Follow bool
	// SmallStore is the size (in articles) below which Follow builds a
	// store for every arrival; zero means 5,000 (a build of a few hundred
	// milliseconds). Past it, a new store is built only once the articles
	// waiting are at least as many as those in the last store built, and
	// at the end: ten folders of 10,000 articles arriving one by one cost
	// builds of 10, 20, 40 and 80 thousand before the last, not nine, and
	// all the rebuilding stays within twice one full build.
	SmallStore int
	// Tick is how often progress is reported while sources load (only
	// when the counts changed); zero means 250ms.
	Tick time.Duration
}

// A Snapshot is how far loading got.
type Snapshot struct {
	// Store holds the articles loaded so far, sorted: with Follow, as of
	// the last build (see SmallStore), and always set; without, only on
	// the Done snapshot. The Done snapshot's holds every article.
	Store *store.Store
	// Loaded and Total count the files and fetches read, of those found
	// so far (a folder adds its files once walked).
	Loaded, Total int
	// Sourced counts the articles the sources gave (the providers' not
	// counted, duplicates not merged): zero when sources were given means
	// nothing of them loaded.
	Sourced int
	// Done is set on the last snapshot; the channel closes after it.
	Done bool
	// Err is the latest problem among the sources that arrived with this
	// snapshot, for a status line; Stream.Problems has all of them.
	Err error
}

// A Stream delivers snapshots on C. C closes after the Done snapshot, or
// early when the context given to Start is cancelled.
type Stream struct {
	C <-chan Snapshot

	mu        sync.Mutex
	problems  [][]error // one slot per provider, then per source
	providers int       // how many slots are the providers'
}

// Start reads the providers, then the sources, in the background, and
// sends a snapshot as they arrive: with Follow, first one of the
// providers' articles at once, then one per batch of sources that arrived
// together, and progress in between; the last is Done.
func Start(ctx context.Context, opts Options) *Stream {
	if opts.Tick <= 0 {
		opts.Tick = 250 * time.Millisecond
	}
	c := make(chan Snapshot)
	s := &Stream{C: c, problems: make([][]error, len(opts.Providers)+len(opts.Sources)), providers: len(opts.Providers)}
	go func() {
		defer close(c)
		s.run(ctx, opts, c)
	}()
	return s
}

// Problems is every problem so far, one error per line to print: the
// providers' first, then the sources' in the order the sources were
// given. Complete once C is closed.
func (s *Stream) Problems() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []error
	for _, p := range s.problems {
		all = append(all, p...)
	}
	return all
}

// SourcesWithProblems is how many of the sources given had a problem
// so far, each source however many lines it has (a folder may have one
// per file): the problems that said why each of them gave nothing.
func (s *Stream) SourcesWithProblems() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.problems[s.providers:] {
		if len(p) > 0 {
			n++
		}
	}
	return n
}

func (s *Stream) setProblems(i int, errs []error) {
	s.mu.Lock()
	s.problems[i] = errs
	s.mu.Unlock()
}

func (s *Stream) run(ctx context.Context, opts Options, c chan<- Snapshot) {
	send := func(snap Snapshot) bool {
		if ctx.Err() != nil {
			return false // a select would pick at random
		}
		select {
		case c <- snap:
			return true
		case <-ctx.Done():
			return false
		}
	}
	np := len(opts.Providers)
	parts := make([][]store.Article, np+len(opts.Sources))
	for i, p := range opts.Providers {
		arts, errs := p.Load(ctx)
		parts[i] = arts
		s.setProblems(i, errs)
	}
	if opts.SmallStore <= 0 {
		opts.SmallStore = 5000
	}
	sourced := 0
	built, waiting := 0, 0 // articles in the last store built, and since
	all := func() []store.Article {
		n := 0
		for _, p := range parts {
			n += len(p)
		}
		arts := make([]store.Article, 0, n)
		for _, p := range parts {
			arts = append(arts, p...)
		}
		return arts
	}
	build := func() *store.Store {
		arts := all()
		built, waiting = len(arts), 0
		store.Sort(arts, opts.Sort)
		return store.Build(arts)
	}
	if len(opts.Sources) == 0 {
		// One build, which the providers' articles are for alone: one
		// provider's are handed over as they are, not copied, and none
		// is kept here, so that what Build is done with goes while it
		// builds (the library's analyses, 2 GB at 1,000,000 articles,
		// once their positions are in the index).
		var arts []store.Article
		if np == 1 {
			arts = parts[0]
		} else {
			arts = all()
		}
		clear(parts)
		store.Sort(arts, opts.Sort)
		send(Snapshot{Store: store.Build(arts), Done: true})
		return
	}

	loader := ingest.NewLoader(ingest.Options{Timeout: opts.Timeout, Stdin: opts.Stdin})
	results := loader.LoadAll(ctx, opts.Sources)
	var snapshot *store.Store
	if opts.Follow {
		snapshot = build()
		if !send(Snapshot{Store: snapshot, Total: len(opts.Sources)}) {
			return
		}
	}
	tick := time.NewTicker(opts.Tick)
	defer tick.Stop()
	sent := [2]int{-1, -1} // the counts last sent
	for open := true; open; {
		var latest error
		changed := false
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case r, ok := <-results:
			if ctx.Err() != nil {
				return // what arrives now was cut short: not a problem to tell
			}
			// Take whatever else has arrived too: one store for all.
			for ok {
				parts[np+r.Index] = r.Articles
				sourced += len(r.Articles)
				waiting += len(r.Articles)
				s.setProblems(np+r.Index, r.Errs)
				if len(r.Errs) > 0 {
					latest = r.Errs[len(r.Errs)-1]
				}
				changed = true
				select {
				case r, ok = <-results:
					continue
				default:
				}
				break
			}
			open = ok
		}
		switch {
		case !open && (snapshot == nil || waiting > 0):
			snapshot = build() // the last, with everything
		case open && opts.Follow && waiting > 0 && (built+waiting < opts.SmallStore || waiting >= built):
			snapshot = build()
		}
		done, total := loader.Progress()
		if open && !changed && [2]int{done, total} == sent {
			continue // nothing new to tell
		}
		sent = [2]int{done, total}
		if !send(Snapshot{Store: snapshot, Loaded: done, Total: total, Sourced: sourced, Done: !open, Err: latest}) {
			return
		}
	}
}

// Drain reads a stream to its end and returns the last snapshot, calling
// each (when not nil) with every snapshot on the way, for progress.
func Drain(s *Stream, each func(Snapshot)) Snapshot {
	var last Snapshot
	for snap := range s.C {
		if each != nil {
			each(snap)
		}
		last = snap
	}
	return last
}
