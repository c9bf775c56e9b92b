package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/synth"
)

// withIDs gives arts the IDs a library gives them, which stay when
// their text changes.
func withIDs(arts []store.Article) []store.Article {
	arts = slices.Clone(arts)
	for i := range arts {
		arts[i].ID = fmt.Sprintf("art-%d", i)
	}
	return arts
}

// sameRows fails unless a build that placed something offered to keep
// want rows, the first want-1 of them as before (a part appended), or,
// with want 1, a new base.
func sameRows(t *testing.T, before, after [][]byte, want int) {
	t.Helper()
	if len(after) != want {
		t.Fatalf("%d rows kept after the build, want %d", len(after), want)
	}
	for i := range want - 1 {
		if !slices.Equal(before[i], after[i]) {
			t.Fatalf("row %d of %d rewritten", i, len(after))
		}
	}
}

// TestAppendedPlacementIsTheSameStore: a build that places a few new
// articles among a kept placement appends a part holding only them (and
// an article whose text changed), leaving the rows before it as they
// are; a store built with the base and its parts is the store that
// build made, and the same as one built with the same placement kept as
// one new base.
func TestAppendedPlacementIsTheSameStore(t *testing.T) {
	// TestKeptPlacementIsTheSameStore places articles under the race
	// detector.
	plainOnly(t)
	arts := withIDs(olderFirst(synth.Articles(2000))) // 16 topics from 1,950 on
	var base, one, two, none [][]byte
	store.Build(prepareKept(arts[:1950], nil, &base))
	if len(base) != 1 {
		t.Fatalf("a first build offered %d rows", len(base))
	}
	store.Build(prepareKept(arts[:1975], base, &one))
	sameRows(t, base, one, 2)
	changed := slices.Clone(arts)
	changed[10].Body += "\n\nA paragraph added since, about the harbour's new lighthouse."
	placed := store.Build(prepareKept(changed, one, &two))
	sameRows(t, one, two, 3)
	if len(two[2]) > len(two[0])/50 {
		t.Fatalf("a part of 26 articles is %d bytes, the base of 1,950 %d", len(two[2]), len(two[0]))
	}
	_, topicsKept, grouped := store.Placed(placed)
	if !topicsKept || grouped != 26 {
		t.Fatalf("the build on a base and a part: topics kept %v, %d articles grouped, want 26", topicsKept, grouped)
	}

	kept := store.Build(prepareKept(changed, two, &none))
	if d := store.Differ(placed, kept); d != "" {
		t.Fatalf("the store built with the base and its parts differs from the build that kept them: %s", d)
	}
	if _, topicsKept, grouped := store.Placed(kept); !topicsKept || grouped != 0 {
		t.Fatalf("a build on every row placed anew: topics kept %v, %d grouped", topicsKept, grouped)
	}
	if none != nil {
		t.Fatal("a build that placed nothing anew offered its placement")
	}

	// The same placement kept as one base: the build on one part folds
	// what it placed into a base of every article.
	restore := store.SetFoldGrowth(0)
	var folded [][]byte
	store.Build(prepareKept(changed, one, &folded))
	restore()
	sameRows(t, one, folded, 1)
	whole := store.Build(prepareKept(changed, folded, &none))
	if d := store.Differ(kept, whole); d != "" {
		t.Fatalf("the store built with the base and its parts differs from the one built with them folded: %s", d)
	}
	if none != nil {
		t.Fatal("a build on a folded placement offered it again")
	}
}

