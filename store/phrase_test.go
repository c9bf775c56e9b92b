package store_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// phraseQueries are quoted phrases common and rare, alone and with words.
var phraseQueries = []string{
	`"interest rates"`, `"prime minister"`, `"world cup"`, `"chief executive"`,
	`"last year" government`, `"mobile phone" -music`, `"gordon brown" budget`,
	`"feed reader"`, `"open source"`, `"on the web"`, `"in the"`,
	// On BBC, phrases whose holders rank deep among the articles holding
	// their words (the last of "people said"'s three at 229th, of "new
	// year"'s 43 at 653rd), one held by none of 1,570, and the seeds'.
	`"government said"`, `"people said"`, `"new year"`, `"last week"`,
	`"this year"`, `"year government"`, `"the company"`, `"new york"`,
}

// samePhraseHits: a search with phrases for the n best gives the first n
// of every match (n = 0, which ranks all candidates and checks each in
// order, as phrases were checked before they were ranked in rounds).
func samePhraseHits(t *testing.T, st *store.Store) {
	t.Helper()
	deep := 0 // queries that four in five of the candidates fail
	for _, q := range phraseQueries {
		all := st.Search(q, 0)
		if len(all) > 0 && len(all) < len(st.Search(strings.ReplaceAll(q, `"`, ""), 0))/4 {
			deep++
		}
		for _, n := range []int{1, 3, 10, 50, 200, 1000} {
			want := all[:min(n, len(all))]
			got := st.Search(q, n)
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Search(%q, %d): %d hits, not the first %d of all %d matches", q, n, len(got), len(want), len(all))
			}
		}
	}
	t.Logf("%d of %d phrase queries fail four in five candidates", deep, len(phraseQueries))
}

func TestPhraseRoundsSeeds(t *testing.T) { samePhraseHits(t, seedStore(t)) }

func TestPhraseRoundsBBC(t *testing.T) {
	st := bbcStore(t)
	samePhraseHits(t, st)
}
