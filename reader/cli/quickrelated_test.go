package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// lede related REF answers from the kept index's related part, without
// a store, where a build of the library would be served that index as
// it is, and then byte for byte as the store answers: by ID and by a
// piece of a title, plain and --json, -n 1 and -n 12, for articles
// across the library (versions of one story among them, and copies
// merged in the mirror); on the libraries the quick list is checked
// on. -n 0 (every article weighed), --all and a REF that names several
// are the store's; a library edited since the index was kept is
// answered by the store, which keeps the index it makes for the next.
func TestQuickRelatedIsTheStores(t *testing.T) {
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
			picked := map[int]bool{0: true, 1: true, len(all) / 2: true, len(all) - 1: true}
			for i, a := range all {
				if a.Versions > 1 && len(picked) < 8 {
					picked[i] = true
				}
			}
			step := max(len(all)/12, 1)
			for i := 0; i < len(all); i += step {
				picked[i] = true
			}
			for i := range picked {
				id := all[i].ID
				for _, args := range [][]string{
					{"related", id}, {"related", id, "--json"}, {"related", id, "-n", "1"}, {"related", id, "-n", "12", "--json"},
				} {
					if !sameAsTheStore(t, args...) {
						t.Fatalf("lede %s: built a store", strings.Join(args, " "))
					}
				}
			}
			if !sameAsTheStore(t, "related", all[1].Title) {
				t.Fatal("related by title built a store")
			}
			for _, args := range [][]string{{"related", all[0].ID, "-n", "0"}, {"related", "--all"}, {"related", "zzyzxqv"}, {"related", "a"}} {
				sameAsTheStore(t, args...)
			}

			// An article edited since the index was kept: the store
			// answers.
			editSince(t, all[1].ID)
			if sameAsTheStore(t, "related", all[0].ID, "--json") {
				t.Fatal("a library edited since the index was kept was answered without a store")
			}
			// That build kept the index it extended by the edit: the
			// next related query reads it.
			if !sameAsTheStore(t, "related", all[0].ID) {
				t.Fatal("the next related query built a store again")
			}
		})
	}
}
