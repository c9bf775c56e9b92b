package store

import (
	"html"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/lede-reader/lede/store/safe"
)

// Markdown to plain text, for the index and for snippets: what a reader
// sees, without the markup. An approximation that errs on the side of
// keeping words: it needs no full parse, as nothing here is shown as-is
// except snippets.
var (
	mdImage    = lazyRegexp(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = lazyRegexp(`\[([^\]]*)\]\([^)]*\)`)
	mdRefLink  = lazyRegexp(`\[([^\]]+)\]\[[^\]]*\]`)
	mdAutolink = lazyRegexp(`<((?:https?|mailto|ftp):[^>\s]*)>`)
	mdTag      = lazyRegexp(`</?[A-Za-z][^>\n]{0,200}>`)
	mdLead     = lazyRegexp(`^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)+`)
	mdRule     = lazyRegexp(`^\s{0,3}(?:[-*_]\s*){3,}$`)
	mdFence    = lazyRegexp("^\\s{0,3}(?:```|~~~)")
	mdEmph     = lazyRegexp(`(\*{1,3}|_{1,3}|~~)([^\s*_~](?:[^*_~\n]*[^\s*_~])?)(\*{1,3}|_{1,3}|~~)`)
	mdEscape   = lazyRegexp(`\\([!-/:-@\[-` + "`" + `{-~])`)
)

// PlainText strips Markdown markup from md, keeping its words and lines.
func PlainText(md string) string {
	if !needsPlain(md) {
		return md // plain prose already: no copy
	}
	lines := strings.Split(md, "\n")
	changed := false
	// Inside code (fenced, or indented after a blank line) Markdown shows
	// a character reference as written; elsewhere it decodes it.
	var fence string
	indented, blank := false, true
	for i, l := range lines {
		code := fence != ""
		if f := fenceOpening(l); f != "" {
			switch {
			case fence == "":
				fence, code = f, true
			case strings.HasPrefix(f, fence):
				fence, code = "", true
			}
		}
		indented = !code && indentedCode(l) && (blank || indented)
		code = code || indented
		blank = strings.TrimSpace(l) == ""
		if !strings.ContainsAny(l, markupChars) && !startsMarkup(l) {
			continue // plain prose, the common case: no regexp work
		}
		// Each expression runs only on a line holding what it needs to
		// match (a line of prose with an '&' or a '!' needs none of them).
		lead := strings.TrimLeft(l, " \t\n\f\r") // what \s matches
		if lead != "" && strings.IndexByte("`~-*_", lead[0]) >= 0 &&
			(mdFence().MatchString(l) || mdRule().MatchString(l)) {
			lines[i], changed = "", true
			continue
		}
		escaped := strings.IndexByte(l, '\\') >= 0
		if escaped {
			l = mdEscape().ReplaceAllStringFunc(l, hideEscape)
		}
		// showEscape's runes are U+F0021 to U+F007E; strings.Map also makes
		// each invalid byte U+FFFD.
		escaped = escaped || strings.Contains(l, "\xf3\xb0") || !utf8.ValidString(l)
		if lead != "" && strings.IndexByte("#>-*+0123456789", lead[0]) >= 0 {
			l = mdLead().ReplaceAllString(l, "")
		}
		if strings.Contains(l, "](") {
			l = mdImage().ReplaceAllString(l, "$1")
			l = mdLink().ReplaceAllString(l, "$1")
		}
		if strings.Contains(l, "][") {
			l = mdRefLink().ReplaceAllString(l, "$1")
		}
		if strings.IndexByte(l, '<') >= 0 {
			l = mdAutolink().ReplaceAllString(l, "$1")
			l = mdTag().ReplaceAllString(l, "")
		}
		if strings.ContainsAny(l, "*_~") {
			l = mdEmph().ReplaceAllString(l, "$2")
		}
		switch {
		case strings.IndexByte(l, '&') < 0:
		case code:
			l = strings.ReplaceAll(l, "&amp;", "&") // how ingest writes an '&' that opens a reference
		default:
			// Last, so that a decoded "&lt;p&gt;" is text, not a tag.
			l = decodeRefs(l)
		}
		if escaped {
			l = strings.Map(showEscape, l)
		}
		if l = strings.TrimRight(l, " \t"); l != lines[i] {
			lines[i], changed = l, true
		}
	}
	if !changed {
		return md // a '!' or an '&' in prose, no markup: no copy
	}
	return strings.Join(lines, "\n")
}

// fenceOpening is the fence a line opens or closes a fenced code block
// with (its run of ` or ~), "" for any other line.
func fenceOpening(l string) string {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 3 || len(t) < 3 || t[0] != '`' && t[0] != '~' {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 || t[0] == '`' && strings.IndexByte(t[n:], '`') >= 0 {
		return ""
	}
	return t[:n]
}

// indentedCode: the line is indented as code (a tab, or four spaces).
func indentedCode(l string) bool {
	return strings.TrimSpace(l) != "" && (strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "    "))
}

// decodeRefs decodes the character references of a line of Markdown
// outside its code spans, as a renderer shows them ("&lt;html&gt;" is
// "<html>", "&amp;" is "&"), so that the index and snippets hold the
// text and not "lt" and "gt". A reference that means a control or
// another rune unsafe on a terminal, or white space other than a space,
// stays as written: ingest has defused those already ("&amp;#27;", which
// decodes once, to "&#27;").
func decodeRefs(l string) string {
	var b strings.Builder
	for l != "" {
		i := strings.IndexByte(l, '`')
		if i < 0 {
			b.WriteString(decodeSpan(l))
			break
		}
		b.WriteString(decodeSpan(l[:i]))
		n := i
		for n < len(l) && l[n] == '`' {
			n++
		}
		run := l[i:n]
		// A code span runs to the next run of as many backticks.
		end := -1
		for j := n; j < len(l); {
			k := strings.IndexByte(l[j:], '`')
			if k < 0 {
				break
			}
			k += j
			m := k
			for m < len(l) && l[m] == '`' {
				m++
			}
			if m-k == len(run) {
				end = m
				break
			}
			j = m
		}
		if end < 0 {
			b.WriteString(run) // no span: the backticks are text
			l = l[n:]
			continue
		}
		b.WriteString(l[i:end])
		l = l[end:]
	}
	return b.String()
}

func decodeSpan(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i:]
		n := refLen(s)
		if n == 0 {
			b.WriteByte('&')
			s = s[1:]
		} else {
			ref := s[:n]
			b.WriteString(decodeRef(ref))
			s = s[n:]
		}
		i = strings.IndexByte(s, '&')
	}
	b.WriteString(s)
	return b.String()
}

