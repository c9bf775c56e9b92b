package store

import (
	"reflect"
	"strings"
	"testing"
)

// TestWantedWordsMatchTokens: the words a snippet marks, found with a
// query's wantSet (each spelling looked up once and its answer kept), are
// the tokens the analyser gives whose terms the query wants, on the seeds'
// texts and on odd ones, one wantSet over all the texts as one search's
// hits share it.
func TestWantedWordsMatchTokens(t *testing.T) {
	st := seedStore(t)
	texts := []string{
		"The U.S. and US troops; us, Us. IT and it. Governments governed the government's governance",
		"Café CAFE cafe Márquez MARQUEZ marquez, 200,000 people 1.5% £1bn don't dont ﬁne",
		"internationalisation internationalization Internationalisations characteristically " + strings.Repeat("x", 40),
		"", "   ", "a b c d", "\xff\xfe bad \xc3 bytes government",
		"Dying, lying and tying; 'Twas e-mail on an iPhone, x86 and A380s. Émile, émile, EMILE; Über über uber Ökonomie",
	}
	for d, a := range st.arts {
		texts = append(texts, a.Title, st.plain(int32(d)))
	}
	for _, q := range []string{"government", "us troops", "US", "it", "cafe marquez", "internationalisation", "people said market", "gov* mex* pe*", "bad bytes", "the a of", "dying lying ty*", "twas email iphone", "x86 a380", "emile uber oekonomie ok*"} {
		an := st.queryAnalyzer()
		pq := parseQuery(an, q)
		var expanded [][]int32
		for _, p := range pq.prefixes {
			expanded = append(expanded, st.expand(p))
		}
		want := st.wanted(pq.terms, expanded)
		for _, text := range texts {
			var ref []token
			for _, tok := range an.tokens(text, nil) {
				if want.terms[tok.term] {
					ref = append(ref, token{term: tok.term, start: tok.start, end: tok.end})
				}
			}
			if got := wantedWords(an, text, want, nil); !reflect.DeepEqual(got, ref) {
				t.Fatalf("query %q, text %.60q: wanted words %v, the tokens' %v", q, text, got, ref)
			}
		}
	}
}
