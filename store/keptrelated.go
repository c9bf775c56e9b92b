package store

import (
	"encoding/binary"
	"math"
	"slices"
	"time"
)

// Related stories from a kept index read in part. lede related REF
// prints the few stories most like one article and why: it needs that
// article's vector, the impact lists of its heaviest terms, and, for
// the candidates those lists and its date give, their vectors, topics,
// dates and stories; for the why words, the postings of the terms the
// rows share. At 100,000 articles building the store for it read every
// part of the kept index and made every vector (3-4 s of CPU, a
// gigabyte), and none of that is in the kept index itself: the vectors
// are made again from the postings at every start.
//
// So a kept index holds, beside its parts, a related part (rows from
// relatedSeq on): a head row (how the rest is cut, the dated articles
// in date order), each run of relatedBlock articles' related data in a
// row of its own (vector, length shared, date, story, topics, count of
// words), and the impact lists as Related reads them (their first
// listBudget) in rows of about relatedPart bytes. All of it is the
// saving store's own, written beside the index it saved, and read only
// where that index serves as it is (OpenKeptSearch).
//
// The query is Related itself, run on a KeptSearch's store until it
// reads nothing not loaded: every read of an article's related data, of
// an impact list or of a term's postings not loaded asks for it and
// marks the run failed (Store.has, impactOf, termPostings); the next
// run has them. A run that asked for nothing read only what the store
// built would hold: its answer is the store's, to the bit.

const (
	// relatedSeq is the first row of a kept index's related part.
	relatedSeq = 1 << 24
	// relatedBlock is how many articles' related data a row holds: a
	// query reads the rows of a thousand and more scattered articles.
	relatedBlock = 16
	// relatedPart is about how many bytes a row of impact lists holds.
	relatedPart = 64 << 10
	// relatedRounds bounds how often a query is run on what it asked
	// for: the article, its impact lists, the candidates, the terms
	// their words and why words read, and what those change.
	relatedRounds = 12
)

// RelatedRows reports whether a kept index's row seq is of its related
// part, which a library may write in larger transactions: its rows are
// small and many.
func RelatedRows(seq int) bool { return seq >= relatedSeq }

// encodeRelated writes s's related part, sealed for save. As with the
// rest of the index, put may keep a row's slice until it is next called
// and returns: the rows are made in two buffers, in turn (a slice each
// was 225 MB of garbage at 100,000 articles, made while the store was
// in and the collector's goal twice its size).
func encodeRelated(s *Store, save uint64, put func(seq int, data []byte) error) error {
	ix := s.ix
	n := len(s.arts)
	if ix.vecs.articles() != n || len(ix.shared) != n || len(s.storyOf) != n || len(ix.impact) != len(ix.terms) {
		return errKeptIndex
	}
	var bufs [2][]byte
	turn := 0
	largest := max(8*n, relatedBlock*1500, relatedPart) + 12 // the rows' sizes below
	row := func() []byte {
		b := bufs[turn%2][:0]
		if b == nil {
			b = make([]byte, 0, largest+largest/4)
		}
		return binary.LittleEndian.AppendUint64(b, save)
	}
	// emit seals a row and puts it; its buffer is taken again two rows
	// later, once put has let go of it.
	emit := func(seq int, b []byte) error {
		b = sealed(b)
		bufs[turn%2] = b
		turn++
		return put(seq, b)
	}
	uv := func(b []byte, v int) []byte { return binary.AppendUvarint(b, uint64(v)) }
	f32 := func(b []byte, f float32) []byte { return binary.LittleEndian.AppendUint32(b, math.Float32bits(f)) }
	listed := func(id int) []vposting { return ix.impact[id][:min(len(ix.impact[id]), listBudget)] }
	impactCuts := cutsOf(len(ix.terms), relatedPart, func(id int) int { return 1 + 7*len(listed(id)) })
	blocks := (n + relatedBlock - 1) / relatedBlock

	h := row() // a varint an article, and the cuts
	h = uv(h, n)
	h = uv(h, ix.k)
	h = uv(h, len(ix.terms))
	h = uv(h, len(impactCuts))
	for _, c := range impactCuts {
		h = uv(h, c)
	}
	h = uv(h, len(s.byTime))
	for _, d := range s.byTime {
		h = uv(h, int(d))
	}
	if err := emit(relatedSeq, h); err != nil {
		return err
	}
	for b := range blocks {
		lo, hi := b*relatedBlock, min((b+1)*relatedBlock, n)
		r := row() // about 1,500 bytes an article
		for d := lo; d < hi; d++ {
			gap, w := ix.vecs.of(int32(d))
			r = uv(r, len(gap))
			far := byte(0)
			if ix.vecs.far[d] {
				far = 1
			}
			r = append(r, far)
			for i := range gap {
				r = binary.LittleEndian.AppendUint16(r, gap[i])
				r = f32(r, w[i])
			}
			r = f32(r, ix.shared[d])
			members := s.stories[s.storyOf[d]]
			r = uv(r, int(s.storyOf[d]))
			if len(members) > 1 { // the versions, with each of them
				r = uv(r, len(members))
				for _, m := range members {
					r = uv(r, int(m))
				}
			} else {
				r = uv(r, 0)
			}
			for _, t := range ix.topics[d*ix.k : (d+1)*ix.k] {
				r = f32(r, t)
			}
			a := s.arts[d]
			if a.Published.IsZero() {
				r = append(r, 0)
			} else {
				r = append(r, 1)
				r = binary.AppendVarint(r, a.Published.Unix())
				r = uv(r, a.Published.Nanosecond())
			}
			r = uv(r, a.Words)
		}
		if err := emit(relatedSeq+1+b, r); err != nil {
			return err
		}
	}
	for p := range len(impactCuts) - 1 {
		r := row() // about relatedPart bytes
		for id := impactCuts[p]; id < impactCuts[p+1]; id++ {
			list := listed(id)
			r = uv(r, len(list))
			for _, e := range list {
				r = uv(r, int(e.doc))
				r = f32(r, e.w)
			}
		}
		if err := emit(relatedSeq+1+blocks+p, r); err != nil {
			return err
		}
	}
	return nil
}

