package store

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"maps"
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"unsafe"
)

// A kept index: the index a build of a library's articles made (postings
// and their positions, the vocabulary, each article's heaviest terms and
// what queries look spellings up in; the vectors are made again from the
// postings, a fraction of a second, where keeping them cost 150 MB of
// the 390 at 100,000 articles), kept by the library so that a start
// from a library that has not changed since reads it back instead of
// decoding every article's analysis and placing 26 million postings again
// (5 of a start's 9 seconds of CPU at 100,000 articles). Topics and
// stories are not in it: the kept placement (placement.go) gives them, as
// it does to a build from the analyses. Beside it, from format 4, a
// related part (keptrelated.go): each article's vector, topics, date
// and story, and the impact lists, which a start never reads (it makes
// them again) but a related query without a store reads in part.
//
// The library says whether its articles are still the ones a kept index
// was built of (its count of changes, schema 6); the build checks the
// rest: this lede's format and AnalysisVersion, and the articles it is
// given, in order, by ID and by whether each came prepared, against those
// the index was built of (the seeds beside the library, or another sort,
// make another store). Anything else (a row missing, damaged, from
// another save) and the index is not used: the build is made as without
// one, from the analyses, which the library then gives (KeptIndex.Analyses).
//
// It is kept as rows: row 0, the header, written last, and parts, each a
// run of terms (their postings with what of each counts for related
// stories, positions and skips) or of articles (their heaviest terms),
// so that reading decodes into the
// index's arrays as it goes, on two connections at once, without the
// whole (a hundred and more megabytes) in memory. Every row names the save
// it belongs to and ends with its CRC-32C.

// indexFormat names the encoding below and how an index is made of the
// analyses: any change to either (weights, vectors, heaviest terms,
// spellings, the index's layout) must raise it, or a kept index would
// give a store other than a build makes. TestIndexFormat fails when the
// seeds' kept index changes and this did not. 4: the related part.
const indexFormat = 4

// indexPart is about how many bytes a part of a kept index holds.
const indexPart = 4 << 20

// collectEvery is the fewest bytes of a kept index's rows read between
// collections while it is read; past it, collectShare of the heap live
// at the last collection (collectStep).
const (
	collectEvery = 64 << 20
	collectShare = 8
)

// collectStep is how many bytes of rows a read lets pile up before it
// collects: collectEvery, or an eighth of the live heap where that is
// more. A fixed step made the collections grow with the index as each
// grew with the heap it scans, N² in all: 32 collections over 5.3 GB at
// 1,000,000 articles, 9.4 s of CPU against 0.21 s at 100,000, where
// the heap is small enough that the step stays collectEvery.
func collectStep() int64 {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	if live[0].Value.Kind() != metrics.KindUint64 {
		return collectEvery
	}
	return stepFor(live[0].Value.Uint64())
}

// stepFor is collectStep's step where live bytes were live.
func stepFor(live uint64) int64 {
	return max(collectEvery, int64(min(live, math.MaxInt64)/collectShare))
}

var errKeptIndex = errors.New("kept index damaged")

// KeptIndex is how a build of a library's articles finds the index a
// build of the same articles kept, and keeps its own (Lexicon.KeepIndex).
type KeptIndex struct {
	// Read hands each kept row from lo to hi-1, in order, to each; a
	// row missing is an error. It may be called for two ranges at once.
	// nil: none kept (or none that fits the articles).
	Read func(lo, hi int, each func(seq int, data []byte) error) error
	// Analyses gives the analyses of the articles, by ID, that came
	// prepared without them (Lexicon.Prepared of nil) because the
	// library expected the kept index to serve; nil for one it has none
	// of. Called only where the kept index does not serve.
	Analyses func(ids []string) [][]byte
	// Was gives, for the articles ids (of the kept index's, edited or
	// removed since it was built), what each was then: its source and
	// its analysis, numbered by the build's lexicon (a nil Analysis:
	// not known). Called before the build decodes any analysis; nil:
	// none kept.
	Was func(ids []string) []Was
	// Save keeps the index of a build that made it (nil: not wanted):
	// write hands put every row, the header (row 0) last, and stops at
	// put's first error. A row's slice is put's until put is next
	// called and returns.
	Save func(write func(put func(seq int, data []byte) error) error)
	// Rebase says whether a build that extended the kept index by
	// changed articles (indexed or taken out, extendindex.go) of the n
	// it holds keeps its index in place of the one it read (Save);
	// where not, the kept index stays as it is, and the next build
	// extends it again by every change since. nil: always.
	Rebase func(changed, n int) bool
}

