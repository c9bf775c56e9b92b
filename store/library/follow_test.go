package library

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lede-reader/lede/store"
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

	// The digest follows what the other adds and prunes; StatesSince gives
	// the other's mark.
	before, err := l.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	keepOne(t, other, Feed{Name: "Other", URL: "file:///other"}, "Another story", "Other words entirely.")
	changed("another's article", true)
	after, _ := l.Digest(ctx)
	if after == before || after.Articles != before.Articles+1 {
		t.Fatalf("digest %+v after an article added elsewhere, was %+v", after, before)
	}
	// An edit in place (the feed changed the item's text): same count,
	// same rows, another digest.
	feeds, err := other.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range feeds {
		if f.Name == "Other" {
			if _, err := other.Keep(ctx, f, []store.Article{{Title: "Another story", Body: "Other words entirely, and more of them now.", Words: 8, Key: "Another story"}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	changed("another's edit", true)
	if edited, _ := l.Digest(ctx); edited == after || edited.Articles != after.Articles {
		t.Fatalf("digest %+v after an edit elsewhere, was %+v", edited, after)
	}
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
	if d, _ := l.Digest(ctx); d.Articles != 0 {
		t.Fatalf("digest after everything was pruned: %+v", d)
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
	b.Run("stat-wal", func(b *testing.B) {
		for b.Loop() {
			os.Stat(l.Path() + "-wal")
		}
	})
}
