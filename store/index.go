package store

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"unsafe"
)

// The index: an inverted index of terms to postings, for search, and one
// weighted term vector per article, for related stories. Both are built
// once, when the store is.

// posting is one article's use of a term: 8 bytes, 26 million of them at
// 100,000 articles. Its occurrences that count for related stories (not
// boilerplate) are wanted only to build the vectors, and are kept beside
// the postings until then (index.rels).
type posting struct {
	doc   int32
	body  uint16 // occurrences in the body
	title uint8  // occurrences in the title (a title is at most 300 runes: under 100)
	// spell is the article's spellings of the term, two bits each
	// (spellBits): a phrase's word whose bits are not all here is not in
	// the article as written (positions.go).
	spell uint8
}

// vterm is one weighted term of an article's vector; a vector is sorted by
// term and has unit length.
type vterm struct {
	term int32
	w    float32
}

// vposting is one article's weight for a term, the inverted form of vectors.
type vposting struct {
	doc int32
	w   float32
}

// termInfo is what the store knows of a term across all articles.
type termInfo struct {
	key     string  // the term itself: folded and stemmed
	display string  // the commonest way it is written ("Sheinbaum")
	idf     float64 // BM25 idf
	name    bool    // written with a capital mid-sentence: a name
}

type index struct {
	ids      map[string]int32 // term → term id
	terms    []termInfo
	postings [][]posting // read by a search through termPostings
	// part, where not nil, is a KeptSearch's: the postings held are
	// the query's terms' alone (keptsearch.go).
	part *keptHeads
	// pos holds the positions of every term's postings (positions.go),
	// term id's at pos[posOff[id]:posOff[id+1]]; long the articles, in
	// order, too long to keep theirs.
	pos    []byte
	posOff []int
	long   []int32
	// skips hold where every skipEvery-th posting's positions start, less
	// posOff: term id's from skipOff[id] on (positions.go).
	skips   []uint32
	skipOff []int
	// rels holds, beside each posting while the vectors are built, its
	// article's occurrences of the term that count for related stories
	// (not boilerplate); nil once they are.
	rels   [][]uint16
	docLen []float32 // terms in title and body, title counted as in BM25F
	avgLen float64
	vecs   vecTable // each article's vector (vectors.go)
	// shared is, per article, the length of its vector against that with
	// the terms no other article uses (which relate nothing and are left
	// out of vecs): a related score is the cosine of whole articles, so
	// that a store of nine articles, where most words are an article's
	// own, does not score a pair higher than a store of thousands.
	shared []float32
	// impact holds, by term, the articles that have it among their
	// impactTerms heaviest, heaviest first: where Related looks for
	// candidates (related.go).
	impact [][]vposting
	// heavy is each article's impact terms, heaviest first, kept from
	// the build for story grouping, which lets them go (story.go).
	heavy    [][]vterm
	topicSet // topic vectors, k floats per article (topics.go)
	// known holds the spellings met while indexing, one map per worker,
	// read-only once built: queries look words up here before stemming.
	known []map[string]*word
}

// Weights of the model. titleWeight counts a title occurrence as that many
// body occurrences in search (BM25F); nameBoost weighs names of people,
// places and organisations up in related-story vectors; idfPower flattens
// idf there. Measured on the BBC corpus (store/quality_test.go), a larger
// name boost or a sharper idf ranks stories by who is named over what they
// are about, and related stories drift across sections. vecTitleWeight
// counts a title word as that many body words in those vectors: a title
// says what the story is about in a few words, and for a headline-only
// item it is all there is.
const (
	vecTitleWeight = 2
	titleWeight    = 3
	nameBoost      = 1.2
	idfPower       = 0.7
	bm25K1         = 1.2
	bm25B          = 0.75
)

// docTerm is one term of one article, before the articles meet.
type docTerm struct {
	slot             *slot // the worker's slot for the term, which learns its id
	body, title, rel int32
	plen             uint16 // bytes of its positions (posCoder; at most 65,000)
	spell            uint8  // its spellings' bits (spellBits)
}

// worker analyzes articles on one core, with its own analyzer, whose words
// count how each spelling was used.
type worker struct {
	an    *analyzer
	slots map[string]*slot // per term: where it sits in the current article
	doc   int              // the article being analyzed, stamps slots
	buf   []token
	terms []docTerm // the article's terms as they are counted
	pc    posCoder
}