// Was is what a kept index's article was when the index was built.
type Was struct {
	Source   string
	Analysis []byte
}

// KeepIndex gives the builds of this lexicon's articles what the library
// kept of an index, and where to keep theirs. Call it before any build
// reads the lexicon.
func (lx *Lexicon) KeepIndex(k *KeptIndex) { lx.index = k }

// HasAnalyses reports whether p holds an analysis, not only the promise
// of one (Lexicon.Prepared of nil).
func (p *Prepared) HasAnalyses() bool { return len(p.data) > 0 }

// indexInput is what a kept index records of each article a build was
// given, in order: enough to tell the same articles again, and to merge
// them as that build did without their analyses.
type indexInput struct {
	ids      []string
	keys     [][32]byte
	prepared []bool // came with an analysis of the lexicon that built it
	ok       []bool // was indexed from it (preparedDoc.ok)
	textless []bool
	// text is, for an article that came with no analysis of the
	// library's (the seeds beside it, a file), a hash of what the index
	// reads of it (inputText): the library vouches for its own, not for
	// these.
	text [][32]byte
	// rels is, beside each posting of the index built, its article's
	// occurrences of the term that count for related stories
	// (index.rels), which the vectors are made of again; heavy each
	// article's heaviest terms (index.heavy), which story grouping lets
	// go of.
	rels  [][]uint16
	heavy [][]vterm
	// sentences is, by source, how many of its articles have each
	// sentence (by hash): what tells boilerplate (boilerplate.go), so
	// that a build that extends the index (extendindex.go) tells it
	// again without every article's analysis.
	sentences []sourceSentences
}

// inputText hashes what a build reads of an article it analyses from
// its text: title, body and source (whose repeated sentences are
// boilerplate), as given.
func inputText(a *Article) [32]byte {
	h := sha256.New()
	for _, s := range []string{a.Title, a.Body, a.Source} {
		h.Write(binary.AppendUvarint(nil, uint64(len(s))))
		h.Write([]byte(s))
	}
	return [32]byte(h.Sum(nil))
}

const (
	inPrepared = 1 << iota
	inOK
	inTextless
)

// keptIndex is a kept index read back: the inputs and the index, less
// its topics and impact lists, which the build makes.
type keptIndex struct {
	in indexInput
	ix *index
	// heavyAt is each article's heaviest terms, as places in its vector,
	// while the vectors are made.
	heavyAt [][]uint16
	// extended: the kept index was extended by added articles
	// (extendindex.go), not served as it was.
	extended bool
	added    int
}

var indexSum = crc32.MakeTable(crc32.Castagnoli)

// sealed appends b's CRC-32C.
func sealed(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, indexSum))
}

// unseal checks b's CRC-32C and the save it names, and gives what is
// between.
func unseal(b []byte, save uint64) ([]byte, bool) {
	if len(b) < 12 {
		return nil, false
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, indexSum) != sum || binary.LittleEndian.Uint64(body) != save {
		return nil, false
	}
	return body[8:], true
}

// cuts splits n items into parts of about indexPart bytes, size(i)
// telling item i's: it gives each part's first item, and n.
func cuts(n int, size func(i int) int) []int { return cutsOf(n, indexPart, size) }

// cutsOf is cuts into parts of about part bytes.
func cutsOf(n, part int, size func(i int) int) []int {
	out := []int{0}
	at := 0
	for i := range n {
		at += size(i)
		if at >= part && i+1 < n {
			out = append(out, i+1)
			at = 0
		}
	}
	return append(out, n)
}

