package store

import (
	"cmp"
	"encoding/binary"
	"maps"
	"slices"
	"strings"

	"github.com/lede-reader/lede/store/safe"
)

// Extending a kept index: the library's articles are the ones its kept
// index was built of and some that came since (an update's new items,
// the common change), so the build reads the kept index and indexes only
// the new articles, from their analyses, instead of every article's
// (keptindex.go). The store is the store a build from the analyses
// makes, to the bit (TestExtendedIsTheSameStore): what depends on more
// than one article is made again as a build makes it.
//
//   - Article numbers: the kept articles keep their order, so each maps
//     to its new number monotonically and every posting list stays in
//     article order; the new articles' postings merge in.
//   - Term numbers: a build numbers terms in order of first use, article
//     by article. A kept term's first article is kept (first, in the
//     header), or a new one that uses it earlier; within one article,
//     terms are numbered in order of use, which the kept numbering gives
//     for a kept article and the analysis for a new one.
//   - Spellings: their counts are kept, the new articles' added; each
//     term's display form and whether it is a name are learnt again.
//   - Boilerplate: how many of each source's articles have each
//     sentence is kept (sentences); a kept article whose boilerplate the
//     new ones change (a sentence crossing its source's threshold) is not
//     extended (its counts for related stories would change).
//   - Everything weighed by the articles' number, document frequencies
//     or lengths (idf, the vectors, each article's heaviest terms) is
//     made again from the postings, as a build makes it.
//
// What it does not extend, and builds from the analyses as before: a
// kept article removed, edited, or out of its order; an article not
// prepared by this library (the seeds beside it); more new articles
// than ExtendShare of the whole.

// ExtendShare is the largest share of a build's articles an extension
// indexes; past it, a build from the analyses costs about as much. The
// library asks for an extension only within it (library.onlyAdded).
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

// extension is what extends a kept index: the inputs of the build, the
// new articles, and the kept ones' numbers in the store.
type extension struct {
	in    indexInput
	docs  []newDoc
	newOf []int32
	total int
}

// planExtension tells, from the inputs of the kept index of header h
// (decodeInputs) and the articles of a build, whether the index may be
// extended by the articles it was not built of (see above), and how;
// nil where not.
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
	// The kept articles: the first input of each text.
	keptDoc := make(map[[32]byte]int32, h.n)
	for _, k := range old.keys {
		if _, ok := keptDoc[k]; !ok {
			keptDoc[k] = int32(len(keptDoc))
		}
	}
	// The inputs: one the library gave without its analysis is a kept
	// one (by ID), unchanged since; one with, changed or new.
	n := len(arts)
	in := indexInput{ids: make([]string, n), keys: make([][32]byte, n), prepared: make([]bool, n), ok: make([]bool, n), textless: make([]bool, n), text: make([][32]byte, n)}
	fresh := map[int]preparedDoc{}
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
	// The articles the build keeps (the first input of each text), as
	// Build merges them: each kept one in its order, the rest new.
	newOf := make([]int32, h.n)
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
		if j, ok := keptDoc[k]; ok {
			if changed || j <= last {
				return nil // its source or place may have changed
			}
			last, newOf[j] = j, nd
			mapped++
		} else {
			if !changed {
				return nil
			}
			docs = append(docs, newDoc{doc: nd, p: d, source: strings.TrimSpace(safe.Line(arts[i].Source))})
		}
		nd++
	}
	total := int(nd)
	if mapped != h.n || float64(len(docs)) > ExtendShare*float64(total) {
		return nil
	}
	return &extension{in: in, docs: docs, newOf: newOf, total: total}
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
	in, docs, newOf, total := plan.in, plan.docs, plan.newOf, plan.total
	// The sentences of each source the new articles come from: theirs
	// counted in, and whether any kept article's boilerplate changes.
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
	hashes := make([][]uint64, len(docs))
	bySource := map[string][]int{}
	for k, d := range docs {
		hashes[k] = d.p.hashes
		bySource[d.source] = append(bySource[d.source], k)
	}
	repeated := make([][]bool, len(docs))
	for _, src := range slices.Sorted(maps.Keys(bySource)) {
		at, found := slices.BinarySearchFunc(sentences, src, func(s sourceSentences, src string) int { return cmp.Compare(s.source, src) })
		was := sourceSentences{source: src}
		if found {
			was = sentences[at]
		}
		now := was.with(hashes, bySource[src])
		needWas, needNow := boilerNeed(was.items), boilerNeed(now.items)
		for k, h := range now.hashes {
			before := was.count(h)
			if before > 0 && (before >= needWas) != (int(now.counts[k]) >= needNow) {
				return nil // a kept article's boilerplate changes
			}
		}
		for _, k := range bySource[src] {
			repeated[k] = repeatedIn(hashes[k], func(h uint64) bool { return now.count(h) >= needNow })
		}
		if found {
			sentences[at] = now
		} else {
			sentences = slices.Insert(sentences, at, now)
		}
	}
	in.sentences = sentences
	// The new articles' terms, and their spellings counted.
	dc := newDecoder(lx)
	for k := range docs {
		d := &docs[k]
		d.terms, d.pos, d.long, d.length = dc.terms(int(d.doc), d.p.p, repeated[k])
	}
	kx := h.extend(lx, docs, newOf, total, dc)
	if kx == nil {
		return nil
	}
	in.rels = kx.in.rels // the one input the extension made
	kx.in = in
	return kx
}

