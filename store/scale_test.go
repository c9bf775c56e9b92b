package store_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/synth"
)

// TestRelatedPrunedAgrees: asking for the n best looks only at the
// candidates the impact lists give (related.go), where asking for all
// weighs every article. The n best must be one ranking whatever n (the
// first n of the 10 best, why words alike), each row scored as in the full
// ranking, and the 10 best must mostly be the full ranking's 10 best: the
// share is printed, and BenchmarkScaleRelated reports it at any size.
func TestRelatedPrunedAgrees(t *testing.T) {
	plainOnly(t)
	st := store.Build(synth.Articles(1000))
	found, total := 0, 0
	for i, a := range st.List() {
		if i%25 != 0 {
			continue // a sample: the full ranking with why words is slow
		}
		ten := st.Related(a.ID, 10)
		for _, n := range []int{1, 5} {
			if got, want := st.Related(a.ID, n), ten[:min(n, len(ten))]; !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, n=%d:\n got %v\nwant %v", a.ID, n, got, want)
			}
		}
		full := st.Related(a.ID, 0)
		score := map[string]float64{}
		for _, r := range full {
			score[r.ID] = r.Score
		}
		for _, r := range ten {
			if s, ok := score[r.ID]; !ok || s != r.Score {
				t.Fatalf("%s: %s scored %v among the 10 best, %v (%v) in the full ranking", a.ID, r.ID, r.Score, s, ok)
			}
		}
		for _, r := range full[:min(10, len(full))] {
			if _, ok := score[r.ID]; ok && slices.ContainsFunc(ten, func(x store.Related) bool { return x.ID == r.ID }) {
				found++
			}
			total++
		}
	}
	agree := float64(found) / float64(total)
	t.Logf("1,000 synthetic articles: the 10 best related are the full ranking's 10 best for %.1f%%", 100*agree)
	if agree < 0.95 {
		t.Errorf("pruned related agree with the full ranking for %.3f < 0.95", agree)
	}
}

// relatedAgreement is the share of the full ranking's 10 best related that
// Related(id, 10) gives, over sample articles spread over the store.
func relatedAgreement(st *store.Store, sample int) float64 {
	list := st.List()
	found, total := 0, 0
	for k := range min(sample, len(list)) {
		id := list[k*len(list)/min(sample, len(list))].ID
		got := map[string]bool{}
		for _, r := range st.Related(id, 10) {
			got[r.ID] = true
		}
		full := st.Related(id, 0)
		for _, r := range full[:min(10, len(full))] {
			if got[r.ID] {
				found++
			}
			total++
		}
	}
	if total == 0 {
		return 1
	}
	return float64(found) / float64(total)
}

// TestSearchScratchReused: searches share pooled scratch space; what one
// leaves behind must not change the next, whatever the order.
func TestSearchScratchReused(t *testing.T) {
	st := store.Build(synth.Articles(300))
	// Words of the corpus's own titles, whatever material it came from.
	var words []string
	for _, a := range st.List()[:40] {
		for _, w := range strings.Fields(a.Title) {
			if len(w) > 4 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 {
				words = append(words, strings.ToLower(w))
			}
		}
	}
	if len(words) < 6 {
		t.Fatalf("too few title words: %v", words)
	}
	queries := []string{words[0] + " -" + words[1], words[2] + " " + words[3], `"` + words[4] + `"`, words[5][:3] + "* -" + words[0], words[1], words[3] + " " + words[5]}
	first := map[string][]store.Hit{}
	for _, q := range queries {
		first[q] = st.Search(q, 10)
	}
	for round := range 3 {
		for k := range queries {
			q := queries[(k*(round+2))%len(queries)]
			if got := st.Search(q, 10); !reflect.DeepEqual(got, first[q]) {
				t.Fatalf("round %d, %q: results changed after other searches", round, q)
			}
		}
	}
}
