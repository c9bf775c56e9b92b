package store

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz target for what reads outside input here: the search query
// parser (the sanitiser's is in store/safe). CI runs it briefly
// (-fuzztime=10s); crashers it finds are kept under testdata/fuzz/ as
// regression cases.

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
