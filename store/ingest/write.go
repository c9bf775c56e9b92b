package ingest

import (
	"html"
	"strings"
	"unicode"

	"github.com/lede-reader/lede/store"
)

// Writing Markdown, for every parser: plain text escaped so that it stays
// literal, URLs made autolinks, links collected once each, words counted.

// linkSet collects links in order, each once, in time linear in their
// number (a note of 100,000 bare URLs took 55 s when every link was
// looked for in the list).
type linkSet struct {
	list []string
	at   map[string]int // each link's place in list, from 1
}

// add puts u in the set unless it is there, and gives its number: its
// place in the list, from 1.
func (l *linkSet) add(u string) int {
	if n, ok := l.at[u]; ok {
		return n
	}
	if l.at == nil {
		l.at = make(map[string]int)
	}
	l.list = append(l.list, u)
	l.at[u] = len(l.list)
	return len(l.list)
}

// trimURL drops punctuation that ends the sentence, not the URL.
func trimURL(u string) string { return strings.TrimRight(u, ".,;:!?") }

// inline escapes text for Markdown and turns URLs into autolinks.
func inline(s string) string {
	if !strings.Contains(s, "://") {
		return escape(s)
	}
	var b strings.Builder
	last := 0
	for _, loc := range urlRE().FindAllStringIndex(s, -1) {
		u := trimURL(s[loc[0]:loc[1]])
		b.WriteString(escape(s[last:loc[0]]))
		b.WriteString("<")
		b.WriteString(u)
		b.WriteString(">")
		last = loc[0] + len(u)
	}
	b.WriteString(escape(s[last:]))
	return b.String()
}

// escape makes text literal in Markdown. An '&' that would start a
// character reference is written "&amp;" (a renderer would otherwise
// decode "&#27;" into a live ESC after sanitising); any other '&' stays as
// it is, since glamour shows the backslash of "\&" ("AT\&T").
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '&':
			if startsReference(s[i:]) {
				b.WriteString("&amp;")
				continue
			}
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '{', '}':
			b.WriteByte('\\')
		case '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if i > 0 && i < 10 && allDigits(s[:i]) {
				b.WriteByte('\\') // "2006. The army" is not a list
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// startsReference: s opens with an '&' that a decoder of references would
// read as one ("&#…", "&amp;", "&copy2024"), not a plain '&' ("AT&T").
func startsReference(s string) bool {
	j := 1
	if j < len(s) && s[j] == '#' {
		return true
	}
	for j < len(s) && j < 40 && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || isDigit(s[j])) {
		j++
	}
	if j == 1 {
		return false
	}
	if j < len(s) && s[j] == ';' {
		j++
	}
	return html.UnescapeString(s[:j]) != s[:j]
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// countWords counts the words of s: runs of letters and digits between
// white space, and, for the scripts written without spaces (Han, Hiragana,
// Katakana: store.IsCJK), one word for every two characters, which gives
// a paragraph of them the reading time its length takes (about 500
// characters a minute, as 250 words of English) where counting the run
// as one word said "1 word".
func countWords(s string) int {
	n, cjk := 0, 0
	inWord, counted := false, false
	for _, r := range s {
		if r >= 0x2E80 && store.IsCJK(r) {
			cjk++
			inWord = false // what follows it is a word of its own
			continue
		}
		if unicode.IsSpace(r) {
			inWord = false
			continue
		}
		if !inWord {
			inWord, counted = true, false
		}
		if !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			n++
			counted = true
		}
	}
	return n + (cjk+1)/2
}

// DropTitle takes off the first block of a Markdown body (a heading or a
// paragraph) when it says no more than title, as a page fetched for an
// article's full text often opens with the headline the article shows
// above it already; words is the body's count, less the block's. Only
// a block that is the title (case, accents, punctuation and Markdown
// marks aside) goes: one that merely starts with its words stays.
func DropTitle(body string, words int, title string) (string, int) {
	want := titleWords(title)
	if want == "" {
		return body, words
	}
	trimmed := strings.TrimLeft(body, " \t\r\n")
	first, rest, _ := strings.Cut(trimmed, "\n\n")
	if titleWords(first) != want {
		return body, words
	}
	return strings.TrimLeft(rest, " \t\r\n"), max(0, words-countWords(first))
}

// titleWords is s as its letters and digits alone, folded, one space
// between words: what two spellings of a headline share.
func titleWords(s string) string {
	return strings.Join(strings.FieldsFunc(store.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
