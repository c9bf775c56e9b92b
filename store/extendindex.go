package store

import (
	"cmp"
	"encoding/binary"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/lede-reader/lede/store/safe"
)

// Extending a kept index: the library's articles are the ones its kept
// index was built of and some changes since (an update's new items, the
// common change; a few items edited; a feed removed), so the build reads
// the kept index and indexes only the new articles, from their
// analyses, and takes the old ones' out, instead of indexing every
// article's (keptindex.go). The store is the store a build from the
// analyses makes, to the bit (TestExtendedIsTheSameStore): what depends
// on more than one article is made again as a build makes it.
//
//   - Article numbers: the kept articles keep their order, so each maps
//     to its new number monotonically and every posting list stays in
//     article order; the new articles' postings merge in, and those of
//     the kept articles edited or removed since (gone) are left out.
//     An edited article is a gone one and a new one.
//   - A gone article's share of what depends on more than one article
//     is taken back from the analysis it had when the index was built,
//     which the library kept for it (KeptIndex.Was; checked against the
//     index: its text's hash, and each of its postings): its spellings'
//     counts, its sentences' counts, its terms' counts of articles.
//   - Term numbers: a build numbers terms in order of first use, article
//     by article. A kept term's first article is kept (first, in the
//     header), or a new one that uses it earlier, or, where its first is
//     gone, the next kept one that has it (read from its postings) and
//     the order of use there (that article's analysis, asked of the
//     library); within one article, terms are numbered in order of use,
//     which the kept numbering gives for a kept article and the analysis
//     for a new one. A term no article uses any more goes.
//   - Spellings: their counts are kept, the new articles' added, the
//     gone ones' taken off (a spelling counted nowhere goes); each
//     term's display form and whether it is a name are learnt again.
//   - Boilerplate: how many of each source's articles have each
//     sentence is kept (sentences); a kept article whose boilerplate the
//     change moves (a sentence crossing its source's threshold) is not
//     extended (its counts for related stories would change).
//   - Everything weighed by the articles' number, document frequencies
//     or lengths (idf, the vectors, each article's heaviest terms) is
//     made again from the postings, as a build makes it.
//
// A copy of a kept article (the same text again, merged into it) that
// goes takes nothing with it; the kept article going, the next copy that
// stays is the article, a new one, of the same analysis.
//
// What it does not extend, and builds from the analyses as before: a
// kept article out of its order, or gone without the analysis it had
// (the library did not keep it); a copy of a kept article new before it
// (its place moves); an article not prepared by this library (the seeds
// beside it); more new and gone articles than ExtendShare of the whole.

// ExtendShare is the largest share of a build's articles an extension
// indexes or takes out; past it, a build from the analyses costs about as much. The
// library asks for an extension only within it (library.extendable).
const ExtendShare = 0.25

// sourceSentences is how many of one source's articles have each of
// their sentences, by hash (sentenceHash).
type sourceSentences struct {
	source string
	items  int      // the source's articles
	hashes []uint64 // ascending
	counts []uint32 // beside each hash: how many of its articles have it
}

// with gives s with articles docs (their sentences' hashes in hashes)
// counted too.
func (s sourceSentences) with(hashes [][]uint64, docs []int) sourceSentences {
	s.items += len(docs)
	return s.plus(sentenceCounts(hashes, docs))
}

// plus gives s with the counts of count added (its items as they are).
func (s sourceSentences) plus(count map[uint64]uint32) sourceSentences {
	out := sourceSentences{source: s.source, items: s.items}
	added := slices.Sorted(maps.Keys(count))
	out.hashes = make([]uint64, 0, len(s.hashes)+len(added))
	out.counts = make([]uint32, 0, len(s.hashes)+len(added))
	i, j := 0, 0
	for i < len(s.hashes) || j < len(added) {
		switch {
		case j == len(added) || i < len(s.hashes) && s.hashes[i] < added[j]:
			out.hashes, out.counts = append(out.hashes, s.hashes[i]), append(out.counts, s.counts[i])
			i++
		case i == len(s.hashes) || added[j] < s.hashes[i]:
			out.hashes, out.counts = append(out.hashes, added[j]), append(out.counts, count[added[j]])
			j++
		default:
			out.hashes, out.counts = append(out.hashes, added[j]), append(out.counts, s.counts[i]+count[added[j]])
			i++
			j++
		}
	}
	return out
}

