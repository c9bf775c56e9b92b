package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lede-reader/lede/reader"
)

// The reader writes only what it changed of a mark: an article another
// lede saved while this reader marks it read is both read and saved.
func TestReaderMarkKeepsAnothersMark(t *testing.T) {
	freshLibrary(t)
	_, state, lib := readerOn(t, rssServer(t, 2, 100, nil).URL+"/feed/a")
	arts, err := lib.Headlines(context.Background())
	if err != nil || len(arts) == 0 {
		t.Fatal(arts, err)
	}
	id := arts[0].ID
	if _, errs, code := lede(t, "mark", "saved", id); code != 0 {
		t.Fatal(errs)
	}
	state.SetMark(id, reader.Mark{}, reader.Mark{Read: true})
	if err := lib.Flush(); err != nil {
		t.Fatal(err)
	}
	states, err := lib.States(context.Background())
	if s := states[id]; err != nil || !s.Read || !s.Saved {
		t.Fatalf("saved elsewhere, read here: %+v (%v)", s, err)
	}
}

// The reader updates only the library it shows, by itself or by R: with
// --load, what is shown is those sources, and an update put the library
// in their place.
func TestReaderUpdatesOnlyTheLibraryShown(t *testing.T) {
	freshLibrary(t)
	srv := rssServer(t, 2, 100, nil)
	if _, errs, code := lede(t, "add", srv.URL+"/feed/a"); code != 0 {
		t.Fatal(errs)
	}
	for _, loads := range [][]string{nil, {"testdata/none.txt"}} {
		o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
		o.loads, o.lib.updateEvery = loads, time.Hour
		r := o.readerState().(*readerLibrary)
		wait, on := r.UpdateIn()
		// Nor by R: the sources named are shown without the library.
		why := r.NoUpdates()
		snap, _, err := r.Update(context.Background())
		o.closeLibrary()
		if shown := loads == nil; on != shown || shown && (wait <= 0 || wait > time.Hour) {
			t.Fatalf("--load %v: update in %v, on %v", loads, wait, on)
		}
		if named := loads != nil; named && (why == "" || snap.Src != nil || err == nil) || !named && why != "" {
			t.Fatalf("--load %v: R says %q; its update gave a snapshot %v (%v)", loads, why, snap.Src != nil, err)
		}
	}
}

// An edit made elsewhere that keeps the article's words and its title's
// length ("11 dead" to "12 dead", as a corrected report does) reaches
// the open reader: Follow's look gives a snapshot with the new text and
// names the article edited; the same items given again change nothing,
// and the reader's own update of them builds no snapshot.
func TestFollowSeesAnEditKeepingWords(t *testing.T) {
	freshLibrary(t)
	var mu sync.Mutex
	count := "11"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n := count
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>
<item><guid>fire</guid><title>%s dead in harbour fire</title><description>Firefighters said %s people died when the warehouse burned overnight.</description></item>
<item><guid>tide</guid><title>Spring tide floods the quay</title><description>The quay was under water for an hour at noon.</description></item>
</channel></rss>`, n, n)
	}))
	defer srv.Close()
	o, r, lib := readerOn(t, srv.URL+"/feed")
	ctx := context.Background()
	d, err := lib.Digest(ctx) // the snapshot shown is of these articles
	if err != nil {
		t.Fatal(err)
	}
	o.lib.read(d)
	arts, err := lib.Articles(ctx)
	if err != nil || len(arts) != 2 {
		t.Fatalf("%d articles: %v", len(arts), err)
	}
	var id string
	for _, a := range arts {
		if strings.Contains(a.Title, "harbour fire") {
			id = a.ID
		}
	}

	update := func() {
		t.Helper()
		if _, errs, code := lede(t, "update"); code != 0 {
			t.Fatal(errs)
		}
	}
	update() // the same items again
	if c, err := r.changes(ctx); err != nil || c.Src != nil {
		t.Fatalf("the same items again made a snapshot (%v)", err)
	}
	// The reader's own update of the same items (a 200, no ETag) makes
	// none either: at 100,000 articles it is a whole store built again.
	if snap, _, err := r.Update(ctx); err != nil || snap.Src != nil {
		t.Fatalf("the reader's update of the same items made a snapshot (%v)", err)
	}
	mu.Lock()
	count = "12"
	mu.Unlock()
	update()
	c, err := r.changes(ctx)
	if err != nil || c.Src == nil {
		t.Fatalf("an edit keeping the words and the title's length made no snapshot (%v)", err)
	}
	a, ok := c.Src.Get(id)
	if !ok || a.Title != "12 dead in harbour fire" || !strings.Contains(a.Body, "said 12 people") {
		t.Fatalf("the snapshot after the edit: %+v", a)
	}
	if len(c.Changed) != 1 || c.Changed[0] != id {
		t.Fatalf("changed %v, want [%s]", c.Changed, id)
	}
	// Snapshots are numbered in the order the library was read: the
	// reader's update after Follow's look gives a newer one.
	mu.Lock()
	count = "13"
	mu.Unlock()
	snap, _, err := r.Update(ctx)
	if err != nil || snap.Src == nil || snap.Seq <= c.Seq || c.Seq <= 0 {
		t.Fatalf("the update's snapshot numbered %d after Follow's %d (%v)", snap.Seq, c.Seq, err)
	}
}