// encodeIndex writes s's index (built of the inputs in) as rows: the
// parts from row 1 on, the header last. put may keep a row's slice
// until it is next called and returns: the rows are made in two
// buffers, in turn.
func encodeIndex(s *Store, in *indexInput, put func(seq int, data []byte) error) error {
	ix := s.ix
	n := len(s.arts)
	save := rand.Uint64()
	heavy, ok := heavyPlaces(ix, in.heavy)
	if !ok {
		return errKeptIndex
	}
	if len(in.rels) != len(ix.postings) {
		return errKeptIndex
	}
	termCuts := cuts(len(ix.terms), func(id int) int {
		return 3*len(ix.postings[id]) + ix.posOff[id+1] - ix.posOff[id]
	})
	docCuts := cuts(n, func(d int) int { return 2 * len(heavy[d]) })
	seq := 1
	var bufs [2][]byte
	next := func() []byte {
		b := bufs[seq%2][:0]
		if b == nil {
			b = make([]byte, 0, indexPart+indexPart/4)
		}
		return binary.LittleEndian.AppendUint64(b, save)
	}
	// emit seals a part and writes it; its buffer is taken again two
	// parts later, once the write has let go of it.
	emit := func(b []byte) error {
		b = sealed(b)
		bufs[seq%2] = b
		if err := put(seq, b); err != nil {
			return err
		}
		seq++
		return nil
	}
	for p := range len(termCuts) - 1 {
		b := next()
		for id := termCuts[p]; id < termCuts[p+1]; id++ {
			last := int32(0)
			rels := in.rels[id]
			if len(rels) != len(ix.postings[id]) {
				return errKeptIndex
			}
			for k, q := range ix.postings[id] {
				b = binary.AppendUvarint(b, uint64(q.doc-last))
				last = q.doc
				// The counts in a number: the body's, whether the count
				// for related stories differs from it (only where the
				// article repeats its source's boilerplate), whether
				// the title has the term (most do not).
				v := uint64(q.body) << 2
				if rels[k] != q.body {
					v |= 2
				}
				if q.title > 0 {
					v |= 1
				}
				b = binary.AppendUvarint(b, v)
				if rels[k] != q.body {
					b = binary.AppendUvarint(b, uint64(rels[k]))
				}
				if q.title > 0 {
					b = append(b, q.title)
				}
				b = append(b, q.spell)
			}
			b = append(b, ix.pos[ix.posOff[id]:ix.posOff[id+1]]...)
			for _, k := range ix.skips[ix.skipOff[id]:ix.skipOff[id+1]] {
				b = binary.AppendUvarint(b, uint64(k))
			}
		}
		if err := emit(b); err != nil {
			return err
		}
	}
	for p := range len(docCuts) - 1 {
		b := next()
		for d := docCuts[p]; d < docCuts[p+1]; d++ {
			for _, k := range heavy[d] {
				b = binary.AppendUvarint(b, uint64(k))
			}
		}
		if err := emit(b); err != nil {
			return err
		}
	}
	sentCuts := cuts(len(in.sentences), func(i int) int { return len(in.sentences[i].source) + 12*len(in.sentences[i].hashes) })
	for p := range len(sentCuts) - 1 {
		b := next()
		for _, src := range in.sentences[sentCuts[p]:sentCuts[p+1]] {
			b = src.append(b)
		}
		if err := emit(b); err != nil {
			return err
		}
	}
	if err := encodeRelated(s, save, put); err != nil {
		return err
	}
	h, ok := indexHeader(s, in, save, termCuts, docCuts, sentCuts, heavy)
	if !ok {
		return errKeptIndex
	}
	return put(0, h)
}

