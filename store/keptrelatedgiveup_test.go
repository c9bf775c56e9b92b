package store_test

import (
	"slices"
	"testing"

	"github.com/lede-reader/lede/store"
)

// skipMissing reads rows as the library does: a row missing is not
// there, no error.
func (r indexRows) skipMissing(lo, hi int, each func(int, []byte) error) error {
	for seq := lo; seq < hi; seq++ {
		if data, ok := r[seq]; ok {
			if err := each(seq, data); err != nil {
				return err
			}
		}
	}
	return nil
}

// A related query of a kept index whose article row is missing falls back
// (false: the store answers) at the round after the one that read nothing,
// not after every round it may run; and searches that ask for terms not
// loaded do not pile them up for Related.
func TestKeptRelatedMissingRowGivesUp(t *testing.T) {
	arts := seedArticles(t)
	asked := 0
	var rows indexRows
	store.Build(keptLibrary(arts, nil, &rows, false, &asked))
	var related []int
	for seq := range rows {
		if store.RelatedRows(seq) {
			related = append(related, seq)
		}
	}
	if len(related) < 3 {
		t.Fatalf("%d related rows kept", len(related))
	}
	slices.Sort(related)
	delete(rows, related[1]) // the row of the first articles, after the part's header
	ks, ok := store.OpenKeptSearch(&store.KeptIndex{Read: rows.skipMissing}, newSearchLibrary(arts))
	if !ok {
		t.Fatal("the kept index was refused")
	}
	if _, ok := ks.Related(arts[0].ID, 5); ok {
		t.Fatal("answered with its row missing")
	}
	if n := ks.RelatedRounds(); n > 2 {
		t.Errorf("%d rounds before falling back, want 2 at most", n)
	}

	const q = "cartel mexico"
	ks.SearchDropping(q, 0, 0)
	first := ks.WantedTerms()
	if first == 0 {
		t.Fatal("a search with a term not loaded asked for none")
	}
	for range 3 {
		ks.SearchDropping(q, 0, 0)
	}
	if n := ks.WantedTerms(); n != first {
		t.Errorf("%d terms wanted after four searches, %d after one", n, first)
	}
}
