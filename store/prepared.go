package store

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/lede-reader/lede/store/safe"
)

// A prepared article: its analysis, kept by the library beside its text,
// so that a restart indexes 100,000 articles without tokenising, folding
// and stemming them again (the costly three quarters of a build).
//
// What is kept is each article's words in order, as ids into a Lexicon of
// spellings, grouped by sentence with each sentence's hash: the same
// tokens Build would get from the text, so that the store built from it
// is the same store. What depends on more than one article is not kept
// but recomputed from what is: the boilerplate (a sentence its source
// repeats across items, found from the hashes at every build) and the
// spelling statistics (which spelling a term is shown by, which terms are
// names: counted from the tokens at every build).

// AnalysisVersion names what the analyser makes of text. Any change to
// tokenising, folding, stemming, stop words, plain text, URL masking,
// sentence splitting or hashing, or to the encoding below, must change it:
// the library then drops what it kept and prepares its articles again.
// TestAnalysisVersion fails when the analysis of the seeds changes and
// this did not.
//
// Version 2 kept each word's position (token.pos) beside it; version 3
// keeps the positions after the words, as the index keeps them
// (positions.go), with what stands before each word (token.before);
// version 4 with what stands after it too (token.after); version 5
// blanks what of an address written without a scheme is not a word
// (maskHosts: "lukedorny.com/updates", the ".com" of "Amazon.com");
// version 6 reads the character references of the text as a renderer
// shows them (PlainText: "&lt;html&gt;" is "<html>", not "lt html gt");
// version 7 indexes a run of Han, Hiragana or Katakana by its
// characters and their bigrams (cjkTokens), not as one word.
const AnalysisVersion = 7

// Analyzer analyses articles for the library, one at a time: not safe for
// concurrent use (make one per goroutine). It remembers spellings, so one
// analyser for many articles stems each spelling once.
type Analyzer struct {
	an  *analyzer
	buf []token
	pc  posCoder
	// The article's terms are numbered in order of first use as the
	// build's workers number them (worker.analyze): each spelling
	// remembers its term's slot, which remembers the article it last
	// numbered (doc) and the term's number there (at), so that a token
	// costs no map lookup; slots finds a term's slot for a spelling met
	// for the first time. terms counts the article's terms.
	slots map[string]*slot
	doc   int
	terms int
}

// NewAnalyzer makes an Analyzer. It looks short spellings up in the
// open-addressed table the build's workers use (shortWords) before its
// map: without it, a first start that analyses 100,000 articles spent a
// third of its analysis hashing spellings.
func NewAnalyzer() *Analyzer {
	an := newAnalyzer()
	an.short = newShortWords(0)
	return &Analyzer{an: an, slots: map[string]*slot{}}
}

// Analysed is one article's analysis, before its spellings have ids (see
// Lexicon.Encode).
type Analysed struct {
	clean     bool // title and body were safe as given: Build need not sanitise them again
	key       [sha256.Size]byte
	title     []*word
	sentences []analysedSentence
	// positions are the words' positions as the index keeps them
	// (posCoder.encode: by term in order of first use); nil for an
	// article too long to keep them.
	positions []byte
}

type analysedSentence struct {
	hash   uint64 // 0: tokens outside any sentence
	tokens []*word
	opener []bool
}

