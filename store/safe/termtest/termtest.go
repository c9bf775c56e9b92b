// Package termtest holds the one check, for tests, of what lede may write
// to a terminal: printable text and SGR colour codes, nothing that could
// move the cursor, retitle the window, write the clipboard, plant a link
// or reset the terminal. The command line's tests and the reader's use it
// alike.
package termtest

import (
	"errors"
	"fmt"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/lede-reader/lede/store/safe"
)

// SGR matches the one escape sequence lede may emit itself: a colour or
// attribute (CSI … m).
var SGR = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// Err reports the first thing in out other than text and SGR: an escape
// other than SGR (so no OSC, DCS, APC, PM or SOS), a tab where tabs is not
// set, any rune of the safety package's one table (safe.Unsafe: C0 but
// newline and tab, DEL, C1, bidi overrides, isolates and marks, line and
// paragraph separators, BOMs), invalid UTF-8.
func Err(out string, tabs bool) error {
	rest := SGR.ReplaceAllString(out, "")
	if !utf8.ValidString(rest) {
		return errors.New("invalid UTF-8")
	}
	for i, r := range rest {
		if r == '\t' && !tabs || safe.Unsafe(r) {
			lo, hi := max(0, i-30), min(len(rest), i+30)
			return fmt.Errorf("control %U at byte %d: %q", r, i, rest[lo:hi])
		}
	}
	return nil
}

// Check fails t when out, printed by the command line, holds anything but
// text (tabs and newlines included) and SGR.
func Check(t testing.TB, what, out string) {
	t.Helper()
	if err := Err(out, true); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// CheckFrame is Check for a frame of the reader, where a tab is a defect
// too (it would break the layout).
func CheckFrame(t testing.TB, what, frame string) {
	t.Helper()
	if err := Err(frame, false); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}
