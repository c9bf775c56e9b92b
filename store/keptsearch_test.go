package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/synth"
)

// searchLibrary is a library as a KeptSearch reads it: its articles in
// its order, their titles and texts by ID.
type searchLibrary struct {
	arts map[string]store.Article
	ids  []string
}

func newSearchLibrary(arts []store.Article) *searchLibrary {
	l := &searchLibrary{arts: map[string]store.Article{}}
	for _, a := range arts {
		l.arts[a.ID] = a
		l.ids = append(l.ids, a.ID)
	}
	return l
}

func (l *searchLibrary) InOrder(ids []string) bool { return slices.Equal(ids, l.ids) }

func (l *searchLibrary) Title(id string) (string, error) {
	if a, ok := l.arts[id]; ok {
		return a.Title, nil
	}
	return "", errors.New("no such article")
}

func (l *searchLibrary) Body(id string) (string, error) {
	if a, ok := l.arts[id]; ok {
		return a.Body, nil
	}
	return "", errors.New("no such article")
}

// TestKeptSearchIsTheStores: a search of the kept index read in part
// (the parts of the query's terms) gives what the store built of the
// same articles gives, marks included, query after query on one
// KeptSearch: words, prefixes (more than a prefix's 64 words), phrases,
// a phrase of a capitalised stop word, exclusions, CJK and a CJK run
// excluded, every hit; and
// it is refused for other articles, or the same in another order.
func TestKeptSearchIsTheStores(t *testing.T) {
	queries := []string{"Sheinbaum", "cartel mexico", "mar", "ma*", "s*", "economy growth", `"interest rates"`,
		"Valeria Márquez", "sheinb*", `"the US" trade`, "mexico -cartel", `"said" -"the president"`, "東京", "-x the",
		"the", "zzyzxqv", `"tensions rise`, "oil pr*", "天気 -東京都", "co*", "re*", "in*", "st*", "pro*"}
	check := func(t *testing.T, arts []store.Article) {
		t.Helper()
		asked := 0
		var rows indexRows
		built := store.Build(keptLibrary(arts, nil, &rows, false, &asked))
		if rows == nil {
			t.Fatal("no index kept")
		}
		lib := newSearchLibrary(arts)
		ks, ok := store.OpenKeptSearch(&store.KeptIndex{Read: rows.read}, lib)
		if !ok {
			t.Fatal("the kept index was refused")
		}
		for _, q := range queries {
			for _, n := range []int{5, 0} {
				want := built.Search(q, n)
				got, ok := ks.Search(q, n)
				if !ok || !reflect.DeepEqual(got, want) {
					t.Fatalf("search %q -n %d: %v\n%+v\nagainst the store's\n%+v", q, n, ok, got, want)
				}
			}
		}
		// Other articles, or the same in another order: refused.
		other := newSearchLibrary(arts[1:])
		if _, ok := store.OpenKeptSearch(&store.KeptIndex{Read: rows.read}, other); ok {
			t.Fatal("a kept index served other articles")
		}
		swapped := slices.Clone(arts)
		swapped[0], swapped[1] = swapped[1], swapped[0]
		if _, ok := store.OpenKeptSearch(&store.KeptIndex{Read: rows.read}, newSearchLibrary(swapped)); ok {
			t.Fatal("a kept index served its articles in another order")
		}
	}
	t.Run("seeds", func(t *testing.T) { check(t, seedArticles(t)) })
	t.Run("synthetic", func(t *testing.T) {
		plainOnly(t)
		arts := withIDs(synth.Articles(1500))
		// Runs of CJK, one excluded as a phrase of its bigrams.
		arts = append(arts, store.Article{ID: "cjk-1", Title: "東京都の天気", Body: "東京都の天気は晴れ。"},
			store.Article{ID: "cjk-2", Title: "京都の天気", Body: "京都の天気は雨。"})
		// Copies of one text, merged by the build into the first.
		for i := range 5 {
			c := arts[i*7]
			c.ID = fmt.Sprintf("copy-%d", i)
			arts = append(arts, c)
		}
		check(t, arts)
	})
}

// TestKeptSearchRefusesATermNotLoaded: where a search reads the postings
// of a term the quick path did not load (one it failed to foresee), the
// KeptSearch says it cannot answer, rather than give fewer hits.
func TestKeptSearchRefusesATermNotLoaded(t *testing.T) {
	arts := seedArticles(t)
	asked := 0
	var rows indexRows
	built := store.Build(keptLibrary(arts, nil, &rows, false, &asked))
	for _, q := range []string{"cartel mexico", "mexico -cartel", `"the US" trade`, "ma*"} {
		if len(built.Search(q, 0)) == 0 {
			t.Fatalf("%q: no hits to lose", q)
		}
		ks, ok := store.OpenKeptSearch(&store.KeptIndex{Read: rows.read}, newSearchLibrary(arts))
		if !ok {
			t.Fatal("the kept index was refused")
		}
		if hits, ok := ks.SearchDropping(q, 0, 0); ok {
			t.Fatalf("%q with a term not loaded: answered, %d hits", q, len(hits))
		}
	}
}

// flakyTitles is a searchLibrary whose titles cannot be read while down.
type flakyTitles struct {
	*searchLibrary
	down bool
}

func (l *flakyTitles) Title(id string) (string, error) {
	if l.down {
		return "", errors.New("the library is busy")
	}
	return l.searchLibrary.Title(id)
}

// TestKeptSearchAfterAFailedOne: a search that could not answer (a title
// unread, a term not loaded) leaves the KeptSearch answering the next
// as the store does, the articles it did not read whole read again.
func TestKeptSearchAfterAFailedOne(t *testing.T) {
	arts := seedArticles(t)
	asked := 0
	var rows indexRows
	built := store.Build(keptLibrary(arts, nil, &rows, false, &asked))
	lib := &flakyTitles{searchLibrary: newSearchLibrary(arts)}
	ks, ok := store.OpenKeptSearch(&store.KeptIndex{Read: rows.read}, lib)
	if !ok {
		t.Fatal("the kept index was refused")
	}
	const q = "cartel mexico"
	want := built.Search(q, 5)
	if len(want) == 0 {
		t.Fatalf("%q: no hits", q)
	}
	lib.down = true
	if _, ok := ks.Search(q, 5); ok {
		t.Fatal("answered with the titles unread")
	}
	lib.down = false
	if got, ok := ks.Search(q, 5); !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("after a search whose titles were unread: %v\n%+v\nagainst the store's\n%+v", ok, got, want)
	}
	if _, ok := ks.SearchDropping(q, 0, 0); ok {
		t.Fatal("answered with a term not loaded")
	}
	if got, ok := ks.Search(q, 5); !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("after a search with a term not loaded: %v\n%+v\nagainst the store's\n%+v", ok, got, want)
	}
}