// Analyze analyses an article's title and body as Build would: sanitised,
// Markdown made plain, URLs blanked.
func (z *Analyzer) Analyze(title, body string) *Analysed {
	ct, cb := safe.LineMax(title, safe.MaxLine), safe.Text(body)
	a := &Analysed{clean: ct == title && cb == body, key: contentHash(ct, cb)}
	z.doc++
	z.terms = 0
	z.pc.reset()
	add := func(t token, base int32) {
		sl := t.word.slot
		if sl == nil {
			if sl = z.slots[t.term]; sl == nil {
				sl = &slot{doc: -1}
				z.slots[t.term] = sl
			}
			t.word.slot = sl
		}
		if sl.doc != z.doc {
			sl.doc, sl.at = z.doc, z.terms
			z.terms++
		}
		z.pc.add(int32(sl.at), base+t.pos, t.before, t.after)
	}
	z.buf = z.an.tokens(ct, z.buf[:0])
	for _, t := range z.buf {
		a.title = append(a.title, t.word)
		add(t, 0)
	}
	base := int32(1) // the body's positions start two on from the title's last
	if len(z.buf) > 0 {
		base = z.buf[len(z.buf)-1].pos + 2
	}
	text := maskURLs(PlainText(cb))
	spans, hashes := sentenceHashes(text)
	// Every sentence, in order, with the tokens that start in it (as
	// inSpans tells it); tokens outside every sentence (none: sentences
	// cover all but white space) go in a sentence of their own, hash 0,
	// never boilerplate.
	a.sentences = make([]analysedSentence, 0, len(spans))
	emitted, k, cur := 0, 0, -1
	open := func(upto int) {
		for ; emitted <= upto; emitted++ {
			a.sentences = append(a.sentences, analysedSentence{hash: hashes[emitted]})
		}
		cur = len(a.sentences) - 1
	}
	z.buf = z.an.tokens(text, z.buf[:0])
	for _, t := range z.buf {
		for k < len(spans) && spans[k].end <= t.start {
			k++
		}
		if k < len(spans) && spans[k].start <= t.start {
			if emitted <= k {
				open(k)
			}
		} else {
			open(k - 1)
			if cur < 0 || a.sentences[cur].hash != 0 {
				a.sentences = append(a.sentences, analysedSentence{})
				cur = len(a.sentences) - 1
			}
		}
		s := &a.sentences[cur]
		s.tokens = append(s.tokens, t.word)
		s.opener = append(s.opener, t.opener)
		add(t, base)
	}
	open(len(spans) - 1)
	if pos, ok := z.pc.encode(z.terms, func(int, int) {}); ok {
		a.positions = slices.Clone(pos)
	}
	return a
}

// A Lexicon numbers spellings for prepared articles: the library keeps
// one, append-only, so that an article's analysis is a list of small
// numbers. Not safe for concurrent use.
type Lexicon struct {
	words  []lexWord
	bySurf map[string]int32
	terms  []string
	termID map[string]int32

	// What Keep gave: a kept placement and where to save a new one
	// (placement.go).
	keptRows      [][]byte
	save          func(at int, encode func() []byte)
	placed        func(PlacementOffered)
	keptOnce      sync.Once
	keptPlacement *placement
	// What KeepIndex gave: a kept index, and where to keep one
	// (keptindex.go).
	index *KeptIndex
	// gen counts the Truncates: a number a spelling remembers from
	// before one may be another spelling's (Encode).
	gen int
}

type lexWord struct {
	surface string
	term    int32 // into terms
	capital bool
	spell   uint8 // spellBits(surface)
}

// NewLexicon makes an empty Lexicon.
func NewLexicon() *Lexicon {
	return &Lexicon{bySurf: map[string]int32{}, termID: map[string]int32{}}
}

// Len is how many spellings the lexicon holds.
func (lx *Lexicon) Len() int { return len(lx.words) }

func (lx *Lexicon) add(surface, term string) int32 {
	id := int32(len(lx.words))
	t, ok := lx.termID[term]
	if !ok {
		t = int32(len(lx.terms))
		lx.terms = append(lx.terms, term)
		lx.termID[term] = t
	}
	first, _ := utf8.DecodeRuneInString(surface)
	lx.words = append(lx.words, lexWord{surface: surface, term: t, capital: unicode.IsUpper(first), spell: spellBits(surface)})
	lx.bySurf[surface] = id
	return id
}