// indexHeader encodes what a kept index says of itself, its inputs, and
// the sizes that let its parts be decoded in place, side by side.
func indexHeader(s *Store, in *indexInput, save uint64, termCuts, docCuts, sentCuts []int, heavy [][]uint16) ([]byte, bool) {
	ix := s.ix
	uv := func(b []byte, v int) []byte { return binary.AppendUvarint(b, uint64(v)) }
	str := func(b []byte, s string) []byte { return append(uv(b, len(s)), s...) }
	b := binary.LittleEndian.AppendUint64(nil, save)
	b = uv(b, indexFormat)
	b = uv(b, AnalysisVersion)
	b = uv(b, len(in.ids))
	for i, id := range in.ids {
		b = str(b, id)
		b = append(b, in.keys[i][:]...)
		var f byte
		if in.prepared[i] {
			f |= inPrepared
		}
		if in.ok[i] {
			f |= inOK
		}
		if in.textless[i] {
			f |= inTextless
		}
		b = append(b, f)
		if !in.prepared[i] {
			b = append(b, in.text[i][:]...)
		}
	}
	b = uv(b, len(s.arts))
	b = uv(b, len(ix.terms))
	first := int32(0)
	for id, t := range ix.terms {
		b = str(b, t.key)
		b = str(b, t.display)
		name := 0
		if t.name {
			name = 1
		}
		b = append(b, byte(name))
		b = uv(b, len(ix.postings[id]))
		b = uv(b, ix.posOff[id+1]-ix.posOff[id])
		// The article that uses it first: terms are numbered in order
		// of first use, so these only grow.
		if len(ix.postings[id]) == 0 || ix.postings[id][0].doc < first {
			return nil, false
		}
		b = uv(b, int(ix.postings[id][0].doc-first))
		first = ix.postings[id][0].doc
	}
	b = uv(b, len(ix.long))
	last := int32(0)
	for _, d := range ix.long {
		b = uv(b, int(d-last))
		last = d
	}
	for d := range s.arts {
		l := ix.docLen[d]
		if l != float32(int(l)) || l < 0 {
			return nil, false // a length is a count of words
		}
		b = uv(b, int(l))
		b = uv(b, len(heavy[d]))
	}
	b = uv(b, len(ix.known))
	for _, m := range ix.known {
		b = uv(b, len(m))
		// In order of spelling: the same index is the same bytes.
		for _, raw := range slices.Sorted(maps.Keys(m)) {
			w := m[raw]
			b = str(b, raw)
			if w.surface == raw {
				b = append(b, 0)
			} else {
				b = str(append(b, 1), w.surface)
			}
			var id int32 = -1
			if w.term != "" {
				var ok bool
				if id, ok = ix.ids[w.term]; !ok {
					return nil, false // a spelling of no term of the index: none is
				}
			}
			b = uv(b, int(id+1))
			c := byte(0)
			if w.capital {
				c = 1
			}
			b = append(b, c)
			b = uv(b, w.n)
			b = uv(b, w.mid)
		}
	}
	for _, c := range [][]int{termCuts, docCuts, sentCuts} {
		b = uv(b, len(c))
		for _, x := range c {
			b = uv(b, x)
		}
	}
	return sealed(b), true
}

// heavyPlaces gives each article's heaviest terms (heavy, as
// heaviestTerms gives them) as places in its vector.
func heavyPlaces(ix *index, heavy [][]vterm) ([][]uint16, bool) {
	if len(heavy) != ix.vecs.articles() {
		return nil, false
	}
	all := make([]uint16, sum(lens(heavy)))
	out := make([][]uint16, len(heavy))
	var v []vterm
	for d, h := range heavy {
		out[d], all = all[:0:len(h)], all[len(h):]
		v = ix.vecs.appendTo(v[:0], int32(d))
		for _, t := range h {
			k, found := slices.BinarySearchFunc(v, t.term, func(x vterm, id int32) int { return cmp.Compare(x.term, id) })
			if !found || k > math.MaxUint16 || v[k].w != t.w {
				return nil, false
			}
			out[d] = append(out[d], uint16(k))
		}
	}
	return out, true
}

// decoding reads a kept index's varints, bounds checked: a damaged row
// sets bad and reads zeros from then on, never past its end.
type decoding struct {
	b   []byte
	bad bool
}

func (r *decoding) uv() uint64 {
	if len(r.b) > 0 && r.b[0] < 0x80 {
		v := r.b[0]
		r.b = r.b[1:]
		return uint64(v)
	}
	v, m := binary.Uvarint(r.b)
	if m <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[m:]
	return v
}

// count reads a number of items that each take at least per bytes of
// what is left: a damaged count is caught before it is allocated.
func (r *decoding) count(per int) int {
	v := r.uv()
	if v > uint64(len(r.b)/max(per, 1)) {
		r.bad, r.b = true, nil
		return 0
	}
	return int(v)
}

