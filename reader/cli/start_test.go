package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// The reader's update builds a snapshot of the library only when a feed
// brought something: at 100,000 articles a snapshot is the whole store
// built again, seconds of both cores for the same articles, and it ran at
// every start whose library was stale.
func TestReaderUpdateBuildsOnlyWhatChanged(t *testing.T) {
	freshLibrary(t)
	var items atomic.Int32
	items.Store(2)
	down := atomic.Bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		etag := fmt.Sprintf(`"v%d"`, items.Load())
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Changing</title>`)
		for k := range int(items.Load()) {
			fmt.Fprintf(w, `<item><guid>g%d</guid><title>Item %d of its own</title><description>Words w%dx of item %d alone.</description></item>`, k, k, k, k)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer srv.Close()
	lede(t, "add", srv.URL+"/feed.xml")

	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	defer o.closeLibrary()
	state := o.readerState()
	ctx := context.Background()

	// Unchanged (304): the reader keeps the snapshot it has.
	snap, added, err := state.Update(ctx)
	src := snap.Src
	if src != nil || added != 0 || err != nil {
		t.Fatalf("unchanged feed: source %v, %d added, %v; want none", src, added, err)
	}
	// Failed: its articles are kept, nothing to build either.
	down.Store(true)
	snap, _, err = state.Update(ctx)
	src = snap.Src
	if src != nil || err == nil || !strings.HasPrefix(err.Error(), "1 feed failed (") {
		t.Fatalf("failed feed: source %v, error %v; want no source and the failure, one feed's", src, err)
	}
	// New items: a snapshot with them.
	down.Store(false)
	items.Store(3)
	snap, added, err = state.Update(ctx)
	src = snap.Src
	if src == nil || added != 1 || err != nil {
		t.Fatalf("a new item: source %v, %d added, %v", src, added, err)
	}
	if n := len(src.List()); n != 3 {
		t.Fatalf("the new snapshot holds %d articles, want 3", n)
	}
}
