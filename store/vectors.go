package store

import (
	"iter"
	"math"
)

// vecTable holds every article's vector (its vterms, in term order) in 6
// bytes a term where a vterm is 8: each term as its distance from the
// one before (the first's from 0) in 16 bits, beside its weight. The
// vectors were over a quarter of a store's heap (175 of 622 MB at 100,000
// articles), and an article's terms, sorted, lie close: nearly every
// distance fits. One that does not (farGap) takes a second slot: its
// weight slot holds the term's id, and the next slot its weight. The
// weights are the very float32s a []vterm holds, in the same order, so
// every sum over a vector is the same to the bit.
type vecTable struct {
	off []int     // article d's slots at off[d]:off[d+1]
	gap []uint16  // each term less the one before; farGap: see above
	w   []float32 // each term's weight
	far []bool    // article d's vector has a far term, in two slots
}

// farGap marks a term whose distance from the one before does not fit.
const farGap = math.MaxUint16

// articles is how many articles the table holds a vector for.
func (t *vecTable) articles() int { return max(len(t.off)-1, 0) }

// slots is how many slots a vector's term takes after prev (-1 for
// none): one, two where the distance does not fit.
func slots(prev, term int32) int {
	if term-max(prev, 0) >= farGap {
		return 2
	}
	return 1
}

// iter walks article d's vector.
func (t *vecTable) iter(d int32) vecIter {
	gap, w := t.of(d)
	return vecIter{gap: gap, w: w}
}

// of gives article d's slots, for the loops that walk them with
// nextTerm, their state in locals (a vecIter's is not kept in registers):
//
//	gap, w := t.of(d)
//	for i, term := 0, int32(0); i < len(gap); i++ {
//		term, i = nextTerm(gap, w, i, term)
//		// term, w[i]
//	}
func (t *vecTable) of(d int32) ([]uint16, []float32) {
	lo, hi := t.off[d], t.off[d+1]
	return t.gap[lo:hi], t.w[lo:hi]
}

// nearOnly walks article d's vector where no term of it is far (its
// slots one a term): the hottest loops (Related's cosine, the dense
// cosine, topics' dots) go so, without nextTerm's test. ok is false
// where a term is far.
func (t *vecTable) nearOnly(d int32) (gap []uint16, w []float32, ok bool) {
	if t.far[d] {
		return nil, nil, false
	}
	gap, w = t.of(d)
	return gap, w[:len(gap)], true
}

// nextTerm reads the term at slot i, term the one before, and gives it
// and the slot of its weight.
func nextTerm(gap []uint16, w []float32, i int, term int32) (int32, int) {
	if g := gap[i]; g != farGap {
		return term + int32(g), i
	}
	return int32(math.Float32bits(w[i])), i + 1
}

// all yields article d's terms in term order.
func (t *vecTable) all(d int32) iter.Seq[vterm] {
	return func(yield func(vterm) bool) {
		it := t.iter(d)
		for it.next() {
			if !yield(vterm{term: it.term, w: it.wt}) {
				return
			}
		}
	}
}

// appendTo appends article d's vector to buf, as a []vterm.
func (t *vecTable) appendTo(buf []vterm, d int32) []vterm {
	it := t.iter(d)
	for it.next() {
		buf = append(buf, vterm{term: it.term, w: it.wt})
	}
	return buf
}

// terms is how many terms article d's vector holds.
func (t *vecTable) terms(d int32) int {
	n := 0
	for _, g := range t.gap[t.off[d]:t.off[d+1]] {
		if g != farGap {
			n++
		}
	}
	return n
}

// vecIter walks a vector of a vecTable: next moves to its next term
// (term, wt), false past the last.
type vecIter struct {
	gap  []uint16
	w    []float32
	i    int // the next slot
	term int32
	wt   float32
}

func (it *vecIter) next() bool {
	if it.i >= len(it.gap) {
		return false
	}
	if g := it.gap[it.i]; g != farGap {
		it.term += int32(g)
	} else {
		it.term = int32(math.Float32bits(it.w[it.i]))
		it.i++
	}
	it.wt = it.w[it.i]
	it.i++
	return true
}

// put writes term with weight w at slot i of the table, the term before
// it in its vector prev (-1 for none), and gives the next slot.
func (t *vecTable) put(i int, prev, term int32, w float32) int {
	if slots(prev, term) == 2 {
		t.gap[i], t.w[i] = farGap, math.Float32frombits(uint32(term))
		i++
	} else {
		t.gap[i] = uint16(term - max(prev, 0))
	}
	t.w[i] = w
	return i + 1
}
