package store

import (
	"reflect"
	"testing"
)

// TestFirstSearchStartsSpellings: a search without a prefix (a reader's
// first letter) starts sorting the spellings behind it, so that the second
// letter's prefix search finds them; what that search finds is what a
// store that sorted them on first use finds.
func TestFirstSearchStartsSpellings(t *testing.T) {
	warm, cold := seedStore(t), seedStore(t)
	warm.Search("m*", 10) // one letter: no prefix
	started := true
	warm.warmOnce.Do(func() { started = false })
	if !started {
		t.Fatal("a search without a prefix did not start sorting the spellings")
	}
	for _, q := range []string{"ma*", "vale*", "th*"} {
		if got, want := warm.Search(q, 10), cold.Search(q, 10); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %v after the spellings sorted behind a search, %v sorted on first use", q, got, want)
		}
	}
}

// TestWarmSearch: a store warmed for search (as a reader's query line
// opens) has its spellings sorted and its BM25 lengths made before any
// search, and searches find what a cold store's do.
func TestWarmSearch(t *testing.T) {
	warm, cold := seedStore(t), seedStore(t)
	warm.WarmSearch()
	built := true
	warm.prefixOnce.Do(func() { built = false })
	if !built || len(warm.prefixSpellings) == 0 || len(warm.norms) != len(warm.arts) {
		t.Fatalf("warmed: spellings sorted %v (%d), %d lengths for %d articles", built, len(warm.prefixSpellings), len(warm.norms), len(warm.arts))
	}
	for _, q := range []string{"ma*", "vale*", "mexico", "th*"} {
		if got, want := warm.Search(q, 10), cold.Search(q, 10); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %v warmed, %v cold", q, got, want)
		}
	}
}
