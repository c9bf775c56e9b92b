package reader

import (
	"testing"

	"github.com/lede-reader/lede/store"
)

// The related pane takes the rows its stories need, no more: the rest are
// the article's. With one story it kept two empty rows under it at 60x20
// and eight at 120x40.
func TestRelatedPaneSizedToItsStories(t *testing.T) {
	f := newFake(5)
	f.related["a0"] = []store.Related{{ID: "a1", Title: "Story number 1", Score: 0.5, Why: []string{"Sheinbaum"}}}
	f.related["a2"] = []store.Related{{ID: "a1", Title: "Story number 1", Score: 0.5}, {ID: "a3", Title: "Story number 3", Score: 0.3}}
	f.related["a4"] = nil
	for _, size := range [][2]int{{60, 20}, {120, 40}} {
		// One story, two rows; two, four; none, the rule alone.
		for _, c := range []struct{ row, stories, rows int }{{0, 1, relRows}, {2, 2, 2 * relRows}, {4, 0, 0}} {
			m := start(t, f, size[0], size[1])
			var ks []string
			for range c.row {
				ks = append(ks, "j")
			}
			m = drive(t, m, keys(append(ks, "enter")...)...)
			id := f.arts[c.row].ID
			if m.related.For() != id || m.related.Len() != c.stories {
				t.Fatalf("%v: related of %q: %d, want %d of %s", size, m.related.For(), m.related.Len(), c.stories, id)
			}
			if m.lay.related.h != c.rows {
				t.Errorf("%v: %d related stories in %d rows, want %d", size, c.stories, m.lay.related.h, c.rows)
			}
		}
	}
}
