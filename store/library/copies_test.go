package library

import (
	"strings"
	"testing"
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
