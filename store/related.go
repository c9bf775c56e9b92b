package store

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// whyTerms is how many shared words explain a related story; names (of
// people, places, organisations) explain best, so they weigh whyNameBoost
// times more when choosing them.
const (
	whyTerms = 4
	// whyNameWords: a name told whole is at most this many words.
	whyNameWords = 4
	whyNameBoost = 1.5
	// whyTitleBoost: a word of either title says what a story is about.
	whyTitleBoost = 2
	// whyFillerWeight: the commonest English words and adverbs (news
	// prose's filler: "regarding", "highest", "consistently") weigh
	// little (whyKindOf says where they may explain at all); common and
	// familiar words less than words English rarely uses (common.go).
	whyFillerWeight   = 0.1
	whyCommonWeight   = 0.25
	whyFamiliarWeight = 0.6
	// whyNumberWeight: a bare number weighs less still (and never
	// explains: whyKindOf).
	whyNumberWeight = 0.01
	// whyCut: a word explains beside the best one only when it weighs at
	// least this share of it.
	whyCut = 0.4
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
	if !s.has(q) {
		return nil // a KeptSearch's store, which reads it first
	}
	sc, _ := s.scratchPool.Get().(*relScratch)
	if sc == nil {
		sc = &relScratch{}
	}
	defer s.scratchPool.Put(sc)
	story := s.storyOf[i]
	sc.qv = s.ix.vecs.appendTo(sc.qv[:0], q)
	sc.classes = classes(s.ix, sc.qv, sc.classes[:0])
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
			c := cand{doc: d, score: s.weigh(q, d, cosine), version: s.storyOf[d] == story}
			if best.admits(c) && (c.version || !s.chanceOverlap(q, d, sc)) {
				best.add(c)
			}
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
		sc.loadQuery(sc.qv)
		for _, d := range s.candidates(q, sc) {
			if !s.has(d) {
				continue
			}
			if s.storyOf[d] != story { // ranked below, with every version
				rank(d, sc.cosine(&s.ix.vecs, d))
			}
		}
		for _, d := range s.stories[story] {
			if !s.has(d) {
				continue
			}
			rank(d, sc.cosine(&s.ix.vecs, d))
		}
	}
	cands := best.sorted()
	whys := s.whys(q, cands, sc.qv, sc.classes)
	if n > 0 && len(cands) > n {
		cands = cands[:n]
	}
	out := make([]Related, len(cands))
	for k, c := range cands {
		a := s.head(c.doc)
		score := roundScore(min(float64(c.score), 1)) // min: rounding in float32 sums
		out[k] = Related{ID: a.ID, Title: a.Title, Score: score, Why: whys[k], Version: c.version, Label: Label(score, c.version)}
	}
	return out
}

// weigh is the related score of b to a given their cosine: weighed down
// where their topics differ (when the store has topics) and where both are
// dated far apart.
func (s *Store) weigh(a, b int32, cosine float32) float32 {
	if !s.has(b) {
		return 0
	}
	score := cosine * s.ix.shared[a] * s.ix.shared[b] // of the whole articles (index.go)
	if k := s.ix.k; k > 0 {
		score *= 1 - topicWeight + topicWeight*s.topicSimilarity(a, b)
	}
	return score * s.timeFactor(a, b)
}

// weighBound is at least weigh(a, b, cosine) (cosine 0 or more), without
// b's topics, which are read from memory out of cache: their similarity
// is at most 1 (topic vectors are of unit length, or none), so weigh's
// factor for them at most 1 but for rounding; rounding only goes up with
// what it rounds, so every product after a larger factor is at least the
// one after a smaller.
func (s *Store) weighBound(a, b int32, cosine float32) float32 {
	if !s.has(b) {
		return 0
	}
	score := cosine * s.ix.shared[a] * s.ix.shared[b]
	if s.ix.k > 0 {
		score *= topicBound
	}
	return score * s.timeFactor(a, b)
}

// topicBound is what weigh's topic factor, 1-topicWeight+topicWeight*
// topicSimilarity, can be at most: 1, and a margin for rounding in the
// similarity's sum of 48 products (at most a few units of 2⁻²⁴).
const topicBound = 1.001

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
	listBudget     = 1024
	rescored       = 256
	weighed        = 4 * rescored
	timeNeighbours = 512
)

// relScratch is a query's scratch space, pooled by the store so that a
// query allocates nothing the size of the store: partial sums in a small
// open-addressed table of the articles the lists reach, and a dense
// vector for the queries that weigh every article.
type relScratch struct {
	keys    []uint64
	slots   []accSlot // a power of two long; doc -1 where free
	used    []int32   // slots taken, to clear
	reached []uint64  // heavyKey of each partial sum and its article
	out     []int32
	dense   *denseVec
	qv      []vterm     // the query's vector
	classes []termClass // of the query's terms, in its vector's order
	// The query's vector by term, open-addressed: term+1 (0 where free)
	// and weight, a power of two long; and a bit for each term's hash,
	// which most terms of a candidate, not the query's, find unset.
	qterm []int32
	qw    []float32
	qbits [qBits / 64]uint64
}