// decodeRef is what the reference ref means, or ref as written where
// that is unsafe on a terminal or white space other than a space.
func decodeRef(ref string) string {
	v := html.UnescapeString(ref)
	for _, r := range v {
		if safe.Unsafe(r) || unicode.IsSpace(r) && r != ' ' && r != '\u00a0' {
			return ref
		}
	}
	return v
}

// refLen is the length of the character reference s starts with, as
// Markdown reads one (&name; of 2 to 32 letters and digits, &#1234567;,
// &#x10FFFF;, with the ';'), or 0 where s starts with none.
func refLen(s string) int {
	j := 1
	if j < len(s) && s[j] == '#' {
		j++
		hex := j < len(s) && (s[j] == 'x' || s[j] == 'X')
		if hex {
			j++
		}
		start, most := j, 7
		if hex {
			most = 6
		}
		for j < len(s) && j-start < most && (isDigit(s[j]) || hex && isHexLetter(s[j])) {
			j++
		}
		if j == start {
			return 0
		}
	} else {
		start := j
		if j >= len(s) || !isLetterByte(s[j]) {
			return 0
		}
		for j < len(s) && j-start < 32 && (isLetterByte(s[j]) || isDigit(s[j])) {
			j++
		}
		if j-start < 2 {
			return 0
		}
	}
	if j < len(s) && s[j] == ';' {
		return j + 1
	}
	return 0
}

func isHexLetter(c byte) bool { return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// needsPlain reports whether any line of md may hold markup.
func needsPlain(md string) bool {
	if strings.ContainsAny(md, markupChars) {
		return true
	}
	for line := range strings.SplitSeq(md, "\n") {
		if startsMarkup(line) {
			return true
		}
	}
	return false
}

const markupChars = "*_[]<>\\!~`#|&"

// startsMarkup: a line that may open a list, quote, rule or fence.
func startsMarkup(l string) bool {
	t := strings.TrimLeft(l, " ")
	return t != "" && (t[0] == '-' || t[0] == '+' || t[0] == '=' || t[0] >= '0' && t[0] <= '9')
}

// An escaped character hides in the private use area while the markup is
// taken apart, so that "\\*" is a star and not emphasis.
const escapeBase = 0xF0000

func hideEscape(m string) string { return string(rune(escapeBase + int(m[1]))) }

func showEscape(r rune) rune {
	if r >= escapeBase+0x21 && r <= escapeBase+0x7e { // printable ASCII only: never a control
		return r - escapeBase
	}
	return r
}

// lazyRegexp compiles expr when it is first used: a pattern compiled into
// a package variable costs every command its compilation before main,
// whether it is used or not.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