// keptRelated is what of a kept index's related part a KeptSearch has
// read: the head row, and the articles' rows and impact lists read so
// far, into its store's arrays (each as long as a built store's, filled
// where read).
type keptRelated struct {
	n, k, blocks int
	impactCuts   []int
	// story numbers as the saving store gave them, to the store's own
	// (from 1: 0 is an article not read).
	story map[int32]int32
	// each article's vector, until the store's table is made again
	gap  [][]uint16
	w    [][]float32
	read []bool // the rows of articles read
	// impactRead: the rows of impact lists read
	impactRead []bool
	terms      []int32 // the terms whose postings are loaded, ascending
}

// openRelated reads the related part's head row into ks's store;
// false where there is none (an index kept by an older lede) or it is
// damaged.
func (ks *KeptSearch) openRelated() bool {
	if ks.rel != nil {
		return true
	}
	var body []byte
	if err := ks.k.Read(relatedSeq, relatedSeq+1, func(seq int, data []byte) error {
		b, ok := unseal(data, ks.h.save)
		if seq != relatedSeq || !ok {
			return errKeptIndex
		}
		body = slices.Clone(b)
		return nil
	}); err != nil {
		return false
	}
	r := &decoding{b: body}
	n, k, nterms := int(r.uv()), int(r.uv()), int(r.uv())
	if r.bad || n != ks.h.n || nterms != len(ks.s.ix.terms) || k > 1<<10 {
		return false
	}
	rel := &keptRelated{n: n, k: k, blocks: (n + relatedBlock - 1) / relatedBlock, story: map[int32]int32{}}
	rel.impactCuts = make([]int, r.count(1))
	for i := range rel.impactCuts {
		rel.impactCuts[i] = int(r.uv())
	}
	byTime := make([]int32, r.count(1))
	for i := range byTime {
		d := r.uv()
		if d >= uint64(n) {
			return false
		}
		byTime[i] = int32(d)
	}
	if r.bad || len(r.b) != 0 || !ascending(rel.impactCuts, nterms) {
		return false
	}
	s := ks.s
	s.byTime, s.timePos = byTime, make([]int32, n)
	for d := range s.timePos {
		s.timePos[d] = -1
	}
	for at, d := range byTime {
		if s.timePos[d] >= 0 {
			return false
		}
		s.timePos[d] = int32(at)
	}
	s.when = make([]int64, n)
	s.storyOf = make([]int32, n)
	s.stories = [][]int32{nil}
	ix := s.ix
	ix.k = k
	ix.topics = make([]float32, n*k)
	ix.shared = make([]float32, n)
	ix.impact = make([][]vposting, nterms)
	rel.gap, rel.w, rel.read = make([][]uint16, n), make([][]float32, n), make([]bool, rel.blocks)
	rel.impactRead = make([]bool, len(rel.impactCuts)-1)
	kh := s.heads
	kh.docs, kh.published, kh.words = make([]bool, n), map[int32]time.Time{}, map[int32]int{}
	kh.impact = make([]bool, nterms)
	ks.rel = rel
	ks.vectors()
	return true
}