func (r *decoding) bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.bad, r.b = true, nil
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *decoding) byte1() byte {
	if b := r.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

// str reads a string, copied out of the row (which the driver reuses).
func (r *decoding) str() string { return string(r.bytes(r.count(1))) }

// loadIndex reads the index lx's library kept, for a build of arts,
// where it was built of these very articles by this lede, or of these
// articles less some that came since (extendIndex); nil where there is
// none, or it does not fit, or is damaged.
func (lx *Lexicon) loadIndex(arts []Article) *keptIndex {
	k := lx.index
	if k == nil || k.Read == nil {
		return nil
	}
	var head []byte
	if err := k.Read(0, 1, func(_ int, data []byte) error {
		head = slices.Clone(data)
		return nil
	}); err != nil || len(head) < 12 {
		return nil
	}
	save := binary.LittleEndian.Uint64(head)
	body, ok := unseal(head, save)
	if !ok {
		return nil
	}
	// The inputs first: whether the index serves these articles, or
	// may be extended by them, is told before the rest is decoded.
	h, r, ok := decodeInputs(body)
	if !ok {
		return nil
	}
	h.save = save
	if !h.serves(arts, lx) {
		plan := lx.planExtension(h, arts)
		if plan == nil || !h.decode(r) {
			return nil
		}
		return lx.extendIndex(h, plan)
	}
	if !h.decode(r) {
		return nil
	}
	kx := h.sized()
	// The parts, into the arrays the header sized: the first half of
	// the rows on one connection, the rest on another.
	ok = h.readRows(k, 1, len(h.termCuts)-1+len(h.docCuts)-1, func(seq int, body []byte) bool {
		if seq <= len(h.termCuts)-1 {
			return kx.ix.decodeTerms(body, h.termCuts[seq-1], h.termCuts[seq])
		}
		p := seq - len(h.termCuts)
		return kx.decodeDocs(body, h.docCuts[p], h.docCuts[p+1])
	})
	if !ok || !kx.vectors() {
		return nil
	}
	// What only the vectors were made of is garbage now: the counts for
	// related stories beside the postings (2 bytes each), the heaviest
	// terms' places, the last rows read. Left to the collector's pacing,
	// which set its next goal at twice the index while the rows were
	// read, they stayed beside the vectors, topics and stories the rest
	// of the build allocates: a start of 100,000 articles peaked at
	// 1,135 MB resident for a store of 616 MB, 984 MB collected here.
	settle(sum(h.df) * int(unsafe.Sizeof(posting{})))
	return kx
}

// readRows reads rows first..first+rows-1 of a kept index, unsealed,
// into part: the first half on one connection, the rest on another.
func (h *keptHeader) readRows(k *KeptIndex, first, rows int, part func(seq int, body []byte) bool) bool {
	var mu sync.Mutex
	since, step := int64(0), collectStep()
	each := func(seq int, data []byte) error {
		// Each row the driver hands over is a fresh copy, garbage once
		// decoded: collected every so often, not left to pile up beside
		// the index (the rows of 100,000 articles are a third of a
		// gigabyte, and a command collects only when its heap doubles).
		mu.Lock()
		since += int64(len(data))
		collect := since >= step
		if collect {
			since = 0
		}
		mu.Unlock()
		if collect {
			runtime.GC()
			mu.Lock()
			step = collectStep()
			mu.Unlock()
		}
		body, ok := unseal(data, h.save)
		if !ok || !part(seq, body) {
			return errKeptIndex
		}
		return nil
	}
	mid := first + rows/2
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, r := range [][2]int{{first, mid}, {mid, first + rows}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := r[0]
			errs[i] = k.Read(r[0], r[1], func(seq int, data []byte) error {
				if seq != got {
					return errKeptIndex // a row missing
				}
				got++
				return each(seq, data)
			})
			if errs[i] == nil && got != r[1] {
				errs[i] = errKeptIndex
			}
		}()
	}
	wg.Wait()
	return errs[0] == nil && errs[1] == nil
}

