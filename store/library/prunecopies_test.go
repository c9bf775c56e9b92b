package library

import (
	"testing"
	"time"
)

// Prune counts articles, not rows: the same item in a feed and its
// mirror is one article, pruned once; an item two guids of one feed
// carry, once too. An article whose copy in one feed is older than the
// cut and in the other newer stays, and is not counted.
func TestPruneCountsArticles(t *testing.T) {
	fs := newFeedServer(t)
	items := []item{
		{guid: "a", title: "Same story", body: "The same text in a feed and its mirror."},
		{guid: "b", title: "Second story", body: "Another text both feeds carry."},
		{guid: "c", title: "Only here", body: "A text the feed alone carries."},
	}
	fs.set("/feed", items...)
	fs.set("/mirror", items[:2]...)
	l := openTemp(t)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	nowMu.Lock()
	nowFn = func() time.Time { return at }
	nowMu.Unlock()
	defer func() { nowMu.Lock(); nowFn = time.Now; nowMu.Unlock() }()
	for _, p := range []string{"/feed", "/mirror"} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	// A third feed brings "Second story" a month later: its copy there
	// is newer than the cut, so the article stays.
	fs.set("/late", items[1])
	nowMu.Lock()
	nowFn = func() time.Time { return at.AddDate(0, 2, 0) }
	nowMu.Unlock()
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/late"}); err != nil {
		t.Fatal(err)
	}
	n, err := l.Prune(ctx, at.AddDate(0, 1, 0))
	if err != nil || n != 2 {
		t.Fatalf("prune: %d, %v; want 2 (Same story and Only here, once each)", n, err)
	}
	if m := byTitle(t, l); len(m) != 1 || m["Second story"].ID == "" {
		t.Fatalf("after prune: %v, want Second story alone", m)
	}
}