// minus gives s with articles docs (their sentences' hashes in hashes)
// taken out, a sentence none has any more gone; false where s did not
// count them.
func (s sourceSentences) minus(hashes [][]uint64, docs []int) (sourceSentences, bool) {
	count := sentenceCounts(hashes, docs)
	if len(docs) > s.items {
		return s, false
	}
	out := sourceSentences{source: s.source, items: s.items - len(docs)}
	out.hashes = make([]uint64, 0, len(s.hashes))
	out.counts = make([]uint32, 0, len(s.hashes))
	taken := 0
	for k, h := range s.hashes {
		c, ok := count[h]
		if ok {
			if c > s.counts[k] {
				return s, false
			}
			taken++
		}
		if c < s.counts[k] {
			out.hashes, out.counts = append(out.hashes, h), append(out.counts, s.counts[k]-c)
		}
	}
	return out, taken == len(count)
}

// count is how many of the source's articles have sentence h.
func (s *sourceSentences) count(h uint64) int {
	if k, ok := slices.BinarySearch(s.hashes, h); ok {
		return int(s.counts[k])
	}
	return 0
}

// append encodes s for a kept index.
func (s *sourceSentences) append(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(s.source)))
	b = append(b, s.source...)
	b = binary.AppendUvarint(b, uint64(s.items))
	b = binary.AppendUvarint(b, uint64(len(s.hashes)))
	for k, h := range s.hashes {
		b = binary.LittleEndian.AppendUint64(b, h)
		b = binary.AppendUvarint(b, uint64(s.counts[k]))
	}
	return b
}

// decodeSentences reads a part of sourceSentences.
func decodeSentences(body []byte) ([]sourceSentences, bool) {
	r := &decoding{b: body}
	var out []sourceSentences
	for len(r.b) > 0 && !r.bad {
		s := sourceSentences{source: r.str(), items: int(r.uv())}
		nh := r.count(9)
		s.hashes, s.counts = make([]uint64, nh), make([]uint32, nh)
		for k := range nh {
			b := r.bytes(8)
			c := r.uv()
			if r.bad || c == 0 || c > uint64(s.items) || k > 0 && binary.LittleEndian.Uint64(b) <= s.hashes[k-1] {
				return nil, false
			}
			s.hashes[k], s.counts[k] = binary.LittleEndian.Uint64(b), uint32(c)
		}
		out = append(out, s)
	}
	return out, !r.bad
}

// newDoc is an article an extension indexes: its number in the store,
// its analysis, and what the decoder made of it.
type newDoc struct {
	doc    int32
	p      preparedDoc
	source string
	terms  []pcount
	pos    []byte
	long   bool
	length int
}

// goneDoc is a kept article an extension takes out, edited or removed
// since the index was built: its number in the kept index, the analysis
// and source it had then (KeptIndex.Was), and what the decoder made of
// it.
type goneDoc struct {
	doc    int32
	p      preparedDoc
	source string
	terms  []pcount
	long   bool
}

// extension is what extends a kept index: the inputs of the build, the
// new articles and the gone ones, and the kept ones' numbers in the
// store.
type extension struct {
	in    indexInput
	docs  []newDoc
	gone  []goneDoc
	newOf []int32 // each kept article's number in the store; -1 for a gone one
	// keptID and keptKey are each kept article's ID and text's hash
	// (its first input's).
	keptID  []string
	keptKey [][32]byte
	total   int
}

