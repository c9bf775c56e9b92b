package store_test

import (
	"testing"

	"github.com/lede-reader/lede/store"
)

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n          int
		noun, want string
	}{
		{1, "article", "1 article"}, {0, "article", "0 articles"}, {2, "feed", "2 feeds"},
		{1, "story", "1 story"}, {3, "story", "3 stories"}, {2, "day", "2 days"},
		{1, "match", "1 match"}, {4, "match", "4 matches"}, {2, "article page", "2 article pages"},
	} {
		if got := store.Count(c.n, c.noun); got != c.want {
			t.Errorf("Count(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}
