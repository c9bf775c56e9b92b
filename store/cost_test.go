package store

import (
	"os"
	"path/filepath"
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