// keptHeader is a kept index's header read: its inputs, the index's
// vocabulary, lengths and spellings, and how its parts are cut.
type keptHeader struct {
	save uint64
	in   indexInput
	ix   *index // less its postings, positions and skips
	n    int    // articles
	// df and first are each term's count of articles and the first of
	// them; heavyLen each article's count of heaviest terms.
	df       []int
	first    []int32
	heavyLen []int
	// slots are the terms' slots, which the spellings point at.
	slots                      []slot
	termCuts, docCuts, sentCut []int
}

// decodeInputs reads a kept index's header up to its inputs and its
// count of articles; r the rest (decode).
func decodeInputs(body []byte) (*keptHeader, *decoding, bool) {
	r := &decoding{b: body}
	if r.uv() != indexFormat || r.uv() != AnalysisVersion {
		return nil, nil, false
	}
	nin := r.count(34)
	if r.bad {
		return nil, nil, false
	}
	h := &keptHeader{}
	in := indexInput{ids: make([]string, nin), keys: make([][32]byte, nin), prepared: make([]bool, nin), ok: make([]bool, nin), textless: make([]bool, nin), text: make([][32]byte, nin)}
	for i := range nin {
		in.ids[i] = r.str()
		copy(in.keys[i][:], r.bytes(32))
		f := r.byte1()
		in.prepared[i], in.ok[i], in.textless[i] = f&inPrepared != 0, f&inOK != 0, f&inTextless != 0
		if !in.prepared[i] {
			copy(in.text[i][:], r.bytes(32))
		}
		if r.bad {
			return nil, nil, false
		}
	}
	h.in = in
	n := r.count(1)
	// As many articles as the build keeps of these, merging copies.
	distinct := make(map[[32]byte]struct{}, nin)
	for _, k := range in.keys {
		distinct[k] = struct{}{}
	}
	if r.bad || len(distinct) != n {
		return nil, nil, false
	}
	h.n = n
	return h, r, true
}

// decode reads the rest of a kept index's header (after decodeInputs):
// the vocabulary, lengths, spellings and how the parts are cut.
func (h *keptHeader) decode(r *decoding) bool {
	n := h.n
	nterms := r.count(4)
	if r.bad {
		return false
	}
	ix := &index{ids: make(map[string]int32, nterms), terms: make([]termInfo, nterms)}
	df := make([]int, nterms)
	h.first = make([]int32, nterms)
	ix.posOff = make([]int, nterms+1)
	ix.skipOff = make([]int, nterms+1)
	first := 0
	for id := range nterms {
		t := &ix.terms[id]
		t.key, t.display = r.str(), r.str()
		t.name = r.byte1() == 1
		df[id] = int(r.uv())
		plen := int(r.uv())
		first += int(r.uv())
		if r.bad || df[id] > n || df[id] == 0 || plen > math.MaxInt32 || first >= n {
			return false
		}
		if _, dup := ix.ids[t.key]; dup {
			return false
		}
		h.first[id] = int32(first)
		ix.ids[t.key] = int32(id)
		t.idf = bm25IDF(n, df[id])
		ix.posOff[id+1] = ix.posOff[id] + plen
		ix.skipOff[id+1] = ix.skipOff[id] + (df[id]+skipEvery-1)/skipEvery
	}
	h.df = df
	nlong := r.count(1)
	if r.bad {
		return false
	}
	if nlong > 0 { // nil for none, as a build leaves it
		ix.long = make([]int32, nlong)
	}
	last := 0
	for i := range ix.long {
		last += int(r.uv())
		if last >= n || i > 0 && last <= int(ix.long[i-1]) {
			return false
		}
		ix.long[i] = int32(last)
	}
	ix.docLen = make([]float32, n)
	h.heavyLen = make([]int, n)
	total := 0.0
	for d := range n {
		ix.docLen[d] = float32(r.uv())
		h.heavyLen[d] = int(r.uv())
		if r.bad || h.heavyLen[d] > impactTerms {
			return false
		}
		total += float64(ix.docLen[d])
	}
	if n > 0 {
		ix.avgLen = total / float64(n)
	}
	h.slots = make([]slot, nterms)
	for id := range h.slots {
		h.slots[id] = slot{doc: -1, id: int32(id)}
	}
	ix.known = make([]map[string]*word, r.count(1))
	for k := range ix.known {
		nw := r.count(6)
		words := make([]word, nw)
		m := make(map[string]*word, nw)
		for i := range words {
			w := &words[i]
			raw := r.str()
			w.surface = raw
			if r.byte1() == 1 {
				w.surface = r.str()
			}
			id := int(r.uv()) - 1
			w.capital = r.byte1() == 1
			w.n, w.mid = int(r.uv()), int(r.uv())
			if r.bad || id >= nterms || w.n > math.MaxInt32 || w.mid > w.n {
				return false
			}
			if id >= 0 {
				w.term, w.slot = ix.terms[id].key, &h.slots[id]
			}
			m[raw] = w
		}
		ix.known[k] = m
	}
	for _, c := range []*[]int{&h.termCuts, &h.docCuts, &h.sentCut} {
		*c = make([]int, r.count(1))
		for i := range *c {
			(*c)[i] = int(r.uv())
		}
	}
	if r.bad || len(r.b) != 0 || !ascending(h.termCuts, nterms) || !ascending(h.docCuts, n) || len(h.sentCut) < 2 || h.sentCut[0] != 0 {
		return false
	}
	h.ix = ix
	return true
}

