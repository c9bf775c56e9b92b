package library

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A saved article whose text cannot be read from a damaged library is
// not told as a mark the user has (lede list --saved would show
// nothing): the line says its text was lost and its mark kept, and it
// is saved again when its feed brings it back.
func TestSalvageTellsOfSavedTextLost(t *testing.T) {
	dir := t.TempDir()
	feed := filepath.Join(dir, "feed.xml")
	var items strings.Builder
	for k := range 3 {
		fmt.Fprintf(&items, `<item><guid>g%d</guid><title>Item number %d</title><description>Text of item %d, w%dq%d.</description></item>`, k, k, k, k, k)
	}
	os.WriteFile(feed, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>`+items.String()+`</channel></rss>`), 0o600)
	damaged := filepath.Join(dir, "old", FileName)
	os.MkdirAll(filepath.Dir(damaged), 0o700)
	l, err := Open(damaged)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Add(ctx, loader(), Subscription{URL: feed}); err != nil {
		t.Fatal(err)
	}
	heads, err := l.Headlines(ctx)
	if err != nil || len(heads) != 3 {
		t.Fatalf("%d headlines, %v", len(heads), err)
	}
	saved, read := heads[0].ID, heads[1].ID
	if err := l.Apply(ctx, []Change{{ID: saved, Mark: MarkSaved}, {ID: read, Mark: MarkRead}}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	// The saved article's row cannot be read: reading its body fails
	// (an integer overflow, as a damaged page's error would).
	db, err := sql.Open("sqlite", damaged)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`PRAGMA legacy_alter_table = ON`,
		`ALTER TABLE articles RENAME TO articles_kept`,
		`CREATE VIEW articles AS SELECT id, feed_id, key, title, section, source, links, words, published, added,
			CASE WHEN id = '` + saved + `' THEN abs(-9223372036854775807 - 1) ELSE body END AS body, full_text FROM articles_kept`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	fresh, err := Open(filepath.Join(dir, "new", FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	line := recovered(fresh.db, "library.db", "damaged", damaged)
	want := "a fresh library started with what could be read of it: 1 feed and 1 mark (lede update fetches the feeds' articles again); the text of 1 saved article could not be read: its mark is kept, and it is saved again if its feed still carries it"
	if !strings.Contains(line, want) {
		t.Fatalf("Recovered:\n%s\nwant in it\n%s", line, want)
	}
	states, _ := fresh.States(ctx)
	if !states[saved].Saved || !states[read].Read {
		t.Fatalf("marks not kept: %+v", states)
	}
	// Its feed brings it back, saved.
	feeds, _ := fresh.Subscriptions(ctx)
	fresh.Update(ctx, loader(), feeds, nil)
	arts, err := fresh.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	states, _ = fresh.States(ctx)
	back := false
	for _, a := range arts {
		back = back || a.ID == saved && states[a.ID].Saved
	}
	if !back {
		t.Errorf("the saved article did not come back saved with its feed: %d articles", len(arts))
	}
}