// planExtension tells, from the inputs of the kept index of header h
// (decodeInputs) and the articles of a build, whether the index may be
// extended by the articles it was not built of and rid of those gone
// (see above), and how; nil where not.
func (lx *Lexicon) planExtension(h *keptHeader, arts []Article) *extension {
	old := &h.in
	for i := range old.ids {
		if !old.prepared[i] || !old.ok[i] || old.textless[i] {
			return nil
		}
	}
	// Inputs by ID: the library's are unique; a build's of another
	// source may repeat one for copies.
	byID := make(map[string][]int32, len(old.ids))
	for i, id := range old.ids {
		byID[id] = append(byID[id], int32(i))
	}
	// The kept articles: the first input of each text (keptIn).
	keptDoc := make(map[[32]byte]int32, h.n)
	keptID, keptKey, keptIn := make([]string, h.n), make([][32]byte, h.n), make([]int, h.n)
	for i, k := range old.keys {
		if _, ok := keptDoc[k]; !ok {
			j := int32(len(keptDoc))
			keptDoc[k], keptID[j], keptKey[j], keptIn[j] = j, old.ids[i], k, i
		}
	}
	// The inputs: one the library gave without its analysis is a kept
	// one (by ID), unchanged since; one with, changed or new.
	n := len(arts)
	in := indexInput{ids: make([]string, n), keys: make([][32]byte, n), prepared: make([]bool, n), ok: make([]bool, n), textless: make([]bool, n), text: make([][32]byte, n)}
	fresh := map[int]preparedDoc{}
	claimed := make([]bool, len(old.ids))
	for i := range arts {
		a := &arts[i]
		p := a.Prepared
		if p == nil || p.lex != lx {
			return nil
		}
		in.ids[i], in.prepared[i], in.ok[i] = a.ID, true, true
		if !p.HasAnalyses() {
			js := byID[a.ID]
			if len(js) == 0 {
				return nil
			}
			in.keys[i] = old.keys[js[0]]
			claimed[js[0]] = true
			byID[a.ID] = js[1:]
			continue
		}
		d, ok := p.header()
		if !ok {
			return nil
		}
		in.keys[i] = d.key
		fresh[i] = d
	}
	// The kept articles whose first input no unchanged article claims
	// were edited or removed since: they go, taken back by the analyses
	// they had, which the library kept. (A copy of a kept article, not
	// its first input, that goes takes nothing with it.)
	var goneIn []int
	var goneIDs []string
	for j, i := range keptIn {
		if !claimed[i] {
			goneIn, goneIDs = append(goneIn, j), append(goneIDs, old.ids[i])
		}
	}
	isGone := make([]bool, h.n)
	var gone []goneDoc
	then := map[[32]byte]preparedDoc{} // a gone article's analysis, by its text
	if len(goneIn) > 0 {
		if lx.index.Was == nil || float64(len(goneIn)) > ExtendShare*float64(h.n) {
			return nil
		}
		was := lx.index.Was(goneIDs)
		if len(was) != len(goneIn) {
			return nil
		}
		for k, j := range goneIn {
			if len(was[k].Analysis) == 0 {
				return nil // its analysis not kept
			}
			d, ok := lx.Prepared(was[k].Analysis).header()
			if !ok || d.key != keptKey[j] {
				return nil // not the analysis of the text it had
			}
			isGone[j] = true
			then[d.key] = d
			gone = append(gone, goneDoc{doc: int32(j), p: d, source: strings.TrimSpace(safe.Line(was[k].Source))})
		}
	}
	// The articles the build keeps (the first input of each text), as
	// Build merges them: each kept one in its order, the rest new.
	newOf := make([]int32, h.n)
	for j := range newOf {
		newOf[j] = -1
	}
	seen := make(map[[32]byte]bool, n)
	var docs []newDoc
	nd, last, mapped := int32(0), int32(-1), 0
	for i := range arts {
		k := in.keys[i]
		if seen[k] {
			continue
		}
		seen[k] = true
		d, changed := fresh[i]
		if j, ok := keptDoc[k]; ok && !isGone[j] {
			if changed || j <= last {
				return nil // its source or place may have changed
			}
			last, newOf[j] = j, nd
			mapped++
		} else {
			if !changed {
				// Unchanged, a copy of a gone kept article's text: the
				// article is this copy now, of that text's analysis.
				if d, changed = then[k]; !changed {
					return nil
				}
			}
			docs = append(docs, newDoc{doc: nd, p: d, source: strings.TrimSpace(safe.Line(arts[i].Source))})
		}
		nd++
	}
	total := int(nd)
	if mapped+len(gone) != h.n || float64(len(docs)+len(gone)) > ExtendShare*float64(total) {
		return nil
	}
	return &extension{in: in, docs: docs, gone: gone, newOf: newOf, keptID: keptID, keptKey: keptKey, total: total}
}

// rankDoc is a kept article that became the first to use a term whose
// first article is gone: its terms in order of use (its analysis, asked
// of the library) number them as a build would.
type rankDoc struct {
	doc   int32 // in the kept index
	terms []pcount
}

