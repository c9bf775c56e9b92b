package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// An update that ends while the library is still loading: the reader
// keeps the update's snapshot in place of the load's, so the digest the
// library follows changes against is the update's, whether the load
// read its own before the update wrote (a snapshot made again for
// nothing) or after it, with another change between (a change never
// shown).
func TestUpdateDuringLoadKeepsItsDigest(t *testing.T) {
	freshLibrary(t)
	var grown atomic.Bool
	small, big := rssServer(t, 2, 100, nil), rssServer(t, 4, 100, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if grown.Load() {
			big.Config.Handler.ServeHTTP(w, r)
			return
		}
		small.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	o, r, lib := readerOn(t, srv.URL+"/feed/a")
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
	if _, errs, code := lede(t, "add", srv.URL+"/feed/b"); code != 0 {
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
