package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/library"
)

// lede update's summary accounts for every feed once: one that brought
// new articles, one fetched again with nothing new (no validators, the
// same items), one unchanged (304), one that failed: "4 feeds: …". It
// left out the feeds fetched with nothing new ("9 feeds: 0 new
// articles, 1 unchanged, 0 failed").
func TestUpdateSummaryCountsEveryFeed(t *testing.T) {
	var second atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		items := 1
		switch r.URL.Path {
		case "/304":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
		case "/new":
			if second.Load() {
				items = 2
			}
		case "/gone":
			if second.Load() {
				http.NotFound(w, r)
				return
			}
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title>`, r.URL.Path)
		for k := range items {
			fmt.Fprintf(w, `<item><guid>%d</guid><title>Story %s %d</title><description>Text of story %d at %s.</description></item>`, k, r.URL.Path, k, k, r.URL.Path)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	lib, err := library.Open(filepath.Join(t.TempDir(), library.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	ctx := context.Background()
	loader := ingest.NewLoader(ingest.Options{Timeout: 5 * time.Second})
	for _, p := range []string{"/304", "/same", "/new", "/gone"} {
		if _, err := lib.Add(ctx, loader, library.Subscription{URL: srv.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	second.Store(true)
	feeds, err := lib.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	line, failed := updateSummary(lib.Update(ctx, loader, feeds, nil))
	if want := "4 feeds: 1 new article in 1, 2 with nothing new, 1 failed"; line != want || failed != 1 {
		t.Fatalf("summary %q, %d failed; want %q", line, failed, want)
	}
	line, _ = updateSummary(lib.Update(ctx, loader, feeds[:1], nil))
	if want := "1 feed: 0 new articles, 1 with nothing new, 0 failed"; line != want {
		t.Fatalf("summary %q; want %q", line, want)
	}
}

// lede update writes nothing on stdout, and where stderr is not a
// terminal (cron, a script's pipe) nothing on stderr either when every
// feed went well: cron mails whatever a job writes. A failure's lines
// stay as they were (TestUpdateExitCode); on a terminal the summary
// shows (TestUpdateSaysWhatCameOnATerminal).
func TestUpdateQuietInAPipe(t *testing.T) {
	freshLibrary(t)
	srv := rssServer(t, 2, 50, nil)
	for _, f := range []string{"/feed/a", "/feed/b"} {
		if _, errs, code := lede(t, "add", srv.URL+f); code != 0 {
			t.Fatalf("add: %d %s", code, errs)
		}
	}
	out, errs, code := lede(t, "update")
	if code != 0 || out != "" || errs != "" {
		t.Fatalf("update: %d %q %q, want exit 0 and nothing written", code, out, errs)
	}
}
