package store

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// whyTerms is how many shared words explain a related story; names (of
// people, places, organisations) explain best, so they weigh whyNameBoost
// times more when choosing them.
const (
	whyTerms     = 4
	whyNameBoost = 1.5
	// whyFillerWeight: news prose's filler (fillerWords, isAdverb) explains a
	// relation only when nothing else does.
	whyFillerWeight = 0.1
	// whyNumberWeight: a bare number explains less still, but a row that
	// shares nothing else says so rather than nothing.
	whyNumberWeight = 0.01
	// whyContext is how many rows around a related story its why is told
	// against: about what a person sees at once under an article.
	whyContext = 8
)

// Related ranks other stories by how alike they are to the article id: the
// cosine of their term vectors (BM25 weights, names weighed up, links and
// a source's boilerplate left out), weighed down where their topics differ
// (when the store is large enough to have topics) and where both are dated
// far apart. Versions of id's own story come first, flagged; then the rest
// by score. n <= 0 means all, every article weighed; for the n best, only
// the candidates the impact lists give are (candidates).
func (s *Store) Related(id string, n int) []Related {
	i, ok := s.byID[id]
	if !ok {
		return nil
	}
	q := int32(i)
	sc, _ := s.scratchPool.Get().(*relScratch)
	if sc == nil {
		sc = &relScratch{}
	}
	defer s.scratchPool.Put(sc)
	story := s.storyOf[i]
	keep := n
	if n > 0 {
		keep = max(n, whyContext) // why is told against the rows around it
	}
	best := newTopN(keep, func(a, b cand) bool {
		if a.version != b.version {
			return a.version
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return a.doc < b.doc
	})
	rank := func(d int32, cosine float32) {
		if d != q && cosine > 0 {
			best.add(cand{doc: d, score: s.weigh(q, d, cosine), version: s.storyOf[d] == story})
		}
	}
	if n <= 0 {
		if sc.dense == nil {
			sc.dense = newDenseVec(s.ix)
		}
		dense := sc.dense.load(q)
		for d := range int32(len(s.arts)) {
			rank(d, dense.cosine(d))
		}
	} else {
		sc.loadQuery(s.ix.vecs[q])
		for _, d := range s.candidates(q, sc) {
			if s.storyOf[d] != story { // ranked below, with every version
				rank(d, sc.cosine(s.ix.vecs[d]))
			}
		}
		for _, d := range s.stories[story] {
			rank(d, sc.cosine(s.ix.vecs[d]))
		}
	}
	cands := best.sorted()
	whys := s.whys(q, cands)
	if n > 0 && len(cands) > n {
		cands = cands[:n]
	}
	out := make([]Related, len(cands))
	for k, c := range cands {
		a := s.arts[c.doc]
		score := roundScore(min(float64(c.score), 1)) // min: rounding in float32 sums
		out[k] = Related{ID: a.ID, Title: a.Title, Score: score, Why: whys[k], Version: c.version, Label: Label(score, c.version)}
	}
	return out
}

// weigh is the related score of b to a given their cosine: weighed down
// where their topics differ (when the store has topics) and where both are
// dated far apart.
func (s *Store) weigh(a, b int32, cosine float32) float32 {
	score := cosine
	if k := s.ix.k; k > 0 {
		score *= 1 - topicWeight + topicWeight*s.topicSimilarity(a, b)
	}
	return score * s.timeFactor(a, b)
}

// How Related finds candidates for the n best without visiting every
// article that shares a word with the one asked about (nearly all do, at
// scale): each article is listed under its impactTerms heaviest terms only
// (index.impact), heaviest first; the query reads the lists of its own
// queryTerms heaviest terms, each as far as listBudget articles, summing
// what the terms both hold heavy add to the cosine; the rescored best of
// those sums, weighed by topic and time as the score is, are scored
// exactly on their whole vectors. An article reached by none of the lists
// shares none of the query's heavy words among its own heavy words: its
// cosine is rarely near the top. How often the n best differ from the
// ranking of every article is measured (TestRelatedPrunedAgrees, and
// BenchmarkScaleRelated's top10-agree at any size).
const (
	impactTerms    = 64
	queryTerms     = 64
	listBudget     = 512
	rescored       = 256
	timeNeighbours = 128
)

// relScratch is a query's scratch space, pooled by the store so that a
// query allocates nothing the size of the store: partial sums in a small
// open-addressed table of the articles the lists reach, and a dense
// vector for the queries that weigh every article.
type relScratch struct {
	keys  []uint64
	slots []accSlot // a power of two long; doc -1 where free
	used  []int32   // slots taken, to clear
	out   []int32
	dense *denseVec
	// The query's vector by term, open-addressed: term+1 (0 where free)
	// and weight, a power of two long.
	qterm []int32
	qw    []float32
}

// loadQuery puts v in the query's table, at most a quarter full.
func (sc *relScratch) loadQuery(v []vterm) {
	size := 16
	for size < 4*len(v) {
		size *= 2
	}
	if len(sc.qterm) < size {
		sc.qterm, sc.qw = make([]int32, size), make([]float32, size)
	}
	sc.qterm, sc.qw = sc.qterm[:size], sc.qw[:size]
	clear(sc.qterm)
	mask := uint32(size - 1)
	for _, t := range v {
		k := uint32(t.term) * 0x9e3779b1 & mask
		for sc.qterm[k] != 0 {
			k = (k + 1) & mask
		}
		sc.qterm[k], sc.qw[k] = t.term+1, t.w
	}
}

// cosine is the cosine of the query loaded with v: v's terms looked up in
// the table, in v's order, so the products add up in the order cosine's
// merge adds them, and the two agree to the bit.
func (sc *relScratch) cosine(v []vterm) float32 {
	mask := uint32(len(sc.qterm) - 1)
	var sum float32
	for _, t := range v {
		for k := uint32(t.term) * 0x9e3779b1 & mask; sc.qterm[k] != 0; k = (k + 1) & mask {
			if sc.qterm[k] == t.term+1 {
				sum += sc.qw[k] * t.w
				break
			}
		}
	}
	return sum
}

// accSlot is one article's partial cosine.
type accSlot struct {
	doc int32
	sum float32
}

// candidates gives the articles whose cosine with q the impact lists say
// could reach the best: q itself and q's versions among them or not.
func (s *Store) candidates(q int32, sc *relScratch) []int32 {
	if len(sc.slots) == 0 {
		sc.slots = make([]accSlot, 2*queryTerms*listBudget)
		for k := range sc.slots {
			sc.slots[k].doc = -1
		}
	}
	for _, k := range sc.used {
		sc.slots[k] = accSlot{doc: -1}
	}
	sc.used = sc.used[:0]
	mask := uint32(len(sc.slots) - 1)
	sc.keys = heaviest(sc.keys, s.ix.vecs[q], queryTerms)
	for _, key := range sc.keys {
		t := unkey(key)
		list := s.ix.impact[t.term]
		for _, p := range list[:min(len(list), listBudget)] {
			k := uint32(p.doc) * 0x9e3779b1 & mask
			for sc.slots[k].doc != p.doc && sc.slots[k].doc >= 0 {
				k = (k + 1) & mask
			}
			if sc.slots[k].doc < 0 {
				sc.slots[k].doc = p.doc
				sc.used = append(sc.used, int32(k))
			}
			sc.slots[k].sum += t.w * p.w
		}
	}
	// The rescored best by partial sum weighed as the score is; weighing
	// only multiplies by factors up to 1, so a partial sum below the
	// rescored-th best weighed one cannot make the list, and is not weighed.
	top := newTopN(rescored, func(a, b cand) bool { return a.score > b.score || a.score == b.score && a.doc < b.doc })
	for _, k := range sc.used {
		sl := sc.slots[k]
		if sl.doc == q || len(top.items) == rescored && sl.sum < top.items[rescored-1].score {
			continue
		}
		top.add(cand{doc: sl.doc, score: s.weigh(q, sl.doc, sl.sum)})
	}
	sc.out = sc.out[:0]
	for _, c := range top.sorted() {
		sc.out = append(sc.out, c.doc)
	}
	// And the articles dated nearest q's, which time weighs up: reports of
	// one event that share its words but not its heaviest.
	if at := s.timePos[q]; at >= 0 {
		lo, hi := at-1, at+1
		for range timeNeighbours {
			switch {
			case lo >= 0 && (hi >= int32(len(s.byTime)) || s.arts[q].Published.Sub(s.arts[s.byTime[lo]].Published) <= s.arts[s.byTime[hi]].Published.Sub(s.arts[q].Published)):
				sc.out = append(sc.out, s.byTime[lo])
				lo--
			case hi < int32(len(s.byTime)):
				sc.out = append(sc.out, s.byTime[hi])
				hi++
			}
		}
	}
	slices.Sort(sc.out)
	sc.out = slices.Compact(sc.out)
	return sc.out
}

// timeOrder gives the dated articles by date (then by place in the store),
// and each article's place in that order (-1 for undated ones).
func timeOrder(arts []*Article) (byTime, pos []int32) {
	pos = make([]int32, len(arts))
	for d, a := range arts {
		if pos[d] = -1; !a.Published.IsZero() {
			byTime = append(byTime, int32(d))
		}
	}
	slices.SortFunc(byTime, func(a, b int32) int {
		if c := arts[a].Published.Compare(arts[b].Published); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for k, d := range byTime {
		pos[d] = int32(k)
	}
	return byTime, pos
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

// cosine is the dot product of two articles' unit vectors: forShared's
// merge, written out, as it is Related's inner loop.
func (s *Store) cosine(a, b int32) float32 {
	va, vb := s.ix.vecs[a], s.ix.vecs[b]
	var sum float32
	for i, j := 0, 0; i < len(va) && j < len(vb); {
		switch ta, tb := va[i].term, vb[j].term; {
		case ta < tb:
			i++
		case ta > tb:
			j++
		default:
			sum += va[i].w * vb[j].w
			i++
			j++
		}
	}
	return sum
}

// whys names, for each related row, the shared terms that add most to its
// similarity with a, weighed once more by how rare they are (a word most
// articles share says little about why these two go together), up where
// they are names, down where they are filler (isFiller), and down by
// how many of the other rows around it (the first whyContext) share them
// too: "Sheinbaum" explains nothing in a list where every row names her.
// Bare numbers explain little and are left out. Words are spelled as a
// writes them.
func (s *Store) whys(a int32, cands []cand) [][]string {
	type share struct {
		term int32
		w    float32
	}
	rows := make([][]share, len(cands))
	rowsSharing := map[int32]int{}
	for k, c := range cands {
		forShared(s.ix.vecs[a], s.ix.vecs[c.doc], func(term int32, wa, wb float32) {
			t := s.ix.terms[term]
			rarity := math.Log(float64(len(s.arts)+1) / float64(len(s.ix.postings[term])))
			w := float64(wa*wb) * rarity * rarity
			if t.name {
				w *= whyNameBoost
			}
			if isNumber(t.display) {
				w *= whyNumberWeight
			} else if fillerWords[t.key] || isAdverb(t.display) {
				w *= whyFillerWeight
			}
			rows[k] = append(rows[k], share{term, float32(w)})
			if k < whyContext {
				rowsSharing[term]++
			}
		})
	}
	spelled := s.spellings(a)
	out := make([][]string, len(cands))
	for k, shared := range rows {
		if rows := min(len(cands), whyContext); rows > 1 {
			// Rarity among the rows, as idf is among articles.
			for x := range shared {
				sharing := max(rowsSharing[shared[x].term], 1)
				shared[x].w *= float32(math.Log(float64(rows+1) / float64(sharing)))
			}
		}
		sort.Slice(shared, func(x, y int) bool {
			if shared[x].w != shared[y].w {
				return shared[x].w > shared[y].w
			}
			return shared[x].term < shared[y].term
		})
		if len(shared) > whyTerms {
			shared = shared[:whyTerms]
		}
		words := make([]string, 0, len(shared))
		for _, sh := range shared {
			t := s.ix.terms[sh.term]
			if sp := spelled[t.key]; sp != "" {
				words = append(words, sp)
			} else {
				words = append(words, t.display)
			}
		}
		out[k] = words
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
	for _, text := range []string{maskURLs(s.ix.plain[doc]), s.arts[doc].Title} {
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

// What a related score means to a person. A version is the same story
// (the same event: story.go decides, on more than the score); otherwise a
// pair whose score reaches closeScore shares its subject's main words and
// names: closely related. Below that, related.
const (
	SameStory      = "same story"
	CloselyRelated = "closely related"
	Loosely        = "related"
	closeScore     = 0.4
)

// Label says what a related score means: SameStory for a version,
// CloselyRelated, or Loosely.
func Label(score float64, version bool) string {
	switch {
	case version:
		return SameStory
	case score >= closeScore:
		return CloselyRelated
	}
	return Loosely
}

// Time as evidence: reports of one event cluster within a day or two, so
// where both articles are dated, the similarity of two far apart in time
// counts less. The factor falls from 1 (same moment) towards timeFloor with
// a scale of a day, the news cycle (after a day 0.56, after three 0.33);
// it never reaches zero, as a story and its sequel a month on are still
// related, just far less likely one report. Undated articles (a folder of
// notes, an archive without dates) lose nothing.
const (
	timeScale = 24 * time.Hour
	timeFloor = 0.3
)

func (s *Store) timeFactor(a, b int32) float32 {
	ta, tb := s.arts[a].Published, s.arts[b].Published
	if ta.IsZero() || tb.IsZero() {
		return 1
	}
	d := ta.Sub(tb)
	if d < 0 {
		d = -d
	}
	return float32(timeFloor + (1-timeFloor)*math.Exp(-float64(d)/float64(timeScale)))
}

// Filler: words news prose uses to connect and qualify, whatever the story
// — adverbs ("consistently", "approximately") and the reporting and
// framing verbs ("underscoring", "raising", "presents") — which two
// articles share without sharing a subject. A corpus of a few articles
// cannot tell them from subject words by rarity, so they are named here.
func isAdverb(word string) bool {
	w := Fold(word)
	return len(w) > 5 && strings.HasSuffix(w, "ly") && !lyNouns[w]
}

// lyNouns end like adverbs and are not.
var lyNouns = map[string]bool{"italy": true, "family": true, "supply": true, "assembly": true,
	"monopoly": true, "anomaly": true, "rally": true, "ally": true, "july": true, "reply": true, "daily": true, "weekly": true, "monthly": true}

// fillerWords holds the stems of filler words.
var fillerWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		raise present illustrate underscore emphasize highlight indicate
		suggest remain become seem appear include involve lead leading need
		point result issue issued confirm note add added mark marked face
		continue continued follow following make made take took give given
		come came go went see seen show shown find found use used call called
		report reported state stated describe described express expressed
		dynamic dynamics nuance nuanced recent recently current currently
		various several significant major key growing ongoing amid across
		around approximately allegedly reportedly consistently particularly
		especially increasingly two three one first second last next new
		year years time times day days week weeks month months people person
		part way number group case level area place thing things`) {
		m[termOf(w, false)] = true
	}
	return m
}()

// roundScore keeps three decimals of a score, as related and search both
// print and hand out in JSON: more would be noise that differs between
// machines.
func roundScore(x float64) float64 { return math.Round(x*1000) / 1000 }