// extend makes the index of the kept articles (newOf their numbers in
// the store) and docs, total articles, reading the kept postings into
// the arrays sized for both; dc decoded docs.
func (h *keptHeader) extend(lx *Lexicon, docs []newDoc, newOf []int32, total int, dc *decoder) *keptIndex {
	kept := h.ix
	V := len(kept.terms)
	// Each term's first article in the store, and its rank there.
	first := make([]int32, V)
	rank := make([]int32, V)
	for o := range V {
		first[o], rank[o] = newOf[h.first[o]], int32(o)
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
					first, rank = append(first, d.doc), append(rank, int32(r))
				}
				lexTo[t.t] = c
			}
			if d.doc < first[c] {
				first[c], rank[c] = d.doc, int32(r)
			}
		}
	}
	nterms := V + len(extra)
	order := make([]int32, nterms)
	for c := range order {
		order[c] = int32(c)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(first[a], first[b]); c != 0 {
			return c
		}
		return cmp.Compare(rank[a], rank[b])
	})
	perm := make([]int32, nterms) // kept (or extra) term → its number in the store
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
			df[id] = h.df[c]
			plen = kept.posOff[c+1] - kept.posOff[c]
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
		ix.docLen[d] = kept.docLen[j]
	}
	for _, j := range kept.long {
		long[newOf[j]] = true
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
	// Each term's list: the kept postings (next gives each, in order)
	// with the new ones merged in; then the positions, the kept ones
	// (kpos) cut posting by posting where new ones come between, and the
	// skips of the list as it is now.
	postings := func(id int32, kdf int, next func() (posting, uint16, bool)) bool {
		ps, rs := ix.postings[id], ix.rels[id]
		as := adds[addStart[id]:addStart[id+1]]
		w, ai := 0, 0
		for range kdf {
			p, rel, ok := next()
			if !ok {
				return false
			}
			for ai < len(as) && as[ai].p.doc < p.doc {
				ps[w], rs[w] = as[ai].p, as[ai].rel
				w, ai = w+1, ai+1
			}
			ps[w], rs[w] = p, rel
			w++
		}
		for ; ai < len(as); ai++ {
			ps[w], rs[w] = as[ai].p, as[ai].rel
			w++
		}
		return w == len(ps)
	}
	positions := func(id int32, kpos []byte) bool {
		as := adds[addStart[id]:addStart[id+1]]
		at, base, rest, ai := ix.posOff[id], ix.posOff[id], kpos, 0
		for w, p := range ix.postings[id] {
			if w%skipEvery == 0 {
				ix.skips[ix.skipOff[id]+w/skipEvery] = uint32(at - base)
			}
			var seg []byte
			switch {
			case ai < len(as) && as[ai].p.doc == p.doc:
				seg = as[ai].pos
				ai++
			case !long[p.doc]:
				next, short := skipCount(rest, int(p.title)+int(p.body))
				if short {
					return false
				}
				seg, rest = rest[:len(rest)-len(next)], next
			}
			at += copy(ix.pos[at:], seg)
		}
		return len(rest) == 0 && at == ix.posOff[id+1]
	}
	n := int32(h.n)
	if !h.readRows(lx.index, 1, len(h.termCuts)-1, func(seq int, body []byte) bool {
		r := &decoding{b: body}
		for o := h.termCuts[seq-1]; o < h.termCuts[seq]; o++ {
			id := perm[o]
			doc, k := int32(0), 0
			if !postings(id, h.df[o], func() (posting, uint16, bool) {
				p, rel, ok := r.posting(&doc, k, n)
				k++
				p.doc = newOf[p.doc]
				return p, rel, ok
			}) {
				return false
			}
			plen := kept.posOff[o+1] - kept.posOff[o]
			kpos := r.bytes(plen)
			nskips := (h.df[o] + skipEvery - 1) / skipEvery
			if addStart[id] == addStart[id+1] {
				// No new article has it: its positions and skips as kept.
				copy(ix.pos[ix.posOff[id]:], kpos)
				if !r.skips(ix.skips[ix.skipOff[id]:ix.skipOff[id]+nskips], int(nskips), int(plen)) {
					return false
				}
				continue
			}
			if !r.skips(nil, int(nskips), int(plen)) || !positions(id, kpos) {
				return false
			}
		}
		return len(r.b) == 0
	}) {
		return nil
	}
	for e := range extra {
		id := perm[V+e]
		if !postings(id, 0, nil) || !positions(id, nil) {
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
	ix.learnSpellings()
	ix.buildVectors()
	kx := &keptIndex{ix: ix, extended: true, added: len(docs)}
	kx.in.rels = ix.rels // for the index kept
	ix.rels = nil
	ix.heavy = ix.heaviestTerms(impactTerms)
	return kx
}
