package store

import (
	"reflect"
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
		// Spellings and what follows a phrase's words (the positions'
		// spelling and after bits).
		`"governs"`, `"GOVERNED"`, `"people said"`, `"people said US"`, `"us troops"`, `"a. smith said"`,
		`"president spoke of"`, `"bank of"`, `"strasse rose"`, `"barrels;"`,
		// Runs of CJK: bigrams as a phrase, one character, a dakuten.
		"東京", "ニュース", "語のニ", `"本語の"`, "会", "ガ", "ガス", "語 東京会議",
		// A CJK character's marks and widths: its term keeps a dakuten
		// (or any mark) and folds a width, as a phrase's text check must.
		"カスの", `"ガス田"`, "ニュー\u0342\xb9", "ｶﾞｽ料金",
	} {
		f.Add(q)
	}
	st := Build([]Article{
		{Title: "Beauty Influencer Shot Dead", Body: "Valeria Marquez was shot in Zapopan.\n\nA second paragraph on TikTok."},
		{Title: "Sheinbaum rejects intervention", Body: "Mexico's president spoke of sovereignty and drone strikes."},
		{Title: "日本語のニュース", Body: "東京で会議。 U.S. officials met."},
		{Title: "ガス田の話", Body: "ｶﾞｽ料金とカスの山、カ\u3099ス。"},
		{Title: "THE BANK OF ENGLAND", Body: "The bank of England said oil, gas and 200,000 barrels; Café Straße rose."},
		{Title: "Governments govern", Body: "The government governed; people said US troops left, A. Smith said, and people said so."},
	})
	f.Fuzz(func(t *testing.T, q string) {
		hits := st.Search(q, 10)
		// The positions rule out no article the text holds the phrases in.
		if full := st.SearchFullCheck(q, 10); !reflect.DeepEqual(hits, full) {
			t.Fatalf("%d hits, %d where every candidate's text is checked", len(hits), len(full))
		}
		for _, h := range hits {
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

// FuzzPrepared: a prepared analysis is read from the library's file, which
// may be damaged: whatever its bytes, and whatever a lexicon chunk holds,
// Build neither panics nor loses the article (a damaged one is read from
// its text).
func FuzzPrepared(f *testing.F) {
	lex := NewLexicon()
	z := NewAnalyzer()
	title, body := "Beauty Influencer Shot Dead", "Valeria Marquez was shot in Zapopan.\n\nA second paragraph on TikTok, U.S. 200,000."
	good := lex.Encode(z.Analyze(title, body))
	f.Add(good, lex.Chunk(0))
	f.Add(good[:len(good)/2], []byte{3, 'a', 'b', 'c', 1})
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, data, chunk []byte) {
		lx := NewLexicon()
		if lx.AppendChunk(chunk) != nil && lx.Len() != 0 {
			t.Fatalf("a damaged chunk added %d spellings", lx.Len())
		}
		other := lx.Encode(z.Analyze("Sheinbaum rejects intervention", "Mexico's president spoke of sovereignty."))
		st := Build([]Article{
			{ID: "a", Title: title, Body: body, Prepared: lx.Prepared(data)},
			{ID: "b", Title: "Sheinbaum rejects intervention", Body: "Mexico's president spoke of sovereignty.", Prepared: lx.Prepared(other)},
		})
		if st.Len() != 2 {
			t.Fatalf("%d articles", st.Len())
		}
		st.Related("a", 5)
		st.Search("Marquez", 5)
		st.Search(`"valeria marquez was shot"`, 5) // damaged positions, walked
	})
}
