package safe

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean", "Plain text\twith tab\nand newline", "Plain text\twith tab\nand newline"},
		{"osc title", "Breaking\x1b]0;PWNED\x07 News", "Breaking News"},
		{"osc st", "a\x1b]52;c;ZWNobw==\x1b\\b", "ab"},
		{"osc8 link", "\x1b]8;;javascript:alert(1)\x07click\x1b]8;;\x07", "click"},
		{"csi", "\x1b[2J\x1b[10;10Hmoved \x1b[31mred\x1b[0m", "moved red"},
		{"reset", "reset \x1bc here", "reset  here"},
		{"c1 csi", "a\u009b31mred", "ared"},
		{"c1 osc", "a\u009d0;title\u009cb", "ab"},
		{"c1 osc unterminated stops at the line's end", "One \u009d]0;x\nTwo", "One \nTwo"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"bidi", "\u202eevil.exe\u202c and \u2066iso\u2069", "evil.exe and iso"},
		{"bidi marks", "a\u200eb\u200fc\u061cd", "abcd"},
		{"line separators", "a\u2028b\u2029c", "a\nb\nc"},
		{"cr overwrite", "carriage\rreturn", "carriage return"},
		{"crlf", "line\r\nnext", "line\nnext"},
		{"backspace", "abc\b\b\bxyz", "abcxyz"},
		{"nul bel del", "a\x00b\x07c\x7fd", "abcd"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"bom", "\ufeffTitle", "Title"},
		{"annotations", "a\ufff9b\ufffac\ufffbd", "abcd"},
		{"noncharacter stand-ins", "a\ufdd0b\ufdefc", "abc"},
		{"windows-1252 in C1", "don\u0092t \u0093quoted\u0094 \u0085 \u0080 5 \u0099", "don’t “quoted” … € 5 ™"},
		{"unterminated osc stops at line end", "a\x1b]0;title\nnext", "a\nnext"},
		{"keeps unicode", "日本語 👩‍👩‍👧 é (e\u0301) مرحبا", "日本語 👩‍👩‍👧 é (e\u0301) مرحبا"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Every code point below U+0300 and every one in the table goes through
// Text with none left that Unsafe names, and each of the runes the issue
// names is in the table.
func TestTextLeavesNothingUnsafe(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r < 0x300; r++ {
		b.WriteRune(r)
	}
	extra := "\u202a\u202b\u202d\u2067\u2068\u200e\u200f\u061c\u2028\u2029\ufeff\ufff9\ufffa\ufffb\ufdd5"
	for _, r := range extra {
		if !Unsafe(r) {
			t.Errorf("%U is not in the table", r)
		}
	}
	for _, r := range Text(b.String() + extra) {
		if Unsafe(r) {
			t.Errorf("control %U survived", r)
		}
	}
}

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain title", "Plain title"},
		{"Tab\tin\ttitle", "Tab in title"},
		{"  two\n\nlines  ", "two lines"},
		{"para\u2029sep\u2028line", "para sep line"},
		{"nbsp\u00a0and\u3000ideographic", "nbsp and ideographic"},
		{"nel is Windows-1252's ellipsis\u0085", "nel is Windows-1252's ellipsis…"},
		{"marks\u200e\u200f\u061c here", "marks here"},
		{"esc \x1b]0;t\x07 gone", "esc  gone"},
		{"", ""},
		{" ", " "},
		{"plain  spaces kept ", "plain  spaces kept "},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLineMax(t *testing.T) {
	long := strings.Repeat("word ", 200)
	got := LineMax(long, MaxLine)
	if n := len([]rune(got)); n > MaxLine || !strings.HasSuffix(got, "word…") {
		t.Errorf("LineMax: %d runes, ends %q", n, got[len(got)-10:])
	}
	if got := LineMax("short", MaxLine); got != "short" {
		t.Errorf("short changed: %q", got)
	}
	one := strings.Repeat("é", 1000)
	if got := LineMax(one, 10); got != strings.Repeat("é", 9)+"…" {
		t.Errorf("no space: %q", got)
	}
}