// vectors makes the store's vector table of the vectors read.
func (ks *KeptSearch) vectors() {
	rel, vecs := ks.rel, &ks.s.ix.vecs
	total := 0
	for d := range rel.gap {
		total += len(rel.gap[d])
	}
	vecs.off, vecs.gap, vecs.w = make([]int, rel.n+1), make([]uint16, 0, total), make([]float32, 0, total)
	if len(vecs.far) != rel.n {
		vecs.far = make([]bool, rel.n)
	}
	for d := range rel.gap {
		vecs.gap = append(vecs.gap, rel.gap[d]...)
		vecs.w = append(vecs.w, rel.w[d]...)
		vecs.off[d+1] = len(vecs.gap)
	}
}

// loadDocs reads the rows of the articles docs not read before, and
// tells how many it read (asked for: a row missing reads nothing).
func (ks *KeptSearch) loadDocs(docs []int32) (int, bool) {
	rel := ks.rel
	var blocks []int
	for _, d := range docs {
		if b := int(d) / relatedBlock; !rel.read[b] {
			rel.read[b] = true
			blocks = append(blocks, b)
		}
	}
	slices.Sort(blocks)
	blocks = slices.Compact(blocks)
	read := len(blocks)
	for len(blocks) > 0 {
		run := 1 // rows next to each other, read at once
		for run < len(blocks) && blocks[run] == blocks[0]+run {
			run++
		}
		first := blocks[0]
		if err := ks.k.Read(relatedSeq+1+first, relatedSeq+1+first+run, func(seq int, data []byte) error {
			body, ok := unseal(data, ks.h.save)
			b := seq - relatedSeq - 1
			if !ok || b < first || b >= first+run || !ks.decodeBlock(body, b) {
				return errKeptIndex
			}
			return nil
		}); err != nil {
			return 0, false
		}
		blocks = blocks[run:]
	}
	ks.vectors()
	return read, true
}

// decodeBlock reads the row of articles of block b.
func (ks *KeptSearch) decodeBlock(body []byte, b int) bool {
	rel, s := ks.rel, ks.s
	ix, kh := s.ix, s.heads
	r := &decoding{b: body}
	f32 := func() float32 {
		v := r.bytes(4)
		if v == nil {
			return 0
		}
		return math.Float32frombits(binary.LittleEndian.Uint32(v))
	}
	for d := b * relatedBlock; d < min((b+1)*relatedBlock, rel.n); d++ {
		slots := r.count(6)
		ix.vecs.far[d] = r.byte1() == 1
		gap, w := make([]uint16, slots), make([]float32, slots)
		for i := range slots {
			if g := r.bytes(2); g != nil {
				gap[i] = binary.LittleEndian.Uint16(g)
			}
			w[i] = f32()
		}
		rel.gap[d], rel.w[d] = gap, w
		ix.shared[d] = f32()
		story := int32(r.uv())
		local, ok := rel.story[story]
		if !ok {
			local = int32(len(s.stories))
			rel.story[story] = local
			s.stories = append(s.stories, nil)
		}
		s.storyOf[d] = local
		members := []int32{int32(d)} // a story of one
		if m := r.count(1); m > 0 {
			members = make([]int32, m)
			for i := range members {
				v := r.uv()
				if v >= uint64(rel.n) {
					return false
				}
				members[i] = int32(v)
			}
		}
		s.stories[local] = members
		for c := range rel.k {
			ix.topics[d*rel.k+c] = f32()
		}
		var t time.Time
		if r.byte1() == 1 {
			sec := r.v()
			ns := r.uv()
			if ns >= 1e9 {
				return false
			}
			t = time.Unix(sec, int64(ns))
		}
		s.when[d] = publicationTime(t)
		kh.published[int32(d)], kh.words[int32(d)] = t, int(r.uv())
		if r.bad {
			return false
		}
		kh.docs[d] = true
		if a := s.arts[d]; a != nil { // made before its row was read
			a.Published, a.Words = t, kh.words[int32(d)]
		}
	}
	return len(r.b) == 0
}

// v reads a signed varint.
func (r *decoding) v() int64 {
	v, m := binary.Varint(r.b)
	if m <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[m:]
	return v
}

// loadImpact reads the rows holding the impact lists of terms not read
// before, and tells how many it read (asked for).
func (ks *KeptSearch) loadImpact(terms []int32) (int, bool) {
	rel, ix := ks.rel, ks.s.ix
	read := 0
	for _, t := range terms {
		p, _ := slices.BinarySearch(rel.impactCuts, int(t)+1)
		p--
		if p < 0 || p >= len(rel.impactRead) {
			return 0, false
		}
		if rel.impactRead[p] {
			continue
		}
		rel.impactRead[p] = true
		read++
		lo, hi := rel.impactCuts[p], rel.impactCuts[p+1]
		if err := ks.k.Read(relatedSeq+1+rel.blocks+p, relatedSeq+2+rel.blocks+p, func(seq int, data []byte) error {
			body, ok := unseal(data, ks.h.save)
			if !ok || seq != relatedSeq+1+rel.blocks+p {
				return errKeptIndex
			}
			r := &decoding{b: body}
			for id := lo; id < hi; id++ {
				list := make([]vposting, r.count(5))
				for i := range list {
					d := r.uv()
					v := r.bytes(4)
					if r.bad || d >= uint64(rel.n) {
						return errKeptIndex
					}
					list[i] = vposting{doc: int32(d), w: math.Float32frombits(binary.LittleEndian.Uint32(v))}
				}
				ix.impact[id] = list
				ks.s.heads.impact[id] = true
			}
			if r.bad || len(r.b) != 0 {
				return errKeptIndex
			}
			return nil
		}); err != nil {
			return 0, false
		}
	}
	return read, true
}

