package store_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/synth"
)

// TestRelatedPrunedIsExact: asking for the n best prunes candidates
// (related.go); the answer must be the first n of the full ranking, scores
// and why words alike, on a store large enough to have topics.
func TestRelatedPrunedIsExact(t *testing.T) {
	st := store.Build(synth.Articles(500))
	for i, a := range st.List() {
		if i%5 != 0 {
			continue // a sample: the full ranking with why words is slow
		}
		all := st.Related(a.ID, 0)
		for _, n := range []int{1, 5, 10} {
			got, want := st.Related(a.ID, n), all[:min(n, len(all))]
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, n=%d:\n got %v\nwant %v", a.ID, n, got, want)
			}
		}
	}
}

// TestSearchScratchReused: searches share pooled scratch space; what one
// leaves behind must not change the next, whatever the order.
func TestSearchScratchReused(t *testing.T) {
	st := store.Build(synth.Articles(300))
	// Words of the corpus's own titles, whatever material it came from.
	var words []string
	for _, a := range st.List()[:40] {
		for _, w := range strings.Fields(a.Title) {
			if len(w) > 4 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 {
				words = append(words, strings.ToLower(w))
			}
		}
	}
	if len(words) < 6 {
		t.Fatalf("too few title words: %v", words)
	}
	queries := []string{words[0] + " -" + words[1], words[2] + " " + words[3], `"` + words[4] + `"`, words[5][:3] + "* -" + words[0], words[1], words[3] + " " + words[5]}
	first := map[string][]store.Hit{}
	for _, q := range queries {
		first[q] = st.Search(q, 10)
	}
	for round := range 3 {
		for k := range queries {
			q := queries[(k*(round+2))%len(queries)]
			if got := st.Search(q, 10); !reflect.DeepEqual(got, first[q]) {
				t.Fatalf("round %d, %q: results changed after other searches", round, q)
			}
		}
	}
}
