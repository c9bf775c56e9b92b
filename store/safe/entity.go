package safe

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// referenceRE matches character references as the decoders after lede
// read them: goldmark wants the ';', glamour's html.UnescapeString does not
// (for numbers and the legacy names).
var referenceRE = regexp.MustCompile(`&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?`)

// Defuse makes the character references in Markdown harmless before it is
// rendered: a renderer decodes "&#27;" into a live ESC after every cleaning
// step, and glamour decodes "&Tab;" into a raw tab and "&rlm;" into a bidi
// mark. A reference that decodes, by any decoder's reading, to an unsafe
// rune or to white space other than a space becomes:
//
//   - a space, if it means white space (&Tab;, &NewLine;, &#9;);
//   - nothing, if it means an invisible bidi or format mark (&rlm;, &lrm;);
//   - the character it means (escaped if ASCII punctuation), if that is safe and another reading is not
//     (&#146; is ’ to HTML, a C1 control to goldmark; &#033; is ! in
//     decimal, ESC in goldmark's octal);
//   - itself, shown as written ("&amp;#27;"), if it means a control.
//
// Harmless references (&amp;, &eacute;, &#8212;) stay as they are.
func Defuse(md string) string {
	if !strings.Contains(md, "&") {
		return md
	}
	return referenceRE.ReplaceAllStringFunc(md, defuseReference)
}

func defuseReference(ref string) string {
	readings := readingsOf(ref)
	risky := false
	for _, v := range readings {
		if risky = riskyText(v); risky {
			break
		}
	}
	if !risky {
		return ref
	}
	v := html.UnescapeString(ref) // what a reader of HTML means by it
	switch {
	case v == ref:
		return ref // not a reference to anything (no ';' where one is needed)
	case allRunes(v, unicode.IsSpace):
		return " "
	case allRunes(v, isFormatMark):
		return ""
	case !riskyText(v):
		if r := rune(v[0]); len(v) == 1 && r < utf8.RuneSelf && (unicode.IsPunct(r) || unicode.IsSymbol(r)) {
			// ASCII punctuation is Markdown: "&#033;[" must not open an image.
			return `\` + v
		}
		return v
	}
	return "&amp;" + ref[1:]
}

// readingsOf is every way a decoder after lede may read ref: HTML's, and
// for numbers goldmark's (which takes a leading 0 as octal and does not
// map 128–159 as Windows-1252 does).
func readingsOf(ref string) []string {
	out := []string{html.UnescapeString(ref)}
	body := strings.TrimSuffix(ref[1:], ";")
	num, ok := strings.CutPrefix(body, "#")
	if !ok {
		return out
	}
	var vals []uint64
	if hex, ok := strings.CutPrefix(strings.ToLower(num), "x"); ok {
		if v, err := strconv.ParseUint(hex, 16, 32); err == nil {
			vals = append(vals, v)
		}
	} else {
		for _, base := range []int{10, 0} {
			if v, err := strconv.ParseUint(num, base, 32); err == nil {
				vals = append(vals, v)
			}
		}
	}
	for _, v := range vals {
		if v == 0 || v > unicode.MaxRune {
			out = append(out, "\x00")
		} else {
			out = append(out, string(rune(v)))
		}
	}
	return out
}

// riskyText: v holds a rune that Text would change, or white space other
// than a space (which would break a line or a layout where it appears).
func riskyText(v string) bool {
	for _, r := range v {
		if r != ' ' && unicode.IsSpace(r) || Unsafe(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

// isFormatMark: an invisible mark for bidi or joining, shown as nothing.
func isFormatMark(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e ||
		r >= 0x2066 && r <= 0x2069 || r == 0xfeff
}

func allRunes(s string, f func(rune) bool) bool {
	for _, r := range s {
		if !f(r) {
			return false
		}
	}
	return s != ""
}
