package safe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unsafe reports whether r must never reach a terminal in any text: C0
// controls but tab and newline, DEL, C1 controls, bidi embeddings,
// overrides, isolates and marks (they reorder or hide what is shown),
// byte-order marks, interlinear annotation controls, and the noncharacters
// U+FDD0–U+FDEF (which ingest uses as stand-ins for controls while it
// parses). This is the only table of unsafe runes in lede.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20 && r != '\t' && r != '\n', r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f: // C1
		return true
	case r == 0x061c: // ARABIC LETTER MARK
		return true
	case r == 0x200e || r == 0x200f: // LRM RLM
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	case r >= 0x202a && r <= 0x202e: // LRE RLE PDF LRO RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI RLI FSI PDI
		return true
	case r >= 0xfdd0 && r <= 0xfdef: // noncharacters
		return true
	case r == 0xfeff: // byte-order mark / zero-width no-break space
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation controls
		return true
	}
	return false
}

// cp1252 is what Windows-1252 makes of the C1 code points that are neither
// undefined there nor the start of a control sequence (CSI, OSC, DCS, SOS,
// PM, APC, ST), indexed from U+0080: text decoded as Latin-1 that was
// Windows-1252 holds them
// ("don\u0092t"), and they are shown as Windows-1252 shows them.
var cp1252 = [32]rune{
	0x00: '€', 0x02: '‚', 0x03: 'ƒ', 0x04: '„', 0x05: '…', 0x06: '†', 0x07: '‡',
	0x08: 'ˆ', 0x09: '‰', 0x0a: 'Š', 0x0b: '‹', 0x0c: 'Œ', 0x0e: 'Ž',
	0x11: '‘', 0x12: '’', 0x13: '“', 0x14: '”', 0x15: '•', 0x16: '–', 0x17: '—',
	0x19: '™', 0x1a: 'š',
}

// Text makes untrusted text safe to put on a terminal, keeping its lines.
//
// It removes whole escape sequences (CSI, OSC, DCS, SOS, PM, APC, and their
// C1 forms), then every other unsafe rune (see Unsafe). A C1 code point
// that Windows-1252 gives a character to becomes that character ("’" for
// U+0092). A carriage return that does not end a line, which could send
// the cursor back to overwrite what was shown, becomes a space; a
// backspace is dropped; U+2028 and U+2029 become line breaks. Invalid UTF-8
// becomes U+FFFD. All printable Unicode stays: CJK, emoji with joiners,
// combining marks, right-to-left text.
func Text(s string) string { return clean(s, false) }

// Spaced is Text for a name a person reads as words (an OPML outline's):
// a control character on its own, not part of an escape sequence,
// becomes a space instead of going, so Tender\aBell is "Tender Bell";
// a whole escape sequence still goes ("\x1b]0;x\aEvil" is "Evil").
func Spaced(s string) string { return clean(s, true) }

// clean is Text; spaced, a lone control character is a space.
func clean(s string, spaced bool) string {
	if isClean(s) {
		return s
	}
	s = fromStandIns(s)
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
		case r >= 0x80 && r <= 0x9f && cp1252[r-0x80] != 0:
			b.WriteRune(cp1252[r-0x80])
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++ // CRLF: the newline follows
				continue
			}
			b.WriteByte(' ')
		case r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case spaced && unicode.IsControl(r):
			b.WriteByte(' ')
		case Unsafe(r):
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
		// Eight bytes at a time while none is a control, DEL or past
		// ASCII: a byte under 0x20 borrows into its top bit when 0x20 is
		// taken from it, DEL carries into it when 1 is added, and one past
		// ASCII has it set. (A borrow or carry may flag a clean byte
		// beside it; that byte is then looked at one at a time below.)
		for i+8 <= len(s) {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if (x|(x-0x2020202020202020)|(x+0x0101010101010101))&0x8080808080808080 != 0 {
				break
			}
			i += 8
		}
		if i == len(s) {
			break
		}
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

// StandIn is what a parser that refuses C0 controls (XML, JSON) is given
// in place of control c: a noncharacter, U+FDD0+c, legal to the parser and
// never in real text. Text reads it as the control it stands for, so a
// whole escape sequence in a field goes, not just its ESC.
func StandIn(c byte) rune { return 0xfdd0 + rune(c) }

// fromStandIns turns stand-ins back into the controls they stand for.
func fromStandIns(s string) string {
	if !strings.Contains(s, "\xef\xb7") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= 0xfdd0 && r <= 0xfdef {
			return r - 0xfdd0
		}
		return r
	}, s)
}

// MaxLine is the most runes a one-line field from outside keeps (a title,
// a source, a section, an author): real titles are under 200; a 400 KB one
// only makes every frame slow.
const MaxLine = 300

// Line makes a one-line field: Text, and if it holds any white space but
// the plain space (tabs, line breaks, U+2028, U+2029, no-break spaces),
// its words joined by single spaces. Text of one line with plain spaces
// is left as it is (a typed " " stays). What list, search and JSON print
// of a field is always a Line.
func Line(s string) string {
	s = Text(s)
	for _, r := range s {
		if r != ' ' && unicode.IsSpace(r) {
			return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
		}
	}
	return s
}

// Field is a one-line field from outside as it is kept (a title, an
// author, a section): its words, cleaned by Text, joined by single
// spaces, at most MaxLine runes.
func Field(s string) string { return LineMax(s, MaxLine) }

// MaxQuoted is the most runes of a piece of outside text an error quotes
// (an element's name, a content type, a status line): enough for any real
// one, and a 5,000-letter element name costs a line, not a screen.
const MaxQuoted = 100

// MaxMessage bounds a whole message that carries outside text (a
// parser's complaint naming what it read, the address it came from).
const MaxMessage = 1000

// Quoted is a piece of outside text fit to quote in a message: Field's
// one clean line, cut to MaxQuoted runes with an ellipsis.
func Quoted(s string) string { return LineMax(s, MaxQuoted) }

// LineMax is the words of s, cleaned by Text, joined by single spaces, cut
// to at most n runes: at the last space in its second half if there is
// one, with an ellipsis.
func LineMax(s string, n int) string {
	s = strings.Join(strings.FieldsFunc(Text(s), unicode.IsSpace), " ")
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 2 {
		return "…"
	}
	cut, count := 0, 0
	for i := range s {
		if count == n-1 {
			cut = i
			break
		}
		count++
	}
	head := s[:cut]
	if i := strings.LastIndexByte(head, ' '); i > len(head)/2 {
		head = head[:i]
	}
	return strings.TrimRight(head, " ,;:—–-") + "…"
}
