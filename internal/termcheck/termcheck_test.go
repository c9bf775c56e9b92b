package termcheck

import "testing"

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		in          string
		frame, text bool // safe as a frame, as printed output
	}{
		{"plain text, Márquez 👨‍👩‍👧", true, true},
		{"\x1b[1;38;5;228mbold\x1b[m", true, true},
		{"tab\there", false, true},
		{"\x1b]0;title\x07", false, false},
		{"\x1b]8;;https://x\x1b\\link", false, false},
		{"\x1b[2J", false, false},
		{"\x1bPdcs\x1b\\", false, false},
		{"c1 \u009b31m", false, false},
		{"bidi \u202e", false, false},
		{"bell \a", false, false},
		{"cr \r", false, false},
		{"bad \xff", false, false},
	} {
		if got := Frame(tc.in) == nil; got != tc.frame {
			t.Errorf("Frame(%q) safe = %v", tc.in, got)
		}
		if got := Output(tc.in) == nil; got != tc.text {
			t.Errorf("Output(%q) safe = %v", tc.in, got)
		}
	}
}

// Every way out of text and colour is seen, behind colour and text too.
func TestCheckSeesEverything(t *testing.T) {
	for _, frame := range []string{
		"\x1b]0;title\x07", "\x1b]52;c;aGk=\x1b\\", "\x1b]8;;javascript:x\x1b\\a\x1b]8;;\x1b\\", "\x1bc", "\x1b[2J", "\x1b[H",
		"\x1bP+q\x1b\\", "\x1b_apc\x1b\\", "a\u009b31m", "bell\a", "nul\x00", "back\bspace", "carriage\rreturn", "tab\there",
		"\u202eevil", "\u2066iso", "bad \xff utf8",
	} {
		if Frame("ok \x1b[1;38;5;2mcolour\x1b[m "+frame) == nil {
			t.Errorf("%q passed the check", frame)
		}
	}
	if err := Frame("\x1b[1;38;2;1:2:3mcolour\x1b[m and 東京 🎉 עברית e\u0301\n"); err != nil {
		t.Errorf("colour and text failed the check: %v", err)
	}
}