// TestDamagedPartIsIgnored: a part changed byte by byte, or one that
// does not follow on from the rows before it, is ignored with every part
// after it; what it costs is placing the articles those parts held, not
// the whole placement: the store is the one built with the rows before
// it, and the next save replaces it.
func TestDamagedPartIsIgnored(t *testing.T) {
	arts := olderFirst(seedArticles(t))
	n := len(arts)
	defer store.SetFoldGrowth(1)() // two parts on a base of 7
	var base, one, two, again [][]byte
	store.Build(prepareKept(arts[:n-2], nil, &base))
	store.Build(prepareKept(arts[:n-1], base, &one))
	store.Build(prepareKept(arts, one, &two))
	sameRows(t, one, two, 3)
	fromBase := store.Build(prepareKept(arts, base, &again))
	fromOne := store.Build(prepareKept(arts, one, &again))

	// check builds on rows, wanting taken of them taken, the store
	// want, placed articles grouped anew, and the save after it keeping
	// saved rows (0: none).
	check := func(rows [][]byte, taken int, want *store.Store, placed, saved int, what string) {
		t.Helper()
		if got := store.RowsTaken(rows); got != taken {
			t.Fatalf("%s: %d rows taken, want %d", what, got, taken)
		}
		again = nil
		st := store.Build(prepareKept(arts, rows, &again))
		if d := store.Differ(want, st); d != "" {
			t.Fatalf("%s: %s", what, d)
		}
		if _, _, grouped := store.Placed(st); grouped != placed {
			t.Fatalf("%s: %d articles grouped, want the %d the rows left out held", what, grouped, placed)
		}
		if len(again) != saved {
			t.Fatalf("%s: the save after it keeps %d rows", what, len(again))
		}
	}
	check(two, 3, fromOne, 0, 0, "every row whole")
	for part := 1; part <= 2; part++ {
		want, placed := fromBase, 2
		if part == 2 {
			want, placed = fromOne, 1
		}
		row := two[part]
		for i := range row {
			for _, flip := range []byte{0x01, 0x5a} {
				b := slices.Clone(row)
				b[i] ^= flip
				rows := slices.Clone(two)
				rows[part] = b
				check(rows, part, want, placed, part+1, fmt.Sprintf("byte %d of %d of part %d changed (^%#x)", i, len(row), part, flip))
			}
		}
		check(append(slices.Clone(two[:part]), row[:len(row)-1]), part, want, placed, part+1, fmt.Sprintf("part %d cut short", part))
	}
	// Parts that follow on from another base: the base of one article
	// fewer, the parts made against the base before.
	var fewer [][]byte
	store.Build(prepareKept(arts[:n-3], nil, &fewer))
	fromFewer := store.Build(prepareKept(arts, fewer, &again))
	check([][]byte{fewer[0], two[1], two[2]}, 1, fromFewer, 3, 2, "parts after another base")
	check([][]byte{two[0], two[2], two[1]}, 1, fromBase, 2, 2, "parts swapped")
	// Or on a base of every article, where their story numbers would
	// fit, and name others' stories.
	var all [][]byte
	fromAll := store.Build(prepareKept(arts, nil, &all))
	check([][]byte{all[0], two[1], two[2]}, 1, fromAll, 0, 0, "parts after a base of every article")
}

// TestPlacementFolds: where the library does not grow (new articles in,
// as many old ones pruned), the parts grow until they would hold more
// than a quarter of the base's articles; that build writes a new base of
// every article instead, and the next appends to it again. Every store
// built on what a build kept is the store that build made.
func TestPlacementFolds(t *testing.T) {
	// TestPlacementRowsCapped appends parts and writes a new base under
	// the race detector.
	plainOnly(t)
	arts := withIDs(olderFirst(synth.Articles(600)))
	const size, step = 400, 20
	var rows [][]byte
	store.Build(prepareKept(arts[:size], nil, &rows))
	// A base of 398 articles (two of the 400 are copies): parts of up to
	// 99 articles; the fifth part of 20 would make 100.
	want := []int{2, 3, 4, 5, 1, 2}
	for i, n := range want {
		window := arts[step*(i+1) : size+step*(i+1)]
		var next, none [][]byte
		built := store.Build(prepareKept(window, rows, &next))
		if len(next) != n {
			t.Fatalf("step %d: %d rows kept, want %d", i+1, len(next), n)
		}
		sameRows(t, rows, next, n)
		if d := store.Differ(built, store.Build(prepareKept(window, next, &none))); d != "" {
			t.Fatalf("step %d: the store built on the rows kept differs: %s", i+1, d)
		}
		rows = next
	}
}

// TestPlacementRowsCapped: however little the parts hold, a kept
// placement of maxPlacementRows rows gets a new base from the next build
// that places anything, not one more part; and the build after appends
// to that base again.
func TestPlacementRowsCapped(t *testing.T) {
	arts := withIDs(olderFirst(synth.Articles(600)))
	const size, step = 400, 20
	defer store.SetFoldGrowth(100)() // no fold for the parts' size
	defer store.SetMaxPlacementRows(3)()
	var rows [][]byte
	store.Build(prepareKept(arts[:size], nil, &rows))
	for i, n := range []int{2, 3, 1, 2} {
		var next [][]byte
		store.Build(prepareKept(arts[step*(i+1):size+step*(i+1)], rows, &next))
		if len(next) != n {
			t.Fatalf("step %d: %d rows kept, want %d", i+1, len(next), n)
		}
		sameRows(t, rows, next, n)
		rows = next
	}
}
