package store

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean", "Plain text\twith tab\nand newline", "Plain text\twith tab\nand newline"},
		{"osc title", "Breaking\x1b]0;PWNED\x07 News", "Breaking News"},
		{"osc st", "a\x1b]52;c;ZWNobw==\x1b\\b", "ab"},
		{"osc8 link", "\x1b]8;;javascript:alert(1)\x07click\x1b]8;;\x07", "click"},
		{"csi", "\x1b[2J\x1b[10;10Hmoved \x1b[31mred\x1b[0m", "moved red"},
		{"reset", "reset \x1bc here", "reset  here"},
		{"c1 csi", "a\u009b31mred", "ared"},
		{"c1 osc", "a\u009d0;title\u009cb", "ab"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"bidi", "\u202eevil.exe\u202c and \u2066iso\u2069", "evil.exe and iso"},
		{"cr overwrite", "carriage\rreturn", "carriage return"},
		{"crlf", "line\r\nnext", "line\nnext"},
		{"backspace", "abc\b\b\bxyz", "abcxyz"},
		{"nul bel del", "a\x00b\x07c\x7fd", "abcd"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"bom", "\ufeffTitle", "Title"},
		{"unterminated osc stops at line end", "a\x1b]0;title\nnext", "a\nnext"},
		{"keeps unicode", "日本語 👩‍👩‍👧 é (e\u0301) مرحبا", "日本語 👩‍👩‍👧 é (e\u0301) مرحبا"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeLeavesNoControls(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r < 0x300; r++ {
		b.WriteRune(r)
	}
	for _, r := range Sanitize(b.String() + "\u202a\u202b\u202d\u2067\u2068") {
		if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			t.Errorf("control %U survived", r)
		}
	}
}
