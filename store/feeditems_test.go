package store_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// TestFeedItemsAreNotVersions: two items a feed gives as its own, under
// their own guids and links, are two stories however alike their
// headlines ("Item 0 with an invalid date", "Item 1 with all valid
// dates"), whether loaded from the file or held by the library (Feed,
// no Key); the same items as an aggregator's (naming their outlet), or as
// files, are judged by their words as before.
func TestFeedItemsAreNotVersions(t *testing.T) {
	arts := invalidDateItems(t)
	if arts[0].Key == "" || arts[0].Key == arts[1].Key || arts[0].Aggregated {
		t.Fatalf("the feed's items: keys %q, %q", arts[0].Key, arts[1].Key)
	}
	stories := func(arts []store.Article) int { return len(store.Build(arts).Stories()) }
	if n := stories(arts); n != 2 {
		t.Errorf("the feed's two items are %d stories, want 2", n)
	}
	lib := withEach(arts, func(a *store.Article) { a.Feed, a.Key, a.FeedsOwn = a.Source, "", true })
	if n := stories(lib); n != 2 {
		t.Errorf("the feed's two items in the library are %d stories, want 2", n)
	}
	// Renamed: the feed's name is its reader's, its items' source its
	// title, and the library still says they are its own.
	renamed := withEach(arts, func(a *store.Article) { a.Feed, a.Key, a.FeedsOwn = "Dates I follow", "", true })
	if n := stories(renamed); n != 2 {
		t.Errorf("the renamed feed's two items in the library are %d stories, want 2", n)
	}
	// Items the library does not call the feed's own (their source is
	// not its title: an outlet) are judged by their words.
	if n := stories(withEach(arts, func(a *store.Article) { a.Feed, a.Key = a.Source, "" })); n != 1 {
		t.Errorf("a feed's items of another source are %d stories, want 1 (judged by the words)", n)
	}
	// What the words alone say of the pair, as files or as an
	// aggregator's items: one story (headline-only, half their weight
	// shared). The rule, not the words, keeps the feed's apart.
	if n := stories(withEach(arts, func(a *store.Article) { a.Key = "" })); n != 1 {
		t.Errorf("as files, the two headlines are %d stories; the test needs a pair the words call one", n)
	}
	if n := stories(withEach(arts, func(a *store.Article) { a.Aggregated = true })); n != 1 {
		t.Errorf("as an aggregator's items of one outlet, %d stories, want 1 (judged by the words)", n)
	}
}

// TestCompareTitleNumbers: versions whose titles number another of a
// series ("Item 0" / "Item 1") disagree on that number; compare does not
// say they agree.
func TestCompareTitleNumbers(t *testing.T) {
	files := withEach(invalidDateItems(t), func(a *store.Article) { a.Key = "" })
	st := store.Build(files)
	c, ok := st.Compare(st.List()[0].ID)
	if !ok || len(c.Versions) != 2 {
		t.Fatalf("compare: %v, %d versions", ok, len(c.Versions))
	}
	want := store.Disagreement{Kind: "number", Values: []string{"Item 0", "Item 1"}}
	if !slices.ContainsFunc(c.Disagreements, func(d store.Disagreement) bool {
		return d.Kind == want.Kind && slices.Equal(d.Values, want.Values)
	}) {
		t.Errorf("disagreements %v, want %v among them", c.Disagreements, want)
	}
}

// invalidDateItems are the two headline-only items of the feeds corpus's
// feedjira__InvalidDateFormat.xml, as ingest reads them.
func invalidDateItems(t *testing.T) []store.Article {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "corpora", "feeds", "feedjira__InvalidDateFormat.xml")
	if _, err := os.Stat(path); err != nil {
		t.Skip("no shared corpora:", err)
	}
	arts, _ := ingest.LoadPath(path) // the file is cut short: a warning, both items read
	if len(arts) != 2 {
		t.Fatalf("%s gives %d items, want 2", path, len(arts))
	}
	return arts
}

func withEach(arts []store.Article, f func(*store.Article)) []store.Article {
	out := make([]store.Article, len(arts))
	for i, a := range arts {
		f(&a)
		out[i] = a
	}
	return out
}
