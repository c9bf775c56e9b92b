package store

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestVecTableHoldsVectors puts vectors of terms near and far apart
// (distances past what 16 bits hold, a first term past it) in a
// vecTable and reads them back, term and weight to the bit.
func TestVecTableHoldsVectors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var want [][]vterm
	for d := range 200 {
		var v []vterm
		term := int32(0)
		for range rng.IntN(40) {
			switch rng.IntN(4) {
			case 0:
				term += farGap + int32(rng.IntN(3)) - 1 // just under, at, past
			case 1:
				term += int32(rng.IntN(1 << 20))
			default:
				term += 1 + int32(rng.IntN(50))
			}
			if len(v) == 0 && d%3 == 0 {
				term = int32(rng.IntN(3 * farGap)) // a first term far from 0, or not
			}
			v = append(v, vterm{term: term, w: math.Float32frombits(rng.Uint32())})
			term++
		}
		want = append(want, v)
	}
	var t2 vecTable
	t2.off = make([]int, len(want)+1)
	for d, v := range want {
		n, prev := 0, int32(-1)
		for _, x := range v {
			n += slots(prev, x.term)
			prev = x.term
		}
		t2.off[d+1] = t2.off[d] + n
	}
	t2.gap, t2.w = make([]uint16, t2.off[len(want)]), make([]float32, t2.off[len(want)])
	t2.far = make([]bool, len(want))
	for d, v := range want {
		at, prev := t2.off[d], int32(-1)
		for _, x := range v {
			t2.far[d] = t2.far[d] || slots(prev, x.term) == 2
			at, prev = t2.put(at, prev, x.term, x.w), x.term
		}
		if at != t2.off[d+1] {
			t.Fatalf("vector %d: %d slots written, %d counted", d, at-t2.off[d], t2.off[d+1]-t2.off[d])
		}
	}
	same := func(a, b []vterm) bool {
		return slices.EqualFunc(a, b, func(x, y vterm) bool {
			return x.term == y.term && math.Float32bits(x.w) == math.Float32bits(y.w)
		})
	}
	for d, v := range want {
		if got := t2.appendTo(nil, int32(d)); !same(got, v) {
			t.Fatalf("vector %d: read back %v, want %v", d, got, v)
		}
		if got := slices.Collect(t2.all(int32(d))); !same(got, v) {
			t.Fatalf("vector %d: walked %v, want %v", d, got, v)
		}
		if n := t2.terms(int32(d)); n != len(v) {
			t.Fatalf("vector %d: %d terms, want %d", d, n, len(v))
		}
		if gap, _, ok := t2.nearOnly(int32(d)); ok && len(gap) != len(v) {
			t.Fatalf("vector %d: near only, in %d slots for %d terms", d, len(gap), len(v))
		}
	}
}

// TestFarTermsInVectors builds a store whose vocabulary is larger than a
// vector's 16-bit distances reach, so that articles' vectors hold terms
// far apart: each still holds its own words, at unit length, and two
// articles of the same words are as alike as can be.
func TestFarTermsInVectors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a store of 70,000 words")
	}
	var filler strings.Builder
	for i := range 70000 {
		fmt.Fprintf(&filler, "q%s ", letters(i))
	}
	arts := []Article{
		{Title: "Fillers one", Body: "Kettle " + filler.String()},
		{Title: "Fillers two", Body: "Kettle " + filler.String() + " again"},
		{Title: "Kettle zymurgy", Body: "The kettle and the zymurgy brewery."},
		{Title: "Zymurgy kettle", Body: "A kettle, zymurgy and a brewery."},
		{Title: "Zymurgy brewery", Body: "Zymurgy at the brewery."},
	}
	s := Build(arts)
	for d := range int32(s.ix.vecs.articles()) {
		var sum float64
		var keys []string
		prev := int32(-1)
		for vt := range s.ix.vecs.all(d) {
			if vt.term <= prev || int(vt.term) >= len(s.ix.terms) {
				t.Fatalf("article %d: term %d after %d, of %d", d, vt.term, prev, len(s.ix.terms))
			}
			prev = vt.term
			sum += float64(vt.w) * float64(vt.w)
			keys = append(keys, s.ix.terms[vt.term].key)
		}
		if math.Abs(sum-1) > 1e-4 {
			t.Errorf("article %d: vector of length² %v", d, sum)
		}
		if d >= 2 && !slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, "zymurg") }) {
			t.Errorf("article %d: vector %v without zymurgy", d, keys)
		}
	}
	far := 0
	for _, g := range s.ix.vecs.gap {
		if g == farGap {
			far++
		}
	}
	if far == 0 {
		t.Fatal("no vector holds terms far apart: the test tests nothing")
	}
	if c := s.cosine(2, 3); c < 0.5 {
		t.Errorf("the two kettle and zymurgy articles: cosine %v", c)
	}
	// Related's cosine and the dense one walk the far terms too, and
	// agree with the merge to the bit.
	for a := range int32(s.Len()) {
		sc := &relScratch{}
		sc.loadQuery(s.ix.vecs.appendTo(nil, a))
		dense := newDenseVec(s.ix).load(a)
		for b := range int32(s.Len()) {
			want := s.cosine(a, b)
			if got := sc.cosine(&s.ix.vecs, b); got != want {
				t.Errorf("articles %d and %d: Related's cosine %v, the merge's %v", a, b, got, want)
			}
			if got := dense.cosine(b); got != want {
				t.Errorf("articles %d and %d: the dense cosine %v, the merge's %v", a, b, got, want)
			}
		}
	}
}

// letters spells i in the letters a to z, as a word of its own.
func letters(i int) string {
	var b []byte
	for {
		b = append(b, byte('a'+i%26))
		if i /= 26; i == 0 {
			return string(b)
		}
	}
}
