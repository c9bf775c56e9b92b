package library

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// ChangedElsewhere says so for another Library's commit on the same file
// (another process, as SQLite sees it), and never for this one's own
// writes: marks, articles kept, analyses saved.
func TestChangedElsewhere(t *testing.T) {
	ctx := context.Background()
	l := openTemp(t)
	other, err := Open(l.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	changed := func(who string, want bool) {
		t.Helper()
		got, err := l.ChangedElsewhere(ctx)
		if err != nil || got != want {
			t.Fatalf("after %s: changed %v (%v), want %v", who, got, err, want)
		}
	}
	changed("nothing", false)
	keepOne(t, l, Feed{Name: "Own", URL: "file:///own"}, "Own story", "Its own words.")
	if err := l.Apply(ctx, []Change{{ID: "x", Mark: MarkRead}}); err != nil {
		t.Fatal(err)
	}
	l.Queue(Change{ID: "y", Mark: MarkSaved})
	if err := l.Flush(); err != nil {
		t.Fatal(err)
	}
	changed("its own writes", false)
	if err := other.Apply(ctx, []Change{{ID: "x", Mark: MarkUnread}}); err != nil {
		t.Fatal(err)
	}
	changed("another's mark", true)
	changed("nothing more", false)

	// The digest follows what the other adds, edits and prunes; StatesSince
	// gives the other's mark.
	before, err := l.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keepOne(t, other, Feed{Name: "Other", URL: "file:///other"}, "Another story", "Other words entirely.")
	changed("another's article", true)
	after, _ := l.Digest(ctx)
	if after == before {
		t.Fatalf("digest %+v after an article added elsewhere, was %+v", after, before)
	}
	if ids, err := l.Changed(ctx, before, after); err != nil || len(ids) != 1 {
		t.Fatalf("changed since an article was added: %v, %v", ids, err)
	}
	added, _ := l.Changed(ctx, before, after)
	// The feed gives the item again as it was: nothing changed. Then it
	// edits it in place keeping its words and its title's length ("11
	// dead" to "12 dead"): another digest, and the article is the one
	// changed since.
	feeds, err := other.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var of Feed
	for _, f := range feeds {
		if f.Name == "Other" {
			of = f
		}
	}
	for i, edit := range []struct{ title, body string }{
		{"Another story", "Other words entirely."},
		{"Another story", "Other words entirely!"},
		{"Anothxr story", "Other words entirely!"},
	} {
		was, _ := l.Digest(ctx)
		if _, err := other.Keep(ctx, of, []store.Article{{Title: edit.title, Body: edit.body, Words: 3, Key: "Another story"}}); err != nil {
			t.Fatal(err)
		}
		now, _ := l.Digest(ctx)
		ids, err := l.Changed(ctx, was, now)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if now != was || len(ids) != 0 {
				t.Fatalf("the item kept as it was: digest %+v, was %+v; changed %v", now, was, ids)
			}
			continue
		}
		changed("another's edit", true)
		if now == was || len(ids) != 1 || ids[0] != added[0] {
			t.Fatalf("edit %d, words and title length kept: digest %+v, was %+v; changed %v, want %v", i, now, was, ids, added)
		}
	}
	edited, _ := l.Digest(ctx)
	states, err := l.StatesSince(ctx, time.Now().Add(-time.Minute))
	if err != nil || states["x"].Read || !states["y"].Saved {
		t.Fatalf("states since a minute ago: %+v, %v", states, err)
	}
	if later, err := l.StatesSince(ctx, time.Now().Add(time.Minute)); err != nil || len(later) != 0 {
		t.Fatalf("states since a minute ahead, all changed before: %+v, %v", later, err)
	}
	if n, err := other.Prune(ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("pruned %d, %v", n, err)
	}
	changed("another's prune", true)
	if d, _ := l.Digest(ctx); d == edited {
		t.Fatalf("digest after everything was pruned: %+v, as before", d)
	}
}

// keepOne subscribes l to f and keeps one article in it.
func keepOne(t *testing.T, l *Library, f Feed, title, body string) {
	t.Helper()
	ctx := context.Background()
	added, _, err := l.Subscribe(ctx, []Subscription{{URL: f.URL, Name: f.Name}})
	if err != nil || len(added) != 1 {
		t.Fatalf("subscribe: %v %v", added, err)
	}
	if _, err := l.Keep(ctx, added[0], []store.Article{{Title: title, Body: body, Words: 3, Key: title}}); err != nil {
		t.Fatal(err)
	}
}

