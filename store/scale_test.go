package store_test

import (
	"reflect"
	"testing"

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
