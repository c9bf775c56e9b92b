package store

import (
	"encoding/binary"
	"slices"
	"sync"
	"time"

	"github.com/lede-reader/lede/store/safe"
)

// A search of a kept index read in part. lede search prints the n best
// articles of a query and their snippets: it needs the vocabulary, the
// articles' lengths and the postings (with positions, for phrases) of
// the query's own terms, a few parts of a kept index's sixty at 100,000
// articles, where building the store read all of them, made every
// vector, topic and story, and cost 3-4 s of CPU and a gigabyte. A
// KeptSearch is a store that holds the header of a kept index (its
// vocabulary, lengths and spellings) and, for each query, the postings
// of the query's terms alone, read from the parts that hold them (the
// header says how the terms are cut into parts): the store's own
// search, on the store's own numbers, so the same hits with the same
// scores and snippets.
//
// It is the store's where a build of the articles given would be served
// the kept index as it is (serves): the same articles, in order, each
// prepared by the library; the caller (the library) vouches that none
// changed since it was kept.

// KeptSearch answers searches of the store a build of a library's
// articles would make from its kept index, without building it. Not
// for concurrent use: each search reads its own terms' parts.
type KeptSearch struct {
	k *KeptIndex
	h *keptHeader
	s *Store
	// full are the header's offsets of every term's positions and
	// skips, which s.ix makes compact; loaded the terms read for the
	// last search.
	full   struct{ posOff, skipOff []int }
	loaded []int32
	rel    *keptRelated // the related part read, once asked (keptrelated.go)
	rounds int          // runs of the last Related
}

// KeptLibrary is what a KeptSearch reads of the library beside its kept
// index: its articles' order, and the titles and texts of those a
// search shows or checks.
type KeptLibrary interface {
	BodySource
	// InOrder reports whether ids are the library's articles, in the
	// order it gives them a build.
	InOrder(ids []string) bool
	// Title gives the title of the article the library knows as id.
	Title(id string) (string, error)
}

// keptHeads are a KeptSearch's articles, made as a search reads them
// (Store.head): an ID each, the title and text from the library.
type keptHeads struct {
	df  []int // each term's count of articles (its postings are read for a query alone)
	ids []string
	lib KeptLibrary
	mu  sync.Mutex
	// failed: a title could not be read, or a term's postings not
	// loaded were read (termPostings); the search's answer is not the
	// store's. Each search starts it afresh (searchLoading).
	failed bool
	// For related queries (keptrelated.go): the articles whose related
	// data are read (nil: none asked), their dates and counts of words,
	// the terms whose impact lists are read; and what a query asked for
	// that was not.
	docs       []bool
	published  map[int32]time.Time
	words      map[int32]int
	impact     []bool
	wantDocs   []int32
	wantImpact []int32
	wantTerms  []int32
}

// head is article d as a search reads it: s.arts[d], or, for a
// KeptSearch's store, made from the library the first time.
func (s *Store) head(d int32) *Article {
	kh := s.heads
	if kh == nil {
		return s.arts[d]
	}
	kh.mu.Lock()
	defer kh.mu.Unlock()
	if a := s.arts[d]; a != nil {
		return a
	}
	a := &Article{ID: kh.ids[d], BodyFrom: kh.lib}
	title, err := kh.lib.Title(a.ID)
	a.Title = title
	a.CleanFields() // as Build cleans it; the ID is clean (OpenKeptSearch)
	if err != nil {
		kh.failed = true
		return a // not kept: a later search reads it again
	}
	s.arts[d] = a
	return a
}

// OpenKeptSearch reads the header of the kept index k, for searches of
// the store a build of lib's articles would make, where it would be
// served that index as it is; false where it would not (another lede's
// format or analysis, other articles or another order, an article not
// the library's or an ID the build cleans to another, a header
// damaged). The caller vouches that the articles have not changed since
// the index was kept.
func OpenKeptSearch(k *KeptIndex, lib KeptLibrary) (*KeptSearch, bool) {
	if k == nil || k.Read == nil {
		return nil, false
	}
	var head []byte
	if err := k.Read(0, 1, func(_ int, data []byte) error {
		head = slices.Clone(data)
		return nil
	}); err != nil || len(head) < 12 {
		return nil, false
	}
	save := binary.LittleEndian.Uint64(head)
	body, ok := unseal(head, save)
	if !ok {
		return nil, false
	}
	h, r, ok := decodeInputs(body)
	if !ok {
		return nil, false
	}
	h.save = save
	in := &h.in
	if !lib.InOrder(in.ids) || slices.Contains(in.prepared, false) || !h.decode(r) {
		return nil, false
	}
	// The articles as Build keeps them: the first of each text, by the
	// ID the library gave it (the library's IDs are distinct: Build
	// renames none, where none cleans to another).
	ids := make([]string, 0, h.n)
	seen := make(map[[32]byte]bool, h.n)
	for i, id := range in.ids {
		if seen[in.keys[i]] {
			continue
		}
		seen[in.keys[i]] = true
		if safe.Line(id) != id {
			return nil, false
		}
		ids = append(ids, id)
	}
	if len(ids) != h.n {
		return nil, false
	}
	s := &Store{arts: make([]*Article, h.n), ix: h.ix}
	s.heads = &keptHeads{df: h.df, ids: ids, lib: lib}
	s.ix.part = s.heads
	ks := &KeptSearch{k: k, h: h, s: s}
	ks.full.posOff, ks.full.skipOff = h.ix.posOff, h.ix.skipOff
	s.ix.postings = make([][]posting, len(h.ix.terms))
	// What a search as one types warms behind its first letter: a
	// command searches once.
	s.warmOnce.Do(func() {})
	return ks, true
}

