package store

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes untrusted text safe to put on a terminal: it is the one
// sanitiser, applied at ingest after every decoding step.
//
// It removes whole escape sequences (CSI, OSC, DCS, SOS, PM, APC, and their
// C1 forms), then every other C0 control except tab and newline, DEL, C1
// controls (U+0080–U+009F), bidi overrides and isolates, and byte-order
// marks. A carriage return that does not end a line, which could send the
// cursor back to overwrite what was shown, becomes a space; a backspace is
// dropped. Invalid UTF-8 becomes U+FFFD. All printable Unicode stays: CJK,
// emoji with joiners, combining marks, right-to-left text.
func Sanitize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		switch {
		case r == 0x1b: // ESC
			i = skipEscape(s, i+size)
			continue
		case r == 0x9b: // C1 CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // C1 OSC, DCS, SOS, PM, APC
			i = skipString(s, i+size)
			continue
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++ // CRLF: the newline follows
				continue
			}
			b.WriteByte(' ')
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case isUnsafeRune(r):
			// dropped
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isClean reports whether s needs no change, so that clean text (nearly all
// of it) costs one pass and no allocation.
func isClean(s string) bool {
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
		if r == utf8.RuneError && size == 1 || isUnsafeRune(r) {
			return false
		}
		i += size
	}
	return true
}

func isUnsafeRune(r rune) bool {
	switch {
	case r < 0x20 && r != '\t' && r != '\n', r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f: // C1
		return true
	case r >= 0x202a && r <= 0x202e: // LRE RLE PDF LRO RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI RLI FSI PDI
		return true
	case r == 0xfeff: // byte-order mark / zero-width no-break space
		return true
	case r == 0xfff9 || r == 0xfffa || r == 0xfffb: // interlinear annotation controls
		return true
	}
	return false
}

// skipEscape returns the index after the escape sequence whose ESC ended
// just before i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// ESC followed by intermediates (0x20–0x2f) and one final byte: ESC c,
	// ESC ( B, ESC 7.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte; a
// malformed sequence ends at the byte that broke it.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		case c >= 0x20 && c <= 0x3f:
			i++
		default:
			return i
		}
	}
	return i
}

// skipString skips a control string (OSC, DCS, SOS, PM, APC) up to and
// including its terminator: BEL, ESC \, or C1 ST. An unterminated string
// runs to the end of the line at most, so one bad byte cannot eat an
// article.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case s[i] == '\n':
			return i
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c: // C1 ST
			return i + 2
		}
		i++
	}
	return i
}
