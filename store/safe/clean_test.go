package safe

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// isCleanBytewise is isClean a byte at a time, as it was before it read
// eight at a time: the reference the fast path must agree with.
func isCleanBytewise(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || Unsafe(r) {
			return false
		}
		i += size
	}
	return true
}

// TestIsCleanAgreesBytewise: the eight-bytes-at-a-time scan finds every
// control, DEL, bad byte and unsafe rune the bytewise one does, wherever it
// falls in a word, and passes what that passes.
func TestIsCleanAgreesBytewise(t *testing.T) {
	pieces := []string{"a", "Z", " ", "~", "\t", "\n", "\r", "\x00", "\x1b", "\x1f", "\x7f", "\x80", "\xff",
		"é", "—", "\u202e", "\u200f", "\u0085", "\ufeff", "0", "!", "\x20\x20\x20\x20\x20\x20\x20\x20"}
	r := rand.New(rand.NewPCG(12, 10))
	dirty := 0
	for range 100_000 {
		var b []byte
		for range r.IntN(24) {
			if r.IntN(4) == 0 {
				b = append(b, pieces[r.IntN(len(pieces))]...)
			} else {
				b = append(b, "plain text"[r.IntN(10)])
			}
		}
		s := string(b)
		want := isCleanBytewise(s)
		if got := isClean(s); got != want {
			t.Fatalf("isClean(%q) = %v, bytewise %v", s, got, want)
		}
		if !want {
			dirty++
		}
	}
	if dirty == 0 {
		t.Fatal("no unclean text drawn")
	}
}
