package library

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// harbour is an RSS feed titled title with items from to n-1, each its
// own story.
func harbour(title string, from, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>`, title)
	for i := from; i < n; i++ {
		fmt.Fprintf(&b, `<item><guid>tide-%d</guid><title>Tide report %d</title><description>The quay flooded for the %d time this spring, and the harbour master closed it.</description></item>`, i, i, i+1)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func feedByURLIn(t *testing.T, l *Library, u string) Feed {
	t.Helper()
	feeds, err := l.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range feeds {
		if f.URL == u {
			return f
		}
	}
	t.Fatalf("%s is not subscribed", u)
	return Feed{}
}

func updateAll(t *testing.T, l *Library) {
	t.Helper()
	feeds, err := l.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range l.Update(ctx, loader(), feeds, nil) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
	}
}

// A feed renamed keeps its own title, which each update sets as the
// feed gives it: the name stays the person's, and the feed's items are
// named by it (Shown), the new ones too after the feed changed its
// title, which a guess from the items' sources (most of them the old
// title, the items it gave before) got wrong. Named back with an empty name, the feed takes its
// title again, and follows it.
func TestTitleKeptThroughARename(t *testing.T) {
	l := openTemp(t)
	srv := newSwapServer(t)
	srv.put("/f.xml", "application/rss+xml", harbour("Harbour Times", 0, 3))
	u := srv.URL + "/f.xml"
	if _, err := l.Add(ctx, loader(), Subscription{URL: u}); err != nil {
		t.Fatal(err)
	}
	f := feedByURLIn(t, l, u)
	if f.Name != "Harbour Times" || f.Title != "Harbour Times" {
		t.Fatalf("added: name %q, title %q", f.Name, f.Title)
	}
	f, err := l.Rename(ctx, f, "Quay news")
	if err != nil || f.Name != "Quay news" || f.Title != "Harbour Times" {
		t.Fatalf("renamed: %+v %v", f, err)
	}
	srv.put("/f.xml", "application/rss+xml", harbour("The Harbour Times", 3, 4))
	updateAll(t, l)
	f = feedByURLIn(t, l, u)
	if f.Name != "Quay news" || f.Title != "The Harbour Times" {
		t.Fatalf("updated after the rename: name %q, title %q", f.Name, f.Title)
	}
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		own := a.Source == "The Harbour Times"
		if a.Feed != "Quay news" || a.FeedsOwn != own {
			t.Errorf("%q (source %q): feed %q, its own %v, want %v", a.Title, a.Source, a.Feed, a.FeedsOwn, own)
		}
		if own && a.Shown() != "Quay news" {
			t.Errorf("%q is shown as from %q, want the name given", a.Title, a.Shown())
		}
	}
	if _, err := l.Rename(ctx, f, ""); err != nil {
		t.Fatal(err)
	}
	srv.put("/f.xml", "application/rss+xml", harbour("Harbour Daily", 3, 4))
	updateAll(t, l)
	if f = feedByURLIn(t, l, u); f.Name != "Harbour Daily" || f.Title != "Harbour Daily" {
		t.Fatalf("named back, then updated: name %q, title %q", f.Name, f.Title)
	}
}

// A name another feed has is refused, case aside; a feed may take its
// own name in another case.
func TestRenameToATakenName(t *testing.T) {
	l := openTemp(t)
	subs, _, err := l.Subscribe(ctx, []Subscription{{URL: "https://a.example/f", Name: "Alpha"}, {URL: "https://b.example/f", Name: "Beta"}})
	if err != nil || len(subs) != 2 {
		t.Fatalf("subscribe: %v", err)
	}
	if _, err := l.Rename(ctx, subs[1], "alpha"); err == nil || !strings.Contains(err.Error(), ErrNameTaken.Error()) {
		t.Fatalf("renamed to another feed's name: %v", err)
	}
	if f, err := l.Rename(ctx, subs[0], "ALPHA"); err != nil || f.Name != "ALPHA" {
		t.Fatalf("renamed to its own name in capitals: %+v %v", f, err)
	}
}

// An aggregator's items each name their outlet: the feed has no title of
// its own to keep, and is named by its address, not by its first outlet.
func TestAggregatorHasNoOwnTitle(t *testing.T) {
	l := openTemp(t)
	srv := newSwapServer(t)
	srv.put("/news.xml", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Digest</title>
<item><guid>1</guid><title>Rain at last</title><description>Farmers cheered.</description><source url="https://a.example/">Alpha Post</source></item>
<item><guid>2</guid><title>Dry again</title><description>Farmers sighed.</description><source url="https://b.example/">Beta Daily</source></item>
</channel></rss>`)
	u := srv.URL + "/news.xml"
	if _, err := l.Add(ctx, loader(), Subscription{URL: u}); err != nil {
		t.Fatal(err)
	}
	updateAll(t, l)
	if f := feedByURLIn(t, l, u); f.Title != "" || f.Name == "Alpha Post" {
		t.Fatalf("an aggregator: name %q, title %q", f.Name, f.Title)
	}
}

