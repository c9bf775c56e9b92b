package store

import (
	"encoding/binary"
	"hash/crc32"
	"math"
)

// A kept placement: what a build worked out that depends on the whole
// store — each article's topic vector and the centre it was clustered
// in, and the stories articles were grouped in — kept by the library
// beside the analyses (see prepared.go), so that a restart does not
// cluster and group 100,000 articles again, and new articles are placed
// among the old as they come.
//
// A build given a placement takes each article's topic vector and story
// from it where the placement holds the article (by ID) with the same
// text (by content hash), and places the rest: a new article is given
// its topic vector against the centres the kept clustering ends with
// (recomputed from the clustered articles' vectors), and is grouped into
// the kept stories, or a story of its own, as grouping would place it
// after every kept article. A store of the articles the placement was
// made of is so the same store; a store that grew by more than
// reclusterGrowth since the clustering is clustered afresh, as its
// topics would otherwise stale. Stories are never regrouped: what is kept
// stays one story, as a reader saw it.

// placementVersion names the encoding below and what a placement means:
// any change to how articles are weighed (vectors), clustered (topics) or
// grouped (stories) must raise it, as must one to the encoding.
// TestPlacementVersion fails when the seeds' placement changes and this
// did not. 2: the encoding ends with its checksum.
const placementVersion = 2

// placementSum is the checksum a placement ends with: a byte changed in
// a story's number or a topic's weight decodes as well as the right one
// (a changed story number merged unrelated stories, kept so for good), so
// only a checksum tells it was damaged. CRC-32C: a few milliseconds for
// the 24 MB of 100,000 articles.
var placementSum = crc32.MakeTable(crc32.Castagnoli)

// reclusterGrowth: a store that grew by more than this share since its
// topics were clustered clusters them again.
const reclusterGrowth = 0.25

// placement is a kept placement, decoded.
type placement struct {
	k, clustered int
	at           map[string]int32 // article ID → its place below
	keys         []uint64         // each article's content hash, its first 8 bytes
	story        []int32          // each article's story, numbered within the placement
	clusterOf    []uint8          // see topicSet
	topics       []float32        // k floats an article
}

// placing is what a build takes from a kept placement: kept[d] is article
// d's place in it, -1 where it holds none (a new article, or one whose
// text changed).
type placing struct {
	p       *placement
	kept    []int32
	matched int
}

// place matches a store's articles (with their content hashes, keys)
// with what p keeps. A nil p keeps nothing.
func (p *placement) place(arts []*Article, keys []uint64) *placing {
	pl := &placing{p: p, kept: make([]int32, len(arts))}
	for d, a := range arts {
		pl.kept[d] = -1
		if p == nil {
			continue
		}
		if at, ok := p.at[a.ID]; ok && p.keys[at] == keys[d] {
			pl.kept[d] = at
			pl.matched++
		}
	}
	return pl
}

// all reports whether every article is kept.
func (pl *placing) all() bool { return pl != nil && pl.matched == len(pl.kept) }

// Keep gives the builds of the articles this lexicon prepared what the
// library kept of an earlier build's placement (data, nil for none), and
// save, which such a build calls when it placed anything anew, with a
// function that encodes its placement (of the articles this lexicon
// prepared) for the next Keep. Call it before any build reads the
// lexicon. A damaged or outdated placement is ignored.
func (lx *Lexicon) Keep(data []byte, save func(encode func() []byte)) {
	lx.keptData, lx.save = data, save
}

// kept decodes, once, the placement Keep gave (nil: none, or damaged).
func (lx *Lexicon) kept() *placement {
	lx.keptOnce.Do(func() {
		lx.keptPlacement = decodePlacement(lx.keptData)
		lx.keptData = nil
	})
	return lx.keptPlacement
}

// keyOf is the part of a content hash a placement keeps.
func keyOf(key [32]byte) uint64 { return binary.LittleEndian.Uint64(key[:8]) }

// encodePlacement encodes the placement of the store's articles that
// keep says to keep.
func encodePlacement(s *Store, keys []uint64, keep []bool) []byte {
	ts := s.ix.topicSet
	n := 0
	for _, k := range keep {
		if k {
			n++
		}
	}
	b := make([]byte, 0, n*(48+4*ts.k))
	b = binary.AppendUvarint(b, placementVersion)
	b = binary.AppendUvarint(b, AnalysisVersion)
	b = binary.AppendUvarint(b, uint64(ts.k))
	b = binary.AppendUvarint(b, uint64(ts.clustered))
	b = binary.AppendUvarint(b, uint64(n))
	// Stories are numbered among the kept articles alone (a story is a
	// label: only which articles share one counts), so that a number stays
	// below the count the decoder checks it against when articles not
	// kept (the seeds, files) come first in the store.
	label := make(map[int32]uint64)
	for d, a := range s.arts {
		if !keep[d] {
			continue
		}
		b = binary.AppendUvarint(b, uint64(len(a.ID)))
		b = append(b, a.ID...)
		b = binary.LittleEndian.AppendUint64(b, keys[d])
		l, ok := label[s.storyOf[d]]
		if !ok {
			l = uint64(len(label))
			label[s.storyOf[d]] = l
		}
		b = binary.AppendUvarint(b, l)
		if ts.k > 0 {
			b = append(b, ts.clusterOf[d])
			for _, x := range ts.topics[d*ts.k : (d+1)*ts.k] {
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
			}
		}
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, placementSum))
}

