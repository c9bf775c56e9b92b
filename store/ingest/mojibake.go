package ingest

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// UTF-8 read as Windows-1252 (or Latin-1) and written out as UTF-8 again
// turns "don’t" into "donâ€™t" and "été" into "Ã©tÃ©". Where the evidence
// is clear, the bytes are read again as what they were: a run of
// characters whose Windows-1252 bytes make one UTF-8 character of three
// or four bytes ("â€™", which no language writes), or, when a source holds
// at least three of them, of two bytes decoding to a Latin, Greek or
// Cyrillic letter or sign ("Ã©"). A German „Ä“ alone stays as it is.

// mojibakeRepairs is how many two-byte repairs a source must offer before
// any is made.
const mojibakeRepairs = 3

// repairMojibake gives s with double-encoded UTF-8 read again, where the
// evidence is clear.
func repairMojibake(s string) string {
	if !strings.ContainsAny(s, "ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö") {
		return s
	}
	type fix struct {
		start, end int
		r          rune
	}
	var fixes []fix
	long := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0xc2 || r > 0xf4 {
			i += size
			continue
		}
		n := 2 // bytes in the UTF-8 sequence r would lead
		switch {
		case r >= 0xf0:
			n = 4
		case r >= 0xe0:
			n = 3
		}
		buf := []byte{byte(r)}
		j := i + size
		for len(buf) < n && j < len(s) {
			c, csize := utf8.DecodeRuneInString(s[j:])
			b, ok := windows1252Byte(c)
			if !ok || b < 0x80 || b > 0xbf {
				break
			}
			buf = append(buf, b)
			j += csize
		}
		if len(buf) == n {
			if dec, dsize := utf8.DecodeRune(buf); dsize == n && dec != utf8.RuneError && plausible(dec, n) {
				fixes = append(fixes, fix{i, j, dec})
				if n > 2 {
					long++
				}
				i = j
				continue
			}
		}
		i += size
	}
	if len(fixes) == 0 || long == 0 && len(fixes) < mojibakeRepairs {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, f := range fixes {
		b.WriteString(s[last:f.start])
		b.WriteRune(f.r)
		last = f.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// windows1252Byte is the byte Windows-1252 (or, for U+0080–U+009F,
// Latin-1) writes r as.
func windows1252Byte(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), true
	}
	return charmap.Windows1252.EncodeRune(r)
}

// plausible: a character double encoding is likely to have come from. Two
// bytes make Latin, Greek or Cyrillic letters and signs; three or four,
// anything.
func plausible(r rune, n int) bool {
	if n > 2 {
		return r >= 0x800
	}
	return r >= 0xa0 && r <= 0x24f || r >= 0x370 && r <= 0x4ff
}
