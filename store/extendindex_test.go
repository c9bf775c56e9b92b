package store_test

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
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
	// What changed: the articles added or edited, and those edited or
	// removed (gone), whose analyses then the library kept.
	changed := 0
	for i := range now {
		if !unchanged(i) {
			changed++
		}
	}
	stays := map[held]bool{}
	for i, a := range now {
		if unchanged(i) {
			stays[held{a.ID, a.Source, a.Title, a.Body}] = true
		}
	}
	for _, a := range before {
		if !stays[held{a.ID, a.Source, a.Title, a.Body}] {
			changed++
		}
	}
	var again, wantRows indexRows
	got := store.Build(keptLibraryWas(now, rows, &again, unchanged, new(int), before))
	want := store.Build(keptLibrary(now, nil, &wantRows, false, new(int)))
	// Copies merge (a copy that goes takes nothing); an article that goes
	// leaving a copy is one out and the copy in.
	if extend && (!fromKept(got) || store.Extended(got) > 2*changed) {
		t.Fatalf("extended by %d articles, want %d (stages %v)", store.Extended(got), changed, got.Stages())
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
	// The index it keeps is the one a build keeps, to the bit, but for
	// the number of its save.
	if len(again) != len(wantRows) {
		t.Fatalf("kept %d rows, a build %d", len(again), len(wantRows))
	}
	for seq, b := range wantRows {
		if x, y := b[8:len(b)-4], again[seq][8:len(again[seq])-4]; !bytes.Equal(x, y) {
			t.Fatalf("row %d of the index kept differs from a build's", seq)
		}
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
			if c.big || c.name == "headlines" {
				plainOnly(t)
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
				// kept ones, as they mostly come, and a few edited and
				// removed beside them.
				t.Run("added between", func(t *testing.T) {
					between := slices.Concat(pick(1, k/2), pick(n/3, 1), pick(n/2, 2), pick(n-3, 1))
					checkExtended(t, without(arts, between...), arts, true, queries)
				})
				t.Run("edited, removed, added", func(t *testing.T) {
					// Of texts no other has: one of several copies gone
					// builds from the analyses.
					now := slices.Clone(arts)
					for _, i := range slices.Concat(pick(0, 1), pick(n/5, 1), pick(n/2, 1), pick(n-20, 1)) {
						now[i].Body += "\n\nUpdated: a paragraph added since."
					}
					now = without(now, slices.Concat(pick(3, 1), pick(n/3, 1), pick(2*n/3, 1))...)
					checkExtended(t, without(arts, pick(n/4, k/2)...), now, true, queries)
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
			t.Run("copy removed", func(t *testing.T) {
				// An article and a copy of it later (a mirror's): the copy
				// goes, or the article, and the copy is the article now.
				copied := append(slices.Clone(arts), arts[n/2])
				copied[n].ID += "-copy"
				copied[n].Source, copied[n].Feed = "a mirror", "Mirror"
				checkExtended(t, copied, without(copied, n), true, queries)
				checkExtended(t, copied, without(copied, n/2), true, queries)
			})
			t.Run("removed", func(t *testing.T) { checkExtended(t, arts, without(arts, n/2), true, queries) })
			t.Run("removed first", func(t *testing.T) { checkExtended(t, arts, without(arts, 0), true, queries) })
			t.Run("removed last", func(t *testing.T) { checkExtended(t, arts, without(arts, n-1), true, queries) })
			t.Run("edited", func(t *testing.T) {
				edited := slices.Clone(arts)
				edited[n/3].Body += "\n\nUpdated: a paragraph added since."
				checkExtended(t, arts, edited, true, queries)
			})
			t.Run("edited first, retitled", func(t *testing.T) {
				// The newest article's words are all its own first: a
				// title and a word gone, the next that uses them is
				// first now.
				edited := slices.Clone(arts)
				edited[0].Title = "A headline of other words"
				edited[0].Body = strings.Replace(edited[0].Body, " the ", " a ", 3) + "\n\nZorbulent quixotry."
				checkExtended(t, arts, edited, true, queries)
			})
			t.Run("edited, removed, added", func(t *testing.T) {
				if n < 40 {
					t.Skip("more than a quarter of the articles")
				}
				now := slices.Clone(arts)
				now[n/4].Body += "\n\nCorrection: an earlier version misspelt a name."
				now[1].Source = "another desk" // its sentences counted elsewhere
				now = without(now, n/2, n-2)
				before := without(arts, pick(n/3, max(1, k/2))...)
				checkExtended(t, before, now, true, queries)
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
// reads) is not extended, after an article added or one removed: the
// build is made from the analyses, the same store.
func TestExtendedDamaged(t *testing.T) {
	arts := seedArticles(t)
	for _, c := range []struct {
		name        string
		before, now []store.Article
	}{
		{"added", arts[1:], arts},
		{"removed", arts, without(arts, 4)},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rows indexRows
			store.Build(keptLibrary(c.before, nil, &rows, false, new(int)))
			lazy := func(i int) bool { return c.name == "removed" || i > 0 }
			want := store.Build(keptLibrary(c.now, nil, nil, false, new(int)))
			for seq := range rows.parts() {
				for _, d := range []struct {
					name string
					f    func(b []byte) []byte
				}{
					{"flipped", func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b }},
					{"cut", func(b []byte) []byte { return b[:len(b)-3] }},
				} {
					t.Run(fmt.Sprintf("row %d %s", seq, d.name), func(t *testing.T) {
						damaged := indexRows{}
						for k, v := range rows {
							damaged[k] = slices.Clone(v)
						}
						damaged[seq] = d.f(damaged[seq])
						asked := 0
						got := store.Build(keptLibraryWas(c.now, damaged, nil, lazy, &asked, c.before))
						// The seeds' index is a part of terms, one of articles'
						// heaviest terms (which an extension makes again, and
						// does not read) and one of sentences.
						if docs := rows.parts() - 2; seq != docs && (fromKept(got) || store.Extended(got) > 0) {
							t.Fatal("a damaged kept index was extended")
						}
						if !fromKept(got) && asked < len(arts)-1 {
							t.Fatalf("asked for %d analyses, want %d", asked, len(arts)-1)
						}
						if d := store.Differ(want, got); d != "" {
							t.Fatal(d)
						}
					})
				}
			}
			// Undamaged, it is extended.
			if got := store.Build(keptLibraryWas(c.now, rows, nil, lazy, new(int), c.before)); store.Extended(got) != 1 {
				t.Fatalf("extended by %d, want 1", store.Extended(got))
			}
		})
	}
}

// TestExtendedGoneUnknown: an article removed or edited since the index
// was kept, whose analysis then the library did not keep, or kept
// wrong (another article's), is not taken out of it: the build is made
// from the analyses, the same store.
func TestExtendedGoneUnknown(t *testing.T) {
	arts := seedArticles(t)
	var rows indexRows
	store.Build(keptLibrary(arts, nil, &rows, false, new(int)))
	edited := slices.Clone(arts)
	edited[3].Body += "\n\nUpdated: a paragraph added since."
	lazy := func(i int) bool { return i != 3 }
	want := store.Build(keptLibrary(edited, nil, nil, false, new(int)))
	wrong := slices.Clone(arts)
	wrong[3].Body = arts[5].Body
	for name, was := range map[string][]store.Article{"not kept": without(arts, 3), "another's": wrong, "none kept": nil} {
		t.Run(name, func(t *testing.T) {
			got := store.Build(keptLibraryWas(edited, rows, nil, lazy, new(int), was))
			if fromKept(got) || store.Extended(got) > 0 {
				t.Fatal("extended without the analysis the edited article had")
			}
			if d := store.Differ(want, got); d != "" {
				t.Fatal(d)
			}
		})
	}
	if got := store.Build(keptLibraryWas(edited, rows, nil, lazy, new(int), arts)); store.Extended(got) != 2 {
		t.Fatalf("extended by %d, want 2 (one gone, one new)", store.Extended(got))
	}
}
