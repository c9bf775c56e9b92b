package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store/library"
)

// readerOn subscribes a fresh library to the feed at url and opens it as
// the reader does: the reader's library and the library it shows.
func readerOn(t *testing.T, url string) (*options, *readerLibrary, *library.Library) {
	t.Helper()
	if _, errs, code := lede(t, "add", url); code != 0 {
		t.Fatal(errs)
	}
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	t.Cleanup(o.closeLibrary)
	r, ok := o.readerState().(*readerLibrary)
	lib, shown := o.libraryShown()
	if !ok || !shown || o.lib.read == nil {
		t.Fatalf("no library shown: %T", o.readerState())
	}
	return o, r, lib
}

// Follow's look on a real library: the reader's own mark, still queued,
// is written before the states are read (so what is read of it is its
// mark), Through counts the marks written, and a mark another process
// made of another column of the same article comes with it.
func TestFollowMergesMarks(t *testing.T) {
	freshLibrary(t)
	o, r, lib := readerOn(t, rssServer(t, 3, 100, nil).URL+"/feed/a")
	ctx := context.Background()
	arts, err := lib.Articles(ctx)
	if err != nil || len(arts) != 3 {
		t.Fatalf("%d articles: %v", len(arts), err)
	}
	a, b := arts[0].ID, arts[1].ID
	d, err := lib.Digest(ctx) // the snapshot shown is of these articles
	if err != nil {
		t.Fatal(err)
	}
	o.lib.read(d)

	// Another lede's view of the library.
	other, err := library.Open(library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Apply(ctx, []library.Change{{ID: a, Mark: library.MarkSaved}, {ID: b, Mark: library.MarkRead}}); err != nil {
		t.Fatal(err)
	}
	r.SetMark(a, reader.Mark{}, reader.Mark{Read: true}) // queued, not yet written
	c, err := r.changes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Through != 1 {
		t.Fatalf("Through %d, want 1: the reader's one mark, written", c.Through)
	}
	if m := c.Marks[a]; m != (reader.Mark{Read: true, Saved: true}) {
		t.Fatalf("%s read here and saved elsewhere: %+v", a, m)
	}
	if m := c.Marks[b]; !m.Read || m.Saved {
		t.Fatalf("%s read elsewhere: %+v", b, m)
	}
	if c.Src != nil {
		t.Fatal("marks alone made a snapshot: the articles' digest is the one shown")
	}
}

// A look whose flush of the reader's own marks failed reads no marks and
// keeps the last look where it was, to be taken again at once: moving it
// on would leave marks made elsewhere before it unread for good.
func TestFollowUnflushedLooksAgain(t *testing.T) {
	freshLibrary(t)
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	defer o.closeLibrary()
	r, ok := o.readerState().(*readerLibrary)
	if !ok {
		t.Fatal("no library")
	}
	ctx := context.Background()
	looked := r.looked
	r.lib.Queue(library.Change{ID: "x", Mark: library.Mark(99)}) // a write that fails
	c, err := r.changes(ctx)
	if err != nil || c.Marks != nil {
		t.Fatalf("marks read with the reader's own unwritten: %+v, %v", c.Marks, err)
	}
	if !r.looked.Equal(looked) || !r.pending {
		t.Fatalf("a look with the flush failed: moved on (%v, was %v), to be taken again %v", r.looked, looked, r.pending)
	}
	// Taken again after a while, doubled at each failure, up to maxRetry.
	want := pollEvery
	for range 10 {
		if r.retry != want {
			t.Fatalf("retry after a failed look %v, want %v", r.retry, want)
		}
		r.changes(ctx)
		want = min(2*want, maxRetry)
	}
	if r.retry != maxRetry {
		t.Fatalf("retry %v after ten failed looks, want %v", r.retry, maxRetry)
	}
}

// TestFollowWaitsForQuiet: the reader's first Follow waits for its pause
// in the keys (quiet) before its pass over the copies, and the library's
// check (checkAfter) comes after that pass, once, not beside it.
func TestFollowWaitsForQuiet(t *testing.T) {
	freshLibrary(t)
	_, r, _ := readerOn(t, rssServer(t, 3, 100, nil).URL+"/feed/a")
	checks, shareLeft := 0, false
	ctx, cancel := context.WithCancel(context.Background())
	r.quiet = make(chan struct{})
	r.checkAfter = func() {
		checks++
		r.mu.Lock()
		shareLeft = r.share
		r.mu.Unlock()
		cancel() // the poll after the pass ends at once
	}
	r.mu.Lock()
	r.share = true // Marks gave each article its own state
	r.mu.Unlock()
	early, stop := context.WithCancel(context.Background())
	stop()
	if _, err := r.Follow(early); err == nil || checks != 0 {
		t.Fatalf("Follow before the pause: %v, %d checks", err, checks)
	}
	r.mu.Lock()
	share := r.share
	r.mu.Unlock()
	if !share {
		t.Fatal("the copies were shared before the pause")
	}
	close(r.quiet)
	r.Follow(ctx)
	r.Follow(ctx)
	if checks != 1 || shareLeft {
		t.Fatalf("%d checks (want 1), the pass still to come at the check: %v", checks, shareLeft)
	}
}