// Related is Store.Related(id, n) of the store the kept index is of, n
// above 0; false where it could not be told without building the store
// (no related part kept, a row missing or damaged, a title not read).
func (ks *KeptSearch) Related(id string, n int) ([]Related, bool) {
	if n <= 0 {
		return nil, false // every article weighed: the store's vectors whole
	}
	kh := ks.s.heads
	q := slices.Index(kh.ids, id)
	if q < 0 || !ks.openRelated() {
		return nil, false
	}
	s := ks.s
	s.byID = map[string]int{id: q}
	ks.rounds = 0
	for range relatedRounds {
		ks.rounds++
		kh.mu.Lock()
		kh.failed = false
		kh.wantDocs, kh.wantImpact, kh.wantTerms = kh.wantDocs[:0], kh.wantImpact[:0], kh.wantTerms[:0]
		kh.mu.Unlock()
		rel := s.Related(id, n)
		kh.mu.Lock()
		failed := kh.failed
		docs, impact, terms := slices.Clone(kh.wantDocs), slices.Clone(kh.wantImpact), slices.Clone(kh.wantTerms)
		kh.mu.Unlock()
		if !failed {
			return rel, true
		}
		if len(docs)+len(impact)+len(terms) == 0 {
			return nil, false // a title could not be read
		}
		newDocs, ok := ks.loadDocs(docs)
		if !ok {
			return nil, false
		}
		newImpact, ok := ks.loadImpact(impact)
		if !ok {
			return nil, false
		}
		newTerms := 0
		// The terms a run asks for once its candidates are all read:
		// before, its rows (and the words they share) are not the
		// store's, and the parts holding their terms (4 MB each) read
		// for nothing.
		if len(docs)+len(impact) == 0 && len(terms) > 0 {
			all := append(slices.Clone(ks.rel.terms), terms...)
			slices.Sort(all)
			all = slices.Compact(all)
			for _, t := range terms {
				if _, in := slices.BinarySearch(ks.loaded, t); !in {
					newTerms++ // not loaded now (a search between loads its own)
				}
			}
			if !ks.load(all) {
				return nil, false
			}
			ks.rel.terms = all
		}
		if newDocs+newImpact+newTerms == 0 {
			// What the run asked for was read and is not there (a row
			// missing): another run would ask for it again.
			return nil, false
		}
	}
	return nil, false
}

// has reports whether article d's related data are at hand: always in
// a store built; in a KeptSearch's, once its row is read (else it is
// asked for, and the answer is not the store's).
func (s *Store) has(d int32) bool {
	kh := s.heads
	if kh == nil {
		return true
	}
	kh.mu.Lock()
	defer kh.mu.Unlock()
	if kh.docs != nil && kh.docs[d] {
		return true
	}
	kh.failed = true
	kh.wantDocs = append(kh.wantDocs, d)
	return false
}

// impactOf is term t's impact list as Related reads it.
func (s *Store) impactOf(t int32) []vposting {
	if kh := s.heads; kh != nil {
		kh.mu.Lock()
		if kh.impact == nil || !kh.impact[t] {
			kh.failed = true
			kh.wantImpact = append(kh.wantImpact, t)
		}
		kh.mu.Unlock()
	}
	return s.ix.impact[t]
}

// published is article d's date as Related reads it.
func (s *Store) published(d int32) time.Time {
	if kh := s.heads; kh != nil {
		if !s.has(d) {
			return time.Time{}
		}
		kh.mu.Lock()
		defer kh.mu.Unlock()
		return kh.published[d]
	}
	return s.arts[d].Published
}

// words is article d's count of words as Related reads it.
func (s *Store) words(d int32) int {
	if kh := s.heads; kh != nil {
		if !s.has(d) {
			return 0
		}
		kh.mu.Lock()
		defer kh.mu.Unlock()
		return kh.words[d]
	}
	return s.arts[d].Words
}

// Holds reports whether the store the kept index is of holds an article
// of that ID.
func (ks *KeptSearch) Holds(id string) bool { return slices.Contains(ks.s.heads.ids, id) }