// serves reports whether the kept index was built of arts, in order,
// by this lede: the same IDs, the same prepared by lx, the same text of
// those the library did not vouch for.
func (h *keptHeader) serves(arts []Article, lx *Lexicon) bool {
	in := &h.in
	if len(in.ids) != len(arts) {
		return false
	}
	for i := range arts {
		p := arts[i].Prepared
		if in.ids[i] != arts[i].ID || in.prepared[i] != (p != nil && p.lex == lx) {
			return false
		}
		if p != nil && p.HasAnalyses() {
			return false // changed since, as the library says (extendIndex)
		}
		if !in.prepared[i] {
			if arts[i].BodyFrom != nil || in.text[i] != inputText(&arts[i]) {
				return false
			}
		}
	}
	return true
}

// sized gives the kept index of the header with its arrays made for
// the parts: the postings, their counts for related stories, positions
// and skips, each one block cut at the sizes the header gave, as a
// build cuts them; each article's heaviest terms as places in its
// vector, until it is made.
func (h *keptHeader) sized() *keptIndex {
	ix := h.ix
	occurrences := sum(h.df)
	settle(occurrences * int(unsafe.Sizeof(posting{})))
	nterms := len(ix.terms)
	all, rall := make([]posting, occurrences), make([]uint16, occurrences)
	ix.postings, ix.rels = make([][]posting, nterms), make([][]uint16, nterms)
	for id, c := range h.df {
		ix.postings[id], all = all[:c:c], all[c:]
		ix.rels[id], rall = rall[:c:c], rall[c:]
	}
	ix.pos = make([]byte, ix.posOff[nterms])
	ix.skips = make([]uint32, ix.skipOff[nterms])
	hall := make([]uint16, sum(h.heavyLen))
	heavy := make([][]uint16, h.n)
	for d, c := range h.heavyLen {
		heavy[d], hall = hall[:c:c], hall[c:]
	}
	return &keptIndex{in: h.in, ix: ix, heavyAt: heavy}
}

// ascending reports whether cuts run from 0 to n, each past the one
// before.
func ascending(cuts []int, n int) bool {
	if len(cuts) < 2 || cuts[0] != 0 || cuts[len(cuts)-1] != n {
		return false
	}
	for i := 1; i < len(cuts); i++ {
		if cuts[i] <= cuts[i-1] && !(n == 0 && i == 1) {
			return false
		}
	}
	return true
}