// decodePlacement decodes what encodePlacement made; nil for nothing,
// damage, or another version's.
func decodePlacement(data []byte) *placement {
	if len(data) < 4 {
		return nil
	}
	end := len(data) - 4
	if crc32.Checksum(data[:end], placementSum) != binary.LittleEndian.Uint32(data[end:]) {
		return nil
	}
	data = data[:end]
	bad := false
	uv := func() uint64 {
		v, m := binary.Uvarint(data)
		if m <= 0 {
			bad = true
			return 0
		}
		data = data[m:]
		return v
	}
	take := func(n uint64) []byte {
		if bad || n > uint64(len(data)) {
			bad = true
			return nil
		}
		b := data[:n]
		data = data[n:]
		return b
	}
	if uv() != placementVersion || uv() != AnalysisVersion || bad {
		return nil
	}
	k, clustered, n := uv(), uv(), uv()
	if bad || k > maxTopics || n > uint64(len(data))/9 || clustered > math.MaxInt32 {
		return nil
	}
	p := &placement{k: int(k), clustered: int(clustered), at: make(map[string]int32, n),
		keys: make([]uint64, n), story: make([]int32, n)}
	if k > 0 {
		p.clusterOf, p.topics = make([]uint8, n), make([]float32, 0, n*k)
	}
	for i := range n {
		id := string(take(uv()))
		key := take(8)
		story := uv()
		if bad || story >= n {
			return nil
		}
		if _, twice := p.at[id]; twice {
			return nil
		}
		p.at[id], p.keys[i], p.story[i] = int32(i), binary.LittleEndian.Uint64(key), int32(story)
		if k > 0 {
			c := take(1)
			floats := take(4 * k)
			if bad || uint64(c[0]) > k {
				return nil
			}
			p.clusterOf[i] = c[0]
			for j := range k {
				p.topics = append(p.topics, math.Float32frombits(binary.LittleEndian.Uint32(floats[4*j:])))
			}
		}
	}
	if bad || len(data) != 0 {
		return nil
	}
	return p
}

// keptTopics gives the topic vectors from a kept placement of k topics:
// the kept articles' as kept, new ones' against the kept clustering's
// centres. ok is false where there is none, or it no longer fits: k
// topics differ, the store grew by more than reclusterGrowth, or fewer
// than half the clustered articles are left to find the centres again.
func (ix *index) keptTopics(pl *placing, k int) (ts topicSet, ok bool) {
	if pl == nil || pl.p == nil || pl.p.k != k || pl.matched == 0 {
		return topicSet{}, false
	}
	p, n := pl.p, len(ix.vecs)
	if float64(n) > float64(p.clustered)*(1+reclusterGrowth) {
		return topicSet{}, false
	}
	ts = topicSet{topics: make([]float32, n*k), k: k, clusterOf: make([]uint8, n), clustered: p.clustered, kept: true}
	var members, fresh []int
	for d, at := range pl.kept {
		if at < 0 {
			fresh = append(fresh, d)
			continue
		}
		copy(ts.topics[d*k:(d+1)*k], p.topics[int(at)*k:int(at+1)*k])
		if c := p.clusterOf[at]; c > 0 {
			ts.clusterOf[d] = c
			members = append(members, d)
		}
	}
	inSample := 0
	for _, c := range p.clusterOf {
		if c > 0 {
			inSample++
		}
	}
	if 2*len(members) < inSample {
		return topicSet{}, false
	}
	if len(fresh) == 0 {
		return ts, true
	}
	// The centres as the clustering's last round left them: the clustered
	// articles' vectors summed by centre, at unit length.
	v := len(ix.terms)
	cs := &centreSet{w: make([]float32, v*k), live: make([]bool, v), k: k}
	for _, d := range members {
		c := int(ts.clusterOf[d]) - 1
		for _, t := range ix.vecs[d] {
			cs.w[int(t.term)*k+c] += t.w
			cs.live[t.term] = true
		}
	}
	normalizeColumns(cs.w, k)
	parallel(len(fresh), func(i int) {
		d := fresh[i]
		cs.topic(ix.vecs[d], ts.topics[d*k:(d+1)*k])
	})
	return ts, true
}

// keptStories gives, where a placement keeps stories, each article's
// story as grouping begins: for a kept article, its kept story's first
// article in order (the order grouping places articles in), and for a new
// one, itself; and each kept story of several articles by that first
// article, as grouping would have it. nil where nothing is kept.
func keptStories(pl *placing, order []int32) (storyOf []int32, multi map[int32][]int32) {
	if pl == nil || pl.matched == 0 {
		return nil, nil
	}
	storyOf = make([]int32, len(order))
	first := make(map[int32]int32) // kept story → its first article
	multi = make(map[int32][]int32)
	for _, d := range order {
		storyOf[d] = d
		at := pl.kept[d]
		if at < 0 {
			continue
		}
		ks := pl.p.story[at]
		r, ok := first[ks]
		if !ok {
			first[ks] = d
			continue
		}
		storyOf[d] = r
		if len(multi[r]) == 0 {
			multi[r] = append(multi[r], r)
		}
		multi[r] = append(multi[r], d)
	}
	return storyOf, multi
}

// keptOrder puts the kept articles of order first, then the new ones,
// each in order: a new article is placed after every kept one.
func keptOrder(pl *placing, order []int32) []int32 {
	if pl == nil || pl.matched == 0 || pl.all() {
		return order
	}
	out := make([]int32, 0, len(order))
	for _, d := range order {
		if pl.kept[d] >= 0 {
			out = append(out, d)
		}
	}
	for _, d := range order {
		if pl.kept[d] < 0 {
			out = append(out, d)
		}
	}
	return out
}
