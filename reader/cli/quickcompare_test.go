package cli

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store/library"
)

// lede show REF --json (the article and its related stories) and lede
// compare REF answer from the library and its kept index, without a
// store, where a build of the library would be served them as they
// are, and then byte for byte as the store answers: by ID and by a
// piece of a title, plain and --json, for articles across the library
// (versions of one story among them, and copies merged in the mirror);
// on the libraries the quick list is checked on. A REF that names
// several, or sources named after it, are the store's; a library edited
// since the index was kept is answered by the store, which keeps the
// index it makes for the next.
func TestQuickShowAndCompareAreTheStores(t *testing.T) {
	for name, fill := range quickLibraries() {
		t.Run(name, func(t *testing.T) {
			fill(t)
			lede(t, "list") // the first build keeps its index
			out, _, _ := lede(t, "list", "--json")
			var all []struct {
				ID, Title string
				Versions  int
			}
			if err := json.Unmarshal([]byte(out), &all); err != nil || len(all) < 3 {
				t.Fatalf("%d articles, %v", len(all), err)
			}
			if _, errs, code := lede(t, "mark", "saved", all[0].ID); code != 0 {
				t.Fatalf("mark saved: %d %s", code, errs)
			}
			picked := map[int]bool{0: true, 1: true, len(all) / 2: true, len(all) - 1: true}
			versions := 0
			for i, a := range all {
				if a.Versions > 1 && versions < 6 {
					picked[i] = true
					versions++
				}
			}
			step := max(len(all)/8, 1)
			for i := 0; i < len(all); i += step {
				picked[i] = true
			}
			for i := range picked {
				id := all[i].ID
				for _, args := range [][]string{
					{"show", id, "--json"}, {"compare", id}, {"compare", id, "--json"}, {"compare", id, "--width", "60"},
				} {
					if !sameAsTheStore(t, args...) {
						t.Fatalf("lede %s: built a store", strings.Join(args, " "))
					}
				}
			}
			for _, cmd := range []string{"show", "compare"} {
				args := []string{cmd, all[1].Title, "--json"}
				if !sameAsTheStore(t, args...) {
					t.Fatalf("lede %s: built a store", strings.Join(args, " "))
				}
				for _, args := range [][]string{{cmd, "zzyzxqv", "--json"}, {cmd, "a"}} {
					sameAsTheStore(t, args...)
				}
			}

			// An article edited since the index was kept: the store
			// answers show --json; compare, of the listing the build
			// kept, answers from the library again after it.
			editSince(t, all[1].ID)
			if sameAsTheStore(t, "show", all[0].ID, "--json") {
				t.Fatal("a library edited since the index was kept was answered without a store")
			}
			for _, args := range [][]string{{"show", all[1].ID, "--json"}, {"compare", all[1].ID}} {
				if !sameAsTheStore(t, args...) {
					t.Fatalf("lede %s after the edit: built a store again", strings.Join(args, " "))
				}
			}
		})
	}
}

// TestQuickCompareChangedMeanwhile: a change committed while show
// --json or compare reads the library's texts (an update) has the store
// answer, rather than the listing's versions with the change's texts;
// and so while related reads the kept index's related part.
func TestQuickCompareChangedMeanwhile(t *testing.T) {
	quickLibraries()["seeds"](t)
	lede(t, "list") // the first build keeps its index
	out, _, _ := lede(t, "list", "--json")
	var all []struct{ ID string }
	if err := json.Unmarshal([]byte(out), &all); err != nil || len(all) == 0 {
		t.Fatalf("%d articles, %v", len(all), err)
	}
	for _, args := range [][]string{{"compare", all[0].ID}, {"show", all[0].ID, "--json"}, {"related", all[0].ID}} {
		if !sameAsTheStore(t, args...) {
			t.Fatalf("lede %s: built a store", strings.Join(args, " "))
		}
		quickSearched = func() {
			quickSearched = nil
			db, err := sql.Open("sqlite", library.DefaultPath())
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`UPDATE articles SET body = body || ' Edited meanwhile.' WHERE id = ?`, all[0].ID); err != nil {
				t.Fatal(err)
			}
		}
		if sameAsTheStore(t, args...) {
			t.Fatalf("lede %s: a library changed while read was answered without a store", strings.Join(args, " "))
		}
		if quickSearched != nil {
			t.Fatalf("lede %s: nothing read the library quickly", strings.Join(args, " "))
		}
		lede(t, "search", "x") // keeps the index the edit extended
	}
	quickSearched = nil
}
