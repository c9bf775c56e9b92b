package library

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// titled is a one-item RSS feed with the title given.
func titled(title, guid string) string {
	return fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>
<item><guid>%s</guid><title>Item %s</title><description>The story of item %s, told once.</description></item>
</channel></rss>`, title, guid, guid, guid)
}

func feedNames(t *testing.T, l *Library) map[string]string {
	t.Helper()
	feeds, err := l.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, f := range feeds {
		names[f.URL] = f.Name
	}
	return names
}

// Two feeds the person did not name, with one title (two sections of a
// site, a mirror): the second is "X (2)", and stays so at every update
// that sends the feed again, instead of counting its own name as taken
// and flipping between (2) and (3). A real change of title renames it.
func TestSameTitleNameIsStable(t *testing.T) {
	l := openTemp(t)
	srv := newSwapServer(t)
	srv.put("/a.xml", "application/rss+xml", titled("My Feed", "a1"))
	srv.put("/b.xml", "application/rss+xml", titled("My Feed", "b1"))
	a, b := srv.URL+"/a.xml", srv.URL+"/b.xml"
	for _, u := range []string{a, b} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: u}); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{a: "My Feed", b: "My Feed (2)"}
	check := func(when string) {
		t.Helper()
		got := feedNames(t, l)
		for u, n := range want {
			if got[u] != n {
				t.Fatalf("%s: %s is named %q, want %q", when, u, got[u], n)
			}
		}
	}
	check("added")
	for i := range 3 {
		feeds, err := l.Subscriptions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range l.Update(ctx, loader(), feeds, nil) {
			if o.Err != nil {
				t.Fatal(o.Err)
			}
		}
		check(fmt.Sprintf("update %d", i+1))
	}

	// The second feed's title really changes: it takes the new one.
	srv.put("/b.xml", "application/rss+xml", titled("Other Feed", "b1"))
	feeds, _ := l.Subscriptions(ctx)
	l.Update(ctx, loader(), feeds, nil)
	want[b] = "Other Feed"
	check("retitled")
	// And back: "My Feed" is the first feed's, so (2) again.
	srv.put("/b.xml", "application/rss+xml", titled("My Feed", "b1"))
	feeds, _ = l.Subscriptions(ctx)
	l.Update(ctx, loader(), feeds, nil)
	want[b] = "My Feed (2)"
	check("titled back")
}

func TestNameFor(t *testing.T) {
	for _, c := range []struct {
		name, title string
		want        bool
	}{
		{"My Feed", "My Feed", true},
		{"my feed", "My Feed", true},
		{"My Feed (2)", "My Feed", true},
		{"MY FEED (12)", "My Feed", true},
		{"My Feed (0)", "My Feed", false},
		{"My Feed ()", "My Feed", false},
		{"My Feed2)", "My Feed", false},
		{"My Feed (2", "My Feed", false},
		{"My Feed (x)", "My Feed", false},
		{"My Feeds (2)", "My Feed", false},
		{"Other (2)", "My Feed", false},
		{"My", "My Feed", false},
	} {
		if got := store.NamedAfter(c.name, c.title); got != c.want {
			t.Errorf("NamedAfter(%q, %q) = %v, want %v", c.name, c.title, got, c.want)
		}
	}
}

// A removal counts the saved articles it keeps, so that lede remove says
// "saved kept" only where some were, and how many.
func TestRemovalCountsSaved(t *testing.T) {
	l := openTemp(t)
	fs := newFeedServer(t)
	fs.set("/a", item{guid: "1", title: "One", body: "The first text."}, item{guid: "2", title: "Two", body: "The second text."}, item{guid: "3", title: "Three", body: "The third text."})
	fs.set("/b", item{guid: "1", title: "Alone", body: "A text of its own."})
	for _, p := range []string{"/a", "/b"} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	m := byTitle(t, l)
	if err := l.Apply(ctx, []Change{{ID: m["Two"].ID, Mark: MarkSaved}, {ID: m["Three"].ID, Mark: MarkSaved}, {ID: m["One"].ID, Mark: MarkRead}}); err != nil {
		t.Fatal(err)
	}
	feeds, _ := l.Subscriptions(ctx)
	for _, f := range feeds {
		r, err := l.Unsubscribe(ctx, f)
		want := Removal{Gone: 1, Saved: 2}
		if f.URL == fs.URL+"/b" {
			want = Removal{Gone: 1}
		}
		if err != nil || r != want {
			t.Fatalf("remove %s: %+v, %v; want %+v", f.URL, r, err, want)
		}
	}
}

// A page a --full-text feed cannot fetch is told with its article's
// title and ID, not as a bare "URL: HTTP 404".
func TestFullTextFailureNamesTheArticle(t *testing.T) {
	l := openTemp(t)
	fs := newFeedServer(t)
	fs.set("/ft", item{guid: "1", link: fs.URL + "/missing/1", title: "Lost page story", body: "Only a summary."})
	out, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/ft", FullText: true})
	if err != nil {
		t.Fatal(err)
	}
	id := byTitle(t, l)["Lost page story"].ID
	if len(out.Warnings) != 1 {
		t.Fatalf("warnings %v, want the page that failed", out.Warnings)
	}
	w := out.Warnings[0].Error()
	for _, want := range []string{"“Lost page story”", id, "summary kept", "404"} {
		if !strings.Contains(w, want) {
			t.Errorf("warning %q does not say %q", w, want)
		}
	}
}
