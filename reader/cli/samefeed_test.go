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
)

// mineServer serves /mine.xml, a feed whose items are set by set: each
// item is a guid and a title, its text made of the title.
type mineServer struct {
	mu    sync.Mutex
	items [][2]string
	srv   *httptest.Server
}

func newMineServer(t *testing.T, items ...[2]string) *mineServer {
	m := &mineServer{items: items}
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		defer m.mu.Unlock()
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Mine</title><link>http://example.com/</link>`)
		for k, it := range m.items {
			fmt.Fprintf(&b, `<item><title>%s</title><guid isPermaLink="false">%s</guid><link>http://example.com/%d</link><pubDate>Mon, 0%d Nov 2026 10:00:00 GMT</pubDate><description>%s: the miners went down at dawn and came up with the story of the seam, told in full for %s.</description></item>`,
				it[1], it[0], k, k+1, it[1], it[1])
		}
		b.WriteString(`</channel></rss>`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(b.String()))
	}))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *mineServer) set(items ...[2]string) {
	m.mu.Lock()
	m.items = items
	m.mu.Unlock()
}

// rowIDs gives the library's rows of title, in the order they came.
func rowIDs(t *testing.T, path, title string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(context.Background(), `SELECT id FROM articles WHERE title = ? ORDER BY rowid`, title)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}

// The same item twice in one feed (its publisher changed the guid
// scheme) is one article, as the same item in two feeds is: a mark made
// through either row's ID is the article's, and the feed's counts and
// the remove's are in articles.
func TestSameItemTwiceInOneFeed(t *testing.T) {
	path := freshLibrary(t)
	m := newMineServer(t, [2]string{"mine-91390-First-Mine-Story", "First Mine Story"})
	if _, errs, code := lede(t, "add", m.srv.URL+"/mine.xml"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	m.set([2]string{"mine-First-Mine-Story", "First Mine Story"},
		[2]string{"mine-Second", "Second Mine Story"},
		[2]string{"mine-Third", "Third Mine Story"})
	if _, errs, code := lede(t, "update"); code != 0 {
		t.Fatalf("update: %d %s", code, errs)
	}
	ids := rowIDs(t, path, "First Mine Story")
	if len(ids) != 2 {
		t.Fatalf("rows of First Mine Story: %v, want the two guids'", ids)
	}
	if got := listJSON(t, "--feed", "Mine"); len(got) != 3 {
		t.Fatalf("list --feed Mine: %d articles, want 3", len(got))
	}
	if out, _, _ := lede(t, "feeds"); !strings.Contains(out, "3 articles, 3 unread") {
		t.Errorf("feeds:\n%s\nwant 3 articles, 3 unread, as the list has them", out)
	}
	// Through the second row's ID, which no view shows.
	if out, errs, code := lede(t, "mark", "saved", ids[1]); code != 0 || out != "marked 1 article saved\n" {
		t.Fatalf("mark saved %s: %d %q %s", ids[1], code, out, errs)
	}
	if got := listJSON(t, "--saved"); len(got) != 1 {
		t.Fatalf("list --saved: %d articles, want the one saved through its second row", len(got))
	}
	lede(t, "mark", "read", ids[1])
	if out, _, _ := lede(t, "feeds"); !strings.Contains(out, "3 articles, 2 unread") {
		t.Errorf("feeds after marking one read:\n%s\nwant 3 articles, 2 unread", out)
	}
	if got := listJSON(t, "--unread"); len(got) != 2 {
		t.Errorf("list --unread: %d, want 2", len(got))
	}
	// Unsaved through the first row: the article goes with its feed,
	// counted once.
	lede(t, "mark", "unsaved", ids[0])
	if got := listJSON(t, "--saved"); len(got) != 0 {
		t.Fatalf("list --saved after unsaving through the first row: %d, want 0", len(got))
	}
	// mark --all counts articles, as the list does, and what it changed:
	// the feed's four rows are three articles, one of them read already;
	// marking again changes none.
	for _, step := range []struct{ args, want string }{
		{"mark read --all --feed Mine", "marked 2 articles read (1 was already)\n"},
		{"mark read --all --feed Mine", "marked 0 articles read (3 were already)\n"},
		{"mark unread --all", "marked 3 articles unread\n"},
	} {
		if out, errs, code := lede(t, strings.Fields(step.args)...); code != 0 || out != step.want {
			t.Errorf("%s: %d %q %s; want %q", step.args, code, out, errs, step.want)
		}
	}
	out, errs, code := lede(t, "remove", "Mine")
	if code != 0 || out != "removed Mine (3 articles)\n" {
		t.Fatalf("remove Mine: %d %q %s", code, out, errs)
	}
}
