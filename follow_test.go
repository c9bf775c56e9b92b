package main

import (
	"context"
	"strings"
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

// The reader updates by itself only the library it shows: with --load,
// what is shown is those sources, and an update would put the library in
// their place.
func TestReaderUpdatesOnlyTheLibraryShown(t *testing.T) {
	freshLibrary(t)
	srv := rssServer(t, 2, 100, nil)
	if _, errs, code := lede(t, "add", srv.URL+"/feed/a"); code != 0 {
		t.Fatal(errs)
	}
	for _, loads := range [][]string{nil, {"testdata/none.txt"}} {
		o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
		o.loads, o.lib.updateEvery = loads, time.Hour
		wait, on := o.readerState().UpdateIn()
		o.closeLibrary()
		if shown := loads == nil; on != shown || shown && (wait <= 0 || wait > time.Hour) {
			t.Fatalf("--load %v: update in %v, on %v", loads, wait, on)
		}
	}
}
