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
// did not. 2: the encoding ends with its checksum. 3: a feed's own items
// are never versions of each other (story.go, twoItems).
const placementVersion = 3

// placementSum is the checksum a placement ends with: a byte changed in
// a story's number or a topic's weight decodes as well as the right one
// (a changed story number merged unrelated stories, kept so for good), so
// only a checksum tells it was damaged. CRC-32C: a few milliseconds for
// the 24 MB of 100,000 articles.
var placementSum = crc32.MakeTable(crc32.Castagnoli)

// reclusterGrowth: a store that grew by more than this share since its
// topics were clustered clusters them again.
const reclusterGrowth = 0.25

// How a placement is kept: as rows, a base and the parts appended
// since. The base is a whole placement (encodePlacement) of every
// article of the library a build held; a part (encodePart) holds only
// the articles a later build placed anew (new ones, or ones whose text
// changed), so that an update of five articles writes five articles'
// placement, not 24 MB. A part names its story labels among all the rows
// before it, and names the checksum the row before it ends with: a part
// that does not follow on from the rows before it (damaged, or written
// against rows since replaced) is ignored, with every row after it, and
// what it held is placed anew, as new articles are. A build writes a new
// base instead of a part where the topics were clustered afresh (every
// article's topics changed), or where what the parts hold would grow
// past foldGrowth of the base, or past maxPlacementRows rows: then a
// start reads at most a quarter more than the base.

// foldGrowth: a build whose new articles would bring the parts past this
// share of the base's articles writes a new base instead. Its topics
// are clustered afresh anyway once the store grew by reclusterGrowth, so
// this matters where the library does not grow: new articles in, old
// ones pruned, the base holding more and more articles no longer there.
var foldGrowth = 0.25

// maxPlacementRows is how many rows (the base and its parts) a
// placement is kept in at most: each update that brings articles adds
// one. A variable for the tests.
var maxPlacementRows = 512

// placement is a kept placement, decoded: its rows' articles in order,
// an article whose text changed once per row that placed it (the last
// one counting).
type placement struct {
	k, clustered int
	at           map[string]int32 // article ID → its place below
	keys         []uint64         // each article's content hash, its first 8 bytes
	story        []int32          // each article's story, numbered within the placement
	clusterOf    []uint8          // see topicSet
	topics       []float32        // k floats an article

	rows int    // the rows taken: the base, and the parts that follow on from it
	sum  uint32 // the checksum the last of them ends with
	base int    // the articles of the base; the rest were appended
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
// library kept of earlier builds' placement (rows: the base, then the
// parts appended since, in order; none for none), and save, which such
// a build calls when it placed anything anew: with at 0, encode gives a
// new base, which replaces every row kept; with at > 0, a part to keep
// as row at, after the rows before it, replacing any from at on (a part
// that does not follow on from the rows before it is ignored when read,
// so a save against rows another process replaced since costs only
// placing its articles again). Call it before any build reads the
// lexicon. A damaged or outdated placement is ignored; a damaged part,
// with the parts after it.
func (lx *Lexicon) Keep(rows [][]byte, save func(at int, encode func() []byte)) {
	lx.keptRows, lx.save = rows, save
}

// PlacementOffered is what a build of a library's articles tells the library of
// the placement it offered to keep (KeepPlaced), so that the library
// knows when its kept placement holds every article it has as they are,
// and a list can give each article's story without a build
// (ReadKeptStories).
type PlacementOffered struct {
	// Articles counts the articles of the build the lexicon prepared
	// (the library's, less the copies merged); Whole says each was
	// indexed from its analysis, and so is in the placement as saved,
	// kept or placed anew, with its text as given.
	Articles int
	Whole    bool
	// Rows and Sum name the placement the build read (PlacementEnd),
	// which stays where it offered none to save (Keep's save).
	Rows int
	Sum  uint32
}

// KeepPlaced gives the builds of the articles this lexicon prepared
// placed, which each calls once it offered its placement (after Keep's
// save, where it calls that).
func (lx *Lexicon) KeepPlaced(placed func(PlacementOffered)) { lx.placed = placed }

// PlacementEnd names the placement a save of data as row at leaves (the
// rows before it and it): how many rows it is, and the checksum its
// last ends with, as PlacementOffered and KeptStories name it.
func PlacementEnd(at int, data []byte) (rows int, sum uint32) {
	if len(data) < 4 {
		return 0, 0
	}
	return at + 1, binary.LittleEndian.Uint32(data[len(data)-4:])
}

// KeptStories are the stories a kept placement holds: which articles
// the builds that kept it grouped as one story. Where the placement
// holds every article a store is built of, with its text as it is (what
// PlacementOffered tells), the store's stories are these (groupStories), so a list
// gives each article's story and versions from them without a build.
type KeptStories struct {
	// Rows and Sum name the placement (PlacementEnd).
	Rows int
	Sum  uint32
	p    *placement
}

// ReadKeptStories decodes the rows of a kept placement (as Keep takes
// them); nil where there is none, or it is damaged, or another
// version's: then a build places every article anew.
func ReadKeptStories(rows [][]byte) *KeptStories {
	p := decodePlacement(rows)
	if p == nil {
		return nil
	}
	return &KeptStories{Rows: p.rows, Sum: p.sum, p: p}
}

// Story gives the story the placement keeps article id in: a label that
// only says which articles share one. False where it holds no such
// article.
func (k *KeptStories) Story(id string) (int32, bool) {
	at, ok := k.p.at[id]
	if !ok {
		return 0, false
	}
	return k.p.story[at], true
}

// NameStories gives each of arts (a store's articles, in its order) its
// Story and Versions from story, each article's label: the store's rule
// (numberStories), for a list made without one.
func NameStories(arts []*Article, story []int32) {
	of := map[int32][]int32{}
	for d, l := range story {
		of[l] = append(of[l], int32(d))
	}
	for _, members := range of {
		nameStory(arts, members)
	}
}

// kept decodes, once, the placement Keep gave (nil: none, or damaged).
func (lx *Lexicon) kept() *placement {
	lx.keptOnce.Do(func() {
		lx.keptPlacement = decodePlacement(lx.keptRows)
		lx.keptRows = nil
	})
	return lx.keptPlacement
}

// keyOf is the part of a content hash a placement keeps.
func keyOf(key [32]byte) uint64 { return binary.LittleEndian.Uint64(key[:8]) }

// encodePlacement encodes, as a base, the placement of the store's
// articles that keep says to keep.
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
	for d := range s.arts {
		if !keep[d] {
			continue
		}
		l, ok := label[s.storyOf[d]]
		if !ok {
			l = uint64(len(label))
			label[s.storyOf[d]] = l
		}
		b = s.appendPlaced(b, d, keys[d], l)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, placementSum))
}

