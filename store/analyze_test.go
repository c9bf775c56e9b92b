package store

import (
	"strings"
	"testing"
)

func terms(text string) []string {
	var out []string
	for _, t := range newAnalyzer().tokens(text, nil) {
		out = append(out, t.term)
	}
	return out
}

func TestAnalyzer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Márquez Marquez MÁRQUEZ", "marquez marquez marquez"},
		{"The cartels were designated", "cartel design"},
		{"U.S. and US officials, but not us", "us us offici"},
		{"200,000 followers in 2023; 1.3 deaths", "200,000 follow 2023 1.3 death"},
		{"Mexico’s sovereignty", "mexico sovereignti"},
		{"a I x", ""},
		{"Straße Łódź", "strass lodz"},
	}
	for _, tt := range tests {
		if got := strings.Join(terms(tt.in), " "); got != tt.want {
			t.Errorf("terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenOffsetsAndOpeners(t *testing.T) {
	text := "Sheinbaum spoke. Cartels answered Sheinbaum."
	toks := newAnalyzer().tokens(text, nil)
	if len(toks) != 5 {
		t.Fatalf("%d tokens", len(toks))
	}
	for _, tk := range toks {
		if Fold(text[tk.start:tk.end]) == "" {
			t.Errorf("bad span %d:%d", tk.start, tk.end)
		}
	}
	if !toks[0].opener || toks[1].opener || !toks[2].opener || toks[4].opener {
		t.Errorf("openers wrong: %+v", toks)
	}
}

func TestPlainText(t *testing.T) {
	md := "## Heading\n\n- item with <https://example.com/x>\n1. first\n\n> quoted *em* and **strong** \\*star\\* \\&\\#27;\n\n[link text](http://x.y) ![alt](i.png)\n\n---\n\n**ACZ Editor:** note"
	want := "Heading\n\nitem with https://example.com/x\nfirst\n\nquoted em and strong *star* &#27;\n\nlink text alt\n\n\n\nACZ Editor: note"
	if got := PlainText(md); got != want {
		t.Errorf("PlainText =\n%q\nwant\n%q", got, want)
	}
	if got := PlainText("\\\U000F001B"); strings.ContainsRune(got, 0x1b) {
		t.Error("a private-use rune became ESC")
	}
}
