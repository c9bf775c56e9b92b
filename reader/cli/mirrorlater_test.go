package cli

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store/library"
)

// undatedServer serves /a.xml and /b.xml, feeds of undated items (as
// many feeds and every folder give them) whose guids and titles are
// items[name]; items may change between fetches (set).
func undatedServer(t *testing.T, items map[string][]string) (srv *httptest.Server, set func(name string, guids ...string)) {
	t.Helper()
	var mu sync.Mutex
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		guids := items[strings.TrimPrefix(r.URL.Path, "/")]
		mu.Unlock()
		if guids == nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Lake News</title>`)
		for _, g := range guids {
			fmt.Fprintf(w, `<item><guid>%s</guid><title>%s by the lake</title><description>Words of the %s story alone, told once by the lake and nowhere else.</description></item>`, g, g, g)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv, func(name string, guids ...string) {
		mu.Lock()
		defer mu.Unlock()
		items[name] = guids
	}
}

// arrivedEarlier moves every article's arrival back an hour, as if the
// library had them from an hour ago: a copy added now is an hour newer.
func arrivedEarlier(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE articles SET added = added - 3600`); err != nil {
		t.Fatal(err)
	}
}

// A feed subscribed elsewhere while the reader is open, carrying the
// undated items the reader shows (a mirror), brings copies of articles
// the library has: the open reader's next snapshot keeps the articles it
// showed, by the IDs and feed it showed them with, with their marks and
// their arrival (nothing new, nothing gone), not the newcomer's copies
// unread, new, and the article being read "removed elsewhere". The same
// when an update (R) brings the copy of one more.
func TestMirrorAddedWhileReadingKeepsTheArticles(t *testing.T) {
	path := freshLibrary(t)
	srv, set := undatedServer(t, map[string][]string{
		"a.xml": {"eagle", "hail", "council"},
		"b.xml": {"eagle", "hail"},
	})
	o, r, lib := readerOn(t, srv.URL+"/a.xml")
	arrivedEarlier(t, path)
	ctx := context.Background()
	arts, err := lib.Articles(ctx)
	if err != nil || len(arts) != 3 {
		t.Fatalf("%d articles: %v", len(arts), err)
	}
	d, err := lib.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o.lib.read(d) // the snapshot shown is of these articles
	shown := map[string]string{}
	for _, a := range arts {
		shown[a.ID] = a.Title
	}
	eagle := arts[0]
	r.SetMark(eagle.ID, reader.Mark{}, reader.Mark{Read: true})

	same := func(what string, src reader.Source) {
		t.Helper()
		for id, title := range shown {
			a, ok := src.Get(id)
			if !ok {
				t.Errorf("%s: %s (%q), shown before, is not in the snapshot", what, id, title)
				continue
			}
			if a.Feed != "Lake News" || a.Added.After(eagle.Added) {
				t.Errorf("%s: %s is now of feed %q, added %v (was Lake News, %v)", what, id, a.Feed, a.Added, eagle.Added)
			}
		}
		if n := len(src.List()); n != len(shown) {
			t.Errorf("%s: %d articles, want the %d shown", what, n, len(shown))
		}
	}

	if _, errs, code := lede(t, "add", srv.URL+"/b.xml", "--name", "Mirror"); code != 0 {
		t.Fatal(errs)
	}
	c, err := r.changes(ctx)
	if err != nil || c.Src == nil {
		t.Fatalf("no snapshot after the mirror came (%v)", err)
	}
	same("mirror added", c.Src)
	if m, ok := c.Marks[eagle.ID]; ok && !m.Read {
		t.Errorf("%s read here: the look gives it %+v", eagle.ID, m)
	}

	// The mirror gains an item the reader has: R brings its copy.
	set("b.xml", "eagle", "hail", "council")
	snap, _, err := r.Update(ctx)
	if err != nil || snap.Src == nil {
		t.Fatalf("no snapshot after the update (%v)", err)
	}
	same("update", snap.Src)
	for _, e := range listJSON(t) {
		if _, ok := shown[e.ID]; !ok || e.Feed != "Lake News" {
			t.Errorf("lede list: %s of feed %q, not an ID shown before", e.ID, e.Feed)
		}
	}
}

// A mirror that dates the same item later brings a copy the store keeps
// in the place of the one shown (the newest first): the reader's next
// look gives it the state the copies share, read where the one shown
// was read, not unread.
func TestLaterDatedMirrorKeepsTheMarks(t *testing.T) {
	freshLibrary(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		date := map[string]string{"/a.xml": "Mon, 30 Nov 2026 08:00:00 GMT", "/b.xml": "Mon, 30 Nov 2026 09:00:00 GMT"}[r.URL.Path]
		if date == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Lake News</title>
<item><guid>eagle</guid><pubDate>%s</pubDate><title>Eagle returns to the lake</title><description>A bald eagle came back to the lake after two years away.</description></item>
</channel></rss>`, date)
	}))
	t.Cleanup(srv.Close)
	o, r, lib := readerOn(t, srv.URL+"/a.xml")
	ctx := context.Background()
	arts, err := lib.Articles(ctx)
	if err != nil || len(arts) != 1 {
		t.Fatalf("%d articles: %v", len(arts), err)
	}
	d, err := lib.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o.lib.read(d)
	// Read long before (a look reads the marks of the last minutes).
	db, err := sql.Open("sqlite", library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO state (id, read, saved, position, changed) VALUES (?, 1, 0, 0, 0)`, arts[0].ID); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, errs, code := lede(t, "add", srv.URL+"/b.xml", "--name", "Mirror"); code != 0 {
		t.Fatal(errs)
	}
	c, err := r.changes(ctx)
	if err != nil || c.Src == nil {
		t.Fatalf("no snapshot after the mirror came (%v)", err)
	}
	list := c.Src.List()
	if len(list) != 1 {
		t.Fatalf("%d articles in the snapshot, want the one", len(list))
	}
	kept := list[0].ID
	if kept == arts[0].ID {
		t.Skip("the store kept the copy shown: nothing to share")
	}
	fctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err = r.Follow(fctx)
	if err != nil || !c.Marks[kept].Read || !c.Shared {
		t.Fatalf("the copy kept in the place of the one read: %+v (%v), want it read, shared", c.Marks[kept], err)
	}
}