// decodeTerms reads a part of terms lo..hi-1 into ix.
func (ix *index) decodeTerms(body []byte, lo, hi int) bool {
	r := &decoding{b: body}
	n := int32(len(ix.docLen))
	for id := lo; id < hi; id++ {
		doc := int32(0)
		for k := range ix.postings[id] {
			p, rel, ok := r.posting(&doc, k, n)
			if !ok {
				return false
			}
			ix.postings[id][k], ix.rels[id][k] = p, rel
		}
		copy(ix.pos[ix.posOff[id]:ix.posOff[id+1]], r.bytes(ix.posOff[id+1]-ix.posOff[id]))
		if !r.skips(ix.skips[ix.skipOff[id]:ix.skipOff[id+1]], int(ix.skipOff[id+1]-ix.skipOff[id]), int(ix.posOff[id+1]-ix.posOff[id])) {
			return false
		}
	}
	return len(r.b) == 0
}

// posting reads a term's k-th posting, of an index of n articles, doc
// the one before's article.
func (r *decoding) posting(doc *int32, k int, n int32) (posting, uint16, bool) {
	step := r.uv()
	if step > uint64(n) || k > 0 && step == 0 {
		return posting{}, 0, false
	}
	*doc += int32(step)
	v := r.uv()
	body, rel, title := v>>2, v>>2, byte(0)
	if v&2 != 0 {
		rel = r.uv()
	}
	if v&1 != 0 {
		title = r.byte1()
	}
	spell := r.byte1()
	if r.bad || *doc >= n || body > math.MaxUint16 || rel > math.MaxUint16 {
		return posting{}, 0, false
	}
	return posting{doc: *doc, body: uint16(body), title: title, spell: spell}, uint16(rel), true
}

// skips reads a term's n skips into out (nil: read and let go), each
// within its size bytes of positions.
func (r *decoding) skips(out []uint32, n, size int) bool {
	for k := range n {
		v := r.uv()
		if v > uint64(size) {
			return false
		}
		if out != nil {
			out[k] = uint32(v)
		}
	}
	return !r.bad
}

// decodeDocs reads a part of articles lo..hi-1: their heaviest terms,
// as places in their vectors.
func (kx *keptIndex) decodeDocs(body []byte, lo, hi int) bool {
	r := &decoding{b: body}
	for d := lo; d < hi; d++ {
		for k := range kx.heavyAt[d] {
			at := r.uv()
			if r.bad || at > math.MaxUint16 {
				return false
			}
			kx.heavyAt[d][k] = uint16(at)
		}
	}
	return len(r.b) == 0
}

// vectors makes the vectors of the postings read, as a build makes them,
// and each article's heaviest terms of its vector.
func (kx *keptIndex) vectors() bool {
	ix := kx.ix
	ix.buildVectors()
	ix.rels = nil // the vectors hold what they were for
	all := make([]vterm, sum(lens(kx.heavyAt)))
	ix.heavy = make([][]vterm, len(kx.heavyAt))
	var v []vterm
	for d, at := range kx.heavyAt {
		v = ix.vecs.appendTo(v[:0], int32(d))
		ix.heavy[d], all = all[:len(at):len(at)], all[len(at):]
		for k, i := range at {
			if int(i) >= len(v) {
				return false
			}
			ix.heavy[d][k] = v[i]
		}
	}
	kx.heavyAt = nil
	return true
}

func lens[T any](lists [][]T) []int {
	out := make([]int, len(lists))
	for i, l := range lists {
		out[i] = len(l)
	}
	return out
}

// withAnalyses gives arts with their analyses where the library gave
// them without (expecting the kept index to serve): read from the
// library now. arts is the caller's: a copy is changed, where any is.
func (lx *Lexicon) withAnalyses(arts []Article) []Article {
	var ids []string
	var at []int
	for i := range arts {
		if p := arts[i].Prepared; p != nil && p.lex == lx && !p.HasAnalyses() {
			ids = append(ids, arts[i].ID)
			at = append(at, i)
		}
	}
	if len(ids) == 0 {
		return arts
	}
	var data [][]byte
	if lx.index.Analyses != nil {
		data = lx.index.Analyses(ids)
	}
	arts = slices.Clone(arts)
	for k, i := range at {
		arts[i].Prepared = nil // read from its text, where the library has no analysis
		if k < len(data) && len(data[k]) > 0 {
			arts[i].Prepared = lx.Prepared(data[k])
		}
	}
	return arts
}
