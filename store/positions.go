package store

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
	"sort"
	"unicode/utf8"
)

// Positional postings: where each term stands in each article that holds
// it, so that a "quoted phrase" is looked for only in the articles whose
// words stand in its order (search engines keep the same: Lucene's and
// Xapian's positional postings). A position counts every word of a text,
// stop words and single letters too, and a separator holding more than
// white space one more (token.pos); the body's positions follow the
// title's, two on from its last.
//
// Beside each position, beforeBits bits say what stands right before the
// word (token.before: punctuation, or the word before hashed, stop words
// too), so that "bank in England" does not pass for "bank of England",
// nor "this year, the government" for "the year of the government"; and
// afterBits what stands right after it (token.after: punctuation, a word
// that is not a stop word, or which stop word, hashed), so that "people
// said" is looked for only where "people" stands before a stop word that
// hashes as "said" does (the stop word is in no posting of its own).
//
// They are kept compact: per term, one run of bytes in the index's slab,
// each posting's positions in turn (as many as the posting counts,
// title and body), the first as it is and the rest as the step from the
// one before, each a varint with the after and before bits below: about
// 1.3 bytes a word of text.

// maxPositioned is the most tokens an article may have for its positions
// to be kept: a term's positions in it then take under 65,536 bytes (5
// bytes a position at most), which the build's counts hold in 16 bits.
// A longer article keeps none, and every phrase is looked for in its text
// (index.long).
const maxPositioned = 13000

// posCoder groups an article's token positions by term and encodes them,
// on one core. The tokens come in order, so each term's positions come
// out in order.
type posCoder struct {
	term []int32 // per token: its term's index among the article's terms
	pos  []int32 // per token: its position and before bits (posValue)
	off  []int32 // per term: where its positions start in sorted
	at   []int32
	sort []int32
	slab []byte
}

func (pc *posCoder) reset() { pc.term, pc.pos = pc.term[:0], pc.pos[:0] }

func (pc *posCoder) add(term, pos int32, before, after uint8) {
	pc.term = append(pc.term, term)
	pc.pos = append(pc.pos, posValue(pos, before, after))
}

// codeBits is how many bits below a position its before and after bits
// take, and codeMask those bits.
const (
	codeBits = beforeBits + afterBits
	codeMask = 1<<codeBits - 1
)

// posValue is a position with its after and before bits below it: in the
// order of the positions.
func posValue(pos int32, before, after uint8) int32 {
	return max(pos, 0)<<codeBits | int32(after)<<beforeBits | int32(before)
}

// posSlab is how many bytes a coder's slab holds at most.
const posSlab = 1 << 18

// encode gives the positions added since reset, term by term (terms in
// all), and each term's length in bytes through setLen; ok is false for
// an article too long to keep them (nothing is given then).
func (pc *posCoder) encode(terms int, setLen func(term int, n int)) (data []byte, ok bool) {
	if len(pc.term) > maxPositioned {
		return nil, false
	}
	if len(pc.term) == 0 {
		return nil, true
	}
	pc.off = slices.Grow(pc.off[:0], terms+1)[:terms+1]
	clear(pc.off)
	for _, t := range pc.term {
		pc.off[t+1]++
	}
	for t := range terms {
		pc.off[t+1] += pc.off[t]
	}
	pc.at = append(pc.at[:0], pc.off[:terms]...)
	pc.sort = slices.Grow(pc.sort[:0], len(pc.term))[:len(pc.term)]
	for k, t := range pc.term {
		pc.sort[pc.at[t]] = pc.pos[k]
		pc.at[t]++
	}
	// At most 5 bytes a position; cut from a slab: one allocation for
	// many articles.
	need := 5 * len(pc.sort)
	if cap(pc.slab)-len(pc.slab) < need {
		pc.slab = make([]byte, 0, max(min(posSlab, 2*cap(pc.slab)), 4096, need))
	}
	start := len(pc.slab)
	b := pc.slab
	for t := range terms {
		from := len(b)
		last := int32(0) // the step is of positions; the before and after bits go as they are
		for _, p := range pc.sort[pc.off[t]:pc.off[t+1]] {
			b = binary.AppendUvarint(b, uint64(max(p>>codeBits-last, 0))<<codeBits|uint64(p&codeMask))
			last = p >> codeBits
		}
		setLen(t, len(b)-from)
	}
	pc.slab = b
	return b[start:len(b):len(b)], true
}