// Two items of a renamed feed are two stories, as the feed gave them,
// however alike their headlines (store's twoItems): the library says
// they are its own by the title it keeps, not by the feed's name, which
// is the person's. The same items are one story by their words (store's
// TestFeedItemsAreNotVersions).
func TestStoryAcrossARenamedFeed(t *testing.T) {
	b, err := os.ReadFile("../../../shared/corpora/feeds/feedjira__InvalidDateFormat.xml")
	if err != nil {
		t.Skip("no shared corpora:", err)
	}
	l := openTemp(t)
	srv := newSwapServer(t)
	srv.put("/dates.xml", "application/rss+xml", string(b))
	u := srv.URL + "/dates.xml"
	if _, err := l.Add(ctx, loader(), Subscription{URL: u}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Rename(ctx, feedByURLIn(t, l, u), "Dates I follow"); err != nil {
		t.Fatal(err)
	}
	updateAll(t, l)
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 || arts[0].Feed != "Dates I follow" || arts[0].Source == arts[0].Feed {
		t.Fatalf("%d articles, the first of feed %q, source %q", len(arts), arts[0].Feed, arts[0].Source)
	}
	if n := len(store.Build(arts).Stories()); n != 2 {
		t.Errorf("the renamed feed's two items are %d stories, want 2", n)
	}
}

// TestMigrateFrom9: each feed not named by its person takes as its title
// the name it was given from it, where its items carry it: the name, or
// the title it numbered ("G (2)"); a named feed, and one whose items
// carry another source (a folder's, a feed never updated), have none
// until an update tells it. A named feed's items are still its own by
// a guess from their sources until then.
func TestMigrateFrom9(t *testing.T) {
	path, db, tx := libraryAt(t, 9)
	for _, q := range []string{
		`INSERT INTO feeds (id, url, name, named, added) VALUES
			(2, 'https://g.example/f', 'G (2)', 0, 1), (3, 'https://m.example/f', 'Mine', 1, 1),
			(4, '/home/x/notes', 'notes', 0, 1), (5, 'https://e.example/f', 'e.example', 0, 1)`,
		`INSERT INTO articles (id, feed_id, key, title, source, added, body) VALUES
			('f-1', 1, 'guid:f1', 'F one', 'F', 1, 'Body.'),
			('g-1', 2, 'guid:g1', 'G one', 'G', 1, 'Body.'),
			('m-1', 3, 'guid:m1', 'M one', 'Theirs', 1, 'Body.'), ('m-2', 3, 'guid:m2', 'M two', 'Theirs', 1, 'Body.'),
			('n-1', 4, 'guid:n1', 'A note', 'A note', 1, 'Body.')`,
	} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if v, _ := userVersion(l.db); v != SchemaVersion || SchemaVersion < 10 {
		t.Fatalf("schema %d after migrating, want %d", v, SchemaVersion)
	}
	want := map[string]string{"F": "F", "G (2)": "G", "Mine": "", "notes": "", "e.example": ""}
	feeds, err := l.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range feeds {
		if f.Title != want[f.Name] {
			t.Errorf("%s: title %q after migrating, want %q", f.Name, f.Title, want[f.Name])
		}
	}
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.Feed == "Mine" && (!a.FeedsOwn || a.Shown() != "Mine") {
			t.Errorf("%q of the named feed: its own %v, shown as %q", a.Title, a.FeedsOwn, a.Shown())
		}
	}
}

// The OPML export keeps both, as OPML has them: text the name a person
// calls the feed by, title the feed's own; imported back, the feed is
// named as it was, and has its title.
func TestExportKeepsTheTitleApart(t *testing.T) {
	l := openTemp(t)
	srv := newSwapServer(t)
	srv.put("/f.xml", "application/rss+xml", harbour("Harbour Times", 0, 1))
	u := srv.URL + "/f.xml"
	if _, err := l.Add(ctx, loader(), Subscription{URL: u}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Rename(ctx, feedByURLIn(t, l, u), "Quay news"); err != nil {
		t.Fatal(err)
	}
	feeds, err := l.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := WriteOPML(&out, feeds); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `text="Quay news" title="Harbour Times"`) {
		t.Fatalf("the export:\n%s", out.String())
	}
	back, _, err := ReadSubscriptions(&out)
	if err != nil || len(back) != 1 || back[0].Name != "Quay news" {
		t.Fatalf("imported back: %+v %v", back, err)
	}
	// Into another library: the title is kept until an update tells it.
	other := openTemp(t)
	if _, _, err := other.Subscribe(ctx, back); err != nil {
		t.Fatal(err)
	}
	if f := feedByURLIn(t, other, u); f.Name != "Quay news" || f.Title != "Harbour Times" {
		t.Fatalf("imported: name %q, title %q", f.Name, f.Title)
	}
}

// Retag adds the tags a feed lacks and drops those asked, the rest in
// their order; a tag is sanitised as a subscription's.
func TestRetag(t *testing.T) {
	l := openTemp(t)
	subs, _, err := l.Subscribe(ctx, []Subscription{{URL: "https://a.example/f", Tags: []string{"news", "daily", "world"}}})
	if err != nil || len(subs) != 1 {
		t.Fatalf("subscribe: %v", err)
	}
	f, err := l.Retag(ctx, subs[0], []string{"mac", "news", "bad\x1b[2Jtag"}, []string{"daily"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"news", "world", "mac", "badtag"}
	if got := feedByURLIn(t, l, subs[0].URL).Tags; !slices.Equal(got, want) || !slices.Equal(f.Tags, want) {
		t.Fatalf("tags %q (returned %q), want %q", got, f.Tags, want)
	}
}
