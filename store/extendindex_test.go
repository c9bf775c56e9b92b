package store_test

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/synth"
)

// checkExtended keeps the index of a build of before, then builds now
// as a library that holds before's articles unchanged (given without
// their analyses) and the rest anew: where extend, the build extends
// the kept index by the new articles; either way the store is the one
// built from the analyses of now, and so is the next start's, from the
// index the extended build kept.
func checkExtended(t *testing.T, before, now []store.Article, extend bool, queries []string) {
	t.Helper()
	var rows indexRows
	store.Build(keptLibrary(before, nil, &rows, false, new(int)))
	if rows == nil {
		t.Fatal("no index kept")
	}
	// What the library holds unchanged (the seeds hold a copy under
	// another source: an ID and a source tell an article there).
	type held struct{ id, source, title, body string }
	was := map[held]bool{}
	for _, a := range before {
		was[held{a.ID, a.Source, a.Title, a.Body}] = true
	}
	unchanged := func(i int) bool {
		a := now[i]
		return was[held{a.ID, a.Source, a.Title, a.Body}]
	}
	added := 0
	for i := range now {
		if !unchanged(i) {
			added++
		}
	}
	var again indexRows
	got := store.Build(keptLibraryBy(now, rows, &again, unchanged, new(int)))
	want := store.Build(keptLibrary(now, nil, nil, false, new(int)))
	if extend && (store.Extended(got) == 0 || store.Extended(got) > added) { // copies merge
		t.Fatalf("extended by %d articles, want %d (stages %v)", store.Extended(got), added, got.Stages())
	}
	if !extend && (store.Extended(got) > 0 || fromKept(got)) {
		t.Fatalf("the kept index was extended by %d articles, where it may not be", store.Extended(got))
	}
	if d := store.Differ(want, got); d != "" {
		t.Fatalf("the extended store differs from the one built from the analyses: %s", d)
	}
	// The related lists of every seventh article (Differ compared all
	// they are made of), and the searches.
	for i, a := range want.List() {
		if i%7 == 0 {
			if x, y := want.Related(a.ID, 5), got.Related(a.ID, 5); !reflect.DeepEqual(x, y) {
				t.Fatalf("related to %s: %+v built, %+v extended", a.ID, x, y)
			}
		}
	}
	for _, q := range queries {
		if x, y := want.Search(q, 20), got.Search(q, 20); !reflect.DeepEqual(x, y) {
			t.Fatalf("search %q: %+v built, %+v extended", q, x, y)
		}
	}
	if len(now) < 100 { // Differ compared the positions; this reads them (minutes at BBC's size)
		if d, _ := store.HoldersKept(got, 7); d != "" {
			t.Fatal(d)
		}
	}
	if again == nil {
		t.Fatal("the build kept no index")
	}
	next := store.Build(keptLibrary(now, again, nil, true, new(int)))
	if !fromKept(next) || store.Extended(next) > 0 {
		t.Fatal("the index the build kept does not serve the next start")
	}
	if d := store.Differ(want, next); d != "" {
		t.Fatalf("the next start's store differs: %s", d)
	}
}

// without gives arts less those at the places given.
func without(arts []store.Article, at ...int) []store.Article {
	var out []store.Article
	for i, a := range arts {
		if !slices.Contains(at, i) {
			out = append(out, a)
		}
	}
	return out
}