// skipEvery is how many postings apart the index notes where their
// positions start, so that one article's are found without reading a
// term's from the start: 4 bytes each, a few MB at 100,000 articles.
const skipEvery = 64

// readerAt gives a reader of term id at article doc's posting, and false
// where doc does not hold the term with every spelling bit of spell.
// Its positions are not decoded: standInOrder decodes them only where
// the terms read before have left it something to look for.
func (ix *index) readerAt(id, doc int32, spell uint8) (posReader, bool) {
	r := ix.termReader(id)
	k, found := slices.BinarySearchFunc(r.ps, doc, func(p posting, d int32) int { return cmp.Compare(p.doc, d) })
	if !found || !spelt(r.ps[k], spell) {
		return posReader{}, false
	}
	r.jump(ix, k)
	return r, true
}

// phrasesAt reports whether article doc's words stand in the order of
// every phrase of filters, with their spellings' bits (an article too
// long to keep its positions: whether it holds their terms so spelt).
func (ix *index) phrasesAt(doc int32, filters []phraseFilter, sc *searchScratch) bool {
	for _, f := range filters {
		sc.readers = sc.readers[:0]
		for j, id := range f.ids {
			r, ok := ix.readerAt(id, doc, f.spells[j])
			if !ok {
				return false
			}
			sc.readers = append(sc.readers, r)
		}
		if !ix.isLong(doc) && !ix.standInOrder(sc.readers, f, &sc.order) {
			return false
		}
	}
	return true
}

// PositionBytes is what the store keeps of its positions, in bytes, for
// the benchmarks' figures (their cost at scale).
func (s *Store) PositionBytes() int {
	return len(s.ix.pos) + 8*len(s.ix.posOff) + 4*len(s.ix.long) + 4*len(s.ix.skips) + 8*len(s.ix.skipOff)
}

// posReader walks one term's postings and their positions in order.
type posReader struct {
	id   int32
	ps   []posting
	data []byte
	k    int // the posting whose positions start at data[0]
	// next is data after the current posting's positions once positions
	// has decoded them (nil before): the reader moves on from there
	// without reading them again.
	next []byte
}

// npos is how many positions posting p has in the slab: none for an
// article too long to keep them.
func (ix *index) npos(p posting) int {
	if ix.isLong(p.doc) {
		return 0
	}
	return int(p.body) + int(p.title)
}

func (ix *index) isLong(doc int32) bool {
	if len(ix.long) == 0 {
		return false
	}
	_, found := slices.BinarySearch(ix.long, doc)
	return found
}

// termReader reads term id's postings with their positions.
func (ix *index) termReader(id int32) posReader {
	return posReader{id: id, ps: ix.termPostings(id), data: ix.pos[ix.posOff[id]:ix.posOff[id+1]]}
}

// seek moves to the first posting of an article at or after doc, skipping
// the positions of those before; false when there is none. The posting is
// found by galloping, its positions from the nearest skip (skipEvery) at
// or after where the reader stood: two common words' postings are walked
// together without every byte of the positions between their articles
// being read.
func (r *posReader) seek(ix *index, doc int32) bool {
	k := r.k
	if k >= len(r.ps) || r.ps[k].doc >= doc {
		return k < len(r.ps)
	}
	// Gallop: r.ps[lo].doc < doc, and doc <= r.ps[hi].doc or hi is the end.
	lo, step := k, 1
	hi := k + step
	for hi < len(r.ps) && r.ps[hi].doc < doc {
		lo = hi
		step *= 2
		hi = lo + step
	}
	hi = min(hi, len(r.ps))
	k = lo + 1 + sort.Search(hi-lo-1, func(i int) bool { return r.ps[lo+1+i].doc >= doc })
	r.jump(ix, k)
	return k < len(r.ps)
}

