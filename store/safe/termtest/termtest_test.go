package termtest

import "testing"

func TestErr(t *testing.T) {
	for _, tt := range []struct {
		out  string
		tabs bool
		ok   bool
	}{
		{"plain text\nand more", false, true},
		{"\x1b[1;38;2;10:20:30mcolour\x1b[0m", false, true},
		{"a\ttab", true, true},
		{"a\ttab", false, false},
		{"\x1b]0;title\x07", true, false},
		{"\x1b[2J", true, false},
		{"\x1bP+q\x1b\\", true, false},
		{"carriage\rreturn", true, false},
		{"bell\a", true, false},
		{"del\x7f", true, false},
		{"c1 \u009b", true, false},
		{"bidi \u202e", true, false},
		{"isolate \u2067", true, false},
		{"bad \xff utf-8", true, false},
		{"Márquez 👨‍👩‍👧 日本", false, true},
	} {
		if err := Err(tt.out, tt.tabs); (err == nil) != tt.ok {
			t.Errorf("Err(%q, %v) = %v", tt.out, tt.tabs, err)
		}
	}
}
