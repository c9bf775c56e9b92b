package store

import (
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestCountSentences: counting a source's sentences by sorting them
// gives what counting them in a map gives (sentenceCounts, repeatedIn):
// each sentence's count of articles, in order of hash, and which of
// each article's sentences are boilerplate, with sentences repeated
// within an article, hashes that share their top bits (one bucket far
// past the rest) and sentences of no hash (0).
func TestCountSentences(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name   string
		docs   int
		shared int // sentences drawn from a pool of this many
		top    bool
	}{
		{"few", 5, 4, false},
		{"many", 3000, 2000, false},
		{"one bucket", 400, 300, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			pool := make([]uint64, c.shared)
			for k := range pool {
				pool[k] = r.Uint64() | 1
				if c.top {
					pool[k] &= 0xff // every hash in bucket 0
				}
			}
			hashes := make([][]uint64, c.docs+3)
			var docs []int
			for d := range hashes {
				if d%4 == 3 {
					hashes[d] = []uint64{pool[0]} // another source's
					continue
				}
				docs = append(docs, d)
				for range r.IntN(40) {
					switch r.IntN(10) {
					case 0:
						hashes[d] = append(hashes[d], 0)
					case 1, 2:
						hashes[d] = append(hashes[d], r.Uint64()|1) // its own
					default:
						hashes[d] = append(hashes[d], pool[r.IntN(len(pool))])
					}
				}
			}
			for _, need := range []int{3, 5, len(docs) + 1} {
				out := make([][]bool, len(hashes))
				hs, cs := countSentences(hashes, docs, need, out)
				count := sentenceCounts(hashes, docs)
				want := slices.Sorted(maps.Keys(count))
				if !slices.Equal(hs, want) {
					t.Fatalf("need %d: %d sentences, want %d", need, len(hs), len(want))
				}
				for k, h := range hs {
					if cs[k] != count[h] {
						t.Fatalf("need %d: sentence %x in %d articles, want %d", need, h, cs[k], count[h])
					}
				}
				for d := range hashes {
					var rep []bool
					if slices.Contains(docs, d) {
						rep = repeatedIn(hashes[d], func(h uint64) bool { return int(count[h]) >= need })
					}
					if !reflect.DeepEqual(out[d], rep) {
						t.Fatalf("need %d: article %d's boilerplate %v, want %v", need, d, out[d], rep)
					}
				}
			}
		})
	}
}