// jump moves the reader on to its k-th posting (k at or after where it
// stands): to the nearest skip before k when that is past where it
// stands, then over the positions of the postings between.
func (r *posReader) jump(ix *index, k int) {
	if k >= len(r.ps) {
		r.k, r.data, r.next = len(r.ps), nil, nil
		return
	}
	from := r.k
	if r.next != nil && k > from {
		r.data, r.next = r.next, nil
		from++
	}
	if b := k / skipEvery; b > from/skipEvery {
		r.data = ix.pos[ix.posOff[r.id]+int(ix.skips[ix.skipOff[r.id]+b]) : ix.posOff[r.id+1]]
		from = b * skipEvery
	}
	n := 0
	for _, p := range r.ps[from:k] {
		n += ix.npos(p)
	}
	r.data, _ = skipCount(r.data, n)
	r.k, r.next = k, nil
}

// positions decodes the current posting's positions into out, as
// posValue gives them.
func (r *posReader) positions(ix *index, out []int32) []int32 {
	out = out[:0]
	data := r.data
	p := int32(0)
	for range ix.npos(r.ps[r.k]) {
		v, m := binary.Uvarint(data)
		if m <= 0 {
			break
		}
		data = data[m:]
		p += int32(v >> codeBits)
		out = append(out, p<<codeBits|int32(v&codeMask))
	}
	r.next = data
	return out
}

// skipCount gives data after its first n varints, and whether it held
// fewer. A varint ends at its first byte under 0x80: the ends are
// counted eight bytes at a time while more than eight are left to skip
// (eight bytes hold eight ends at most).
func skipCount(data []byte, n int) (_ []byte, short bool) {
	i := 0
	for n > 8 && i+8 <= len(data) {
		n -= bits.OnesCount64(^binary.LittleEndian.Uint64(data[i:]) & 0x8080808080808080)
		i += 8
	}
	for ; n > 0 && i < len(data); i++ {
		if data[i] < 0x80 {
			n--
		}
	}
	return data[i:], n > 0
}

