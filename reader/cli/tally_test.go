package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store/library"
)

// lede feeds closes with the articles in all, as lede list counts them,
// and says why its feeds' counts add up to another number: an article
// two feeds carry counts in each, and an item that is an exact copy of
// another (in its feed or another) is one article with it.
func TestFeedsSayTheCountsApart(t *testing.T) {
	freshLibrary(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		feed := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".xml")
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title>`, feed)
		item := func(guid, title, body string) {
			fmt.Fprintf(w, `<item><guid>%s</guid><title>%s</title><description>%s</description></item>`, guid, title, body)
		}
		for k := range 3 {
			item(fmt.Sprintf("%s-%d", feed, k), fmt.Sprintf("Story %s.%d", feed, k), fmt.Sprintf("Words of %s only, item z%sq%d and more words.", feed, feed, k))
		}
		// The wire story both feeds carry, and A twice (two guids).
		item(feed+"-wire", "Wire story", "The same wire text in every feed that carries it.")
		if feed == "a" {
			item("a-wire-again", "Wire story", "The same wire text in every feed that carries it.")
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	lede(t, "add", srv.URL+"/a.xml")
	lede(t, "add", srv.URL+"/b.xml")
	list, _, _ := lede(t, "list")
	if n := strings.Count(list, "\n"); n != 7 {
		t.Fatalf("list: %d articles, want 7 (3 + 3 + the wire story):\n%s", n, list)
	}
	out, errs, code := lede(t, "feeds")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	last := lines[len(lines)-1]
	if code != 0 || strings.Count(out, "4 articles, 4 unread") != 2 {
		t.Fatalf("feeds: each counts its 3 and the wire story once: %d %q\n%s", code, errs, out)
	}
	want := "2 feeds, 7 articles in all (9 items fetched: 2 were exact copies of others and count once here; an article two feeds carry counts in each feed above)"
	if last != want {
		t.Errorf("feeds' last line:\n%s\nwant\n%s", last, want)
	}
}

// One copy is told in the singular.
func TestTallyOneCopy(t *testing.T) {
	got := tallyLine([]library.Feed{{Articles: 3}}, library.Tally{Articles: 3, Items: 4})
	if want := "1 feed, 3 articles in all (4 items fetched: 1 was an exact copy of another and counts once here)"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
