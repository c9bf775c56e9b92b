package store

import "testing"

// The rows a kept index's read lets pile up between collections follow
// the live heap past collectEvery, so that the collections over a heap
// ten times larger are about as many, not ten times as many: N² in all
// (32 collections over 5.3 GB at 1,000,000 articles with a fixed step).
func TestCollectStepFollowsTheHeap(t *testing.T) {
	const mb = 1 << 20
	rowsAt := func(n int) (live uint64, rows int64) {
		// At 100,000 articles the index's arrays are about 530 MB live
		// and its rows 221 MB (store/SPEED.md); both grow with N.
		return uint64(n) * 5300, int64(n) * 2210
	}
	collections := func(n int) int64 {
		live, rows := rowsAt(n)
		return rows / stepFor(live)
	}
	if got := stepFor(100 * mb); got != collectEvery {
		t.Errorf("step with 100 MB live = %d, want the floor %d", got, collectEvery)
	}
	if got, want := stepFor(5300*mb), int64(5300*mb/collectShare); got != want {
		t.Errorf("step with 5.3 GB live = %d, want %d", got, want)
	}
	small, large := collections(100_000), collections(1_000_000)
	if large > 2*small+2 {
		t.Errorf("collections while a kept index is read: %d at 100,000 articles, %d at 1,000,000: they grow with N", small, large)
	}
	if got := stepFor(^uint64(0)); got <= 0 {
		t.Errorf("step with the largest heap = %d", got)
	}
}