// phraseDocs calls f, in order, for each article in which the terms
// ids stand at the positions offs, one from another (offs[j] after the
// phrase's first word), each after what befores[j] says (-1: anything)
// and with every bit of spells[j] among its spellings', and for each
// article too long to keep its positions that holds every term so
// spelt. The rarest term leads; the others' postings are skipped to
// its articles.
func (ix *index) phraseDocs(pf phraseFilter, f func(doc int32)) {
	ids, spells := pf.ids, pf.spells
	lead := 0
	for j, id := range ids {
		if len(ix.termPostings(id)) < len(ix.termPostings(ids[lead])) {
			lead = j
		}
	}
	readers := make([]posReader, len(ids))
	for j, id := range ids {
		readers[j] = ix.termReader(id)
	}
	var sc orderScratch
	for _, p := range ix.termPostings(ids[lead]) {
		if !spelt(p, spells[lead]) {
			continue
		}
		doc := p.doc
		all := true
		for j := range readers {
			if !readers[j].seek(ix, doc) || readers[j].ps[readers[j].k].doc != doc || !spelt(readers[j].ps[readers[j].k], spells[j]) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		if ix.isLong(doc) || ix.standInOrder(readers, pf, &sc) {
			f(doc)
		}
	}
}

// orderScratch is standInOrder's scratch space.
type orderScratch struct {
	order  []int
	starts []int32
	buf    []int32
}

// standInOrder reports whether the terms of f, each reader at its
// posting of one article, stand there in the phrase's order: from some
// position of the first term, less its offset, every term at its offset,
// after what its befores says and before what its afters says. The term
// with the fewest positions in the article is decoded first, and the
// positions its bits pass are where the phrase may start; each other
// term, fewest first, keeps the starts at which it stands so. Where none
// is left, the terms after it are not decoded: for a phrase no article
// holds ("year government"), most articles holding its words are ruled
// out by the bits of the first term's positions alone.
func (ix *index) standInOrder(readers []posReader, f phraseFilter, sc *orderScratch) bool {
	order := sc.order[:0]
	for j := range readers {
		order = append(order, j)
	}
	// Insertion sort: a phrase has a few terms.
	for a := 1; a < len(order); a++ {
		for b := a; b > 0 && ix.npos(readers[order[b]].current()) < ix.npos(readers[order[b-1]].current()); b-- {
			order[b], order[b-1] = order[b-1], order[b]
		}
	}
	sc.order = order
	first := order[0]
	sc.buf = readers[first].positions(ix, sc.buf)
	starts := sc.starts[:0]
	for _, v := range sc.buf {
		if beforeIs(v, f.befores[first]) && afterIs(v, f.afters[first]) {
			starts = append(starts, v>>codeBits-f.offs[first])
		}
	}
	for _, j := range order[1:] {
		if len(starts) == 0 {
			break
		}
		buf := readers[j].positions(ix, sc.buf)
		sc.buf = buf
		// Both in order: the starts, and the positions (at most one a
		// position).
		kept, i := starts[:0], 0
		for _, s := range starts {
			at := s + f.offs[j]
			for i < len(buf) && buf[i]>>codeBits < at {
				i++
			}
			if i < len(buf) && buf[i]>>codeBits == at && beforeIs(buf[i], f.befores[j]) && afterIs(buf[i], f.afters[j]) {
				kept = append(kept, s)
			}
		}
		starts = kept
	}
	sc.starts = starts
	return len(starts) > 0
}

// current is the posting the reader stands at.
func (r *posReader) current() posting { return r.ps[r.k] }

// spelt reports whether a posting's spellings have every bit of spell.
func spelt(p posting, spell uint8) bool { return p.spell&spell == spell }

// beforeIs reports whether a position's before bits are want (-1: any).
func beforeIs(v int32, want int8) bool {
	return want < 0 || v&(1<<beforeBits-1) == int32(want)
}

// afterIs reports whether a position's after bits are want (-1: any).
func afterIs(v int32, want int8) bool {
	return want < 0 || v>>beforeBits&(1<<afterBits-1) == int32(want)
}

// spellBits is a word's spelling as the positions' filter keeps it: two
// of eight bits, from a hash (FNV-1a) of the word folded as Fold folds
// it, its dots dropped (a word's surface drops the dots of initials:
// "U.S." and "US" give the same bits). A posting ORs the bits of every
// spelling of its term in the article (posting.spell), so that a
// phrase's "governs" rules out, without reading its text, an article
// whose "govern" is only "government" unless the two hash alike (about
// one in 28 for two spellings). Two bits, not one: an article holds one
// or two spellings of most of its terms, and two bits of eight pass a
// wrong one less often than one does.
func spellBits(raw string) uint8 {
	h := uint32(2166136261)
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c >= utf8.RuneSelf {
			return foldedSpellBits(Fold(raw))
		}
		if c == '.' {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint32(c)) * 16777619
	}
	return twoBits(h)
}

// foldedSpellBits is spellBits of a word already folded.
func foldedSpellBits(folded string) uint8 {
	h := uint32(2166136261)
	for i := 0; i < len(folded); i++ {
		if folded[i] != '.' {
			h = (h ^ uint32(folded[i])) * 16777619
		}
	}
	return twoBits(h)
}

// twoBits picks two different bits of eight from a hash.
func twoBits(h uint32) uint8 {
	h ^= h >> 15 // FNV's low bits mix little of the last bytes
	a := h % 8
	b := (a + 1 + (h/8)%7) % 8
	return 1<<a | 1<<b
}