// extendIndex gives the kept index of header h (decoded whole) extended
// as planned; nil where it cannot be.
func (lx *Lexicon) extendIndex(h *keptHeader, plan *extension) *keptIndex {
	if len(h.ix.known) == 0 {
		return nil
	}
	for _, m := range h.ix.known[:len(h.ix.known)-1] {
		if len(m) > 0 { // spellings of articles read from their text
			return nil
		}
	}
	in, docs, gone := plan.in, plan.docs, plan.gone
	// The sentences of each source the new articles come from or the
	// gone ones went from: theirs counted in or out, and whether any
	// kept article's boilerplate changes.
	k := lx.index
	termRows, docRows := len(h.termCuts)-1, len(h.docCuts)-1
	parts := make([][]sourceSentences, len(h.sentCut)-1)
	if !h.readRows(k, 1+termRows+docRows, len(parts), func(seq int, body []byte) bool {
		var ok bool
		parts[seq-1-termRows-docRows], ok = decodeSentences(body)
		return ok
	}) {
		return nil
	}
	sentences := slices.Concat(parts...)
	if !slices.IsSortedFunc(sentences, func(a, b sourceSentences) int { return cmp.Compare(a.source, b.source) }) {
		return nil
	}
	// The new articles' sentences at 0.., the gone ones' after.
	hashes := make([][]uint64, len(docs)+len(gone))
	comes, goes := map[string][]int{}, map[string][]int{}
	for k, d := range docs {
		hashes[k] = d.p.hashes
		comes[d.source] = append(comes[d.source], k)
	}
	for k, g := range gone {
		hashes[len(docs)+k] = g.p.hashes
		goes[g.source] = append(goes[g.source], len(docs)+k)
	}
	repeated := make([][]bool, len(hashes))
	sources := slices.Sorted(maps.Keys(comes))
	for src := range goes {
		if _, ok := comes[src]; !ok {
			sources = append(sources, src)
		}
	}
	slices.Sort(sources)
	changed := make([]sourceSentences, 0, len(sources)) // in order of source
	for _, src := range sources {
		at, found := slices.BinarySearchFunc(sentences, src, func(s sourceSentences, src string) int { return cmp.Compare(s.source, src) })
		was := sourceSentences{source: src}
		if found {
			was = sentences[at]
		}
		kept, ok := was.minus(hashes, goes[src])
		if !ok {
			return nil // the index did not count the gone ones' sentences
		}
		now := kept.with(hashes, comes[src])
		needWas, needNow := boilerNeed(was.items), boilerNeed(now.items)
		for k, h := range now.hashes {
			if kept.count(h) > 0 && (was.count(h) >= needWas) != (int(now.counts[k]) >= needNow) {
				return nil // a kept article's boilerplate changes
			}
		}
		for _, k := range goes[src] {
			repeated[k] = repeatedIn(hashes[k], func(h uint64) bool { return was.count(h) >= needWas })
		}
		for _, k := range comes[src] {
			repeated[k] = repeatedIn(hashes[k], func(h uint64) bool { return now.count(h) >= needNow })
		}
		changed = append(changed, now)
	}
	// The sources' counts now: the kept ones with the changed in their
	// place, a source left with no article out (merged, not inserted or
	// deleted one by one: a library of files is a source a file).
	in.sentences = make([]sourceSentences, 0, len(sentences)+len(changed))
	i := 0
	for _, c := range changed {
		for ; i < len(sentences) && sentences[i].source < c.source; i++ {
			in.sentences = append(in.sentences, sentences[i])
		}
		if i < len(sentences) && sentences[i].source == c.source {
			i++
		}
		if c.items > 0 {
			in.sentences = append(in.sentences, c)
		}
	}
	in.sentences = append(in.sentences, sentences[i:]...)
	// Where a gone article was the first to use a term, the next kept
	// one that uses it may be now: its order of use numbers the term.
	isGone := make([]bool, h.n)
	for _, g := range gone {
		isGone[g.doc] = true
	}
	after, ok := h.nextUsers(k, isGone)
	if !ok {
		return nil
	}
	var ranked []rankDoc
	var rankData [][]byte
	if len(gone) > 0 {
		byDoc := map[int32]bool{}
		for _, j := range after {
			if j >= 0 {
				byDoc[j] = true
			}
		}
		for _, j := range slices.Sorted(maps.Keys(byDoc)) {
			ranked = append(ranked, rankDoc{doc: j})
		}
		if len(ranked) > 0 {
			if k.Analyses == nil {
				return nil
			}
			ids := make([]string, len(ranked))
			for r, d := range ranked {
				ids[r] = plan.keptID[d.doc]
			}
			// Asked before any decoder is made: the library may number
			// more spellings as it reads them.
			if rankData = k.Analyses(ids); len(rankData) != len(ids) {
				return nil
			}
		}
	}
	// The new articles' terms, and their spellings counted; the gone
	// ones', counted apart; the order of use of those that rank terms.
	dc, gc := newDecoder(lx), newDecoder(lx)
	for k := range docs {
		d := &docs[k]
		d.terms, d.pos, d.long, d.length = dc.terms(int(d.doc), d.p.p, repeated[k])
	}
	for k := range gone {
		g := &gone[k]
		g.terms, _, g.long, _ = gc.terms(int(g.doc), g.p.p, repeated[len(docs)+k])
	}
	if len(ranked) > 0 {
		rc := newDecoder(lx)
		for r := range ranked {
			d := &ranked[r]
			p, ok := lx.Prepared(rankData[r]).header()
			if !ok || p.key != plan.keptKey[d.doc] {
				return nil
			}
			d.terms, _, _, _ = rc.terms(int(d.doc), p.p, nil)
		}
	}
	kx := h.extend(lx, plan, after, ranked, dc, gc)
	if kx == nil {
		return nil
	}
	in.rels = kx.in.rels // the one input the extension made
	kx.in = in
	return kx
}

