package store

import (
	"math"
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
// by score. n <= 0 means all.
func (s *Store) Related(id string, n int) []Related {
	i, ok := s.byID[id]
	if !ok {
		return nil
	}
	sc := s.scratch(int32(i))
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
	// Nearly every article shares some common word with this one, and
	// weighing each by topic and time costs k multiplications and more.
	// Both only weigh the cosine down, so an article whose cosine is below
	// the keep-th best score cannot make the list: the keep best by cosine
	// alone set that bar, and only articles that clear it are weighed. The
	// list is the one a full pass gives.
	floor := float32(-1)
	if keep > 0 {
		byCos := newTopN(keep, func(a, b cand) bool { return a.score > b.score || a.score == b.score && a.doc < b.doc })
		for _, d := range sc.touched {
			if int(d) != i && sc.acc[d] > 0 && s.storyOf[d] != story {
				byCos.add(cand{doc: d, score: sc.acc[d]})
			}
		}
		if top := byCos.sorted(); len(top) == keep {
			bar := float32(2) // the keep-th best weighed score among them
			for _, c := range top {
				bar = min(bar, s.weigh(int32(i), c.doc, c.score))
			}
			// weigh multiplies by at most 1; the margin covers float32
			// rounding of a topic similarity of a hair over 1.
			floor = bar * (1 - 1e-4)
		}
	}
	for _, d := range sc.touched {
		if int(d) == i || sc.acc[d] <= 0 {
			continue
		}
		version := s.storyOf[d] == story
		if !version && sc.acc[d] < floor {
			continue
		}
		best.add(cand{doc: d, score: s.weigh(int32(i), d, sc.acc[d]), version: version})
	}
	cands := best.sorted()
	whys := s.whys(int32(i), cands)
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

// simScratch is a query's accumulator: a cosine per article, and the
// articles touched, which alone need clearing after. Stores pool them, so
// that a query allocates nothing the size of the store.
type simScratch struct {
	acc     []float32
	touched []int32
}

// scratch gives the cosine of doc with every article that shares a term
// with it, accumulated through the inverted vectors: only those articles
// are visited. The caller puts it back in s.scratchPool when done.
func (s *Store) scratch(doc int32) *simScratch {
	sc, _ := s.scratchPool.Get().(*simScratch)
	if sc == nil {
		sc = &simScratch{acc: make([]float32, len(s.arts))}
	} else {
		for _, d := range sc.touched {
			sc.acc[d] = 0
		}
		sc.touched = sc.touched[:0]
	}
	for _, t := range s.ix.vecs[doc] {
		for _, p := range s.ix.inverted[t.term] {
			if sc.acc[p.doc] == 0 {
				sc.touched = append(sc.touched, p.doc)
			}
			sc.acc[p.doc] += t.w * p.w
		}
	}
	return sc
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
