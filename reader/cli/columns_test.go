package cli

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// lede show into a pipe wraps at $COLUMNS where it is set (COLUMNS=40
// lede show … | cat), at 80 where it is not; --width wins over both.
func TestShowPipeWidthFromColumns(t *testing.T) {
	widest := func(out string) int {
		w := 0
		for l := range strings.SplitSeq(out, "\n") {
			w = max(w, utf8.RuneCountInString(l))
		}
		return w
	}
	out, errs, code := lede(t, "show", "valeria")
	if code != 0 || widest(out) > 80 || widest(out) < 60 {
		t.Fatalf("no COLUMNS: code %d, widest line %d (want about 80) %s", code, widest(out), errs)
	}
	t.Setenv("COLUMNS", "40")
	out, errs, code = lede(t, "show", "valeria")
	if code != 0 || widest(out) > 40 {
		t.Fatalf("COLUMNS=40: code %d, widest line %d %s\n%s", code, widest(out), errs, out)
	}
	out, _, _ = lede(t, "show", "valeria", "--width", "70")
	if w := widest(out); w > 70 || w <= 40 {
		t.Fatalf("COLUMNS=40 --width 70: widest line %d", w)
	}
	t.Setenv("COLUMNS", "junk")
	if out, _, _ = lede(t, "show", "valeria"); widest(out) > 80 || widest(out) <= 40 {
		t.Fatalf("COLUMNS=junk: widest line %d, want 80's", widest(out))
	}
}
