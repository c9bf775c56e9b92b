package cli

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store/library"
)

// A batch the reader works out off its loop (A on a long list) keeps its
// place among the marks: one set after it was held is written after it,
// nothing of it is written before it is given, then all of it in one
// go; and the library, closed while it is worked out, waits for it.
func TestHeldMarksKeepTheirPlace(t *testing.T) {
	freshLibrary(t)
	o, r, lib := readerOn(t, rssServer(t, 3, 100, nil).URL+"/feed/a")
	ctx := context.Background()
	arts, err := lib.Articles(ctx)
	if err != nil || len(arts) != 3 {
		t.Fatalf("%d articles: %v", len(arts), err)
	}
	a, b, c := arts[0].ID, arts[1].ID, arts[2].ID
	fill := r.HoldMarks()
	r.SetMark(a, reader.Mark{Read: true}, reader.Mark{}) // a unread, after A's batch
	if err := lib.Flush(); !errors.Is(err, library.ErrHeld) {
		t.Fatalf("flush with a batch held: %v", err)
	}
	if states, _ := lib.States(ctx); len(states) != 0 {
		t.Fatalf("written before the batch held: %+v", states)
	}
	fill([]reader.MarkChange{{ID: a, Now: reader.Mark{Read: true}}, {ID: b, Now: reader.Mark{Read: true}}})
	if err := lib.Flush(); err != nil {
		t.Fatal(err)
	}
	states, err := lib.States(ctx)
	if err != nil || states[a].Read || !states[b].Read {
		t.Fatalf("the batch, then a mark set after it: %+v (%v)", states, err)
	}
	// Closed while a batch is worked out: the close waits for it.
	fill = r.HoldMarks()
	go func() {
		time.Sleep(50 * time.Millisecond)
		fill([]reader.MarkChange{{ID: c, Now: reader.Mark{Read: true}}})
	}()
	o.closeLibrary()
	again, err := library.Open(library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if states, err := again.States(ctx); err != nil || !states[c].Read {
		t.Fatalf("closed while a batch was worked out: %+v (%v)", states, err)
	}
}
