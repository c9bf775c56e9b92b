package library

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

var ctx = context.Background()

func openTemp(t *testing.T) *Library {
	t.Helper()
	l, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// item is one RSS item a test feed serves.
type item struct{ guid, link, title, body string }

// feedServer serves RSS feeds on loopback with an ETag and Last-Modified,
// answering 304 to a request that sends them back, and HTML pages for
// the items' links.
type feedServer struct {
	*httptest.Server
	mu      sync.Mutex
	feeds   map[string][]item // path → items
	version map[string]int    // path → version, the ETag
	full    int               // 200s served
	cond    int               // 304s served
	badCond int               // requests with validators that do not match
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{feeds: map[string][]item{}, version: map[string]int{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) set(path string, items ...item) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.feeds[path] = items
	fs.version[path]++
}

func (fs *feedServer) lastModified(path string) string {
	return time.Date(2026, 1, 1, 0, 0, fs.version[path], 0, time.UTC).Format(http.TimeFormat)
}

func (fs *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if strings.HasPrefix(r.URL.Path, "/page/") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Page</title></head><body><article><h1>Full story %s</h1>
<p>This is the whole text of the story, far longer than the summary the feed carried, with every paragraph the writer wrote about the matter at hand.</p>
<p>A second paragraph follows with more of the reporting, quotes from the people involved, and what happens next in the story.</p>
<p>And a third paragraph, so that readability sees an article here and not a page of links.</p></article></body></html>`, strings.TrimPrefix(r.URL.Path, "/page/"))
		return
	}
	items, ok := fs.feeds[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"v%d"`, fs.version[r.URL.Path])
	lm := fs.lastModified(r.URL.Path)
	inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
	if inm != "" || ims != "" {
		if inm == etag && ims == lm {
			fs.cond++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fs.badCond++
	}
	fs.full++
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", lm)
	fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title><link>%s</link>`, strings.Trim(r.URL.Path, "/"), fs.URL)
	for _, it := range items {
		fmt.Fprint(w, "<item>")
		if it.guid != "" {
			fmt.Fprintf(w, "<guid>%s</guid>", it.guid)
		}
		if it.link != "" {
			fmt.Fprintf(w, "<link>%s</link>", it.link)
		}
		fmt.Fprintf(w, "<title>%s</title><description>%s</description></item>", it.title, it.body)
	}
	fmt.Fprint(w, "</channel></rss>")
}

func loader() *ingest.Loader { return ingest.NewLoader(ingest.Options{Timeout: 5 * time.Second}) }

func byTitle(t *testing.T, l *Library) map[string]store.Article {
	t.Helper()
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]store.Article{}
	for _, a := range withBodies(t, arts) {
		m[a.Title] = a
	}
	return m
}

// withBodies reads the text Articles left in the library (BodyFrom) into
// Body, as a store's Get does.
func withBodies(t *testing.T, arts []store.Article) []store.Article {
	t.Helper()
	out := make([]store.Article, len(arts))
	for i, a := range arts {
		if a.BodyFrom != nil {
			b, err := a.BodyFrom.Body(a.ID)
			if err != nil {
				t.Fatalf("%s: %v", a.ID, err)
			}
			a.Body, a.BodyFrom = b, nil
		}
		out[i] = a
	}
	return out
}

func TestAddUpdateConditional(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/a.xml", item{guid: "a1", title: "First", body: "One."}, item{guid: "a2", title: "Second", body: "Two."})
	l := openTemp(t)
	out, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/a.xml", Tags: []string{"news"}})
	if err != nil {
		t.Fatal(err)
	}
	if out.Added != 2 || out.Feed.Name != "Feed a.xml" {
		t.Fatalf("add: %+v", out)
	}
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/a.xml"}); !errors.Is(err, ErrSubscribed) {
		t.Fatalf("second add: %v, want ErrSubscribed", err)
	}
	feeds, _ := l.Feeds(ctx)
	outs := l.Update(ctx, loader(), feeds, nil)
	if len(outs) != 1 || !outs[0].Unchanged || outs[0].Err != nil {
		t.Fatalf("update of an unchanged feed: %+v", outs)
	}
	if fs.cond != 1 || fs.badCond != 0 || fs.full != 1 {
		t.Fatalf("server saw %d full, %d conditional, %d with wrong validators; want 1, 1, 0", fs.full, fs.cond, fs.badCond)
	}
	fs.set("/a.xml", item{guid: "a1", title: "First", body: "One."}, item{guid: "a2", title: "Second", body: "Two."}, item{guid: "a3", title: "Third", body: "Three."})
	feeds, _ = l.Feeds(ctx)
	outs = l.Update(ctx, loader(), feeds, nil)
	if outs[0].Added != 1 || outs[0].Unchanged {
		t.Fatalf("update of a changed feed: %+v", outs[0])
	}
	feeds, _ = l.Feeds(ctx)
	if feeds[0].Articles != 3 || feeds[0].Unread != 3 || feeds[0].Updated.IsZero() || !slices.Equal(feeds[0].Tags, []string{"news"}) {
		t.Fatalf("feed after updates: %+v", feeds[0])
	}
}

func TestEditedItemKeepsIDAndMarks(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/f", item{guid: "g1", title: "Quake hits city", body: "Early report."},
		item{link: "http://example.com/2", title: "No guid", body: "Linked."})
	l := openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/f"}); err != nil {
		t.Fatal(err)
	}
	before := byTitle(t, l)
	id1, id2 := before["Quake hits city"].ID, before["No guid"].ID
	if err := l.Apply(ctx, []Change{{ID: id1, Mark: MarkRead}, {ID: id1, Mark: MarkPosition, Position: 12}, {ID: id2, Mark: MarkSaved}}); err != nil {
		t.Fatal(err)
	}
	fs.set("/f", item{guid: "g1", title: "Quake kills 40 in city", body: "Later, fuller report."},
		item{link: "http://example.com/2", title: "No guid, edited", body: "Linked, edited."})
	feeds, _ := l.Feeds(ctx)
	if outs := l.Update(ctx, loader(), feeds, nil); outs[0].Added != 0 || outs[0].Err != nil {
		t.Fatalf("an edit added articles: %+v", outs[0])
	}
	after := byTitle(t, l)
	if a := after["Quake kills 40 in city"]; a.ID != id1 || !strings.Contains(a.Body, "fuller") {
		t.Fatalf("edited item: id %q body %q, want id %q and the new text", a.ID, a.Body, id1)
	}
	if a := after["No guid, edited"]; a.ID != id2 {
		t.Fatalf("edited item without guid: id %q, want %q", a.ID, id2)
	}
	st, _ := l.States(ctx)
	if !st[id1].Read || st[id1].Position != 12 || !st[id2].Saved {
		t.Fatalf("marks after the edit: %+v", st)
	}
	// The snapshot keeps the library's IDs.
	arts, _ := l.Articles(ctx)
	if _, ok := store.Build(arts).Get(id1); !ok {
		t.Fatalf("store.Build gave the article another ID than the library's %q", id1)
	}
}

func TestSameGuidInTwoFeeds(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/x", item{guid: "1", title: "Hello", body: "From x."})
	fs.set("/y", item{guid: "1", title: "Hello", body: "From y."})
	l := openTemp(t)
	for _, p := range []string{"/x", "/y"} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	if _, n, _ := l.Sizes(ctx); n != 2 {
		t.Fatalf("%d articles, want 2: a guid is scoped to its feed", n)
	}
}

func TestPrune(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/p", item{guid: "old", title: "Old", body: "Old news."}, item{guid: "kept", title: "Kept", body: "Saved news."})
	l := openTemp(t)
	nowMu.Lock()
	nowFn = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	nowMu.Unlock()
	defer func() { nowMu.Lock(); nowFn = time.Now; nowMu.Unlock() }()
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/p"}); err != nil {
		t.Fatal(err)
	}
	m := byTitle(t, l)
	l.Apply(ctx, []Change{{ID: m["Kept"].ID, Mark: MarkSaved}, {ID: m["Old"].ID, Mark: MarkRead}})
	n, err := l.Prune(ctx, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || n != 1 {
		t.Fatalf("prune: %d, %v; want 1", n, err)
	}
	m = byTitle(t, l)
	if _, ok := m["Kept"]; !ok || len(m) != 1 {
		t.Fatalf("after prune: %v", m)
	}
	// Still in the feed, the pruned item does not come back as new.
	fs.set("/p", item{guid: "old", title: "Old", body: "Old news."}, item{guid: "kept", title: "Kept", body: "Saved news."}, item{guid: "new", title: "New", body: "New news."})
	feeds, _ := l.Feeds(ctx)
	if outs := l.Update(ctx, loader(), feeds, nil); outs[0].Added != 1 {
		t.Fatalf("update after prune added %d, want 1 (the new item only)", outs[0].Added)
	}
	// A feed removed keeps its saved articles.
	if _, err := l.Unsubscribe(ctx, feeds[0]); err != nil {
		t.Fatal(err)
	}
	m = byTitle(t, l)
	if _, ok := m["Kept"]; !ok || len(m) != 1 {
		t.Fatalf("after unsubscribing: %v, want the saved article only", m)
	}
}

func TestFullText(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/ft", item{guid: "s1", link: fs.URL + "/page/one", title: "Short", body: "Only a summary."})
	l := openTemp(t)
	out, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/ft", FullText: true})
	if err != nil || len(out.Warnings) > 0 {
		t.Fatalf("add: %v %v", err, out.Warnings)
	}
	a := byTitle(t, l)["Short"]
	if !strings.Contains(a.Body, "whole text of the story") || strings.Contains(a.Body, "Only a summary") {
		t.Fatalf("full-text feed kept %q", a.Body)
	}
	if a.Links[0] != fs.URL+"/page/one" {
		t.Fatalf("links %v: the item's own link should stay first", a.Links)
	}
	// An update that edits the title keeps the page's text.
	fs.set("/ft", item{guid: "s1", link: fs.URL + "/page/one", title: "Short, edited", body: "Only a summary."})
	feeds, _ := l.Feeds(ctx)
	l.Update(ctx, loader(), feeds, nil)
	if b := byTitle(t, l)["Short, edited"]; b.ID != a.ID || b.Body != a.Body {
		t.Fatalf("after an edit: %q %q", b.ID, b.Body)
	}
}

func TestFailedFeedKeepsArticles(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/gone", item{guid: "1", title: "Here", body: "Text."})
	l := openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/gone"}); err != nil {
		t.Fatal(err)
	}
	fs.mu.Lock()
	delete(fs.feeds, "/gone")
	fs.mu.Unlock()
	feeds, _ := l.Feeds(ctx)
	outs := l.Update(ctx, loader(), feeds, nil)
	if outs[0].Err == nil || !strings.Contains(outs[0].Err.Error(), "404") {
		t.Fatalf("update of a 404: %v", outs[0].Err)
	}
	feeds, _ = l.Feeds(ctx)
	if feeds[0].Articles != 1 || !strings.Contains(feeds[0].Error, "404") {
		t.Fatalf("feed after failing: %+v", feeds[0])
	}
}

func TestQueuedMarksWrittenOnClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		l.Queue(Change{ID: fmt.Sprint("a", i), Mark: MarkRead}, Change{ID: fmt.Sprint("a", i), Mark: MarkPosition, Position: i})
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	st, _ := l.States(ctx)
	if len(st) != 500 || !st["a499"].Read || st["a499"].Position != 499 {
		t.Fatalf("%d states after close, a499 %+v", len(st), st["a499"])
	}
}

// Two libraries on one file are two writers, as two processes are: each
// waits for the other's lock, and neither loses a mark.
func TestTwoWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var libs [2]*Library
	for i := range libs {
		l, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		libs[i] = l
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w, l := range libs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				// Both mark "shared": one its read, the other its saved.
				m := MarkRead
				if w == 1 {
					m = MarkSaved
				}
				if err := l.Apply(ctx, []Change{{ID: fmt.Sprintf("w%d-%d", w, i), Mark: MarkRead}, {ID: "shared", Mark: m}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st, _ := libs[0].States(ctx)
	if len(st) != 401 || !st["shared"].Read || !st["shared"].Saved {
		t.Fatalf("%d states (want 401), shared %+v", len(st), st["shared"])
	}
}

func TestDamagedLibraryMovedAside(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(path string, data []byte) []byte
	}{
		{"truncated", func(_ string, data []byte) []byte { return data[:len(data)/2+100] }},
		{"scribbled", func(_ string, data []byte) []byte {
			out := bytes.Clone(data)
			for i := 4096; i < len(out); i += 7 {
				out[i] = byte(i)
			}
			return out
		}},
		{"header", func(_ string, data []byte) []byte {
			return append([]byte("not a database at all, just text\n"), data[40:]...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			l, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			subs := make([]Subscription, 200)
			for i := range subs {
				subs[i] = Subscription{URL: fmt.Sprintf("https://example.com/%d.xml", i), Name: fmt.Sprint(i) + strings.Repeat(" name", 40)}
			}
			if _, _, err := l.Subscribe(ctx, subs); err != nil {
				t.Fatal(err)
			}
			if _, err := l.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				t.Fatal(err)
			}
			l.Close()
			data, _ := os.ReadFile(path)
			damaged := tc.damage(path, data)
			os.WriteFile(path, damaged, 0o600)
			l, err = Open(path)
			if err != nil {
				t.Fatalf("open of a damaged library: %v", err)
			}
			defer l.Close()
			if l.Recovered == "" || strings.Contains(l.Recovered, "\n") {
				t.Fatalf("Recovered = %q, want one line", l.Recovered)
			}
			feeds, err := l.Feeds(ctx)
			if err != nil || len(feeds) != 0 {
				t.Fatalf("fresh library: %d feeds, %v", len(feeds), err)
			}
			aside, _ := filepath.Glob(path + ".damaged-*")
			if len(aside) == 0 {
				t.Fatal("the damaged file is gone, not moved aside")
			}
			kept, _ := os.ReadFile(aside[0])
			if !bytes.Equal(kept, damaged) {
				t.Fatal("the file moved aside is not the damaged file as it was")
			}
		})
	}
}

func TestNewerLibraryRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	l.db.Exec("PRAGMA user_version = 99")
	l.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	l.Close()
	before, _ := os.ReadFile(path)
	if _, err := Open(path); !errors.Is(err, ErrNewer) {
		t.Fatalf("open of a newer library: %v, want ErrNewer", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a newer library was changed")
	}
	if aside, _ := filepath.Glob(path + ".damaged-*"); len(aside) > 0 {
		t.Fatal("a newer library was moved aside as damaged")
	}
}

// Migration 1 runs on what there is before it: an empty file, as an
// editor or a failed first run may leave.
func TestMigrateFromEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	os.WriteFile(path, nil, 0o600)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.Recovered != "" {
		t.Fatalf("an empty file was taken for damaged: %s", l.Recovered)
	}
	if v, _ := userVersion(l.db); v != SchemaVersion {
		t.Fatalf("user_version %d, want %d", v, SchemaVersion)
	}
	var mode string
	l.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal_mode %q, want wal", mode)
	}
}

// Migration 2 runs on a library of schema 1 with articles in it: they
// stay, and the headlines come through the new index.
func TestMigrateFrom1(t *testing.T) {
	path, db, tx := libraryAt(t, 1)
	tx.Exec(`INSERT INTO articles (id, feed_id, key, title, added, body, published) VALUES ('a-1', 1, 'guid:1', 'One', 5, 'Body one.', 0), ('b-2', 1, 'guid:2', 'Two', 1, 'Body two.', 9)`)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if v, _ := userVersion(l.db); v != SchemaVersion || SchemaVersion < 2 {
		t.Fatalf("schema %d after migrating, want %d", v, SchemaVersion)
	}
	h, err := l.Headlines(ctx)
	if err != nil || len(h) != 2 || h[0].Title != "Two" || h[1].Title != "One" {
		t.Fatalf("headlines after migrating: %+v %v", h, err)
	}
	var plan, detail string
	var a, b int
	l.db.QueryRow(`EXPLAIN QUERY PLAN SELECT id FROM articles ORDER BY (CASE WHEN published > 0 THEN published ELSE added END) DESC, id`).Scan(&a, &b, &plan, &detail)
	if !strings.Contains(detail, "articles_headlines") {
		t.Fatalf("the headlines are not read through their index: %s", detail)
	}
}

// A large library is checked in the background once its opener has
// settled: damage found there is reported by Close, which moves the file
// aside.
func TestDamageFoundInTheBackground(t *testing.T) {
	defer func(n int64) { checkInline = n }(checkInline)
	checkInline = 0 // every library is large
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	subs := make([]Subscription, 300)
	for i := range subs {
		subs[i] = Subscription{URL: fmt.Sprintf("https://example.com/%d.xml", i), Name: fmt.Sprint(i) + strings.Repeat(" name", 40)}
	}
	l.Subscribe(ctx, subs)
	// The feeds' root page damaged, not the schema's (which spans more
	// than page 1 from schema 6 on, and damaged is found at open).
	var root, size int
	if err := l.db.QueryRow(`SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = 'feeds'`).Scan(&root, &size); err != nil {
		t.Fatal(err)
	}
	l.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	l.Close()
	data, _ := os.ReadFile(path)
	for i := (root - 1) * size; i < root*size && i < len(data); i += 7 {
		data[i] = byte(i)
	}
	os.WriteFile(path, data, 0o600)
	// Not checked until its opener has settled (a check of this small
	// file takes milliseconds: a second without one is none at all);
	// closed before, it says nothing (its reads would tell the damage they
	// meet) and stays put.
	l, err = Open(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	select {
	case <-l.checked:
		t.Fatal("checked before Settled")
	case <-time.After(time.Second):
	}
	if err := l.Close(); err != nil || l.Damaged() != "" {
		t.Fatalf("closed before Settled: %v, damaged %q", err, l.Damaged())
	}
	l, err = Open(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	l.Settled()
	<-l.checked
	if l.Damaged() == "" {
		t.Fatal("the background check found nothing")
	}
	err = l.Close()
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("Close: %v", err)
	}
	if aside, _ := filepath.Glob(path + ".damaged-*"); len(aside) != 1 {
		t.Fatalf("moved aside: %v", aside)
	}

	// Another lede that had the damaged file open too, closing after a
	// fresh library took its place, leaves the fresh one where it is.
	os.WriteFile(path, data, 0o600)
	l, err = Open(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	l.Settled()
	<-l.checked
	os.Rename(path, path+".gone")
	fresh, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	fresh.Subscribe(ctx, subs[:1])
	fresh.Close()
	if err := l.Close(); err == nil || !strings.Contains(err.Error(), "moved it aside since") {
		t.Fatalf("Close of the damaged one: %v", err)
	}
	again, err := Open(path)
	if err != nil || again.Recovered != "" {
		t.Fatalf("the fresh library: %v %q", err, again.Recovered)
	}
	if feeds, _ := again.Feeds(ctx); len(feeds) != 1 {
		t.Fatalf("the fresh library's feeds: %v", feeds)
	}
	again.Close()
}

// Headlines are Articles without their text, in the same order.
func TestHeadlinesMatchArticles(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/h", item{guid: "1", title: "One, with a comma", body: "Text one."}, item{guid: "2", title: "Two", body: "Text two."})
	l := openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/h", Name: "Heads"}); err != nil {
		t.Fatal(err)
	}
	full, _ := l.Articles(ctx)
	heads, err := l.Headlines(ctx)
	if err != nil || len(heads) != len(full) {
		t.Fatalf("%d headlines, %d articles, %v", len(heads), len(full), err)
	}
	for i := range full {
		h, a := heads[i], full[i]
		if h.ID != a.ID || h.Title != a.Title || h.Feed != "Heads" || h.Feed != a.Feed || h.Words != a.Words || !h.Added.Equal(a.Added) || !h.Published.Equal(a.Published) || h.Source != a.Source {
			t.Fatalf("headline %d = %+v, article %+v", i, h, a)
		}
	}
}

// The first headlines are the first of Headlines, in the same order,
// whatever the mix of articles dated by their source and by their
// arrival, and ties broken by the order they arrived in.
func TestFirstHeadlines(t *testing.T) {
	l := openTemp(t)
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var arts []store.Article
	for i := range 40 {
		a := store.Article{Key: fmt.Sprint("k", i), Title: fmt.Sprintf("Headline %d", i), Body: fmt.Sprintf("Text %d.", i)}
		switch i % 4 {
		case 0: // no date: listed by when it was added
		case 1:
			a.Published = base.Add(time.Duration(i) * time.Hour)
		case 2:
			a.Published = base.Add(-time.Duration(i) * time.Hour)
		case 3:
			a.Published = base // ties: in the order they arrived
		}
		arts = append(arts, a)
	}
	keepFeed(t, l, arts)
	all, err := l.Headlines(ctx)
	if err != nil || len(all) != len(arts) {
		t.Fatalf("%d headlines, %v", len(all), err)
	}
	for _, n := range []int{0, 1, 7, 39, 40, 100} {
		first, err := l.FirstHeadlines(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		want := all[:min(n, len(all))]
		if len(first) != len(want) {
			t.Fatalf("FirstHeadlines(%d): %d headlines", n, len(first))
		}
		for i := range want {
			if !reflect.DeepEqual(first[i], want[i]) {
				t.Fatalf("FirstHeadlines(%d)[%d] = %+v, Headlines has %+v", n, i, first[i], want[i])
			}
		}
	}
}

// Every headline is read in parts of the list, split by date: none is
// lost or read twice where a part ends, on a date some articles share,
// and the parts come in list order.
func TestHeadlinesInParts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // two parts
	l := openTemp(t)
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var arts []store.Article
	for i := range 45 {
		// Dated base to base+8h: the parts meet at base+4h, which five
		// articles share.
		arts = append(arts, store.Article{Key: fmt.Sprint("k", i), Title: fmt.Sprintf("Headline %d", i),
			Body: fmt.Sprintf("Text %d.", i), Published: base.Add(time.Duration(i%9) * time.Hour)})
	}
	keepFeed(t, l, arts)
	heads, err := l.Headlines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	full, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(heads) != len(full) || len(full) != len(arts) {
		t.Fatalf("%d headlines, %d articles, %d kept", len(heads), len(full), len(arts))
	}
	for i := range full {
		if heads[i].ID != full[i].ID {
			t.Fatalf("headline %d is %s, the library's article %d is %s", i, heads[i].ID, i, full[i].ID)
		}
	}
}

// One article whose stored fields hold the separator Headlines reads
// them with costs no headline: the list still opens, every row there,
// each field whole as Articles gives it (the store sanitises both alike).
func TestHeadlinesOfUncleanText(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/h", item{guid: "1", title: "One", body: "Text one."}, item{guid: "2", title: "Two", body: "Text two."})
	l := openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/h", Name: "Heads"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.Exec(`UPDATE articles SET section = 'a' || char(31) || 'b', title = title || char(31) || 'x'`); err != nil {
		t.Fatal(err)
	}
	heads, err := l.Headlines(ctx)
	if err != nil || len(heads) != 2 {
		t.Fatalf("%d headlines, %v", len(heads), err)
	}
	full, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range heads {
		if h.Section != "a\x1fb" || !strings.HasSuffix(h.Title, "\x1fx") || h.Title != full[i].Title || h.Source != full[i].Source {
			t.Fatalf("headline %+v, article %+v", h, full[i])
		}
	}
}

// A folder of feeds is named after the folder, not after its first feed,
// and keeps the name through updates.
func TestFolderSubscription(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Reading")
	os.Mkdir(dir, 0o700)
	for i, title := range []string{"First Feed", "Second Feed"} {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.xml", i)), []byte(fmt.Sprintf(
			`<rss version="2.0"><channel><title>%s</title><item><guid>%d</guid><title>Item %d</title><description>Text %d.</description></item></channel></rss>`,
			title, i, i, i)), 0o600)
	}
	l := openTemp(t)
	out, err := l.Add(ctx, loader(), Subscription{URL: dir})
	if err != nil || out.Feed.Name != "Reading" || out.Added != 2 {
		t.Fatalf("add a folder: %+v, %v", out, err)
	}
	feeds, _ := l.Feeds(ctx)
	l.Update(ctx, loader(), feeds, nil)
	if feeds, _ = l.Feeds(ctx); feeds[0].Name != "Reading" || feeds[0].Articles != 2 {
		t.Fatalf("after update: %+v", feeds[0])
	}
}

// Closing a library twice (a caller's deferred Close after its own) is
// no panic, and says the same the second time.
func TestCloseTwice(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	first := l.Close()
	if second := l.Close(); second != first {
		t.Fatalf("closed twice: %v, then %v", first, second)
	}
}

// libraryAt makes a library file as schema v left it, with one feed, and
// gives the transaction that writes the rest of it; the test commits it
// and closes db before opening path.
func libraryAt(t *testing.T, v int) (path string, db *sql.DB, tx *sql.Tx) {
	t.Helper()
	path = filepath.Join(t.TempDir(), FileName)
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	tx, err = db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:v] {
		if err := m(tx); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		fmt.Sprintf(`PRAGMA user_version = %d`, v),
		`INSERT INTO feeds (id, url, name, added) VALUES (1, 'https://example.com/f', 'F', 1)`,
	} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return path, db, tx
}
