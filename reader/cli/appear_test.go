package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/reader"
)

// A reader opened on the seeds (a fresh install: no library) shows the
// library once a subscription is made elsewhere, as a restart would:
// Follow's look (the data_version moved) and R's update each give the
// library's articles in the seeds' place, Appeared, and from then on it
// updates by itself. With --seeds the seeds stay beside them; with
// sources named (--load) the library never takes their place.
func TestReaderOnSeedsTakesALibraryMadeMeanwhile(t *testing.T) {
	srv := rssServer(t, 3, 100, nil)
	ctx := context.Background()
	open := func(t *testing.T, loads []string, seeds bool) (*options, *readerLibrary) {
		t.Helper()
		o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
		o.loads, o.seeds, o.lib.updateEvery = loads, seeds, time.Hour
		t.Cleanup(o.closeLibrary)
		if _, shown := o.libraryShown(); shown {
			t.Fatal("a fresh install shows a library")
		}
		r, ok := o.readerState().(*readerLibrary)
		if !ok {
			t.Fatal("no library for the seeds' marks")
		}
		if _, on := r.UpdateIn(); on {
			t.Fatal("the seeds update by themselves")
		}
		return o, r
	}
	titles := func(src reader.Source) (feed, seeds int) {
		for _, a := range src.List() {
			if strings.HasPrefix(a.Title, "Story a.") {
				feed++
			} else {
				seeds++
			}
		}
		return feed, seeds
	}
	for _, tc := range []struct {
		name  string
		look  func(*readerLibrary) (reader.Source, int, bool, error)
		seeds bool
		none  error // what the look says before anything is subscribed
	}{
		{"follow", func(r *readerLibrary) (reader.Source, int, bool, error) {
			c, err := r.changes(ctx)
			return c.Src, len(c.Feeds), c.Appeared, err
		}, false, nil},
		{"update", func(r *readerLibrary) (reader.Source, int, bool, error) {
			snap, _, err := r.Update(ctx)
			return snap.Src, len(r.Feeds()), snap.Appeared, err
		}, false, reader.ErrNoFeeds},
		{"follow --seeds", func(r *readerLibrary) (reader.Source, int, bool, error) {
			c, err := r.changes(ctx)
			return c.Src, len(c.Feeds), c.Appeared, err
		}, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			freshLibrary(t)
			_, r := open(t, nil, tc.seeds)
			if src, _, _, err := tc.look(r); err != tc.none || src != nil {
				t.Fatalf("nothing subscribed: snapshot %v, %v; want none, %v", src != nil, err, tc.none)
			}
			if _, errs, code := lede(t, "add", srv.URL+"/feed/a"); code != 0 {
				t.Fatal(errs)
			}
			src, feeds, appeared, err := tc.look(r)
			if err != nil || src == nil || !appeared {
				t.Fatalf("the library made meanwhile is not shown: snapshot %v, appeared %v (%v)", src != nil, appeared, err)
			}
			if feed, seeds := titles(src); feed != 3 || (seeds > 0) != tc.seeds || feeds != 1 {
				t.Fatalf("%d of the feed's 3 articles, %d seeds (--seeds %v), %d feeds", feed, seeds, tc.seeds, feeds)
			}
			if wait, on := r.UpdateIn(); !on || wait <= 0 || wait > time.Hour {
				t.Fatalf("the library shown now is not updated by itself: %v %v", wait, on)
			}
			// Followed as the library shown: the same again is no news,
			// and an article removed elsewhere is.
			if c, err := r.changes(ctx); err != nil || c.Src != nil || c.Appeared {
				t.Fatalf("appeared twice (%v)", err)
			}
			if _, errs, code := lede(t, "remove", srv.URL+"/feed/a"); code != 0 {
				t.Fatal(errs)
			}
			if c, err := r.changes(ctx); err != nil || c.Src == nil || c.Appeared {
				t.Fatalf("a removal after it is not followed (%v)", err)
			}
		})
	}
	t.Run("--load", func(t *testing.T) {
		freshLibrary(t)
		_, r := open(t, []string{"testdata/none.txt"}, false)
		if _, errs, code := lede(t, "add", srv.URL+"/feed/a"); code != 0 {
			t.Fatal(errs)
		}
		if c, err := r.changes(ctx); err != nil || c.Src != nil || c.Appeared {
			t.Fatalf("the library took the place of the sources named (%v)", err)
		}
	})
}