// slot finds a term in the article being analyzed without a second map
// lookup per token: a word remembers its term's slot, and the slot knows
// which article it last served.
type slot struct {
	doc  int
	at   int
	id   int32  // the term's id in the index, once assigned; -1 before
	term string // the term (a worker's slots; a lexicon's go by its numbers)
}

// newWorker sizes its maps for the vocabulary of textBytes of text (news
// meets a new spelling every 100 bytes or so, fewer as it goes on):
// growing a big map costs more than a roomy one wastes.
func newWorker(textBytes int) *worker {
	words := min(textBytes/100, 1<<15)
	an := newAnalyzer()
	an.words = make(map[string]*word, words)
	an.short = newShortWords(words)
	return &worker{an: an, slots: make(map[string]*slot, words/2), doc: -1}
}

// analyze gives an article's terms in order of first use, and their
// positions (posCoder.encode; long: none kept). boiler holds the
// byte ranges of plain that its source repeats across items: counted for
// search, not for related stories.
func (w *worker) analyze(doc int, title, plain string, boiler []span) (_ []docTerm, pos []byte, long bool) {
	w.doc = doc
	terms := w.terms[:0] // kept at its size below: a list grown by appending is a third empty
	w.pc.reset()
	base := int32(0) // added to the positions: the body's start two on from the title's last
	add := func(toks []token, inTitle bool) {
		k := 0
		for _, t := range toks {
			sl := t.word.slot
			if sl == nil {
				if sl = w.slots[t.term]; sl == nil {
					sl = &slot{doc: -1, id: -1, term: t.term}
					w.slots[t.term] = sl
				}
				t.word.slot = sl
			}
			if sl.doc != doc {
				sl.doc, sl.at = doc, len(terms)
				terms = append(terms, docTerm{slot: sl})
			}
			t.word.n++
			if t.word.spell == 0 {
				t.word.spell = spellBits(t.word.surface)
			}
			terms[sl.at].spell |= t.word.spell
			w.pc.add(int32(sl.at), base+t.pos, t.before, t.after)
			if inTitle {
				terms[sl.at].title++ // titles are often in title case: no evidence of names
			} else {
				terms[sl.at].body++
				if !inSpans(boiler, &k, t.start) {
					terms[sl.at].rel++
				}
				if !t.opener {
					t.word.mid++
				}
			}
		}
	}
	w.buf = w.an.tokens(title, w.buf[:0])
	add(w.buf, true)
	base = 1
	if len(w.buf) > 0 {
		base = w.buf[len(w.buf)-1].pos + 2
	}
	w.buf = w.an.tokens(plain, w.buf[:0])
	add(w.buf, false)
	pos, ok := w.pc.encode(len(terms), func(j, n int) { terms[j].plen = uint16(n) })
	if ok && !titlesFit(terms) {
		pos, ok = nil, false
		for j := range terms {
			terms[j].plen = 0
		}
	}
	w.terms = terms
	return slices.Clone(terms), pos, !ok
}

// titlesFit reports whether every term's count in the title fits a
// posting's (its positions are as many as its counts): always, for a
// title of at most safe.MaxLine runes; an article whose title does not
// keeps no positions.
func titlesFit(terms []docTerm) bool {
	for _, t := range terms {
		if t.title > math.MaxUint8 {
			return false
		}
	}
	return true
}

// analysis is what reading the articles' text gives the index: each
// article's terms with their counts (docs, in article order) and every
// spelling met with how it was used (known,
// one map per worker), which decides each term's display form and whether
// it is a name. It is the costly part of a build and the part that depends
// on each article alone, save the boilerplate that marks what counts for
// related stories.
type analysis struct {
	docs  [][]docTerm
	known []map[string]*word
	// pos is each article's positions, long whether it is too long to
	// keep them (posCoder.encode).
	pos  [][]byte
	long []bool
	// A prepared article's terms come numbered by the library's lexicon
	// (pdocs[i]; nil for an article read from its text, and for a
	// prepared one without terms, whose length is 0 either way): pointer-free,
	// they cost the collector nothing. lexSlots, one per lexicon term,
	// learn their index ids as docs' slots do.
	pdocs    [][]pcount
	plen     []int // each prepared article's length (docLen)
	lexTerms []string
	lexSlots []slot
	// sentences is each source's sentences counted, where the index is
	// to be kept (extendindex.go).
	sentences []sourceSentences
}

