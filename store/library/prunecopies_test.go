package library

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Prune counts articles, not rows: the same item in a feed and its
// mirror is one article, pruned once. An article whose copy in one feed
// is older than the cut and in another newer (the feeds date it apart)
// stays, and is not counted.
func TestPruneCountsArticles(t *testing.T) {
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rss := func(title string, items ...[3]string) string {
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>`, title)
		for _, it := range items {
			fmt.Fprintf(&b, `<item><guid>%s</guid><title>%s</title><description>The text of %s, the same wherever it is carried.</description><pubDate>%s</pubDate></item>`,
				it[0], it[1], it[1], it[2])
		}
		b.WriteString(`</channel></rss>`)
		return b.String()
	}
	date := func(t time.Time) string { return t.Format(time.RFC1123Z) }
	a := [3]string{"a", "Same story", date(old)}
	b := [3]string{"b", "Second story", date(old)}
	c := [3]string{"c", "Only here", date(old)}
	srv := newSwapServer(t)
	srv.put("/feed", "application/rss+xml", rss("Feed", a, b, c))
	srv.put("/mirror", "application/rss+xml", rss("Mirror", a, b))
	late := b
	late[2] = date(old.AddDate(0, 2, 0))
	srv.put("/late", "application/rss+xml", rss("Late", late))
	l := openTemp(t)
	for _, p := range []string{"/feed", "/mirror", "/late"} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: srv.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := l.Prune(ctx, old.AddDate(0, 1, 0))
	if err != nil || n != 2 {
		t.Fatalf("prune: %d, %v; want 2 (Same story and Only here, once each)", n, err)
	}
	if m := byTitle(t, l); len(m) != 1 || m["Second story"].ID == "" {
		t.Fatalf("after prune: %v, want Second story alone", m)
	}
}
