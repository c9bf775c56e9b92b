package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
)

// An update that ends while the library is still loading: the reader
// keeps the update's snapshot in place of the load's, so the digest the
// library follows changes against is the update's, whether the load
// read its own before the update wrote (a snapshot made again for
// nothing) or after it, with another change between (a change never
// shown).
func TestUpdateDuringLoadKeepsItsDigest(t *testing.T) {
	freshLibrary(t)
	grown, url := growingFeed(t, 2, 4)
	o, r, lib := readerOn(t, url+"/feed/a")
	ctx := context.Background()
	before, err := lib.Digest(ctx) // the load's, read before the update wrote
	if err != nil {
		t.Fatal(err)
	}
	grown.Store(true)
	snap, added, err := r.Update(ctx)
	if err != nil || snap.Src == nil || added != 2 || len(snap.Src.List()) != 4 {
		t.Fatalf("update: %v new, %v", added, err)
	}
	o.lib.read(before) // the load gets there after the update
	c, err := r.changes(ctx)
	if err != nil || c.Src != nil {
		t.Fatalf("the load's digest, older than the update's snapshot, was kept: a snapshot made again (%v)", err)
	}

	// Another change, then the load reads its digest: the change is
	// still to be shown, the reader having the update's snapshot.
	if _, errs, code := lede(t, "add", url+"/feed/b"); code != 0 {
		t.Fatal(errs)
	}
	after, err := lib.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o.lib.read(after)
	c, err = r.changes(ctx)
	if err != nil || c.Src == nil || len(c.Src.List()) != 8 {
		t.Fatalf("a change made after the update's snapshot, seen by the load: not shown (%v)", err)
	}
}

// An update waiting on a slow feed holds nothing the reader's start or
// Follow need: the load's read of its digest, and a look at what changed,
// go on while the feed is fetched (they waited for every feed's fetch).
func TestUpdateFetchHoldsNothing(t *testing.T) {
	freshLibrary(t)
	feed := rssServer(t, 2, 100, nil)
	var slow atomic.Bool
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slow.Load() {
			arrived <- struct{}{}
			<-release
		}
		feed.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	o, r, lib := readerOn(t, srv.URL+"/feed/a")
	ctx := context.Background()
	d, err := lib.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slow.Store(true)
	updated := make(chan error, 1)
	go func() { _, _, err := r.Update(ctx); updated <- err }()
	<-arrived // the update is fetching, and waits until released
	done := make(chan struct{})
	go func() {
		o.lib.read(d)
		r.changes(ctx)
		close(done)
	}()
	// The update cannot end before release but by its fetch's timeout.
	select {
	case <-done:
	case err := <-updated:
		close(release)
		t.Fatalf("the load's read and Follow's look waited for the update's fetch, until it gave up (%v)", err)
	}
	close(release)
	if err := <-updated; err != nil {
		t.Fatal(err)
	}
}

// Quitting while the library loads and an update waits on a slow feed
// waits for neither (a store being built cannot be stopped: seconds at
// 100,000 articles; a feed may take its whole timeout), and the marks
// the reader made are written all the same. The load and the feed are
// held until the run has ended: barriers, not a clock (the minute is a
// bound on a hang).
func TestQuitDuringUpdateAndLoad(t *testing.T) {
	freshLibrary(t)
	feed := rssServer(t, 3, 100, nil)
	var slow atomic.Bool
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slow.Load() {
			select {
			case arrived <- struct{}{}:
			default:
			}
			<-release
		}
		feed.Config.Handler.ServeHTTP(w, r)
	}))
	defer srv.Close()
	defer close(release)
	if _, errs, code := lede(t, "add", srv.URL+"/feed/a"); code != 0 {
		t.Fatal(errs)
	}
	slow.Store(true)
	smallPages(t, 1)
	held, loadRelease := make(chan struct{}), make(chan struct{})
	defer close(loadRelease)
	read := readHeadlines
	readHeadlines = func(l *library.Library, ctx context.Context) ([]store.Article, error) {
		close(held)
		<-loadRelease // as a store being built: it does not hear ctx
		return read(l, ctx)
	}
	t.Cleanup(func() { readHeadlines = read })

	var id string
	updated := make(chan error, 1)
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	o.interactive = true
	o.openReader = func(src reader.Source, opts reader.Options) error {
		id = src.List()[0].ID
		<-held // the load is under way
		go func() {
			_, _, err := opts.Library.Update(opts.Context) // as R does
			updated <- err
		}()
		<-arrived // the update waits on the feed
		opts.Library.SetMark(id, reader.Mark{}, reader.Mark{Read: true, Saved: true})
		return nil // q
	}
	returned := make(chan int, 1)
	go func() { returned <- o.execute(nil) }()
	select {
	case code := <-returned:
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
	case <-time.After(time.Minute):
		t.Fatal("quitting waited for the load or the update")
	}
	select {
	case <-updated: // stopped by the quit, the feed still held
	case <-time.After(time.Minute):
		t.Fatal("the update went on after the reader quit")
	}
	lib, err := library.Open(library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	states, err := lib.States(context.Background())
	if s := states[id]; err != nil || !s.Read || !s.Saved {
		t.Fatalf("the reader's mark after quitting: %+v (%v)", s, err)
	}
}