// appendPlaced encodes article d's placement: its ID, content hash,
// story label and topics.
func (s *Store) appendPlaced(b []byte, d int, key, story uint64) []byte {
	ts := s.ix.topicSet
	a := s.arts[d]
	b = binary.AppendUvarint(b, uint64(len(a.ID)))
	b = append(b, a.ID...)
	b = binary.LittleEndian.AppendUint64(b, key)
	b = binary.AppendUvarint(b, story)
	if ts.k > 0 {
		b = append(b, ts.clusterOf[d])
		for _, x := range ts.topics[d*ts.k : (d+1)*ts.k] {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
	}
	return b
}

// partLabels gives the story labels a part holding the articles fresh
// (placed anew on pl) names them by: the label of the kept articles of
// their story where it has any, else a new one, numbered on from every
// article the kept placement holds (no label of its rows is as high).
// ok is false where a story holds kept articles of two labels (stories
// are never merged, so never), which a part cannot say.
func (s *Store) partLabels(pl *placing, fresh []int) (labels []uint64, ok bool) {
	const none = math.MaxUint64
	of := make(map[int32]uint64, len(fresh)) // story → its label
	for _, d := range fresh {
		of[s.storyOf[d]] = none
	}
	for d, at := range pl.kept {
		if at < 0 {
			continue
		}
		l, in := of[s.storyOf[d]]
		if !in {
			continue
		}
		if k := uint64(pl.p.story[at]); l == none {
			of[s.storyOf[d]] = k
		} else if l != k {
			return nil, false
		}
	}
	next := uint64(len(pl.p.keys))
	labels = make([]uint64, len(fresh))
	for i, d := range fresh {
		l := of[s.storyOf[d]]
		if l == none {
			l, next = next, next+1
			of[s.storyOf[d]] = l
		}
		labels[i] = l
	}
	return labels, true
}

// encodePart encodes, as a part following on from the rows pl's
// placement was read from, the placement of the articles fresh, with
// their story labels.
func encodePart(s *Store, keys []uint64, pl *placing, fresh []int, labels []uint64) []byte {
	ts := s.ix.topicSet
	b := make([]byte, 0, len(fresh)*(48+4*ts.k)+32)
	b = binary.AppendUvarint(b, placementVersion)
	b = binary.AppendUvarint(b, 0) // a part: a base has its AnalysisVersion here, never 0
	b = binary.AppendUvarint(b, AnalysisVersion)
	b = binary.AppendUvarint(b, uint64(ts.k))
	b = binary.LittleEndian.AppendUint32(b, pl.p.sum)
	b = binary.AppendUvarint(b, uint64(len(fresh)))
	for i, d := range fresh {
		b = s.appendPlaced(b, d, keys[d], labels[i])
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, placementSum))
}