// buildIndex analyzes every article (or reads the analysis the library
// prepared: preps, one per article), then assembles the index from the
// analysis. Where keep is not nil (the index is to be kept), it is given
// the postings' counts for related stories (index.rels), which the
// index lets go of, and the sources' sentences counted.
func buildIndex(arts []*Article, preps []preparedDoc, pl *placing, clock *stageClock, keep *indexInput) *index {
	an := analyzeArticles(arts, preps, keep != nil)
	clock.done("analyze")
	var rels *[][]uint16
	if keep != nil {
		rels, keep.sentences = &keep.rels, an.sentences
	}
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	return assembleIndex(an, ids, pl, clock, rels)
}

// analyzeArticles analyzes every article on every core: plain text, what
// each source repeats across its items, and the terms of each. A prepared
// article (preps[i].ok) gives its sentences and terms from what the
// library kept; the rest are read. preps may be nil: none prepared.
// counted: the sources' sentences are counted too (analysis.sentences).
func analyzeArticles(arts []*Article, preps []preparedDoc, counted bool) *analysis {
	n := len(arts)
	if preps == nil {
		preps = make([]preparedDoc, n)
	}
	an := &analysis{docs: make([][]docTerm, n), pos: make([][]byte, n), long: make([]bool, n)}
	textBytes := 0
	var lex *Lexicon
	for i, a := range arts {
		if preps[i].ok {
			lex = preps[i].p.lex
		} else {
			textBytes += len(a.Title) + len(a.Body)
		}
	}
	// Plain text of each body, URLs blanked (boilerplate.go), then what
	// each source repeats across its items, from the hashes of their
	// sentences.
	text := make([]string, n)
	spans := make([][]span, n)
	hashes := make([][]uint64, n)
	parallel(n, func(i int) {
		if preps[i].ok {
			hashes[i] = preps[i].hashes
			return
		}
		text[i] = maskURLs(PlainText(arts[i].Body))
		spans[i], hashes[i] = sentenceHashes(text[i])
	})
	sources := make([]string, n)
	for i, a := range arts {
		sources[i] = a.Source
	}
	var repeated [][]bool
	repeated, an.sentences = boilerplate(sources, hashes, counted)
	workers := make([]*worker, min(runtime.GOMAXPROCS(0), max(n, 1)))
	var slots []slot // one per lexicon term, shared by the decoders
	decoders := make([]*decoder, len(workers))
	if lex != nil {
		slots = make([]slot, len(lex.terms))
		for t := range slots {
			slots[t] = slot{doc: -1, id: -1}
		}
		an.pdocs, an.plen, an.lexTerms, an.lexSlots = make([][]pcount, n), make([]int, n), lex.terms, slots
	}
	var wg sync.WaitGroup
	for k := range workers {
		workers[k] = newWorker(textBytes / len(workers))
		if lex != nil {
			decoders[k] = newDecoder(lex)
		}
		wg.Add(1)
		go func(w *worker, dc *decoder) {
			defer wg.Done()
			var boiler []span
			var slab []byte
			for i := k; i < n; i += len(workers) {
				if preps[i].ok {
					var pos []byte
					an.pdocs[i], pos, an.long[i], an.plen[i] = dc.terms(i, preps[i].p, repeated[i])
					// The positions are copied out of the library's analysis
					// (into slabs of a megabyte), so that the analyses go once
					// decoded rather than stay, whole, until the postings are
					// made: 2.1 GB at 1,000,000 articles, of which the
					// positions are 0.8.
					if len(slab)+len(pos) > cap(slab) {
						slab = make([]byte, 0, max(1<<20, len(pos)))
					}
					at := len(slab)
					slab = append(slab, pos...)
					an.pos[i] = slab[at:len(slab):len(slab)]
					continue
				}
				boiler = boiler[:0]
				for j, r := range repeated[i] {
					if r {
						boiler = append(boiler, spans[i][j])
					}
				}
				an.docs[i], an.pos[i], an.long[i] = w.analyze(i, arts[i].Title, text[i], boiler)
			}
		}(workers[k], decoders[k])
	}
	wg.Wait()
	for _, w := range workers {
		an.known = append(an.known, w.an.words)
	}
	if lex != nil {
		an.known = append(an.known, lexWords(lex, slots, decoders))
	}
	return an
}