// Truncate forgets the spellings from n on (those of a transaction that
// failed).
func (lx *Lexicon) Truncate(n int) {
	if n < 0 || n >= len(lx.words) {
		return
	}
	for _, w := range lx.words[n:] {
		delete(lx.bySurf, w.surface)
	}
	lx.words = lx.words[:n]
	lx.gen++ // what spellings remember of their numbers (Encode) is void
	// Terms only the forgotten spellings used stay: harmless, and never
	// written.
}

// Chunk encodes the spellings from n on, for AppendChunk.
func (lx *Lexicon) Chunk(n int) []byte {
	var b []byte
	for _, w := range lx.words[n:] {
		b = binary.AppendUvarint(b, uint64(len(w.surface)))
		b = append(b, w.surface...)
		t := lx.terms[w.term]
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	return b
}

var errPrepared = errors.New("damaged analysis")

// AppendChunk adds the spellings of a chunk made by Chunk. A damaged
// chunk adds nothing and is an error.
func (lx *Lexicon) AppendChunk(data []byte) error {
	type entry struct{ surface, term string }
	var es []entry
	for len(data) > 0 {
		var e [2]string
		for k := range e {
			n, m := binary.Uvarint(data)
			if m <= 0 || n > uint64(len(data)-m) {
				return errPrepared
			}
			e[k] = string(data[m : m+int(n)])
			data = data[m+int(n):]
		}
		es = append(es, entry{e[0], e[1]})
	}
	for _, e := range es {
		lx.add(e.surface, e.term)
	}
	return nil
}

// Encode gives an analysis in the lexicon's numbers, adding the spellings
// it has not met. A spelling remembers its number in the last lexicon
// that encoded it (word.lex), so that a token costs no map lookup: a
// third of what Encode cost at a first start. Encode may run beside the
// Analyzer that made a (on another goroutine), as that touches no field
// Encode does.
func (lx *Lexicon) Encode(a *Analysed) []byte {
	id := func(w *word) uint64 {
		if w.lex == lx && w.lexGen == lx.gen {
			return uint64(w.lexID)
		}
		i, ok := lx.bySurf[w.surface]
		if !ok {
			i = lx.add(w.surface, w.term)
		}
		w.lex, w.lexGen, w.lexID = lx, lx.gen, i
		return uint64(i)
	}
	b := make([]byte, 0, 64+2*len(a.title))
	if a.clean {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = append(b, a.key[:]...)
	b = binary.AppendUvarint(b, uint64(len(a.title)))
	for _, w := range a.title {
		b = binary.AppendUvarint(b, id(w))
	}
	b = binary.AppendUvarint(b, uint64(len(a.sentences)))
	for _, s := range a.sentences {
		b = binary.LittleEndian.AppendUint64(b, s.hash)
		b = binary.AppendUvarint(b, uint64(len(s.tokens)))
		for k, w := range s.tokens {
			v := id(w) << 1
			if s.opener[k] {
				v |= 1
			}
			b = binary.AppendUvarint(b, v)
		}
	}
	// The positions, as the index keeps them: a build copies them, or
	// finds the article too long (none kept) and checks its text.
	return append(b, a.positions...)
}

// Prepared is an article's analysis as the library keeps it, for Build.
type Prepared struct {
	lex  *Lexicon
	data []byte
}

// Prepared gives the prepared analysis data encodes (made by Encode with
// this lexicon's numbers), for an Article's Prepared field. The lexicon
// must not change while a Build reads it.
func (lx *Lexicon) Prepared(data []byte) *Prepared { return &Prepared{lex: lx, data: data} }

// preparedDoc is a prepared article read back: the numbers checked, the
// sentences' hashes out, the tokens left in data for decodeTerms.
type preparedDoc struct {
	p      *Prepared // nil: not prepared, or damaged
	ok     bool
	clean  bool
	key    [sha256.Size]byte
	hashes []uint64
}

// header checks the whole of p's data and gives its header and the
// hashes of its sentences; ok is false for damaged data.
func (p *Prepared) header() (d preparedDoc, ok bool) {
	data := p.data
	if len(data) < 1+sha256.Size {
		return preparedDoc{}, false
	}
	d.clean = data[0] == 1
	copy(d.key[:], data[1:])
	data = data[1+sha256.Size:]
	words := uint64(len(p.lex.words))
	uv := func() (uint64, bool) {
		v, m := binary.Uvarint(data)
		if m <= 0 {
			return 0, false
		}
		data = data[m:]
		return v, true
	}
	n, ok := uv()
	if !ok || n > uint64(len(data)) {
		return preparedDoc{}, false
	}
	for range n {
		if v, ok := uv(); !ok || v >= words {
			return preparedDoc{}, false
		}
	}
	tokens := n
	ns, ok := uv()
	if !ok || ns > uint64(len(data))/9 {
		return preparedDoc{}, false
	}
	d.hashes = make([]uint64, ns)
	for s := range ns {
		if len(data) < 8 {
			return preparedDoc{}, false
		}
		d.hashes[s] = binary.LittleEndian.Uint64(data)
		data = data[8:]
		nt, ok := uv()
		if !ok || nt > uint64(len(data)) {
			return preparedDoc{}, false
		}
		for range nt {
			if v, ok := uv(); !ok || v>>1 >= words {
				return preparedDoc{}, false
			}
		}
		tokens += nt
	}
	// The positions: one a token, or none (too long to keep them).
	if len(data) != 0 {
		if tokens > maxPositioned {
			return preparedDoc{}, false
		}
		// As many varints as tokens, the last ended: counted by their
		// last bytes, not decoded (a tenth of a second at 100,000).
		ends := uint64(0)
		for _, c := range data {
			if c < 0x80 {
				ends++
			}
		}
		if ends != tokens || data[len(data)-1] >= 0x80 {
			return preparedDoc{}, false
		}
	}
	d.p, d.ok = p, true
	return d, true
}

// firstLexicon is the lexicon of the first prepared article: a build
// reads the prepared articles of one library, and reads any other's text.
func firstLexicon(arts []Article) *Lexicon {
	for i := range arts {
		if p := arts[i].Prepared; p != nil {
			return p.lex
		}
	}
	return nil
}

// decoder turns prepared articles into the index's terms, on one core:
// stamps per lexicon term find a term's place in the article without a
// map, and counts per spelling gather the spelling statistics.
type decoder struct {
	lex   *Lexicon
	stamp []int32
	at    []int32
	words []decWord // per spelling
	buf   []pterm
	slab  []pcount // what terms gives is cut from here
}

// decWord is what a decoder reads and counts of a spelling at each of its
// uses, in one place: 16 bytes, against the lexicon's 24 of what it
// reads and two more counts elsewhere (a token touched three places in
// tables too big for a core's cache).
type decWord struct {
	term   int32 // into the lexicon's terms
	n, mid int32 // occurrences; in a body, not opening a sentence
	spell  uint8 // spellBits of the spelling
}

// pterm is one term of a prepared article: its lexicon term and counts,
// as docTerm holds them for an article read from its text.
type pterm struct {
	t                int32
	body, title, rel int32
	plen             int32 // bytes of its positions (posCoder)
	spell            uint8 // its spellings' bits (spellBits)
}

// pcount is a pterm as the build holds it until the postings are made:
// its counts as the postings keep them (at most 65,535; the title's 255).
// 12 bytes, not 16: every term of every article is one, 26 million at
// 100,000 articles, all alive at once beside the postings, which is the
// build's peak. plen is the length of its positions (posCoder), in the 2
// bytes the others leave, title and spell share two more.
type pcount struct {
	t               int32
	body, rel, plen uint16
	title, spell    uint8
}

func newDecoder(lex *Lexicon) *decoder {
	words := make([]decWord, len(lex.words))
	for i, w := range lex.words {
		words[i] = decWord{term: w.term, spell: w.spell}
	}
	return &decoder{lex: lex, stamp: make([]int32, len(lex.terms)), at: make([]int32, len(lex.terms)), words: words}
}

// terms gives the terms of prepared article doc (checked by header), in
// order of first use as worker.analyze gives them, as lexicon terms; repeated says which of
// its sentences are boilerplate (nil: none). length is the article's
// length as the index weighs it (docLen), from the counts before they
// are capped. pos is their positions (posCoder.encode), long true for an
// article too long to keep them.
func (dc *decoder) terms(doc int, p *Prepared, repeated []bool) (_ []pcount, pos []byte, long bool, length int) {
	stamp := int32(doc + 1)
	data := p.data[1+sha256.Size:]
	uv := func() uint64 {
		if b := data[0]; b < 0x80 { // most: a common word's number, a count
			data = data[1:]
			return uint64(b)
		}
		v, m := binary.Uvarint(data)
		data = data[m:]
		return v
	}
	terms := dc.buf[:0]
	use := func(dw *decWord) *pterm {
		t := dw.term
		dw.n++
		if dc.stamp[t] != stamp {
			dc.stamp[t], dc.at[t] = stamp, int32(len(terms))
			terms = append(terms, pterm{t: t})
		}
		pt := &terms[dc.at[t]]
		pt.spell |= dw.spell
		return pt
	}
	for range uv() {
		use(&dc.words[uv()]).title++
	}
	ns := uv()
	for s := range ns {
		data = data[8:]
		boiler := repeated != nil && repeated[s]
		for range uv() {
			v := uv()
			dw := &dc.words[v>>1]
			t := use(dw)
			t.body++
			if !boiler {
				t.rel++
			}
			if v&1 == 0 {
				dw.mid++
			}
		}
	}
	// What is left is the positions, term by term as the index keeps
	// them, or nothing: each term's are as many as it is used.
	pos, long = data, len(data) == 0
	for j := range terms {
		if long {
			break
		}
		rest, short := skipCount(data, int(terms[j].title+terms[j].body))
		n := len(data) - len(rest)
		if short || n > math.MaxUint16 || terms[j].title > math.MaxUint8 { // damaged: fewer than the tokens, or an article longer than header allows, or a title longer than a title can be
			long = true
			break
		}
		terms[j].plen, data = int32(n), rest
	}
	long = long || len(data) != 0 // more than the tokens: damaged
	if long {
		pos = nil
		for j := range terms {
			terms[j].plen = 0
		}
	}
	dc.buf = terms
	// Cut from a slab: one allocation for hundreds of articles, not one
	// each.
	if cap(dc.slab)-len(dc.slab) < len(terms) {
		dc.slab = make([]pcount, 0, max(min(ptermSlab, 2*cap(dc.slab)), 4096, len(terms))) // growing: a small store wastes little
	}
	start := len(dc.slab)
	for _, t := range terms {
		dc.slab = append(dc.slab, pcount{t: t.t, body: clamp16(int(t.body)), title: uint8(min(t.title, math.MaxUint8)), rel: clamp16(int(t.rel)), plen: uint16(t.plen), spell: t.spell})
		length += int(t.body) + titleWeight*int(t.title)
	}
	return dc.slab[start:len(dc.slab):len(dc.slab)], pos, long && len(terms) > 0, length
}

// ptermSlab is how many terms a decoder's slab holds at most.
const ptermSlab = 1 << 16

// words gives the spellings the decoders counted, as the analyzer's words
// keyed by spelling, for the spelling statistics and for queries.
func lexWords(lex *Lexicon, slots []slot, decs []*decoder) map[string]*word {
	m := make(map[string]*word)
	for i, lw := range lex.words {
		n, mid := 0, 0
		for _, dc := range decs {
			n += int(dc.words[i].n)
			mid += int(dc.words[i].mid)
		}
		if n == 0 {
			continue
		}
		m[lw.surface] = &word{surface: lw.surface, term: lex.terms[lw.term], capital: lw.capital, n: n, mid: mid, slot: &slots[lw.term]}
	}
	return m
}