// Search is Store.Search of the store the kept index is of: the parts
// holding the query's terms are read first; false where they could not
// be (a row missing or damaged: build the store), or where the search
// read what was not (a title, a term not loaded): its answer is not the
// store's.
func (ks *KeptSearch) Search(q string, n int) ([]Hit, bool) {
	return ks.searchLoading(q, n, ks.terms(q))
}

// searchLoading is Search with the terms ids loaded.
func (ks *KeptSearch) searchLoading(q string, n int, ids []int32) ([]Hit, bool) {
	if !ks.load(ids) {
		return nil, false
	}
	ks.s.heads.setFailed(false) // a search before this one's failing is not this one's
	ks.s.heads.clearWanted()    // nor what it asked for (Related reads those)
	hits := ks.s.Search(q, n)
	if ks.s.heads.hasFailed() {
		return nil, false
	}
	return hits, true
}

// terms are the terms whose postings (and positions) a search of q
// reads (searchTerms).
func (ks *KeptSearch) terms(q string) []int32 {
	pq := parseQuery(ks.s.queryAnalyzer(), q)
	return ks.s.searchTerms(&pq).all()
}

// termPostings is term id's postings as a search reads them. In a
// KeptSearch's index, which holds the query's terms' alone, a term not
// loaded that articles hold marks the answer as not the store's
// (failed), where it would be fewer hits.
func (ix *index) termPostings(id int32) []posting {
	ps := ix.postings[id]
	if ps == nil && ix.part != nil && ix.part.df[id] > 0 {
		ix.part.failTerm(id)
	}
	return ps
}

func (kh *keptHeads) failTerm(id int32) {
	kh.mu.Lock()
	kh.failed = true
	kh.wantTerms = append(kh.wantTerms, id)
	kh.mu.Unlock()
}

func (kh *keptHeads) clearWanted() {
	kh.mu.Lock()
	kh.wantDocs, kh.wantImpact, kh.wantTerms = kh.wantDocs[:0], kh.wantImpact[:0], kh.wantTerms[:0]
	kh.mu.Unlock()
}

func (kh *keptHeads) setFailed(failed bool) {
	kh.mu.Lock()
	kh.failed = failed
	kh.mu.Unlock()
}

func (kh *keptHeads) hasFailed() bool {
	kh.mu.Lock()
	defer kh.mu.Unlock()
	return kh.failed
}

// load reads the postings, positions and skips of the terms ids
// (ascending, each once) from the parts that hold them, into slabs of
// their own: the other terms hold none. false where a part could not be
// read or decoded.
func (ks *KeptSearch) load(ids []int32) bool {
	h, ix, full := ks.h, ks.s.ix, &ks.full
	nterms := len(ix.terms)
	for _, id := range ks.loaded { // the last search's
		ix.postings[id] = nil
	}
	ks.loaded = ids
	posOff, skipOff := make([]int, nterms+1), make([]int, nterms+1)
	k := 0
	for id := range nterms {
		posOff[id+1], skipOff[id+1] = posOff[id], skipOff[id]
		if k < len(ids) && ids[k] == int32(id) {
			k++
			posOff[id+1] += full.posOff[id+1] - full.posOff[id]
			skipOff[id+1] += full.skipOff[id+1] - full.skipOff[id]
		}
	}
	ix.posOff, ix.skipOff = posOff, skipOff
	ix.pos, ix.skips = make([]byte, posOff[nterms]), make([]uint32, skipOff[nterms])
	for len(ids) > 0 {
		// The part of the first term left, and the terms of it.
		p, _ := slices.BinarySearch(h.termCuts, int(ids[0])+1)
		p-- // termCuts[p] <= ids[0] < termCuts[p+1]
		if p < 0 || p+1 >= len(h.termCuts) {
			return false
		}
		in := len(ids)
		for i, id := range ids {
			if int(id) >= h.termCuts[p+1] {
				in = i
				break
			}
		}
		ok := false
		err := ks.k.Read(p+1, p+2, func(seq int, data []byte) error {
			body, sealed := unseal(data, h.save)
			if seq != p+1 || !sealed {
				return errKeptIndex
			}
			ok = ks.decodeSome(body, h.termCuts[p], ids[:in])
			return nil
		})
		if err != nil || !ok {
			return false
		}
		ids = ids[in:]
	}
	return true
}

// decodeSome reads, of a part whose first term is lo, the terms ids
// (ascending) into the store's index, passing over the others.
func (ks *KeptSearch) decodeSome(body []byte, lo int, ids []int32) bool {
	ix, full := ks.s.ix, &ks.full
	r := &decoding{b: body}
	n := int32(len(ix.docLen))
	for id := lo; len(ids) > 0; id++ {
		plen := full.posOff[id+1] - full.posOff[id]
		nskips := full.skipOff[id+1] - full.skipOff[id]
		want := int32(id) == ids[0]
		var ps []posting
		if want {
			ps = make([]posting, ks.h.df[id])
			ids = ids[1:]
		}
		doc := int32(0)
		for k := range ks.h.df[id] {
			p, _, ok := r.posting(&doc, k, n)
			if !ok {
				return false
			}
			if want {
				ps[k] = p
			}
		}
		pos := r.bytes(plen)
		var skips []uint32
		if want {
			ix.postings[id] = ps
			copy(ix.pos[ix.posOff[id]:ix.posOff[id+1]], pos)
			skips = ix.skips[ix.skipOff[id]:ix.skipOff[id+1]]
		}
		if !r.skips(skips, nskips, plen) {
			return false
		}
	}
	return true
}

// docCount is how many articles hold term id.
func (s *Store) docCount(id int32) int {
	if s.heads != nil {
		return s.heads.df[id]
	}
	return len(s.ix.postings[id])
}
