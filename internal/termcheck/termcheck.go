// Package termcheck is the one test of what lede may write to a terminal:
// printable text and SGR colour codes, nothing else. The command line's
// tests and the reader's both use it, so the two cannot drift apart. It
// takes the table of unsafe runes from store/safe, the one place that
// decides what may reach a terminal.
package termcheck

import (
	"errors"
	"fmt"
	"regexp"
	"unicode/utf8"

	"github.com/lede-reader/lede/store/safe"
)

// sgr is the one escape sequence lede may emit itself: a colour or
// attribute (CSI … m).
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// Output reports what in out could move the cursor, retitle the window,
// write the clipboard, plant a link or reset the terminal: an escape other
// than SGR (so no OSC, DCS, APC, PM or SOS), any rune safe.Unsafe refuses
// (C0 controls but tab and newline, DEL, C1, bidi controls…), invalid
// UTF-8. Printed output may hold tabs.
func Output(out string) error { return check(out, true) }

// Frame is Output for a frame of the reader, which holds no tab either: a
// terminal would expand it past the pane's edge.
func Frame(frame string) error { return check(frame, false) }

func check(s string, tabs bool) error {
	rest := sgr.ReplaceAllString(s, "")
	if !utf8.ValidString(rest) {
		return errors.New("invalid UTF-8")
	}
	for i, r := range rest {
		if safe.Unsafe(r) || r == '\t' && !tabs {
			lo, hi := max(0, i-30), min(len(rest), i+30)
			return fmt.Errorf("control %U at byte %d: %q", r, i, rest[lo:hi])
		}
	}
	return nil
}