// TestExtendedIsTheSameStore: a library's kept index extended by the
// articles that came since is the index a build of all of them from
// their analyses makes (vocabulary and its numbers, postings, positions,
// skips, lengths, vectors, impact lists, topics, stories; every related
// list, search and phrase), whether they come first (newest), between
// the kept ones or last; one edited or removed builds from the analyses.
func TestExtendedIsTheSameStore(t *testing.T) {
	queries := []string{"Sheinbaum", "cartel mexico", "mar", "economy growth", "\"interest rates\"", "Valeria Márquez", "sheinb"}
	corpora := []struct {
		name string
		arts func(t *testing.T) []store.Article
		big  bool
	}{
		{"seeds", func(t *testing.T) []store.Article { return seedArticles(t) }, false},
		{"synthetic", func(*testing.T) []store.Article { return withIDs(synth.Articles(1500)) }, true},
		{"bbc", func(t *testing.T) []store.Article {
			if _, err := os.Stat(bbcDir); err != nil {
				t.Skipf("no BBC corpus at %s", bbcDir)
			}
			arts, _ := ingest.LoadPath(bbcDir)
			return withIDs(arts)
		}, true},
		{"headlines", func(t *testing.T) []store.Article {
			feed := headlinesDir + "/headlines.xml"
			if _, err := os.Stat(feed); err != nil {
				t.Skipf("no headlines corpus at %s", headlinesDir)
			}
			arts, _ := ingest.LoadPath(feed)
			return withIDs(arts)
		}, false},
	}
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			if (c.big || c.name == "headlines") && raceEnabled {
				t.Skip("the race detector makes it minutes")
			}
			arts := c.arts(t)
			n := len(arts)
			k := max(1, n/40) // an update's worth
			// The articles added are of a text no other has: a copy of a
			// kept article that comes before it moves that article, which
			// builds from the analyses (see "copy moved").
			texts := map[[2]string]int{}
			for _, a := range arts {
				texts[[2]string{a.Title, a.Body}]++
			}
			pick := func(from, count int) []int {
				var at []int
				for i := from; i < n && len(at) < count; i++ {
					if texts[[2]string{arts[i].Title, arts[i].Body}] == 1 {
						at = append(at, i)
					}
				}
				return at
			}
			t.Run("added first", func(t *testing.T) { checkExtended(t, without(arts, pick(0, k)...), arts, true, queries) })
			if c.big {
				// Every case below on the small corpora; on the large
				// ones (seconds a build), the new articles between the
				// kept ones, as they mostly come.
				t.Run("added between", func(t *testing.T) {
					between := slices.Concat(pick(1, k/2), pick(n/3, 1), pick(n/2, 2), pick(n-3, 1))
					checkExtended(t, without(arts, between...), arts, true, queries)
				})
				return
			}
			t.Run("added last", func(t *testing.T) { checkExtended(t, without(arts, pick(n-2*k, k)...), arts, true, queries) })
			t.Run("added between", func(t *testing.T) {
				between := pick(n/2, 1)
				if n >= 40 {
					between = slices.Concat(pick(1, 1), pick(n/3, 1), pick(n/2, 2), pick(n-3, 1))
				}
				checkExtended(t, without(arts, between...), arts, true, queries)
			})
			t.Run("copy moved", func(t *testing.T) {
				// A copy of a kept article comes before it: the kept
				// article's place is the copy's now.
				moved := append([]store.Article{arts[n/2]}, arts...)
				moved[0].ID += "-copy"
				checkExtended(t, arts, moved, false, queries)
			})
			t.Run("removed", func(t *testing.T) { checkExtended(t, arts, without(arts, n/2), false, queries) })
			t.Run("edited", func(t *testing.T) {
				edited := slices.Clone(arts)
				edited[n/3].Body += "\n\nUpdated: a paragraph added since."
				checkExtended(t, arts, edited, false, queries)
			})
		})
	}
}

// TestExtendedBoilerplate: a blog's footer in every post stays
// boilerplate as posts come; a sentence that new posts make boilerplate
// of kept ones too (it crosses its source's share) builds from the
// analyses.
func TestExtendedBoilerplate(t *testing.T) {
	var arts []store.Article
	for i, a := range seedArticles(t) {
		for k := range 3 {
			a.Source = "blog"
			a.Title = fmt.Sprintf("%s (%d)", a.Title, k)
			a.Body = fmt.Sprintf("%s\n\nPart %d. Follow Luke on Mastodon for every new post.\nRead more on the blog.", a.Body, i*3+k)
			a.ID = fmt.Sprintf("post-%d-%d", i, k)
			arts = append(arts, a)
		}
	}
	queries := []string{"Mastodon", "\"every new post\"", "Sheinbaum"}
	// Each seed is three posts: the first seed's three come anew.
	t.Run("footer", func(t *testing.T) { checkExtended(t, arts[3:], arts, true, queries) })
	// Two posts of the kept ones say it; a third makes it boilerplate
	// of all three.
	crossed := slices.Clone(arts)
	for _, i := range []int{0, 5, 9} {
		crossed[i].Body += "\n\nThis post was written on a train."
	}
	t.Run("crossed", func(t *testing.T) { checkExtended(t, crossed[1:], crossed, false, queries) })
}

// TestExtendedDamaged: a kept index damaged in any row (a part of its
// postings, or of its sources' sentences, which only an extension
// reads) is not extended: the build is made from the analyses, the same
// store.
func TestExtendedDamaged(t *testing.T) {
	arts := seedArticles(t)
	var rows indexRows
	store.Build(keptLibrary(arts[1:], nil, &rows, false, new(int)))
	lazy := func(i int) bool { return i > 0 }
	want := store.Build(keptLibrary(arts, nil, nil, false, new(int)))
	for seq := range len(rows) {
		for _, c := range []struct {
			name string
			f    func(b []byte) []byte
		}{
			{"flipped", func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b }},
			{"cut", func(b []byte) []byte { return b[:len(b)-3] }},
		} {
			t.Run(fmt.Sprintf("row %d %s", seq, c.name), func(t *testing.T) {
				damaged := indexRows{}
				for k, v := range rows {
					damaged[k] = slices.Clone(v)
				}
				damaged[seq] = c.f(damaged[seq])
				asked := 0
				got := store.Build(keptLibraryBy(arts, damaged, nil, lazy, &asked))
				// The seeds' index is a part of terms, one of articles'
				// heaviest terms (which an extension makes again, and
				// does not read) and one of sentences.
				if docs := len(rows) - 2; seq != docs && (fromKept(got) || store.Extended(got) > 0) {
					t.Fatal("a damaged kept index was extended")
				}
				if !fromKept(got) && asked != len(arts)-1 {
					t.Fatalf("asked for %d analyses, want %d", asked, len(arts)-1)
				}
				if d := store.Differ(want, got); d != "" {
					t.Fatal(d)
				}
			})
		}
	}
	// Undamaged, it is extended.
	if got := store.Build(keptLibraryBy(arts, rows, nil, lazy, new(int))); store.Extended(got) != 1 {
		t.Fatalf("extended by %d, want 1", store.Extended(got))
	}
}
