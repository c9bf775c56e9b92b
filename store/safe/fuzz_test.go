package safe

import (
	"testing"
	"unicode/utf8"
)

// FuzzText: whatever comes in, what comes out is valid UTF-8 with no
// unsafe rune, and cleaning it again changes nothing. Crashers are kept
// under testdata/fuzz/FuzzText.
func FuzzText(f *testing.F) {
	for _, s := range []string{
		"Breaking\x1b]0;PWNED\x07 News\x1b[2J",
		"\x1b]52;c;ZWNobw==\x07 \x1b]8;;javascript:alert(1)\x07x\x1b]8;;\x07",
		"\u009b31m \u202eevil\u202c carriage\rreturn back\b\b",
		"\x1bP\x1b\\ \x1b_apc\x1b\\ \x1b^pm\x07 \x1bX", "日本語 👩‍👩‍👧 مرحبا e\u0301",
		"\xff\xfe\x00", "\x1b", "\x1b[", "\x1b]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", in)
		}
		for _, r := range out {
			if Unsafe(r) {
				t.Fatalf("%U survived in %q", r, out)
			}
		}
		if again := Text(out); again != out {
			t.Fatalf("not idempotent: %q then %q", out, again)
		}
	})
}

// FuzzLink: a link kept is clean text, kept again as it is, and never of
// another scheme.
func FuzzLink(f *testing.F) {
	for _, s := range []string{"https://a.b/c", "mailto:a@b.c?attach=x&body=y", "javascript:x", "//x", "-x", "http://\x1b[31m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, ok := Link(in, nil)
		if !ok {
			return
		}
		if Text(out) != out {
			t.Fatalf("unsafe link %q", out)
		}
		if again, ok := Link(out, nil); !ok || again != out {
			t.Fatalf("not stable: %q then %q, %v", out, again, ok)
		}
	})
}