// assembleIndex builds the vocabulary, postings, idf, vectors and topics
// of an analysis; ids are the articles' IDs, which seed the topics; pl
// what a kept placement gives (nil: nothing).
func assembleIndex(an *analysis, ids []string, pl *placing, clock *stageClock, rels *[][]uint16) *index {
	n := len(an.docs)
	docs := an.docs
	ix := &index{ids: make(map[string]int32, 1<<12)}
	// Vocabulary and postings, in article order so that term ids and posting
	// lists come out the same in every run.
	// Term ids and how many articles use each first, then every posting
	// list cut from one array at its exact size: appending list by list
	// left a third of the space unused on average and most of it garbage.
	var df, bf []int // per term: articles, and bytes of positions
	termID := func(sl *slot, term string) int32 {
		if sl.id < 0 { // first use of the term by this worker, or of the lexicon's
			id, ok := ix.ids[term]
			if !ok {
				id = int32(len(ix.terms))
				ix.ids[term] = id
				ix.terms = append(ix.terms, termInfo{key: term})
				df = append(df, 0)
				bf = append(bf, 0)
			}
			sl.id = id
		}
		return sl.id
	}
	// The articles fall in one run a core; each run's postings start in
	// every list where the runs before it end (starts, the counts so far
	// when the run begins), so that the runs fill the lists side by side,
	// each list in article order.
	runs := parts(n)
	starts, bstarts := make([][]int, len(runs)), make([][]int, len(runs))
	for r, run := range runs {
		starts[r], bstarts[r] = slices.Clone(df), slices.Clone(bf)
		for i := run.lo; i < run.hi; i++ {
			if an.pdocs != nil && an.pdocs[i] != nil {
				for _, t := range an.pdocs[i] {
					id := termID(&an.lexSlots[t.t], an.lexTerms[t.t])
					df[id]++
					bf[id] += int(t.plen)
				}
				continue
			}
			for _, t := range docs[i] {
				id := termID(t.slot, t.slot.term)
				df[id]++
				bf[id] += int(t.plen)
			}
		}
	}
	for i, long := range an.long {
		if long {
			ix.long = append(ix.long, int32(i))
		}
	}
	ix.postings = make([][]posting, len(ix.terms))
	ix.rels = make([][]uint16, len(ix.terms))
	occurrences := sum(df) // one a term of an article
	// The postings are one block: made where the analysis left garbage
	// (its sentence tables, the buffers of reading), it would be new
	// memory beside it.
	settle(occurrences * int(unsafe.Sizeof(posting{})))
	all, rall := make([]posting, occurrences), make([]uint16, occurrences)
	for id, c := range df {
		ix.postings[id], all = all[:c:c], all[c:]
		ix.rels[id], rall = rall[:c:c], rall[c:]
	}
	ix.posOff = make([]int, len(ix.terms)+1)
	for id, c := range bf {
		ix.posOff[id+1] = ix.posOff[id] + c
	}
	ix.pos = make([]byte, ix.posOff[len(ix.terms)])
	ix.skipOff = make([]int, len(ix.terms)+1)
	for id, c := range df {
		ix.skipOff[id+1] = ix.skipOff[id] + (c+skipEvery-1)/skipEvery
	}
	ix.skips = make([]uint32, ix.skipOff[len(ix.terms)])
	ix.docLen = make([]float32, n)
	var wg sync.WaitGroup
	for r, run := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			at, bat := starts[r], bstarts[r]
			at = append(at, make([]int, len(ix.terms)-len(at))...) // terms first met later start at 0
			bat = append(bat, make([]int, len(ix.terms)-len(bat))...)
			for id := range bat {
				bat[id] += ix.posOff[id]
			}
			var pos []byte // the article's positions not yet placed
			put := func(id int32, p posting, rel uint16, plen int) {
				ix.postings[id][at[id]] = p
				ix.rels[id][at[id]] = rel
				if at[id]%skipEvery == 0 {
					ix.skips[ix.skipOff[id]+at[id]/skipEvery] = uint32(bat[id] - ix.posOff[id])
				}
				at[id]++
				// A few bytes: a loop beats copy's call.
				dst, src := ix.pos[bat[id]:bat[id]+plen], pos[:plen]
				for k := range dst {
					dst[k] = src[k]
				}
				bat[id] += plen
				pos = pos[plen:]
			}
			for i := run.lo; i < run.hi; i++ {
				length := 0
				pos = an.pos[i]
				if an.pdocs != nil && an.pdocs[i] != nil {
					for _, t := range an.pdocs[i] {
						put(an.lexSlots[t.t].id, posting{doc: int32(i), body: t.body, title: t.title, spell: t.spell}, t.rel, int(t.plen))
					}
					length = an.plen[i]
				}
				for _, t := range docs[i] {
					put(t.slot.id, posting{doc: int32(i), body: clamp16(int(t.body)), title: uint8(min(t.title, math.MaxUint8)), spell: t.spell}, clamp16(int(t.rel)), int(t.plen))
					length += int(t.body) + titleWeight*int(t.title)
				}
				ix.docLen[i] = float32(length)
			}
		}()
	}
	wg.Wait()
	total := 0.0
	for _, l := range ix.docLen {
		total += float64(l)
	}
	// The postings hold it all now: let the collector have each article's
	// terms (400 MB at 100,000) before vectors and topics allocate theirs.
	docs, an.docs, an.pdocs, an.pos = nil, nil, nil, nil
	settle(occurrences * int(unsafe.Sizeof(pcount{})))
	if n > 0 {
		ix.avgLen = total / float64(n)
	}
	for id := range ix.terms {
		ix.terms[id].idf = bm25IDF(n, len(ix.postings[id]))
	}
	ix.known = an.known
	ix.learnSpellings()
	clock.done("postings")
	ix.buildVectors()
	if rels != nil {
		*rels = ix.rels // for the index kept (keptindex.go)
	}
	ix.rels = nil // the vectors hold what they were for
	clock.done("vectors")
	ix.topicSet = ix.buildTopics(ids, pl)
	clock.done("topics")
	ix.heavy = ix.heaviestTerms(impactTerms)
	ix.impact = ix.buildImpact(ix.heavy)
	clock.done("impact")
	return ix
}

