package store

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
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
	for i, l := range lines {
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
		l = strings.ReplaceAll(l, "&amp;", "&") // how ingest writes an '&' that opens a reference
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
