package store

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestSkipCount: skipping n varints eight bytes at a time lands where
// reading them one by one does, short or not, on runs of one- to
// five-byte varints (as positions are) cut anywhere.
func TestSkipCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		var data []byte
		count := rng.IntN(80)
		for range count {
			v := rng.Uint64() >> (64 - 7*(1+rng.IntN(5)))
			data = binary.AppendUvarint(data, v)
		}
		data = data[:len(data)-rng.IntN(min(len(data), 3)+1)] // cut, maybe inside a varint
		for n := 0; n <= count+2; n++ {
			// One by one, as binary.Uvarint reads them.
			want, wantShort := data, false
			for range n {
				if _, m := binary.Uvarint(want); m <= 0 {
					want, wantShort = nil, true
					break
				} else {
					want = want[m:]
				}
			}
			got, short := skipCount(data, n)
			if short != wantShort || !wantShort && len(got) != len(want) {
				t.Fatalf("trial %d: skipCount(%d of %d bytes) left %d bytes, short %v; one by one %d, short %v", trial, n, len(data), len(got), short, len(want), wantShort)
			}
		}
	}
}
