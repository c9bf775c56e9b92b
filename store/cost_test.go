package store

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Tests that the cheaper ways of computing a score agree to the bit with
// the plain ones, so that speed never moves a score or a story.

// seedStore builds a store of the raw seed files (title line, text).
func seedStore(t *testing.T) *Store {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "seeds", "*.txt"))
	var arts []Article
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		title, body, _ := strings.Cut(string(data), "\n")
		arts = append(arts, Article{Title: title, Body: body})
		// A rewrite of each, so that pairs share much.
		arts = append(arts, Article{Title: "Update: " + title, Body: strings.Replace(body, "the", "a", 3)})
	}
	if len(arts) < 4 {
		t.Fatal("no seed files")
	}
	return Build(arts)
}

func TestDenseCosineAgrees(t *testing.T) {
	s := seedStore(t)
	dense := newDenseVec(s.ix)
	n := int32(s.Len())
	for a := range n {
		for b := range n {
			if got, want := dense.load(a).cosine(b), s.cosine(a, b); got != want {
				t.Fatalf("cosine(%d, %d): dense %v, merge %v", a, b, got, want)
			}
		}
	}
}

// TestTooFarIsSafe: where tooFar rules a pair out at a floor, its cosine
// is below that floor. Checked on every pair of the seeds and, where
// present, on pairs of the BBC corpus, at floors from 0 to one; and the
// bound must rule some out, or it only costs.
func TestTooFarIsSafe(t *testing.T) {
	stores := []*Store{seedStore(t)}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpora", "bbc", "*", "*.txt"))
	var arts []Article
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		title, body, _ := strings.Cut(string(data), "\n")
		arts = append(arts, Article{Title: title, Body: body})
	}
	if len(arts) > 0 {
		stores = append(stores, Build(arts))
	}
	cut := 0
	for _, s := range stores {
		dense := newDenseVec(s.ix)
		heavy := s.ix.heaviestTerms(boundTerms)
		for d := range s.ix.vecs.articles() {
			v := s.ix.vecs.appendTo(nil, int32(d))
			want := slices.SortedFunc(slices.Values(v), func(a, b vterm) int {
				if heavier(a, b) {
					return -1
				}
				return 1
			})
			if want = want[:min(len(want), boundTerms)]; !slices.Equal(heavy[d], want) {
				t.Fatalf("article %d: heaviest terms %v, sorted by heavier %v", d, heavy[d], want)
			}
		}
		n := int32(s.Len())
		step := max(1, n/100)
		for a := int32(0); a < n; a += step {
			for b := range n {
				c := float64(s.cosine(a, b))
				for _, floor := range []float64{0, 0.3, 0.5, minVersionCosine, sameTextCosine, 0.99, 1} {
					if dense.load(a).tooFar(heavy[b], floor) {
						if c >= floor {
							t.Fatalf("tooFar(%d, %d, %v) ruled out a cosine of %v", a, b, floor, c)
						}
						cut++
					}
				}
			}
		}
	}
	if cut == 0 {
		t.Fatal("no pair was ruled out: the bound does nothing")
	}
}
