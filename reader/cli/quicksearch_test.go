package cli

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/lede-reader/lede/store/library"
)

// lede search answers from the kept index read in part, without a store,
// where a build of the library would be served that index as it is, and
// then byte for byte as the store answers: words, several, a prefix, a
// phrase, an exclusion, every hit (-n 0), --json, stop words alone, a
// word no article has; on the libraries the quick list is checked on. An
// index kept of the articles in another order, or a library edited since
// the index was kept, is answered by the store, which keeps the index it
// makes (extended by the edit) for the next search.
func TestQuickSearchIsTheStores(t *testing.T) {
	for name, fill := range quickLibraries() {
		t.Run(name, func(t *testing.T) {
			fill(t)
			lede(t, "list") // the first build keeps its index
			out, _, _ := lede(t, "list", "--json")
			var all []struct{ ID, Title string }
			if err := json.Unmarshal([]byte(out), &all); err != nil || len(all) < 3 {
				t.Fatalf("%d articles, %v", len(all), err)
			}
			// Three words of a title, the first two side by side, and
			// a word of another title.
			var words []string
			for _, a := range all {
				words = words[:0]
				for _, w := range strings.FieldsFunc(strings.ToLower(a.Title), func(r rune) bool { return !unicode.IsLetter(r) }) {
					if len(w) >= 4 {
						words = append(words, w)
					}
				}
				if len(words) >= 3 && strings.Contains(strings.ToLower(a.Title), words[0]+" "+words[1]) {
					break
				}
			}
			if len(words) < 3 {
				t.Fatal("no title of three words")
			}
			other := strings.Fields(strings.ToLower(all[len(all)-1].Title))[0]
			w, phrase, prefix := words[0], `"`+words[0]+" "+words[1]+`"`, words[2][:3]+"*"
			for _, args := range [][]string{
				{"search", w}, {"search", w, "--json"}, {"search", w, other, "-n", "3"},
				{"search", prefix}, {"search", prefix, "--json", "-n", "0"}, {"search", phrase},
				{"search", phrase, w, "--json"}, {"search", w, "-" + words[1]}, {"search", words[2], "-n", "0"},
				{"search", "the"}, {"search", "zzyzxqv"}, {"search", other, "-n", "1", "--json"},
			} {
				if !sameAsTheStore(t, args...) {
					t.Fatalf("lede %s: built a store", strings.Join(args, " "))
				}
			}
			for _, args := range [][]string{{"search", "-" + w}, {"search", w, "-n", "-1"}} {
				sameAsTheStore(t, args...)
			}

			// An index kept by a build of the articles in another order
			// (--sort title): the store answers, and keeps the index of
			// the library's order again.
			if _, errs, code := lede(t, "--sort", "title", "list"); code != 0 {
				t.Fatalf("--sort title list: %d %s", code, errs)
			}
			if sameAsTheStore(t, "search", w) {
				t.Fatal("an index of the articles in another order was searched")
			}
			if !sameAsTheStore(t, "search", w) {
				t.Fatal("the next search built a store again")
			}

			// An article edited since the index was kept: the store
			// answers.
			editSince(t, all[1].ID)
			if sameAsTheStore(t, "search", w, "--json") {
				t.Fatal("a library edited since the index was kept was searched without a store")
			}
			// That search's build kept the index it extended by the
			// edit: the next search reads it.
			if !sameAsTheStore(t, "search", w, "--json") {
				t.Fatal("the next search built a store again")
			}
		})
	}
}

// TestQuickSearchChangedMeanwhile: a change committed while a quick
// search reads the library's titles and texts (an update) has the store
// answer, rather than the kept index's ranking with the change's titles
// and snippets.
func TestQuickSearchChangedMeanwhile(t *testing.T) {
	quickLibraries()["seeds"](t)
	lede(t, "list") // the first build keeps its index
	if !sameAsTheStore(t, "search", "mexico") {
		t.Fatal("the kept index was not searched")
	}
	quickSearched = func() {
		quickSearched = nil
		db, err := sql.Open("sqlite", library.DefaultPath())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`UPDATE articles SET body = body || ' Edited meanwhile.' WHERE rowid = (SELECT min(rowid) FROM articles)`); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { quickSearched = nil }()
	if sameAsTheStore(t, "search", "mexico") {
		t.Fatal("a library changed while searched was answered from the kept index")
	}
	if quickSearched != nil {
		t.Fatal("no quick search read the library")
	}
}
