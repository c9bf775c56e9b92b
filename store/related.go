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
	// whyTitleBoost: a word of either title says what a story is about.
	whyTitleBoost = 2
	// whyFillerWeight: the commonest English words and adverbs (news
	// prose's filler: "regarding", "highest", "consistently") explain a
	// relation only when nothing else does; common and familiar words
	// less than words English rarely uses (common.go).
	whyFillerWeight   = 0.1
	whyCommonWeight   = 0.25
	whyFamiliarWeight = 0.6
	// whyNumberWeight: a bare number explains less still, but a row that
	// shares nothing else says so rather than nothing.
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
	sc, _ := s.scratchPool.Get().(*relScratch)
	if sc == nil {
		sc = &relScratch{}
	}
	defer s.scratchPool.Put(sc)
	story := s.storyOf[i]
	sc.classes = classes(s.ix, s.ix.vecs[q], sc.classes[:0])
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
			if best.admits(c) && (c.version || !s.chanceOverlap(q, d, sc.classes)) {
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
	whys := s.whys(q, cands, sc.classes)
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
func (sc *relScratch) cosine(v []vterm) float32 {
	mask := uint32(len(sc.qterm) - 1)
	var sum float32
	for _, t := range v {
		h := uint32(t.term) * 0x9e3779b1
		if sc.qbits[h>>qBitShift/64]&(1<<(h>>qBitShift%64)) == 0 {
			continue
		}
		for k := h & mask; sc.qterm[k] != 0; k = (k + 1) & mask {
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
func (s *Store) chanceOverlap(a, b int32, classes []termClass) bool {
	if s.arts[a].Words == 0 || s.arts[b].Words == 0 {
		return false
	}
	va, vb := s.ix.vecs[a], s.ix.vecs[b]
	for i, j := 0, 0; i < len(va) && j < len(vb); {
		switch ta, tb := va[i].term, vb[j].term; {
		case ta < tb:
			i++
		case ta > tb:
			j++
		default:
			if c := classes[i]; !c.number && !c.adverb && !c.calendar &&
				(c.level != commonest || s.inTitle(ta, a) && s.inTitle(ta, b)) {
				return false // one telling word
			}
			i++
			j++
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
	ps := s.ix.postings[term]
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
// similarity with a, weighed once more by how rare they are in the store
// (a word most articles share says little about why these two go
// together) and in English at large (whyWeight), up where they are names
// or in either title, and down by how many of the other rows around it
// (the first whyContext) share them too: "Sheinbaum" explains nothing in
// a list where every row names her. Words are spelled as a writes them.
func (s *Store) whys(a int32, cands []cand, classes []termClass) [][]string {
	type share struct {
		term  int32
		w     float32
		title bool  // in either title
		x     int32 // the term's place in a's vector
	}
	rows := make([][]share, len(cands))
	rowsSharing := map[int32]int{}
	an := s.queryAnalyzer()
	var toks []token
	titleTerms := func(doc int32) []string {
		toks = an.tokens(s.arts[doc].Title, toks[:0])
		terms := make([]string, len(toks))
		for x, t := range toks {
			terms[x] = t.term
		}
		return terms
	}
	ownTitle := titleTerms(a)
	// What each of a's terms can tell, whichever row shares it.
	va := s.ix.vecs[a]
	tells := make([]float64, len(va))
	for x, vt := range va {
		t := s.ix.terms[vt.term]
		rarity := math.Log(float64(len(s.arts)+1) / float64(len(s.ix.postings[vt.term])))
		tells[x] = rarity * rarity * classes[x].whyWeight()
		if t.name {
			tells[x] *= whyNameBoost
		}
	}
	for k, c := range cands {
		rowTitle := titleTerms(c.doc)
		vb := s.ix.vecs[c.doc]
		for x, y := 0, 0; x < len(va) && y < len(vb); {
			if va[x].term < vb[y].term {
				x++
				continue
			}
			if va[x].term > vb[y].term {
				y++
				continue
			}
			at, term, t := int32(x), va[x].term, s.ix.terms[va[x].term]
			w := float64(va[x].w*vb[y].w) * tells[x]
			x++
			y++
			title := slices.Contains(ownTitle, t.key) || slices.Contains(rowTitle, t.key)
			if title {
				w *= whyTitleBoost // what the story is about, in its own words
			}
			rows[k] = append(rows[k], share{term, float32(w), title, at})
			if k < whyContext {
				rowsSharing[term]++
			}
		}
	}
	spelled, names := s.spellings(a)
	spell := func(term int32) string {
		t := s.ix.terms[term]
		if sp := spelled[t.key]; sp != "" {
			return sp
		}
		return t.display
	}
	// tell gives the first n words of a row's ranking, a name told whole
	// where the pair shares its other half as a writes it: "Marco Rubio",
	// not "Rubio, Marco"; "Donald Trump", not "Donald".
	tell := func(ranked []share, n int) []string {
		used := map[int32]bool{}
		words := make([]string, 0, n)
		for _, sh := range ranked[:n] {
			if used[sh.term] {
				continue
			}
			used[sh.term] = true
			word := spell(sh.term)
			if commonLevel(s.ix.terms[sh.term].key) > common {
				best, bestW := namePart{term: -1}, float32(0)
				for _, p := range names[sh.term] {
					if used[p.term] || commonLevel(s.ix.terms[p.term].key) <= common {
						continue // "Secretary Pete", "President Donald": a title, not the name
					}
					if x := slices.IndexFunc(ranked, func(x share) bool { return x.term == p.term }); x >= 0 && ranked[x].w > bestW {
						best, bestW = p, ranked[x].w
					}
				}
				if best.term >= 0 {
					used[best.term] = true
					word = best.whole
				}
			}
			words = append(words, word)
		}
		return words
	}
	out := make([][]string, len(cands))
	told := map[string]bool{} // whys of the rows above
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
		sort.Slice(shared, func(x, y int) bool {
			if shared[x].w != shared[y].w {
				return shared[x].w > shared[y].w
			}
			return shared[x].term < shared[y].term
		})
		// Filler and common words (whyWeight) explain only from a title,
		// or where the pair shares nothing else: they rank after the rest.
		ranked := make([]share, 0, len(shared))
		for _, sh := range shared {
			if sh.title || classes[sh.x].whyWeight() > whyCommonWeight {
				ranked = append(ranked, sh)
			}
		}
		for _, sh := range shared {
			if !sh.title && classes[sh.x].whyWeight() <= whyCommonWeight {
				ranked = append(ranked, sh)
			}
		}
		// The words that explain: the best, and those that tell nearly as
		// much. A row that shares one telling word and three common ones
		// says the one.
		keep := min(len(ranked), whyTerms)
		for x := 1; x < keep; x++ {
			if ranked[x].w < whyCut*ranked[0].w {
				keep = x
			}
		}
		// A why tells its row apart from those above it: where it would
		// read as another's, it says more.
		words := tell(ranked, keep)
		for told[strings.Join(words, ",")] && keep < min(len(ranked), whyTerms) {
			keep++
			words = tell(ranked, keep)
		}
		told[strings.Join(words, ",")] = true
		out[k] = words
	}
	return out
}

// spellings maps each term of an article to its first spelling there, so
// that why words read as the article being read writes them ("firmly"
// where it says "firmly", though the corpus says "firm" more often). The
// body comes first: a title's capitals ("Shot Dead") are its style, not
// the word's. It also gives, for each name of the body, the names written
// next to it there ("Marco" → "Rubio" after it), so that a why tells a
// name whole.
func (s *Store) spellings(doc int32) (map[string]string, map[int32][]namePart) {
	spelled := make(map[string]string, len(s.ix.vecs[doc]))
	names := map[int32][]namePart{}
	an := s.queryAnalyzer()
	for k, text := range []string{maskURLs(s.plainShown(doc)), s.arts[doc].Title} {
		toks := an.tokens(text, nil)
		for x, t := range toks {
			if _, ok := spelled[t.term]; !ok {
				spelled[t.term] = text[t.start:t.end] // "U.S.", as written
			}
			if k == 0 && x > 0 && t.word.capital && !t.opener {
				prev := toks[x-1]
				if prev.word.capital && text[prev.end:t.start] == " " {
					a, okA := s.ix.ids[prev.term]
					b, okB := s.ix.ids[t.term]
					if okA && okB && a != b && !slices.ContainsFunc(names[a], func(p namePart) bool { return p.term == b }) {
						whole := text[prev.start:t.end]
						names[a] = append(names[a], namePart{term: b, whole: whole})
						names[b] = append(names[b], namePart{term: a, whole: whole})
					}
				}
			}
		}
	}
	return spelled, names
}

// namePart is a name written next to another, and the two as written.
type namePart struct {
	term  int32
	whole string
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
		ta, tb := s.arts[a].Published, s.arts[b].Published
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