// What a reader pays each second to know whether another process changed
// the library: data_version on the writing connection, against a stat of
// the WAL file (which this process's own writes change too, and a
// checkpoint resets).
func BenchmarkChangedElsewhere(b *testing.B) {
	l, err := Open(filepath.Join(b.TempDir(), FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	b.Run("data_version", func(b *testing.B) {
		for b.Loop() {
			if _, err := l.ChangedElsewhere(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	// What a look that saw a change pays to know whether the articles
	// changed: one row, whatever the library's size.
	b.Run("digest", func(b *testing.B) {
		for b.Loop() {
			if _, err := l.Digest(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stat-wal", func(b *testing.B) {
		for b.Loop() {
			os.Stat(l.Path() + "-wal")
		}
	})
}

// A library of schema 5 migrates with nothing lost (articles, reading
// state, analyses, placement: the first start after it analyses and
// places nothing anew), and from then on counts the changes to its
// articles: an edit that keeps the words and the title's length too.
func TestMigrateFrom5(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	seedArts, _ := ingest.LoadFS(seeds.FS)
	f := keepFeed(t, l, seedArts)
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	store.Build(arts) // places the articles, kept with the library
	if err := l.Apply(ctx, []Change{{ID: arts[2].ID, Mark: MarkRead}, {ID: arts[3].ID, Mark: MarkSaved}, {ID: arts[3].ID, Mark: MarkPosition, Position: 7}}); err != nil {
		t.Fatal(err)
	}
	l.background.Wait()
	analyses, placement := countRows(t, l, "analyses"), placementRows(t, l)
	if analyses != len(arts) || len(placement) == 0 {
		t.Fatalf("before migrating: %d analyses of %d articles, %d placement rows", analyses, len(arts), len(placement))
	}
	if err := execTx(l.db, asSchema5...); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	if l, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if v, _ := userVersion(l.db); v != SchemaVersion || SchemaVersion < 6 {
		t.Fatalf("schema %d after migrating, want %d", v, SchemaVersion)
	}
	states, err := l.States(ctx)
	if err != nil || !states[arts[2].ID].Read || !states[arts[3].ID].Saved || states[arts[3].ID].Position != 7 {
		t.Fatalf("reading state after migrating: %+v %v", states, err)
	}
	if n := countRows(t, l, "analyses"); n != analyses {
		t.Fatalf("%d analyses after migrating, %d before", n, analyses)
	}
	if kept := placementRows(t, l); len(kept) != len(placement) {
		t.Fatalf("%d placement rows after migrating, %d before", len(kept), len(placement))
	}
	analysed.Store(0)
	offered := placementsOffered.Load()
	again, err := l.Articles(ctx)
	if err != nil || len(again) != len(arts) {
		t.Fatalf("%d articles after migrating, %d before (%v)", len(again), len(arts), err)
	}
	for i := range arts {
		if again[i].ID != arts[i].ID || again[i].Title != arts[i].Title || again[i].Words != arts[i].Words {
			t.Fatalf("article %d after migrating: %+v, was %+v", i, again[i], arts[i])
		}
	}
	store.Build(again)
	if analysed.Load() != 0 || placementsOffered.Load() != offered {
		t.Fatalf("the first start after migrating analysed %d articles, placed %d anew", analysed.Load(), placementsOffered.Load()-offered)
	}
	// Counted from here: the feed's edit of one article, its words and
	// title length kept.
	before, err := l.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	edited := seedArts[0]
	edited.Body = strings.Replace(edited.Body, "a", "e", 1)
	if _, err := l.Keep(ctx, f, []store.Article{edited}); err != nil {
		t.Fatal(err)
	}
	after, _ := l.Digest(ctx)
	ids, err := l.Changed(ctx, before, after)
	if err != nil || after == before || len(ids) != 1 {
		t.Fatalf("an edit after migrating: digest %+v, was %+v; changed %v (%v)", after, before, ids, err)
	}
}