// nextUsers gives, for each kept term whose first article is gone, the
// next kept article that uses it (-1: none), read from its postings in
// the rows that hold them; -2 for the rest.
func (h *keptHeader) nextUsers(k *KeptIndex, gone []bool) ([]int32, bool) {
	after := make([]int32, len(h.first))
	upto := map[int]int{} // a row of terms → the last of them to read
	for o, j := range h.first {
		after[o] = -2
		if gone[j] {
			after[o] = -1
			seq, _ := slices.BinarySearch(h.termCuts, o+1)
			upto[seq] = o
		}
	}
	n, kept := int32(h.n), h.ix
	for _, seq := range slices.Sorted(maps.Keys(upto)) {
		read := false
		err := k.Read(seq, seq+1, func(s int, data []byte) error {
			body, ok := unseal(data, h.save)
			if s != seq || !ok {
				return errKeptIndex
			}
			r := &decoding{b: body}
			for o := h.termCuts[seq-1]; o <= upto[seq]; o++ {
				doc := int32(0)
				for kk := range h.df[o] {
					p, _, ok := r.posting(&doc, kk, n)
					if !ok {
						return errKeptIndex
					}
					if after[o] == -1 && !gone[p.doc] {
						after[o] = p.doc
					}
				}
				plen := kept.posOff[o+1] - kept.posOff[o]
				r.bytes(plen)
				if !r.skips(nil, (h.df[o]+skipEvery-1)/skipEvery, plen) {
					return errKeptIndex
				}
			}
			read = true
			return nil
		})
		if err != nil || !read {
			return nil, false
		}
	}
	return after, true
}

