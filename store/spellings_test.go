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