// An update that ends while the library shown is loading builds no
// store beside the load's, which would be thrown away: before the load
// has read the articles, or while it reads them (it reads them again),
// its store will hold the update's, and the update makes no snapshot;
// once it builds its store, the update's snapshot waits for that store
// to reach the reader, and follows it.
func TestUpdateDuringLoadBuildsNoStoreBeside(t *testing.T) {
	freshLibrary(t)
	var size atomic.Int32
	sizes := []*httptest.Server{rssServer(t, 2, 100, nil), rssServer(t, 4, 100, nil), rssServer(t, 6, 100, nil), rssServer(t, 8, 100, nil)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sizes[size.Load()].Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	o, r, lib := readerOn(t, srv.URL+"/feed/a")
	loaded := make(chan struct{})
	r.loadDone = loaded // as runReader does: a load is under way
	waiting := make(chan struct{}, 1)
	defer func(f func()) { waitingForLoad = f }(waitingForLoad)
	waitingForLoad = func() { waiting <- struct{}{} }
	ctx := context.Background()

	// The load has not read the articles yet: it will read the update's.
	size.Store(1)
	snap, added, err := r.Update(ctx)
	if err != nil || added != 2 || snap.Src != nil {
		t.Fatalf("an update before the load read: %d new, a snapshot %v (%v); want none, the load's holds them", added, snap.Src != nil, err)
	}
	// The load reads the articles: an update that writes meanwhile has
	// them read again, and makes no snapshot either.
	rctx := r.beginRead(ctx)
	d, err := lib.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o.lib.read(d)
	size.Store(2)
	type result struct {
		snap  reader.Snapshot
		added int
		err   error
	}
	done := make(chan result, 1)
	update := func() {
		snap, added, err := r.Update(ctx)
		done <- result{snap, added, err}
	}
	go update()
	select {
	case res := <-done:
		if res.err != nil || res.added != 2 || res.snap.Src != nil || rctx.Err() == nil {
			t.Fatalf("an update while the load read: %d new, a snapshot %v, the read cancelled %v (%v); want none, the read taken again", res.added, res.snap.Src != nil, rctx.Err() != nil, res.err)
		}
	case <-waiting:
		t.Fatal("an update while the load read waits for the load's store, which will not hold what it wrote")
	}
	if !r.endRead() {
		t.Fatal("the load's read, cancelled by an update, is not taken again")
	}
	r.beginRead(ctx)
	if d, err = lib.Digest(ctx); err != nil {
		t.Fatal(err)
	}
	o.lib.read(d)
	if arts, err := lib.Articles(ctx); err != nil || len(arts) != 6 {
		t.Fatalf("the load's read again: %d articles (%v), want the update's too", len(arts), err)
	}
	if r.endRead() {
		t.Fatal("the load's read, with no update meanwhile, is taken again")
	}
	if r.digest != d {
		t.Fatalf("the digest kept is %+v, not that of the read taken again, %+v", r.digest, d)
	}

	// The load has read, and builds its store: the update's snapshot
	// waits for it.
	size.Store(3)
	go update()
	select {
	case <-waiting:
	case res := <-done:
		t.Fatalf("the update made its snapshot (%v) while the load was building its own", res.snap.Src != nil)
	}
	close(loaded) // the load's store has reached the reader
	res := <-done
	if res.err != nil || res.snap.Src == nil || len(res.snap.Src.List()) != 8 {
		t.Fatalf("the update's snapshot after the load: %v (%v)", res.snap.Src != nil, res.err)
	}
}

// The library's load, reading the articles when an update writes, reads
// them again: the store it gives holds what the update wrote, and the
// digest kept is the second read's.
func TestLoadReadsAgainAfterAnUpdate(t *testing.T) {
	freshLibrary(t)
	grown, url := growingFeed(t, 2, 5)
	_, r, lib := readerOn(t, url+"/feed/a")
	r.loadDone = make(chan struct{}) // a load is under way: this one
	ctx := context.Background()
	reads := 0
	p := libraryProvider(lib, func(d library.Digest) {
		r.read(d)
		if reads++; reads == 1 {
			// The update ends while the load reads.
			grown.Store(true)
			if snap, _, err := r.Update(ctx); err != nil || snap.Src != nil {
				t.Errorf("an update while the load read made a snapshot %v (%v)", snap.Src != nil, err)
			}
		}
	}, r)
	arts, errs := p.Load(ctx)
	if len(errs) != 0 || len(arts) != 5 || reads != 2 {
		t.Fatalf("the load gave %d articles in %d reads (%v), want the update's 5 in 2", len(arts), reads, errs)
	}
	d, err := lib.Digest(ctx)
	if err != nil || r.digest != d {
		t.Fatalf("the digest kept %+v, the library's %+v (%v)", r.digest, d, err)
	}
}

// growingFeed serves rssServer's feeds of small items until grown is set,
// then of big: a feed that an update finds grown.
func growingFeed(t *testing.T, small, big int) (grown *atomic.Bool, url string) {
	grown = new(atomic.Bool)
	before, after := rssServer(t, small, 100, nil), rssServer(t, big, 100, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if grown.Load() {
			after.Config.Handler.ServeHTTP(w, r)
			return
		}
		before.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return grown, srv.URL
}