// extend makes the index of the kept articles (plan.newOf their numbers
// in the store, less the gone ones) and the new ones, reading the kept
// postings into the arrays sized for the result; dc decoded the new
// articles, gc the gone ones; after and ranked tell the terms whose first
// article is gone where they are first now (nextUsers, rankDoc).
func (h *keptHeader) extend(lx *Lexicon, plan *extension, after []int32, ranked []rankDoc, dc, gc *decoder) *keptIndex {
	docs, gone, newOf, total := plan.docs, plan.gone, plan.newOf, plan.total
	kept := h.ix
	V := len(kept.terms)
	oldLong := make([]bool, h.n)
	for _, j := range kept.long {
		oldLong[j] = true
	}
	// What the gone articles held of each kept term (goneUses, term o's
	// from goneStart[o] on, in article order: gone is), each of their
	// postings to be checked against as it is left out.
	dfLeft := slices.Clone(h.df)
	plenLeft := make([]int, V)
	for o := range V {
		plenLeft[o] = kept.posOff[o+1] - kept.posOff[o]
	}
	type goneUse struct {
		doc int32
		t   pcount
	}
	goneStart := make([]int, V+1)
	goneTerms := make([][]int32, len(gone)) // each one's terms, as kept terms
	for k, g := range gone {
		if g.long != oldLong[g.doc] {
			return nil
		}
		goneTerms[k] = make([]int32, len(g.terms))
		for r, t := range g.terms {
			o, ok := kept.ids[lx.terms[t.t]]
			if !ok {
				return nil
			}
			goneTerms[k][r] = o
			goneStart[o+1]++
			dfLeft[o]--
			plenLeft[o] -= int(t.plen)
			if dfLeft[o] < 0 || plenLeft[o] < 0 {
				return nil
			}
		}
	}
	for o := range V {
		goneStart[o+1] += goneStart[o]
	}
	goneUses := make([]goneUse, goneStart[V])
	goneFill := slices.Clone(goneStart[:V])
	for k, g := range gone {
		for r, t := range g.terms {
			o := goneTerms[k][r]
			goneUses[goneFill[o]] = goneUse{g.doc, t}
			goneFill[o]++
		}
	}
	// Each term's first article in the store, and its rank there
	// (none: no article uses it).
	const none = math.MaxInt32
	first := make([]int32, V)
	rank := make([]int32, V)
	for o := range V {
		first[o], rank[o] = none, none
		switch j := h.first[o]; {
		case newOf[j] >= 0:
			first[o], rank[o] = newOf[j], int32(o)
		case after[o] >= 0:
			first[o] = newOf[after[o]] // ranked below
		}
		if (first[o] == none) != (dfLeft[o] == 0) {
			return nil // the postings and the analyses disagree
		}
	}
	// A kept article that is the first to use a term whose first is
	// gone ranks every term it is the first to use by its order of use.
	if len(ranked) > 0 {
		rankedAt := make(map[int32]bool, len(ranked))
		set := make([]bool, V)
		for _, d := range ranked {
			nd := newOf[d.doc]
			rankedAt[nd] = true
			for r, t := range d.terms {
				o, ok := kept.ids[lx.terms[t.t]]
				if !ok {
					return nil
				}
				if first[o] == nd {
					rank[o], set[o] = int32(r), true
				}
			}
		}
		for o := range V {
			if rankedAt[first[o]] != set[o] {
				return nil
			}
		}
	}
	var extra []string // terms no kept article uses
	lexTo := map[int32]int32{}
	for _, d := range docs {
		for r, t := range d.terms {
			c, ok := lexTo[t.t]
			if !ok {
				key := lx.terms[t.t]
				if o, ok := kept.ids[key]; ok {
					c = o
				} else {
					c = int32(V + len(extra))
					extra = append(extra, key)
					first, rank = append(first, none), append(rank, none)
				}
				lexTo[t.t] = c
			}
			if d.doc < first[c] {
				first[c], rank[c] = d.doc, int32(r)
			}
		}
	}
	// The terms some article uses, in the order a build numbers them.
	var order []int32
	for c := range first {
		if first[c] != none {
			order = append(order, int32(c))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(first[a], first[b]); c != 0 {
			return c
		}
		return cmp.Compare(rank[a], rank[b])
	})
	nterms := len(order)
	perm := make([]int32, len(first)) // kept (or extra) term → its number in the store; -1 gone
	for c := range perm {
		perm[c] = -1
	}
	for id, c := range order {
		perm[c] = int32(id)
	}
	ix := &index{ids: make(map[string]int32, nterms), terms: make([]termInfo, nterms)}
	for id, c := range order {
		key := ""
		if int(c) < V {
			key = kept.terms[c].key
		} else {
			key = extra[int(c)-V]
		}
		ix.terms[id].key = key
		ix.ids[key] = int32(id)
	}
	// The new articles' postings by term, each term's in article order.
	type add struct {
		p   posting
		rel uint16
		pos []byte
	}
	addStart := make([]int, nterms+1)
	for _, d := range docs {
		for _, t := range d.terms {
			addStart[perm[lexTo[t.t]]+1]++
		}
	}
	for id := range nterms {
		addStart[id+1] += addStart[id]
	}
	adds := make([]add, addStart[nterms])
	fill := slices.Clone(addStart[:nterms])
	for _, d := range docs {
		pos := d.pos
		for _, t := range d.terms {
			id := perm[lexTo[t.t]]
			adds[fill[id]] = add{p: posting{doc: d.doc, body: t.body, title: t.title, spell: t.spell}, rel: t.rel, pos: pos[:t.plen:t.plen]}
			fill[id]++
			pos = pos[t.plen:]
		}
	}
	// Sizes, and the arrays they are cut from.
	df := make([]int, nterms)
	ix.posOff = make([]int, nterms+1)
	ix.skipOff = make([]int, nterms+1)
	for id, c := range order {
		plen := 0
		if int(c) < V {
			df[id] = dfLeft[c]
			plen = plenLeft[c]
		}
		for _, a := range adds[addStart[id]:addStart[id+1]] {
			df[id]++
			plen += len(a.pos)
		}
		ix.posOff[id+1] = ix.posOff[id] + plen
		ix.skipOff[id+1] = ix.skipOff[id] + (df[id]+skipEvery-1)/skipEvery
	}
	occurrences := sum(df)
	all, rall := make([]posting, occurrences), make([]uint16, occurrences)
	ix.postings, ix.rels = make([][]posting, nterms), make([][]uint16, nterms)
	for id, c := range df {
		ix.postings[id], all = all[:c:c], all[c:]
		ix.rels[id], rall = rall[:c:c], rall[c:]
	}
	ix.pos = make([]byte, ix.posOff[nterms])
	ix.skips = make([]uint32, ix.skipOff[nterms])
	// Lengths, and the articles too long to keep positions.
	ix.docLen = make([]float32, total)
	long := make([]bool, total)
	for j, d := range newOf {
		if d >= 0 {
			ix.docLen[d], long[d] = kept.docLen[j], oldLong[j]
		}
	}
	for _, d := range docs {
		ix.docLen[d.doc] = float32(d.length)
		long[d.doc] = d.long
	}
	for d, l := range long {
		if l {
			ix.long = append(ix.long, int32(d))
		}
	}
	sumLen := 0.0
	for _, l := range ix.docLen {
		sumLen += float64(l)
	}
	if total > 0 {
		ix.avgLen = sumLen / float64(total)
	}
	// Each term's list: the kept postings (ks, of kept term o, with
	// their positions kpos) less the gone articles', each checked
	// against what the gone article's analysis says of it, with the new
	// ones merged in; the positions cut posting by posting, and the
	// skips of the list as it is now. id < 0: a term no article uses
	// any more, whose postings are all gone.
	type keptPosting struct {
		p   posting
		rel uint16
	}
	merge := func(id int32, o int, ks []keptPosting, kpos []byte) bool {
		var ps []posting
		var rs []uint16
		var as []add
		at, end := 0, 0
		if id >= 0 {
			ps, rs = ix.postings[id], ix.rels[id]
			as = adds[addStart[id]:addStart[id+1]]
			at, end = ix.posOff[id], ix.posOff[id+1]
		}
		var gs []goneUse
		if o >= 0 {
			gs = goneUses[goneStart[o]:goneStart[o+1]]
		}
		base, w, ai, gi := at, 0, 0, 0
		// The kept positions are copied a run at a time, kpos[from:]
		// up to the posting at hand; where a posting's positions start
		// is told (skipCount over every posting since the last told,
		// pend positions) only where it is wanted: at a skip, an article
		// gone or added, and the end.
		from, told, pend := 0, 0, 0
		locate := func() bool {
			if pend > 0 {
				next, short := skipCount(kpos[told:], pend)
				if short {
					return false
				}
				told, pend = len(kpos)-len(next), 0
			}
			return true
		}
		flush := func() bool {
			if !locate() || at+told-from > end {
				return false
			}
			at += copy(ix.pos[at:end], kpos[from:told])
			from = told
			return true
		}
		emit := func(p posting, rel uint16, seg []byte) bool {
			if w >= len(ps) || at+len(seg) > end {
				return false
			}
			if w%skipEvery == 0 {
				ix.skips[ix.skipOff[id]+w/skipEvery] = uint32(at - base)
			}
			ps[w], rs[w] = p, rel
			w++
			at += copy(ix.pos[at:end], seg)
			return true
		}
		for _, kp := range ks {
			npos := 0
			if !oldLong[kp.p.doc] {
				npos = int(kp.p.title) + int(kp.p.body)
			}
			d := newOf[kp.p.doc]
			if d < 0 {
				if gi >= len(gs) || gs[gi].doc != kp.p.doc || !flush() {
					return false
				}
				next, short := skipCount(kpos[told:], npos)
				seg := len(kpos) - len(next) - told
				t := gs[gi].t
				if short || t.body != kp.p.body || t.title != kp.p.title || t.spell != kp.p.spell || t.rel != kp.rel || int(t.plen) != seg {
					return false // not what the gone article's analysis says
				}
				told += seg
				from = told
				gi++
				continue
			}
			if ai < len(as) && as[ai].p.doc < d {
				if !flush() {
					return false
				}
				for ; ai < len(as) && as[ai].p.doc < d; ai++ {
					if !emit(as[ai].p, as[ai].rel, as[ai].pos) {
						return false
					}
				}
			}
			if w >= len(ps) {
				return false
			}
			if w%skipEvery == 0 {
				if !locate() {
					return false
				}
				ix.skips[ix.skipOff[id]+w/skipEvery] = uint32(at + told - from - base)
			}
			p := kp.p
			p.doc = d
			ps[w], rs[w] = p, kp.rel
			w++
			pend += npos
		}
		if !flush() {
			return false
		}
		for ; ai < len(as); ai++ {
			if !emit(as[ai].p, as[ai].rel, as[ai].pos) {
				return false
			}
		}
		return told == len(kpos) && w == len(ps) && at == end && gi == len(gs)
	}
	n := int32(h.n)
	if !h.readRows(lx.index, 1, len(h.termCuts)-1, func(seq int, body []byte) bool {
		r := &decoding{b: body}
		var ks []keptPosting
		for o := h.termCuts[seq-1]; o < h.termCuts[seq]; o++ {
			id := perm[o]
			plen := kept.posOff[o+1] - kept.posOff[o]
			nskips := (h.df[o] + skipEvery - 1) / skipEvery
			doc := int32(0)
			if id >= 0 && addStart[id] == addStart[id+1] && dfLeft[o] == h.df[o] {
				// No article of its comes or goes: its postings, their
				// positions and skips as kept.
				ps, rs := ix.postings[id], ix.rels[id]
				for kk := range ps {
					p, rel, ok := r.posting(&doc, kk, n)
					if !ok || newOf[p.doc] < 0 {
						return false
					}
					p.doc = newOf[p.doc]
					ps[kk], rs[kk] = p, rel
				}
				copy(ix.pos[ix.posOff[id]:ix.posOff[id+1]], r.bytes(plen))
				if !r.skips(ix.skips[ix.skipOff[id]:ix.skipOff[id]+nskips], nskips, plen) {
					return false
				}
				continue
			}
			ks = ks[:0]
			for kk := range h.df[o] {
				p, rel, ok := r.posting(&doc, kk, n)
				if !ok {
					return false
				}
				ks = append(ks, keptPosting{p, rel})
			}
			kpos := r.bytes(plen)
			if !r.skips(nil, nskips, plen) || !merge(id, o, ks, kpos) {
				return false
			}
		}
		return len(r.b) == 0
	}) {
		return nil
	}
	for e := range extra {
		if !merge(perm[V+e], -1, nil, nil) {
			return nil
		}
	}
	// What depends on every article, as assembleIndex makes it.
	for id := range ix.terms {
		ix.terms[id].idf = bm25IDF(total, len(ix.postings[id]))
	}
	slots := h.slots
	for o := range V {
		slots[o].id = perm[o]
	}
	extraSlots := make([]slot, len(extra))
	for e := range extra {
		extraSlots[e] = slot{doc: -1, id: perm[V+e]}
	}
	ix.known = kept.known
	lexMap := ix.known[len(ix.known)-1]
	// The gone articles' spellings taken off (a spelling no article
	// uses any more goes), the new ones' counted in.
	for i, lw := range lx.words {
		gw := gc.words[i]
		if gw.n == 0 {
			continue
		}
		w, ok := lexMap[lw.surface]
		if !ok || w.term != lx.terms[lw.term] || int(gw.n) > w.n || int(gw.mid) > w.mid {
			return nil
		}
		w.n -= int(gw.n)
		w.mid -= int(gw.mid)
		if w.n == 0 {
			delete(lexMap, lw.surface)
		}
	}
	for i, lw := range lx.words {
		dw := dc.words[i]
		if dw.n == 0 {
			continue
		}
		if w, ok := lexMap[lw.surface]; ok {
			if w.term != lx.terms[lw.term] || w.surface != lw.surface {
				return nil
			}
			w.n += int(dw.n)
			w.mid += int(dw.mid)
			continue
		}
		c := lexTo[lw.term]
		var sl *slot
		if int(c) < V {
			sl = &slots[c]
		} else {
			sl = &extraSlots[int(c)-V]
		}
		lexMap[lw.surface] = &word{surface: lw.surface, term: lx.terms[lw.term], capital: lw.capital, n: int(dw.n), mid: int(dw.mid), slot: sl}
	}
	if len(gone) > 0 {
		for _, w := range lexMap {
			if w.n == 0 || w.slot != nil && w.slot.id < 0 {
				return nil // a spelling of a term no article uses
			}
		}
	}
	ix.learnSpellings()
	ix.buildVectors()
	kx := &keptIndex{ix: ix, extended: true, added: len(docs) + len(gone)}
	kx.in.rels = ix.rels // for the index kept
	ix.rels = nil
	ix.heavy = ix.heaviestTerms(impactTerms)
	return kx
}
