package store

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for what reads outside input here: the sanitiser and the
// search query parser. CI runs each briefly (-fuzztime=10s); crashers they
// find are kept under testdata/fuzz/ as regression cases.

func FuzzSanitize(f *testing.F) {
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
		out := Sanitize(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", in)
		}
		for _, r := range out {
			if isUnsafeRune(r) {
				t.Fatalf("%U survived in %q", r, out)
			}
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q then %q", out, again)
		}
	})
}

func FuzzSearchQuery(f *testing.F) {
	for _, q := range []string{
		"Marquez", `"drone strikes"`, "fentanyl -Trump", `"unclosed`, "-", `""`, `-"x"`,
		"U.S. 200,000 1.3", "日本語", "\x1b[31m", strings.Repeat("a ", 100),
	} {
		f.Add(q)
	}
	st := Build([]Article{
		{Title: "Beauty Influencer Shot Dead", Body: "Valeria Marquez was shot in Zapopan.\n\nA second paragraph on TikTok."},
		{Title: "Sheinbaum rejects intervention", Body: "Mexico's president spoke of sovereignty and drone strikes."},
		{Title: "日本語のニュース", Body: "東京で会議。 U.S. officials met."},
	})
	f.Fuzz(func(t *testing.T, q string) {
		for _, h := range st.Search(q, 10) {
			for _, m := range h.Marks {
				if m.Start < 0 || m.End > len(h.Snippet) || m.Start > m.End {
					t.Fatalf("mark %+v outside snippet %q", m, h.Snippet)
				}
			}
			for _, m := range h.TitleMarks {
				if m.Start < 0 || m.End > len(h.Title) || m.Start > m.End {
					t.Fatalf("title mark %+v outside %q", m, h.Title)
				}
			}
			if !utf8.ValidString(h.Snippet) {
				t.Fatalf("snippet not UTF-8: %q", h.Snippet)
			}
		}
	})
}