// decodePlacement decodes the rows a placement is kept in; nil for none,
// a damaged base, or another version's. A part that is damaged, or does
// not follow on from the rows before it, is left out with every row
// after it: the articles it placed are placed anew.
func decodePlacement(rows [][]byte) *placement {
	if len(rows) == 0 {
		return nil
	}
	more := 0 // the parts' bytes: room for their articles after the base's
	for _, row := range rows[1:] {
		more += len(row)
	}
	p := decodeRow(nil, rows[0], more)
	if p == nil {
		return nil
	}
	p.base = len(p.keys)
	for _, row := range rows[1:] {
		part := decodeRow(p, row, 0)
		if part == nil {
			break
		}
		for id, at := range part.at {
			if was, ok := p.at[id]; ok && p.k > 0 {
				// Its text changed since: placed anew, it is in the
				// clustering's sample no longer.
				p.clusterOf[was] = 0
			}
			p.at[id] = int32(len(p.keys)) + at
		}
		p.keys = append(p.keys, part.keys...)
		p.story = append(p.story, part.story...)
		p.clusterOf = append(p.clusterOf, part.clusterOf...)
		p.topics = append(p.topics, part.topics...)
		p.rows, p.sum = p.rows+1, part.sum
	}
	return p
}

// decodeRow decodes one row: the base where to is nil, else a part that
// must follow on from to (its articles numbered after to's, its stories
// among them). nil for damage, another version's, or a part that does
// not follow on. The base's slices have room for the articles of more
// bytes of parts to come: appended to, 19 MB of topics at 100,000 would
// be copied whole.
func decodeRow(to *placement, data []byte, more int) *placement {
	if len(data) < 4 {
		return nil
	}
	end := len(data) - 4
	sum := binary.LittleEndian.Uint32(data[end:])
	if crc32.Checksum(data[:end], placementSum) != sum {
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
	if uv() != placementVersion || bad {
		return nil
	}
	var k, clustered, before uint64
	if to == nil {
		if uv() != AnalysisVersion || bad {
			return nil
		}
		k, clustered = uv(), uv()
	} else {
		if uv() != 0 || uv() != AnalysisVersion || bad {
			return nil
		}
		k = uv()
		prev := take(4)
		if bad || k != uint64(to.k) || binary.LittleEndian.Uint32(prev) != to.sum {
			return nil
		}
		before = uint64(len(to.keys))
	}
	n := uv()
	if bad || k > maxTopics || n > uint64(len(data))/9 || clustered > math.MaxInt32 || before+n > math.MaxInt32 {
		return nil
	}
	room := n + uint64(more)/(11+4*k) // an entry of a part takes at least 11 bytes and its topics
	p := &placement{k: int(k), clustered: int(clustered), at: make(map[string]int32, n),
		keys: make([]uint64, n, room), story: make([]int32, n, room), rows: 1, sum: sum}
	if k > 0 {
		p.clusterOf, p.topics = make([]uint8, n, room), make([]float32, 0, room*k)
	}
	for i := range n {
		id := string(take(uv()))
		key := take(8)
		story := uv()
		if bad || story >= before+n {
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
	p, n := pl.p, ix.vecs.articles()
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
		for t := range ix.vecs.all(int32(d)) {
			cs.w[int(t.term)*k+c] += t.w
			cs.live[t.term] = true
		}
	}
	normalizeColumns(cs.w, k)
	parallel(len(fresh), func(i int) {
		d := fresh[i]
		gap, w := ix.vecs.of(int32(d))
		cs.topic(gap, w, ts.topics[d*k:(d+1)*k])
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
