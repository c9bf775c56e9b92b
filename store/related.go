package store

import (
	"math"
	"sort"
)

// whyTerms is how many shared words explain a related story; names (of
// people, places, organisations) explain best, so they weigh whyNameBoost
// times more when choosing them.
const (
	whyTerms     = 4
	whyNameBoost = 1.5
)

// Related ranks other stories by content similarity to the article id: the
// cosine of their term vectors (BM25 weights, names weighed up), blended
// with the similarity of their topics where the store is large enough to
// have topics. Versions of id's own story come first, flagged; then the
// rest by score. n <= 0 means all.
func (s *Store) Related(id string, n int) []Related {
	i, ok := s.byID[id]
	if !ok {
		return nil
	}
	acc, touched := s.similarities(int32(i))
	story := s.storyOf[i]
	best := newTopN(n, func(a, b cand) bool {
		if a.version != b.version {
			return a.version
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return a.doc < b.doc
	})
	for _, d := range touched {
		if int(d) == i || acc[d] <= 0 {
			continue
		}
		score := acc[d]
		if k := s.ix.k; k > 0 {
			score = (score + topicWeight*s.topicSimilarity(int32(i), d)) / (1 + topicWeight)
		}
		best.add(cand{doc: d, score: score, version: s.storyOf[d] == story})
	}
	cands := best.sorted()
	spelled := s.spellings(int32(i))
	out := make([]Related, len(cands))
	for k, c := range cands {
		a := s.arts[c.doc]
		score := float64(c.score)
		if score > 1 { // rounding in float32 sums
			score = 1
		}
		out[k] = Related{ID: a.ID, Title: a.Title, Score: roundScore(score), Why: s.why(int32(i), c.doc, spelled), Version: c.version}
	}
	return out
}

// similarities accumulates the cosine of doc with every article that shares
// a term with it, through the inverted vectors: only those articles are
// visited. It returns the sums by article and the articles touched.
func (s *Store) similarities(doc int32) ([]float32, []int32) {
	acc := make([]float32, len(s.arts))
	var touched []int32
	for _, t := range s.ix.vecs[doc] {
		for _, p := range s.ix.inverted[t.term] {
			if acc[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			acc[p.doc] += t.w * p.w
		}
	}
	return acc, touched
}

// cand is a related story being ranked.
type cand struct {
	doc     int32
	score   float32
	version bool
}

// topN keeps the n best of a stream in order (all of them when n <= 0),
// so that ranking a large store for ten results does not sort it all.
type topN[T any] struct {
	n     int
	less  func(a, b T) bool // a ranks before b
	items []T
}

func newTopN[T any](n int, less func(a, b T) bool) *topN[T] {
	return &topN[T]{n: n, less: less}
}

func (t *topN[T]) add(x T) {
	if t.n <= 0 {
		t.items = append(t.items, x)
		return
	}
	if len(t.items) == t.n && !t.less(x, t.items[t.n-1]) {
		return
	}
	i := sort.Search(len(t.items), func(i int) bool { return t.less(x, t.items[i]) })
	if len(t.items) < t.n {
		t.items = append(t.items, x)
	}
	copy(t.items[i+1:], t.items[i:len(t.items)-1])
	t.items[i] = x
}

func (t *topN[T]) sorted() []T {
	if t.n <= 0 {
		sort.Slice(t.items, func(a, b int) bool { return t.less(t.items[a], t.items[b]) })
	}
	return t.items
}

// topicSimilarity is the cosine of two articles' topic vectors.
func (s *Store) topicSimilarity(a, b int32) float32 {
	k := s.ix.k
	ta, tb := s.ix.topics[int(a)*k:int(a+1)*k], s.ix.topics[int(b)*k:int(b+1)*k]
	var sum float32
	for c := range ta {
		sum += ta[c] * tb[c]
	}
	return sum
}

// forShared calls f with the weights of each term two sorted vectors
// share, by a merge of their terms.
func forShared(va, vb []vterm, f func(term int32, wa, wb float32)) {
	for i, j := 0, 0; i < len(va) && j < len(vb); {
		switch {
		case va[i].term < vb[j].term:
			i++
		case va[i].term > vb[j].term:
			j++
		default:
			f(va[i].term, va[i].w, vb[j].w)
			i++
			j++
		}
	}
}

// cosine is the dot product of two articles' unit vectors.
func (s *Store) cosine(a, b int32) float32 {
	var sum float32
	forShared(s.ix.vecs[a], s.ix.vecs[b], func(_ int32, wa, wb float32) { sum += wa * wb })
	return sum
}

// why names the shared terms that add most to the similarity of a and b,
// weighed once more by how rare they are (a word most articles share says
// little about why these two go together), as they are commonly written.
// Bare numbers explain little and are left out.
func (s *Store) why(a, b int32, spelled map[string]string) []string {
	type share struct {
		term int32
		w    float32
	}
	var shared []share
	forShared(s.ix.vecs[a], s.ix.vecs[b], func(term int32, wa, wb float32) {
		t := s.ix.terms[term]
		rarity := math.Log(float64(len(s.arts)) / float64(len(s.ix.postings[term])))
		if isNumber(t.display) || rarity <= 0 {
			return
		}
		w := float64(wa*wb) * rarity * rarity
		if t.name {
			w *= whyNameBoost
		}
		shared = append(shared, share{term, float32(w)})
	})
	sort.Slice(shared, func(x, y int) bool {
		if shared[x].w != shared[y].w {
			return shared[x].w > shared[y].w
		}
		return shared[x].term < shared[y].term
	})
	if len(shared) > whyTerms {
		shared = shared[:whyTerms]
	}
	out := make([]string, 0, len(shared))
	for _, sh := range shared {
		t := s.ix.terms[sh.term]
		if sp := spelled[t.key]; sp != "" {
			out = append(out, sp)
		} else {
			out = append(out, t.display)
		}
	}
	return out
}

// spellings maps each term of an article to its first spelling there, so
// that why words read as the article being read writes them ("firmly"
// where it says "firmly", though the corpus says "firm" more often). The
// body comes first: a title's capitals ("Shot Dead") are its style, not
// the word's.
func (s *Store) spellings(doc int32) map[string]string {
	spelled := make(map[string]string, len(s.ix.vecs[doc]))
	an := s.queryAnalyzer()
	for _, text := range []string{s.ix.plain[doc], s.arts[doc].Title} {
		for _, t := range an.tokens(text, nil) {
			if _, ok := spelled[t.term]; !ok {
				spelled[t.term] = t.word.surface
			}
		}
	}
	return spelled
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != ',' && s[i] != '.' {
			return false
		}
	}
	return true
}

// roundScore keeps three decimals of a score, as related and search both
// print and hand out in JSON: more would be noise that differs between
// machines.
func roundScore(x float64) float64 { return math.Round(x*1000) / 1000 }
