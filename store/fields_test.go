package store

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/lede-reader/lede/store/safe"
)

// What list, search and JSON print of an article is one line: no tab, line
// break, U+2028/U+2029, bidi mark or control in a title, section, source
// or snippet, whatever the source held; titles capped.
func TestFieldsAreOneLine(t *testing.T) {
	dirty := []string{"Tab\tin\ttitle", "Line\u2028sep\u2029para", "marks\u200e\u200f\u061c here", "nl\nand\r\ncr", "\u202eevil", strings.Repeat("long ", 1000)}
	var arts []Article
	for i, d := range dirty {
		arts = append(arts, Article{Title: d + " marquez", Section: d, Source: d, Body: "Body " + d + " marquez text " + strings.Repeat("x", i)})
	}
	st := Build(arts)
	oneLine := func(what, s string) {
		t.Helper()
		for _, r := range s {
			if safe.Unsafe(r) || r != ' ' && unicode.IsSpace(r) {
				t.Errorf("%s %q holds %U", what, s, r)
			}
		}
	}
	for _, a := range st.List() {
		oneLine("title", a.Title)
		oneLine("section", a.Section)
		oneLine("source", a.Source)
		if utf8.RuneCountInString(a.Title) > safe.MaxLine {
			t.Errorf("title of %d runes", utf8.RuneCountInString(a.Title))
		}
	}
	hits := st.Search("marquez", 20)
	if len(hits) != len(dirty) {
		t.Fatalf("%d hits", len(hits))
	}
	for _, h := range hits {
		oneLine("hit title", h.Title)
		oneLine("snippet", h.Snippet)
	}
}
