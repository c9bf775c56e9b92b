package library

import (
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// Marks an older lede made through one copy of an article (the same item
// in two feeds) show on every copy; a mark made now is written to both.
func TestCopiesShareState(t *testing.T) {
	l := openTemp(t)
	fs := newFeedServer(t)
	items := []item{{guid: "a", title: "Same story", body: "The same text in two feeds."}, {guid: "b", title: "Other", body: "Only here."}}
	fs.set("/feed", items...)
	fs.set("/mirror", items[0])
	for _, p := range []string{"/feed", "/mirror"} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	heads, err := l.Headlines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var same []string
	for _, h := range heads {
		if h.Title == "Same story" {
			same = append(same, h.ID)
		}
	}
	if len(same) != 2 {
		t.Fatalf("copies %v, want two rows", same)
	}
	// As an older lede wrote it: one copy read and saved, the other not.
	if _, err := l.db.Exec(`INSERT INTO state (id, read, saved, position, changed) VALUES (?, 1, 1, 7, 0)`, same[1]); err != nil {
		t.Fatal(err)
	}
	st, err := l.States(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range same {
		if s := st[id]; !s.Read || !s.Saved || s.Position != 7 {
			t.Errorf("%s: %+v, want the state of its copy", id, s)
		}
	}
	if len(st) != 2 {
		t.Errorf("states of %d articles, want the two copies alone", len(st))
	}
	if err := l.Apply(ctx, []Change{{ID: same[0], Mark: MarkUnread}}); err != nil {
		t.Fatal(err)
	}
	st, _ = l.States(ctx)
	for _, id := range same {
		if st[id].Read {
			t.Errorf("%s read after marking its copy unread", id)
		}
	}
}

// Removing a feed whose items another feed carries changes the library's
// articles (their rows go) but none of those it shows: Changed says so,
// known and empty, not nil (unknown), and the removal counts them as
// carried, not gone.
func TestRemovingACarriedFeed(t *testing.T) {
	l := openTemp(t)
	fs := newFeedServer(t)
	items := []item{{guid: "a", title: "Same story", body: "The same text in two feeds."}, {guid: "b", title: "Other", body: "Only here."}}
	fs.set("/feed", items...)
	fs.set("/mirror", items[0])
	for _, p := range []string{"/feed", "/mirror"} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	feeds, _ := l.Feeds(ctx)
	var mirror Feed
	for _, f := range feeds {
		if strings.HasSuffix(f.URL, "/mirror") {
			mirror = f
		}
	}
	before, _ := l.Digest(ctx)
	r, err := l.Unsubscribe(ctx, mirror)
	if err != nil || r != (Removal{Carried: 1}) {
		t.Fatalf("removal %+v, %v; want the one article carried", r, err)
	}
	after, _ := l.Digest(ctx)
	if after == before {
		t.Fatal("removing rows counted no change")
	}
	changed, err := l.Changed(ctx, before, after)
	if err != nil || changed == nil || len(changed) != 0 {
		t.Fatalf("Changed: %#v, %v; want known and empty", changed, err)
	}
}

// Removing the first-subscribed of two feeds that carry the same items
// keeps the IDs the views showed (its copies', the ones the store kept):
// the copies left take them, with their feed and the group's marks, so
// that a script's IDs keep working, and Changed says nothing the list
// holds changed, known and empty, as for the mirror's removal.
func TestRemovingTheFirstOfTwoMirrorsKeepsIDs(t *testing.T) {
	l := openTemp(t)
	fs := newFeedServer(t)
	items := []item{{guid: "a", title: "Same story", body: "The same text in two feeds."}, {guid: "b", title: "Also here", body: "Another text both carry."}}
	fs.set("/feed", items...)
	fs.set("/mirror", items...)
	var feeds []Feed
	for _, p := range []string{"/feed", "/mirror"} {
		f, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + p})
		if err != nil {
			t.Fatal(err)
		}
		feeds = append(feeds, f.Feed)
	}
	shown := func() map[string]string {
		arts, err := l.Articles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]string{}
		for _, a := range store.Build(arts).List() {
			ids[a.Title] = a.ID
		}
		return ids
	}
	before := shown()
	if len(before) != 2 {
		t.Fatalf("shown %v, want the two articles", before)
	}
	if err := l.Apply(ctx, []Change{{ID: before["Same story"], Mark: MarkSaved}}); err != nil {
		t.Fatal(err)
	}
	d0, _ := l.Digest(ctx)
	r, err := l.Unsubscribe(ctx, feeds[0])
	if err != nil || r != (Removal{Carried: 1, Saved: 1}) {
		t.Fatalf("removal %+v, %v; want the unsaved one carried, the saved one counted as saved", r, err)
	}
	after := shown()
	for title, id := range before {
		if after[title] != id {
			t.Errorf("%s: ID %s after the removal, was %s", title, after[title], id)
		}
	}
	if st, _ := l.States(ctx); !st[before["Same story"]].Saved {
		t.Errorf("the saved article is not saved after the removal")
	}
	d1, _ := l.Digest(ctx)
	changed, err := l.Changed(ctx, d0, d1)
	if err != nil || changed == nil || len(changed) != 0 {
		t.Fatalf("Changed: %#v, %v; want known and empty", changed, err)
	}
	// The mirror's updates find their items in the rows kept.
	left, _ := l.Feeds(ctx)
	for _, o := range l.Update(ctx, loader(), left, nil) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
	}
	if got := shown(); len(got) != 2 || got["Same story"] != before["Same story"] {
		t.Errorf("after the mirror's update: %v", got)
	}
	fl, _ := l.Feeds(ctx)
	if len(fl) != 1 || fl[0].Articles != 2 {
		t.Errorf("feeds %+v, want the mirror with its 2", fl)
	}
}

// The full text fetched through either copy of an article is every
// copy's: the copies stay one article (a fetch through one made its text
// another, and the store showed the article twice).
func TestFetchThroughACopyKeepsOneArticle(t *testing.T) {
	l := openTemp(t)
	fs := newFeedServer(t)
	it := item{guid: "c", link: fs.URL + "/page/c", title: "Court ruling", body: "A summary."}
	fs.set("/feed", it)
	fs.set("/mirror", it)
	for _, p := range []string{"/feed", "/mirror"} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	heads, _ := l.Headlines(ctx)
	if len(heads) != 2 {
		t.Fatalf("%d rows, want a copy in each feed", len(heads))
	}
	if err := l.FetchFullText(ctx, loader(), heads[1].ID); err != nil {
		t.Fatal(err)
	}
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list := store.Build(arts).List()
	if len(list) != 1 || len(list[0].Feeds) != 2 {
		t.Fatalf("%d articles after the fetch, want one of both feeds", len(list))
	}
}