// qBits is how many bits the query's filter has: with a few hundred
// terms, a term not the query's finds its bit set one time in twenty or
// more rarely.
const (
	qBits     = 1 << 13
	qBitShift = 32 - 13
)

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
	clear(sc.qbits[:])
	mask := uint32(size - 1)
	for _, t := range v {
		h := uint32(t.term) * 0x9e3779b1
		sc.qbits[h>>qBitShift/64] |= 1 << (h >> qBitShift % 64)
		k := h & mask
		for sc.qterm[k] != 0 {
			k = (k + 1) & mask
		}
		sc.qterm[k], sc.qw[k] = t.term+1, t.w
	}
}

// cosine is the cosine of the query loaded with v: v's terms looked up in
// the table, in v's order, so the products add up in the order cosine's
// merge adds them, and the two agree to the bit. A term whose bit is
// unset is not the query's, and is not looked up: a fifth of a related
// query's CPU at 100,000 articles was looking up the terms of its
// candidates, most of them not the query's.
func (sc *relScratch) cosine(vecs *vecTable, d int32) float32 {
	mask := uint32(len(sc.qterm) - 1)
	var sum float32
	if gap, w, ok := vecs.nearOnly(d); ok {
		term := int32(0)
		for i, g := range gap {
			term += int32(g)
			h := uint32(term) * 0x9e3779b1
			if sc.qbits[h>>qBitShift/64]&(1<<(h>>qBitShift%64)) == 0 {
				continue
			}
			for k := h & mask; sc.qterm[k] != 0; k = (k + 1) & mask {
				if sc.qterm[k] == term+1 {
					sum += sc.qw[k] * w[i]
					break
				}
			}
		}
		return sum
	}
	gap, w := vecs.of(d)
	for i, term := 0, int32(0); i < len(gap); i++ {
		term, i = nextTerm(gap, w, i, term)
		h := uint32(term) * 0x9e3779b1
		if sc.qbits[h>>qBitShift/64]&(1<<(h>>qBitShift%64)) == 0 {
			continue
		}
		for k := h & mask; sc.qterm[k] != 0; k = (k + 1) & mask {
			if sc.qterm[k] == term+1 {
				sum += sc.qw[k] * w[i]
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
	sc.keys = heaviest(sc.keys, sc.qv, queryTerms)
	for _, key := range sc.keys {
		t := unkey(key)
		list := s.impactOf(t.term)
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
	// The rescored best by partial sum weighed as the score is. Weighing
	// reads an article's topics and date, out of cache at scale, so only
	// the weighed best by partial sum are (an article below them is
	// rarely weighed up past all of them), best first: weighing only
	// multiplies by factors up to 1, so once a partial sum is below the
	// rescored-th best weighed one, none after can make the list.
	sc.reached = sc.reached[:0]
	for _, k := range sc.used {
		if sl := sc.slots[k]; sl.doc != q {
			sc.reached = append(sc.reached, heavyKey(sl.sum, sl.doc)) // partial sums are 0 or more
		}
	}
	reached := smallest(sc.reached, weighed)
	slices.Sort(reached) // highest partial sum first, then by article
	top := newTopN(rescored, func(a, b cand) bool { return a.score > b.score || a.score == b.score && a.doc < b.doc })
	for _, key := range reached {
		sum, doc := unkeyed(key)
		if len(top.items) == rescored {
			if last := top.items[rescored-1].score; sum < last {
				break
			} else if s.weighBound(q, doc, sum) < last {
				continue // not weighed whole: its topics are out of cache
			}
		}
		top.add(cand{doc: doc, score: s.weigh(q, doc, sum)})
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
			case lo >= 0 && (hi >= int32(len(s.byTime)) || s.published(q).Sub(s.published(s.byTime[lo])) <= s.published(s.byTime[hi]).Sub(s.published(q))):
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

// admits reports whether add would keep x.
func (t *topN[T]) admits(x T) bool {
	return t.n <= 0 || len(t.items) < t.n || t.less(x, t.items[t.n-1])
}

func (t *topN[T]) sorted() []T {
	if t.n <= 0 {
		sort.Slice(t.items, func(a, b int) bool { return t.less(t.items[a], t.items[b]) })
	}
	return t.items
}

// chanceOverlap reports whether all a and b share is what any two texts
// of prose share by chance: English's thousand commonest words (common.go,
// level 10; a few hundred of them make half of any text), numbers,
// adverbs and the names of days and months. A cosine of those alone, however small, ranked a sports column
// under a story of drought ("shares: hit, lows, record, Level") and a
// conference's slides under one of rain ("shares: finally"); a related
// story must share at least one word beyond them, or one of them that
// both titles use (a title says what its story is about: "… new
// contract" and "… agrees new Villa contract"). Headlines alone
// (Words 0: a headline-only item) are not held to it: a dozen words
// between two of them share a common one only when they tell of one
// thing ("Oil prices …"), and the headlines corpus's same-story
// neighbours often share nothing else (its top-5 share fell from 0.924
// to 0.915 when they were held to it).
func (s *Store) chanceOverlap(a, b int32, sc *relScratch) bool {
	if s.words(a) == 0 || s.words(b) == 0 {
		return false
	}
	va := sc.qv
	gap, w := s.ix.vecs.of(b)
	i := 0
	for j, tb := 0, int32(0); i < len(va) && j < len(gap); j++ {
		tb, j = nextTerm(gap, w, j, tb)
		for i < len(va) && va[i].term < tb {
			i++
		}
		if i < len(va) && va[i].term == tb {
			if c := sc.classes[i]; !c.number && !c.adverb && !c.calendar &&
				(c.level != commonest || s.inTitle(tb, a) && s.inTitle(tb, b)) {
				return false // one telling word
			}
			i++
		}
	}
	return true
}

// termClass is what a term can tell of why two texts go together, as
// chanceOverlap and whyWeight read it: whether it is a number, an adverb
// or a day's or a month's name, and how common it is in English
// (commonLevel). A related query works it out once for each term of its
// article (classes), which every candidate's overlap and every row's why
// words read: worked out for each shared term of each (a Fold and two
// maps), it was a tenth of a query's CPU at 100,000 articles.
type termClass struct {
	number, adverb, calendar bool
	level                    int
}

func classOf(t termInfo) termClass {
	folded := Fold(t.display)
	return termClass{
		number:   isNumber(t.display),
		adverb:   isFoldedAdverb(folded),
		calendar: calendarWords[folded],
		level:    commonLevel(t.key),
	}
}

// classes gives the class of each term of v, in v's order, in out.
func classes(ix *index, v []vterm, out []termClass) []termClass {
	for _, t := range v {
		out = append(out, classOf(ix.terms[t.term]))
	}
	return out
}

// inTitle reports whether doc's title holds term.
func (s *Store) inTitle(term, doc int32) bool {
	ps := s.ix.termPostings(term)
	i := sort.Search(len(ps), func(i int) bool { return ps[i].doc >= doc })
	return i < len(ps) && ps[i].doc == doc && ps[i].title > 0
}

// calendarWords name a day or a month: like a number, a date, not a
// subject ("shares: Tuesday").
var calendarWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december") {
		m[w] = true
	}
	return m
}()

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
// merge, written out on the vectors' slots (nextTerm), as story grouping
// asks it of every pair it tests.
func (s *Store) cosine(a, b int32) float32 {
	ga, wa := s.ix.vecs.of(a)
	gb, wb := s.ix.vecs.of(b)
	if len(ga) == 0 || len(gb) == 0 {
		return 0
	}
	var sum float32
	ta, i := nextTerm(ga, wa, 0, 0)
	tb, j := nextTerm(gb, wb, 0, 0)
	for {
		switch {
		case ta < tb:
			if i++; i == len(ga) {
				return sum
			}
			ta, i = nextTerm(ga, wa, i, ta)
		case ta > tb:
			if j++; j == len(gb) {
				return sum
			}
			tb, j = nextTerm(gb, wb, j, tb)
		default:
			sum += wa[i] * wb[j]
			if i++; i == len(ga) {
				return sum
			}
			if j++; j == len(gb) {
				return sum
			}
			ta, i = nextTerm(ga, wa, i, ta)
			tb, j = nextTerm(gb, wb, j, tb)
		}
	}
}

// NoWhy is what a related row says where its Why is empty: the two share
// words, but none that sets the pair apart (only English's common words,
// a word each says once in passing, or the list's own subject). Saying
// less beats a misleading "shares: erupted".
const NoWhy = "shares no telling word"

// whys names, for each related row, the shared terms that add most to its
// similarity with a, weighed once more by how rare they are in the store
// (a word most articles share says little about why these two go
// together) and in English at large (whyWeight), up where they are names
// or in either title, and down by how many of the other rows around it
// (the first whyContext) share them too: "Sheinbaum" explains nothing in
// a list where every row names her. Only what can tell is told
// (whyKindOf): names whole, then phrases both write, then words; a row
// that shares nothing telling gets none (NoWhy). Words are spelled as a
// writes them mid-sentence. All of it is worked out here, per query:
// nothing of it is kept with the index.
func (s *Store) whys(a int32, cands []cand, va []vterm, classes []termClass) [][]string {
	type share struct {
		term  int32
		w     float32
		title bool  // in either title
		both  bool  // in both titles
		x     int32 // the term's place in a's vector
	}
	rows := make([][]share, len(cands))
	rowsSharing := map[int32]int{}
	an := s.queryAnalyzer()
	var toks []token
	titleTerms := func(doc int32) []string {
		toks = an.tokens(s.head(doc).Title, toks[:0])
		terms := make([]string, len(toks))
		for x, t := range toks {
			terms[x] = t.term
		}
		return terms
	}
	ownTitle := titleTerms(a)
	// What each of a's terms (va, its vector) can tell, whichever row
	// shares it.
	tells := make([]float64, len(va))
	for x, vt := range va {
		t := s.ix.terms[vt.term]
		rarity := math.Log(float64(len(s.arts)+1) / float64(s.docCount(vt.term)))
		tells[x] = rarity * rarity * classes[x].whyWeight()
		if t.name {
			tells[x] *= whyNameBoost
		}
	}
	for k, c := range cands {
		rowTitle := titleTerms(c.doc)
		vb := s.ix.vecs.iter(c.doc)
		for x, more := 0, vb.next(); x < len(va) && more; {
			if va[x].term < vb.term {
				x++
				continue
			}
			if va[x].term > vb.term {
				more = vb.next()
				continue
			}
			at, term, t := int32(x), va[x].term, s.ix.terms[va[x].term]
			w := float64(va[x].w*vb.wt) * tells[x]
			x++
			more = vb.next()
			inOwn, inRow := slices.Contains(ownTitle, t.key), slices.Contains(rowTitle, t.key)
			title := inOwn || inRow
			if title {
				w *= whyTitleBoost // what the story is about, in its own words
			}
			rows[k] = append(rows[k], share{term, float32(w), title, inOwn && inRow, at})
			if k < whyContext {
				rowsSharing[term]++
			}
		}
	}
	sp := s.spellings(a)
	// A word a title capitalises (or a sentence opens) is its lower-case
	// self unless it is a name: "Gunned Down" shares "gunned".
	nameMemo := map[int32]bool{}
	isName := func(term int32) bool {
		if v, ok := nameMemo[term]; ok {
			return v
		}
		// Or capitalised mid-sentence where a writes it, outside titles
		// and headings: "Jalisco New Generation Cartel".
		t := s.ix.terms[term]
		v := s.nameLike(term) || t.name && !sp.weak[t.key] && capitalised(sp.spelled[t.key])
		nameMemo[term] = v
		return v
	}
	asWord := func(term int32, w string, weak bool) string {
		t := s.ix.terms[term]
		if weak && capitalised(w) && !isName(term) && (!capitalised(t.display) || commonLevel(t.key) < rare) {
			return lowerFirst(w) // written in lower case elsewhere, or a word English knows
		}
		return w
	}
	spell := func(term int32) string {
		t := s.ix.terms[term]
		if w := sp.spelled[t.key]; w != "" {
			return asWord(term, w, sp.weak[t.key])
		}
		return asWord(term, t.display, true)
	}
	// told spells a pair as a writes it, each word as asWord has it.
	pairText := func(sh int32, p namePart) string {
		first, second := sh, p.term
		if p.first {
			first, second = p.term, sh
		}
		return asWord(first, p.words[0], p.weak[0]) + p.sep + asWord(second, p.words[1], p.weak[1])
	}
	// A word nearly every row around shares is the list's subject
	// ("Mexico" under every story of Mexico): no reason for one row more
	// than another. A row that shares nothing else says less.
	subject := func(term int32) bool {
		rows := min(len(cands), whyContext)
		return rows > 2 && 4*rowsSharing[term] > 3*rows
	}
	out := make([][]string, len(cands))
	told := map[string]bool{} // whys of the rows above
	var posA, posB []int32
	for k, shared := range rows {
		if rows := min(len(cands), whyContext); rows > 1 {
			// Rarity among the rows, as idf is among articles.
			for x := range shared {
				sharing := max(rowsSharing[shared[x].term], 1)
				// Squared, as idf is in rarity: a name in every row tells none
				// of them apart, however rare it is in the store.
				r := math.Log(float64(rows+1) / float64(sharing))
				shared[x].w *= float32(r * r)
				if 3*sharing > rows {
					shared[x].w *= whyFillerWeight // the list's own subject: in more than a third of its rows
				}
			}
		}
		b := cands[k].doc
		at := make(map[int32]int, len(shared)) // shared term → its place in shared
		for x, sh := range shared {
			at[sh.term] = x
		}
		// What each shared word is as evidence (whyKind), and the phrases
		// a writes that b writes too, word for word.
		kinds := make([]whyKind, len(shared))
		for x, sh := range shared {
			kinds[x] = s.whyKindOf(sh.term, classes[sh.x], sh.title, sh.both, a, b, isName)
		}
		var found, subjects []whyFound
		for x, sh := range shared {
			switch {
			case kinds[x] > whyWord:
			case subject(sh.term):
				subjects = append(subjects, whyFound{terms: []int32{sh.term}, w: sh.w, kind: kinds[x]})
			default:
				found = append(found, whyFound{terms: []int32{sh.term}, w: sh.w, kind: kinds[x]})
			}
		}
		for x, sh := range shared {
			if kinds[x] == whyNever {
				continue
			}
			for _, p := range sp.pairs[sh.term] {
				y, ok := at[p.term]
				if !ok || p.term < sh.term || kinds[y] == whyNever {
					continue // each pair once, from its lower term
				}
				// A name with a word: only a name before a word English seldom
				// uses ("Sinaloa cartel"), not "Sheinbaum confirmed" or "six
				// Mexican"; two names are told whole below.
				if kinds[x] == whyName || kinds[y] == whyName {
					name, word := sh.term, p.term
					if kinds[y] == whyName {
						name, word = p.term, sh.term
					}
					nameFirst := p.first == (name == p.term)
					if kinds[x] == kinds[y] || !nameFirst || commonLevel(s.ix.terms[word].key) <= common {
						continue
					}
				}
				// Two words English uses everywhere ("told reporters") are a
				// phrase that tells only from a title.
				if kinds[x] == whyWeak && kinds[y] == whyWeak && !(sh.title && shared[y].title) {
					continue
				}
				first, second := sh.term, p.term
				if p.first {
					first, second = p.term, sh.term
				}
				if !s.adjacentIn(b, first, second, &posA, &posB) {
					continue
				}
				// A phrase is rarer than its words: weighed as a word English
				// knows but seldom uses, whatever its words are alone.
				w := (sh.w/float32(classes[sh.x].whyWeight()) + shared[y].w/float32(classes[shared[y].x].whyWeight())) * whyFamiliarWeight
				found = append(found, whyFound{terms: []int32{sh.term, p.term}, phrase: pairText(sh.term, p), w: w, kind: whyPhrase})
			}
		}
		// The list's subject tells a row only that is one story with a,
		// or close to it, and shares nothing else that tells: "JetBlue"
		// under a report of JetBlue's.
		if len(found) == 0 && (cands[k].version || cands[k].score >= closeScore) {
			found = subjects
		}
		slices.SortStableFunc(found, func(x, y whyFound) int {
			if x.w != y.w {
				return cmp.Compare(y.w, x.w)
			}
			return cmp.Compare(x.terms[0], y.terms[0])
		})
		// wholeName tells a name with the names b writes beside it as a
		// does, the heaviest on each side, word by word: "Marco Rubio",
		// not "Rubio, Marco"; "Donald Trump", not "Donald".
		wholeName := func(term int32, used map[int32]bool) string {
			words := []string{spell(term)}
			for _, before := range []bool{true, false} {
				cur, part := term, []string(nil)
				for len(words)+len(part) < whyNameWords {
					best, bestW := namePart{term: -1}, float32(-1)
					for _, p := range sp.names[cur] {
						y, ok := at[p.term]
						if !ok || p.first != before || used[p.term] || kinds[y] == whyNever || shared[y].w <= bestW ||
							commonLevel(s.ix.terms[p.term].key) <= common {
							continue // "Secretary Pete", "President Donald": a title, not the name
						}
						if first, second := cur, p.term; !before && s.adjacentIn(b, first, second, &posA, &posB) ||
							before && s.adjacentIn(b, second, first, &posA, &posB) {
							best, bestW = p, shared[y].w
						}
					}
					if best.term < 0 {
						break
					}
					used[best.term] = true
					w := best.words[1]
					if before {
						w = best.words[0]
					}
					part = append(part, w)
					cur = best.term
				}
				if before {
					slices.Reverse(part)
					words = append(part, words...)
				} else {
					words = append(words, part...)
				}
			}
			return strings.Join(words, " ")
		}
		// tell gives the first n found, each word once, a name told whole
		// where the pair shares its other half as a writes it: "Marco
		// Rubio", not "Rubio, Marco"; "Donald Trump", not "Donald"; then
		// names first, phrases next, other words last, each by weight.
		tell := func(n int) []string {
			used := map[int32]bool{}
			var told []whyFound
			for _, f := range found {
				if len(told) == n {
					break
				}
				if slices.ContainsFunc(f.terms, func(t int32) bool { return used[t] }) {
					continue
				}
				for _, t := range f.terms {
					used[t] = true
				}
				if f.phrase == "" {
					f.phrase = spell(f.terms[0])
				}
				if f.kind == whyName {
					f.phrase = wholeName(f.terms[0], used)
					if !strings.Contains(f.phrase, " ") && commonLevel(s.ix.terms[f.terms[0]].key) <= common {
						continue // "President", "New": a name's title or half, told only whole
					}
				}
				told = append(told, f)
			}
			slices.SortStableFunc(told, func(x, y whyFound) int { return cmp.Compare(x.kind, y.kind) })
			words := make([]string, len(told))
			for x, f := range told {
				words[x] = f.phrase
			}
			return words
		}
		// The words that explain: the best, and those that tell nearly as
		// much. A row that shares one telling word and three weaker ones
		// says the one; a row that shares none says nothing.
		keep := min(len(found), whyTerms)
		for x := 1; x < keep; x++ {
			if found[x].w < whyCut*found[0].w {
				keep = x
			}
		}
		// A why tells its row apart from those above it: where it would
		// read as another's, it says more, the list's subject last.
		words := tell(keep)
		for len(words) > 0 && len(words) < whyTerms && told[strings.Join(words, ",")] {
			if keep >= len(found) {
				if len(subjects) == 0 {
					break
				}
				slices.SortStableFunc(subjects, func(x, y whyFound) int { return cmp.Compare(y.w, x.w) })
				found, subjects = append(found[:len(found):len(found)], subjects...), nil
			}
			keep++
			words = tell(keep)
		}
		told[strings.Join(words, ",")] = true
		out[k] = words
	}
	return out
}

// whyKind is what a shared word is as evidence that two stories go
// together, weakest last: tell orders a row's words by it.
type whyKind uint8

const (
	whyName   whyKind = iota // a person, place or organisation
	whyPhrase                // words both write side by side
	whyWord                  // a word either title holds, or one English rarely uses, or one either story dwells on
	whyWeak                  // a word that tells only as part of a phrase
	whyNone                  // tells nothing alone, but may in a phrase
	whyNever                 // a number, a day, a month, a time of day: never a reason
)

// whyFound is a word or phrase that can explain a related row.
type whyFound struct {
	terms  []int32
	phrase string // as a writes it; "" for a word, spelled when told
	w      float32
	kind   whyKind
}

// whyKindOf says what term, shared by a and b, is as evidence: a name
// tells; a number or a word of the calendar never does ("shares:
// September"); English's common words and adverbs tell only where both
// titles use them ("Oil prices …" and "… oil prices"), or in a phrase; a
// rarer word tells where a title uses it, where English rarely uses it,
// or where either story says it more than once. A word each story says
// once in passing ("erupted", "sparked") is no reason: a row that shares
// nothing more says less rather than that.
func (s *Store) whyKindOf(term int32, c termClass, title, both bool, a, b int32, isName func(int32) bool) whyKind {
	t := s.ix.terms[term]
	switch {
	case c.number || c.calendar || timeWords[Fold(t.display)]:
		return whyNever
	case isName(term):
		return whyName
	case c.adverb || c.level <= common:
		if both {
			return whyWord
		}
		return whyWeak
	case title || c.level == rare:
		return whyWord
	case s.bodyCount(term, a) > 1 || s.bodyCount(term, b) > 1:
		return whyWord
	}
	return whyNone
}

// timeWords are the words of time a story is dated by, beside the days
// and months (calendarWords): no more a subject than a date is.
var timeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("today tonight yesterday tomorrow morning afternoon evening night midnight noon weekend week weeks month months year years day days hour hours minute minutes decade decades century annual annually daily weekly monthly yearly spring summer autumn fall winter") {
		m[w] = true
	}
	for w := range calendarWords {
		m[w] = true
	}
	return m
}()

// bodyCount is how often doc's body says term.
func (s *Store) bodyCount(term, doc int32) int {
	ps := s.ix.termPostings(term)
	i := sort.Search(len(ps), func(i int) bool { return ps[i].doc >= doc })
	if i < len(ps) && ps[i].doc == doc {
		return int(ps[i].body)
	}
	return 0
}

// adjacentIn reports whether doc writes first right before second, with
// nothing but a space or a stop word's absence between (their positions
// one apart); false for an article too long to keep its positions.
func (s *Store) adjacentIn(doc, first, second int32, bufA, bufB *[]int32) bool {
	if s.heads != nil { // a KeptSearch's store: both terms' positions at hand
		s.ix.termPostings(first)
		s.ix.termPostings(second)
	}
	if s.ix.isLong(doc) || len(s.ix.pos) == 0 {
		return false
	}
	ra, okA := s.ix.readerAt(first, doc, 0)
	rb, okB := s.ix.readerAt(second, doc, 0)
	if !okA || !okB {
		return false
	}
	*bufA = ra.positions(s.ix, *bufA)
	*bufB = rb.positions(s.ix, *bufB)
	pa, pb := *bufA, *bufB
	for i, j := 0, 0; i < len(pa) && j < len(pb); {
		switch want := pa[i]>>codeBits + 1; {
		case pb[j]>>codeBits == want:
			return true
		case pb[j]>>codeBits < want:
			j++
		default:
			i++
		}
	}
	return false
}

// nameLike reports whether term is a name: written with a capital
// mid-sentence (the index's mark), or, where no body says (a store of
// headlines), capitalised inside a title that does not capitalise every
// word ("Samsung beats Apple in …"). A word capitalised only where a
// title capitalises every word is not: "Mayoral Candidate Gunned Down".
func (s *Store) nameLike(term int32) bool {
	t := s.ix.terms[term]
	level := commonLevel(t.key)
	if t.name && level > commonest {
		return true
	}
	// English's commonest words are names only where titles say so:
	// "Mexican President Claudia Sheinbaum …", not a heading's "The Road
	// Ahead".
	if !t.name && !capitalised(t.display) {
		return false // mostly written in lower case
	}
	capital, lower := 0, 0
	an := s.queryAnalyzer()
	var toks []token
	for n, p := range s.ix.termPostings(term) {
		if n == whyTitlesRead {
			break
		}
		if p.title == 0 {
			continue
		}
		title := s.head(p.doc).Title
		toks = an.tokens(title, toks[:0])
		c, l := titleCapitals(title, toks, t.key)
		capital += c
		lower += l
	}
	if capital+lower == 0 {
		// No title tells: a word English does not know is a name more
		// often than not ("Chiquita", "Icahn").
		return level == rare
	}
	return capital > lower
}

// whyTitlesRead is how many titles nameLike reads of a term: enough to
// see how headlines write it, few enough to cost a related query little.
const whyTitlesRead = 24

// titleCapitals counts the words of a sentence-case title (toks its
// tokens) that are term
// written with a capital past its first word (evidence of a name), and
// the words of any title that are term in lower case (evidence of a
// common word). A title that capitalises most of its words says nothing.
func titleCapitals(title string, toks []token, term string) (capital, lower int) {
	caps, words := 0, 0
	for x, tk := range toks {
		if x > 0 && !tk.opener {
			words++
			if tk.word.capital {
				caps++
			}
		}
	}
	sentenceCase := 2*caps < words
	for x, tk := range toks {
		if tk.term != term || x == 0 || tk.opener {
			continue
		}
		switch {
		case !tk.word.capital:
			lower++
		case sentenceCase && !isAllCaps(title[tk.start:tk.end]):
			capital++
		}
	}
	return capital, lower
}

// capitalised reports whether w starts with a capital and is not all
// capitals ("US" is written so, not capitalised).
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && !isAllCaps(w)
}

func isAllCaps(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func lowerFirst(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToLower(r)) + w[n:]
}

// whySpellings is how an article writes its terms: each term's first
// spelling in the body mid-sentence (weak where only a sentence's opening
// or the title writes it: a title's capitals, "Shot Dead", are its
// style, not the word's), so that why words read as the article being
// read writes them ("firmly" where it says "firmly", though the corpus
// says "firm" more often); for each name of the body, the names written
// next to it there ("Marco" → "Rubio" after it), so that a why tells a
// name whole; and for each term the terms written right next to it, in
// the body or the title, for phrases ("live stream").
type whySpellings struct {
	spelled map[string]string
	weak    map[string]bool
	names   map[int32][]namePart
	pairs   map[int32][]namePart
}

func (s *Store) spellings(doc int32) whySpellings {
	sp := whySpellings{
		spelled: make(map[string]string, s.ix.vecs.terms(doc)),
		weak:    map[string]bool{},
		names:   map[int32][]namePart{},
		pairs:   map[int32][]namePart{},
	}
	an := s.queryAnalyzer()
	for k, text := range []string{maskURLs(s.plainShown(doc)), s.head(doc).Title} {
		toks := an.tokens(text, nil)
		titled := titledLines(text, toks)
		for x, t := range toks {
			strong := k == 0 && !t.opener && !titled[x]
			if w, ok := sp.spelled[t.term]; !ok || sp.weak[t.term] && strong && w != text[t.start:t.end] {
				sp.spelled[t.term] = text[t.start:t.end] // "U.S.", as written
				sp.weak[t.term] = !strong
			}
			if x == 0 {
				continue
			}
			prev := toks[x-1]
			if prev.end > t.start { // a CJK character's tokens overlap
				continue
			}
			// Side by side: a space between ("live stream"), or a hyphen
			// ("live-streamed"), which b's positions cannot tell from other
			// punctuation: b must write the two with a space (adjacentIn).
			sep := text[prev.end:t.start]
			if !(sep == " " && t.pos == prev.pos+1 || sep == "-" && t.pos == prev.pos+1+punctStep) {
				continue
			}
			a, okA := s.ix.ids[prev.term]
			b, okB := s.ix.ids[t.term]
			if !okA || !okB || a == b {
				continue
			}
			pair := namePart{term: b, sep: sep,
				words: [2]string{text[prev.start:prev.end], text[t.start:t.end]},
				weak:  [2]bool{k > 0 || prev.opener || titled[x-1], k > 0 || titled[x]}}
			if !slices.ContainsFunc(sp.pairs[a], func(p namePart) bool { return p.term == b }) {
				sp.pairs[a] = append(sp.pairs[a], pair)
				back := pair
				back.term, back.first = a, true
				sp.pairs[b] = append(sp.pairs[b], back)
			}
			if t.word.capital && !t.opener && prev.word.capital && sep == " " &&
				!slices.ContainsFunc(sp.names[a], func(p namePart) bool { return p.term == b }) {
				sp.names[a] = append(sp.names[a], pair)
				back := pair
				back.term, back.first = a, true
				sp.names[b] = append(sp.names[b], back)
			}
		}
	}
	return sp
}

// titledLines marks the tokens of the lines of text that capitalise
// most of their words past the first, as titles and headings do ("The
// Road Ahead: Balancing Security and Sovereignty"): their capitals are
// the line's style, not the word's.
func titledLines(text string, toks []token) []bool {
	titled := make([]bool, len(toks))
	from, caps, words := 0, 0, 0
	end := func(to int) {
		if words > 1 && 2*caps >= words {
			for x := from; x < to; x++ {
				titled[x] = true
			}
		}
		from, caps, words = to, 0, 0
	}
	for x, t := range toks {
		if x > 0 && toks[x-1].end <= t.start && strings.IndexByte(text[toks[x-1].end:t.start], '\n') >= 0 {
			end(x)
		}
		if x > from {
			words++
			if t.word.capital {
				caps++
			}
		}
	}
	end(len(toks))
	return titled
}

// namePart is a word written next to another: its term, whether it
// stands first, and the two words as written, in order, with what
// stands between them, and whether each is written where its capital
// tells nothing (a title, a heading, a sentence's opening).
type namePart struct {
	term  int32
	first bool
	words [2]string
	sep   string
	weak  [2]bool
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
	// By the times kept in s.when, not the articles': an article out of
	// cache for each candidate was an eighth of a related query at
	// 100,000 articles.
	var d time.Duration
	switch ta, tb := s.when[a], s.when[b]; {
	case ta == undated || tb == undated:
		return 1
	case ta != farDate && tb != farDate:
		d = time.Duration(max(ta, tb) - min(ta, tb))
		if d < 0 { // over 292 years, as Sub says where it cannot tell
			d = math.MaxInt64
		}
	default:
		ta, tb := s.published(a), s.published(b)
		if ta.Before(tb) {
			ta, tb = tb, ta
		}
		d = ta.Sub(tb) // at most the largest Duration, never negative
	}
	return float32(timeFloor + (1-timeFloor)*math.Exp(-float64(d)/float64(timeScale)))
}

// whyWeight weighs a shared term by what it can tell: a bare number
// little, English's commonest words and adverbs (isFoldedAdverb) little
// more, common and familiar words less than those English rarely uses. A
// store of a few articles cannot tell "regarding" from "femicide" by
// counting; English at large can (common.go).
func (c termClass) whyWeight() float64 {
	if c.number {
		return whyNumberWeight
	}
	if c.adverb {
		return whyFillerWeight
	}
	switch c.level {
	case commonest:
		return whyFillerWeight
	case common:
		return whyCommonWeight
	case familiar:
		return whyFamiliarWeight
	}
	return 1
}

// isFoldedAdverb: adverbs ("consistently", "approximately") qualify
// whatever the story; two articles share them without sharing a subject.
// w is folded (Fold).
func isFoldedAdverb(w string) bool {
	return len(w) > 5 && strings.HasSuffix(w, "ly") && !lyNouns[w]
}

// lyNouns end like adverbs and are not.
var lyNouns = map[string]bool{"italy": true, "family": true, "supply": true, "assembly": true,
	"monopoly": true, "anomaly": true, "rally": true, "ally": true, "july": true, "reply": true, "daily": true, "weekly": true, "monthly": true}

// roundScore keeps three decimals of a score, as related and search both
// print and hand out in JSON: more would be noise that differs between
// machines.
func roundScore(x float64) float64 { return math.Round(x*1000) / 1000 }
