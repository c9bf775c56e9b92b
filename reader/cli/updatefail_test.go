package cli

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lede-reader/lede/reader"
)

// The reader's update says which feeds failed and, for its !, why each
// did, as lede update does (it said only "lede feeds says why").
func TestReaderUpdateSaysWhyFeedsFailed(t *testing.T) {
	freshLibrary(t)
	feed := rssServer(t, 2, 100, nil)
	var gone atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gone.Load() {
			http.NotFound(w, r)
			return
		}
		feed.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	_, r, _ := readerOn(t, srv.URL+"/feed/a")
	gone.Store(true)
	_, _, err := r.Update(context.Background())
	var ff *reader.FeedsFailed
	if !errors.As(err, &ff) {
		t.Fatalf("update of a feed gone 404: %v (%T), want the feeds that failed", err, err)
	}
	if !ff.All() {
		t.Fatalf("the only feed failed, and the failure does not say every feed did (of %d)", ff.Of)
	}
	if len(ff.Feeds) != 1 || ff.Feeds[0] != "Feed a" || len(ff.Errs) != 1 {
		t.Fatalf("failed: %q, %d reasons", ff.Feeds, len(ff.Errs))
	}
	if why := ff.Errs[0].Error(); !strings.HasPrefix(why, "Feed a: ") || !strings.Contains(why, "404") {
		t.Fatalf("the reason: %q, want the feed named and its 404", why)
	}
	if s := err.Error(); s != "1 feed failed (Feed a)" {
		t.Fatalf("the status line's part: %q", s)
	}
	// The library keeps the failure: a reader opened later (or one open
	// while cron updates) lists it in its !, as the update's own.
	kept, err := r.FeedErrors(context.Background())
	if err != nil || len(kept) != 1 || kept[0] != ff.Errs[0].Error() {
		t.Fatalf("the feeds' failures kept: %q (%v), want %q", kept, err, ff.Errs[0])
	}
}

// With --no-state the reader's marks last the run only, and it is told
// so (a save says what is true).
func TestNoStateMarksRunOnly(t *testing.T) {
	freshLibrary(t)
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	o.lib.noState = true
	r, ok := o.readerState().(reader.RunOnly)
	if !ok || !r.RunOnly() {
		t.Fatalf("--no-state: %T does not say its marks last the run only", o.readerState())
	}
}