// bm25IDF is BM25's idf of a term df of n articles use.
func bm25IDF(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// learnSpellings picks each term's display form, the spelling written most
// often, and marks as names the terms written with a capital mid-sentence at
// least twice as often as without.
func (ix *index) learnSpellings() {
	type spelling struct {
		surface string
		n       int
	}
	spellings := make([][]spelling, len(ix.terms))
	capital := make([]int, len(ix.terms))
	lower := make([]int, len(ix.terms))
	for _, words := range ix.known {
		for _, w := range words {
			if w.term == "" || w.slot == nil || w.slot.id < 0 {
				continue
			}
			id := w.slot.id
			if w.capital {
				capital[id] += w.mid
			} else {
				lower[id] += w.mid
			}
			// A term has a few spellings ("cartel", "cartels", "Cartel"):
			// a scan beats a map. Workers' counts of one spelling add up.
			sp := spellings[id]
			k := 0
			for k < len(sp) && sp[k].surface != w.surface {
				k++
			}
			if k == len(sp) {
				spellings[id] = append(sp, spelling{w.surface, w.n})
			} else {
				sp[k].n += w.n
			}
		}
	}
	for id, sp := range spellings {
		best := spelling{n: -1}
		for _, x := range sp {
			if x.n > best.n || x.n == best.n && x.surface < best.surface {
				best = x
			}
		}
		ix.terms[id].display = best.surface
		ix.terms[id].name = capital[id] > 0 && capital[id] >= 2*lower[id]
	}
}

func clamp16(n int) uint16 {
	if n > math.MaxUint16 {
		return math.MaxUint16
	}
	return uint16(n)
}

// buildVectors weighs each article's terms by TF-IDF with a sublinear term
// frequency, names weighed up, and normalizes to unit length, so that the
// dot product of two vectors is their cosine similarity.
// buildVectors weighs each article's terms for related stories: BM25's
// saturating term frequency (a word said ten times is not ten times the
// subject), a flattened smooth idf (topic words that many articles share
// still count, not only rare ones), names weighed up a little, and unit
// length, so that the dot product of two vectors is their cosine. Terms of
// one article only are left out: they relate nothing.
func (ix *index) buildVectors() {
	n := len(ix.docLen)
	// Each term's weight factor first; then, one run of articles a core,
	// the length of every vector, the vectors cut from one array at their
	// exact sizes, and filled, each in term order as appending term by
	// term would fill it.
	idfs := make([]float64, len(ix.terms))
	single := make([]float64, len(ix.terms))
	parallel(len(ix.terms), func(id int) {
		ps, rels := ix.postings[id], ix.rels[id]
		df := 0
		for k, p := range ps {
			if rels[k] > 0 || p.title > 0 {
				df++
			}
		}
		idf := vecIDF(n, df, ix.terms[id].key, ix.terms[id].name)
		if ix.terms[id].name {
			idf *= nameBoost
		}
		if df < 2 {
			single[id] = idf // no use to relate, but part of its article's length
			return
		}
		idfs[id] = idf
	})
	alone := make([]float64, n) // squared weight of each article's terms of its own
	vecLen := make([]int, n)    // slots (vecTable) of each vector
	last := make([]int32, n)    // the last term put in each vector, -1 for none
	far := make([]bool, n)      // a vector with a far term (vecTable)
	for d := range last {
		last[d] = -1
	}
	// mine gives the postings of term id that fall in run r, and their
	// counts for related stories: a list is in article order.
	mine := func(id int, r run) ([]posting, []uint16) {
		ps := ix.postings[id]
		lo, _ := slices.BinarySearchFunc(ps, int32(r.lo), func(p posting, d int32) int { return cmp.Compare(p.doc, d) })
		hi, _ := slices.BinarySearchFunc(ps[lo:], int32(r.hi), func(p posting, d int32) int { return cmp.Compare(p.doc, d) })
		return ps[lo : lo+hi], ix.rels[id][lo : lo+hi]
	}
	inParts(n, func(r run) {
		for id := range ix.postings {
			if idfs[id] == 0 {
				continue
			}
			ps, rels := mine(id, r)
			for k, p := range ps {
				if rels[k] > 0 || p.title > 0 {
					c := slots(last[p.doc], int32(id))
					vecLen[p.doc] += c
					far[p.doc] = far[p.doc] || c == 2
					last[p.doc] = int32(id)
				}
			}
		}
	})
	total := sum(vecLen)
	ix.vecs = vecTable{off: make([]int, n+1), gap: make([]uint16, total), w: make([]float32, total), far: far}
	at := make([]int, n) // each vector's next slot
	for d, c := range vecLen {
		at[d] = ix.vecs.off[d]
		ix.vecs.off[d+1] = ix.vecs.off[d] + c
		last[d] = -1
	}
	ix.shared = make([]float32, n)
	// BM25's length norm of each article, worked out once an article
	// rather than once a term of it.
	norms := make([]float64, n)
	for d, l := range ix.docLen {
		dl := float64(l) / ix.avgLen
		norms[d] = bm25K1 * (1 - bm25B + bm25B*dl)
	}
	inParts(n, func(r run) {
		for id := range ix.postings {
			idf := idfs[id]
			if idf == 0 && single[id] == 0 {
				continue
			}
			ps, rels := mine(id, r)
			for k, p := range ps {
				tf := float64(rels[k]) + vecTitleWeight*float64(p.title)
				if tf == 0 {
					continue // boilerplate only
				}
				w := tf * (bm25K1 + 1) / (tf + norms[p.doc])
				if idf == 0 {
					alone[p.doc] += w * single[id] * w * single[id]
					continue
				}
				at[p.doc] = ix.vecs.put(at[p.doc], last[p.doc], int32(id), float32(w*idf))
				last[p.doc] = int32(id)
			}
		}
		for d := r.lo; d < r.hi; d++ {
			lo, hi := ix.vecs.off[d], ix.vecs.off[d+1]
			gap, ws := ix.vecs.gap[lo:hi], ix.vecs.w[lo:hi]
			var sum float64
			for i := 0; i < len(ws); i++ {
				if gap[i] == farGap {
					i++ // the term's id, not a weight
				}
				sum += float64(ws[i]) * float64(ws[i])
			}
			norm := float32(math.Sqrt(sum))
			ix.shared[d] = 1
			if sum > 0 {
				ix.shared[d] = float32(math.Sqrt(sum / (sum + alone[d])))
			}
			for i := 0; i < len(ws); i++ {
				if gap[i] == farGap {
					i++
				}
				ws[i] /= norm
			}
		}
	})
}

// buildImpact lists each article under its heaviest terms (heavy, from
// heaviestTerms), each list heaviest first (then by article), cut from one
// array at its exact size.
func (ix *index) buildImpact(heavy [][]vterm) [][]vposting {
	counts := make([]int, len(ix.terms))
	for _, v := range heavy {
		for _, t := range v {
			counts[t.term]++
		}
	}
	lists := make([][]vposting, len(ix.terms))
	space := make([]vposting, sum(counts))
	for id, c := range counts {
		lists[id], space = space[:0:c], space[c:]
	}
	for d, v := range heavy {
		for _, t := range v {
			lists[t.term] = append(lists[t.term], vposting{doc: int32(d), w: t.w})
		}
	}
	// Sorted as heavyKey keys where every weight is above zero (they
	// are: vector weights), which sorts several times faster than by a
	// function, and gives each weight back to the bit.
	keys := make([][]uint64, parallelism(len(lists)))
	parallelWorkers(len(lists), func(w, id int) {
		list := lists[id]
		if len(list) < 2 {
			return
		}
		k := keys[w][:0]
		for _, p := range list {
			if !(p.w > 0) {
				slices.SortFunc(list, func(a, b vposting) int {
					if a.w != b.w {
						return cmp.Compare(b.w, a.w)
					}
					return cmp.Compare(a.doc, b.doc)
				})
				return
			}
			k = append(k, heavyKey(p.w, p.doc))
		}
		slices.Sort(k)
		for i, key := range k {
			list[i].w, list[i].doc = unkeyed(key)
		}
		keys[w] = k
	})
	return lists
}

// heaviest gives the keys (heavyKeys) of v's k heaviest terms, heaviest
// first, in keys' space. Vector weights are above zero, as heavyKeys needs.
func heaviest(keys []uint64, v []vterm, k int) []uint64 {
	keys, _ = heavyKeys(keys[:0], v)
	keys = smallest(keys, k)
	slices.Sort(keys)
	return keys
}

// unkey is the term a heavyKeys key stands for.
func unkey(key uint64) vterm {
	w, term := unkeyed(key)
	return vterm{term: term, w: w}
}

func sum(counts []int) int {
	total := 0
	for _, c := range counts {
		total += c
	}
	return total
}

// heaviestTerms gives each article's k heaviest terms, heaviest first
// (all of them where it has fewer). Its first topTerms are what reports of
// one event share; all k bound a cosine (tooFar).
func (ix *index) heaviestTerms(k int) [][]vterm {
	n := ix.vecs.articles()
	heavy := make([][]vterm, n)
	all := make([]vterm, n*k) // article d's at d*k, on every core
	type scratch struct {
		keys []uint64
		v    []vterm
	}
	scratches := make([]scratch, parallelism(n))
	parallelWorkers(n, func(w, d int) {
		sc := &scratches[w]
		v := ix.vecs.appendTo(sc.v[:0], int32(d))
		// For weights of zero or more, a key of the weight's bits inverted
		// over the term id sorts as heavier does, and sorts several times
		// faster than by a function.
		var ok bool
		if sc.keys, ok = heavyKeys(sc.keys[:0], v); ok {
			keys := smallest(sc.keys, k)
			slices.Sort(keys)
			for i, key := range keys {
				term := int32(uint32(key))
				v[i] = vterm{term: term, w: math.Float32frombits(^uint32(key >> 32))}
			}
			v = v[:len(keys)]
		} else {
			slices.SortFunc(v, func(a, b vterm) int {
				switch {
				case heavier(a, b):
					return -1
				case heavier(b, a):
					return 1
				}
				return 0
			})
		}
		sc.v = v
		v = v[:min(len(v), k)]
		heavy[d] = all[d*k : d*k+len(v) : d*k+len(v)]
		copy(heavy[d], v)
	})
	return heavy
}
