package store

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Stories: exact duplicates are merged by Build; near-duplicates, the same
// event reported in other words, are grouped here as versions of one story.
//
// Two reports of one event are close in their words and closer still in
// whom and where they name: two articles are versions when their term
// cosine and the overlap of the names they mention average at least
// versionScore (with the cosine at least minVersionCosine), or when the
// cosine alone reaches sameTextCosine (a lightly edited copy, a wire story
// in two feeds), or when one prints most of the other's paragraphs word
// for word (excerpt: a wire story cut to fit). Where neither names anyone the store knows as a name
// (headlines without bodies), the words are all there is, and a cosine of
// namelessVersionCosine — half the weight of each in words both use — is
// the bar. Stories on one subject that are not one event (a trial and its
// verdict; a protest and the law it fought) share words but name different
// people, and stay apart. Where both are dated, versions come out within
// versionWindow of each other: coverage of one event runs a few days.
// Items of one source that are one template filled with other numbers,
// dates or names are other events, however alike their words
// (differentFills, template.go).
//
// Candidates come from a pruned index of each article's heaviest terms:
// reports of one event share at least minSharedTop of their heaviest
// words, so grouping costs far less than comparing all pairs.
const (
	versionScore          = 0.75
	minVersionCosine      = 0.6
	sameTextCosine        = 0.9
	namelessVersionCosine = 0.5
	storyCosine           = 0.3
	versionWindow         = 72 * time.Hour
	minSharedTop          = 2
	maxVersionTests       = 16 // stories tested for one article within versionWindow
	maxFarTests           = 4  // and pairs dated further apart
	excerptShare          = 0.8
	excerptMin            = 300
)

const (
	topTerms        = 12
	candidateWindow = 64
	keptNear        = 40          // candidates of an article found ahead within versionWindow
	keptFar         = 12          // and dated further apart
	boundTerms      = impactTerms // heaviest terms tooFar bounds a cosine by: those the impact lists hold (index.go)
)

func (s *Store) isVersion(a, b int32) bool {
	return s.isVersionAt(float64(s.cosine(a, b)), a, b)
}

// isVersionAt is isVersion given the cosine c of a and b.
func (s *Store) isVersionAt(c float64, a, b int32) bool {
	if s.textless[a] || s.textless[b] {
		return false // a title alone says nothing of the text
	}
	if s.twoItems(a, b) {
		return false
	}
	// The cosine of the whole articles: vectors leave out the words no
	// other article uses, and two short items of one feed that share
	// its name and little else ("Slack", "NYSE", "WORK") are not one event
	// because their other words are each their own.
	c *= float64(s.ix.shared[a] * s.ix.shared[b])
	return s.wordsSayVersion(c, a, b) && !s.differentFills(a, b)
}

// twoItems reports whether a and b are two items a feed gave as its own:
// a feed gives a story once, as one item, and an edit keeps the item's
// guid, so two items it gives under different guids and links are two
// stories (a follow-up, the next of a series: "Item 0 …" and "Item 1 …"),
// however alike their headlines. One page under two guids (the same
// link) is one item told twice, and may be a version of itself.
//
// An aggregator is not such a feed: it carries one event as many items,
// each naming the outlet it came from (Source, from <source>), and an
// outlet there may report one event twice (of the headlines corpus's
// pairs grouped before this rule, 675 were of one outlet and 96% of
// them one story by the labels). So the rule reads only a feed's own
// items: loaded from a feed file, those that name no other outlet
// (Aggregated false) and have a guid (Key); in the library, where
// neither is kept, the items of one feed (Feed: the library's names are
// each one feed's) that the library says are its own (FeedsOwn: their
// source is the title it keeps for the feed, whatever the person named
// it). Files and pasted text are no feed's items.
func (s *Store) twoItems(a, b int32) bool {
	x, y := s.arts[a], s.arts[b]
	if x.Feed != y.Feed || x.Source != y.Source || x.Source == "" {
		return false
	}
	if x.Feed != "" {
		if !x.FeedsOwn || !y.FeedsOwn {
			return false
		}
	} else if x.Key == "" || y.Key == "" || x.Key == y.Key || x.Aggregated || y.Aggregated {
		return false
	}
	return len(x.Links) == 0 || len(y.Links) == 0 || x.Links[0] != y.Links[0]
}

// wordsSayVersion is isVersionAt on words and names alone, before the
// facts are read (template.go).
func (s *Store) wordsSayVersion(c float64, a, b int32) bool {
	if c >= sameTextCosine {
		return true
	}
	if c < minVersionCosine || !s.sameTime(a, b) {
		return false
	}
	names, ok := s.nameOverlap(a, b)
	if !ok {
		return c >= namelessVersionCosine
	}
	return (c+names)/2 >= versionScore || s.excerpt(a, b)
}

// excerpt reports whether one of a and b prints the other's paragraphs
// word for word, most of them: a wire story a paper cut from the bottom
// (or topped with a line of its own) is the story, though the names of
// its cut part are missing. At least excerptShare of the shorter text, and
// excerptMin bytes, must be paragraphs the longer prints as they are.
func (s *Store) excerpt(a, b int32) bool {
	pa, pb := s.plain(a), s.plain(b)
	if len(pa) > len(pb) {
		pa, pb = pb, pa
	}
	if len(pa) < excerptMin {
		return false
	}
	longer := map[string]bool{}
	for _, p := range strings.Split(pb, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			longer[p] = true
		}
	}
	same := 0
	for _, p := range strings.Split(pa, "\n") {
		if p = strings.TrimSpace(p); longer[p] {
			same += len(p)
		}
	}
	return same >= excerptMin && float64(same) >= excerptShare*float64(len(strings.TrimSpace(pa)))
}

// denseVec holds one article's vector spread over every term id, so that
// its cosine with another article is one pass over the other's terms, with
// no merge. Products are summed in term order, as cosine sums them, so the
// two agree to the bit.
type denseVec struct {
	w   []float32 // by term id; zero where the article lacks the term
	doc int32     // the article spread, -1 for none
	ix  *index
}

func newDenseVec(ix *index) *denseVec {
	return &denseVec{w: make([]float32, len(ix.terms)), doc: -1, ix: ix}
}

// load spreads doc, clearing the article spread before, and gives v.
func (v *denseVec) load(doc int32) *denseVec {
	if v.doc == doc {
		return v
	}
	if v.doc >= 0 {
		for it := v.ix.vecs.iter(v.doc); it.next(); {
			v.w[it.term] = 0
		}
	}
	for it := v.ix.vecs.iter(doc); it.next(); {
		v.w[it.term] = it.wt
	}
	v.doc = doc
	return v
}

// cosine is the cosine of the loaded article with o.
func (v *denseVec) cosine(o int32) float32 {
	var sum float32
	if gap, w, ok := v.ix.vecs.nearOnly(o); ok {
		term := int32(0)
		for i, g := range gap {
			term += int32(g)
			sum += v.w[term] * w[i]
		}
		return sum
	}
	gap, w := v.ix.vecs.of(o)
	for i, term := 0, int32(0); i < len(gap); i++ {
		term, i = nextTerm(gap, w, i, term)
		sum += v.w[term] * w[i]
	}
	return sum
}

// boundSlack covers the rounding of float32 weights and sums (about 1e-5)
// many times over, so that the bound never rules out a pair it should not.
const boundSlack = 1e-3

// tooFar reports whether the cosine of the loaded article d with o is
// surely below floor, heavy being o's heaviest terms, heaviest first: a
// few dozen look-ups where the cosine is a pass over all of o's terms.
// Over the terms S of heavy the two vectors' products are known; over the
// rest they add at most the product of the two vectors' lengths there
// (Cauchy–Schwarz), and both are unit vectors:
//
//	cos ≤ Σ_S d·o + √((1 − Σ_S d²)(1 − Σ_S o²))
//
// The bound is taken after every 16 terms. groupStories asks it of pairs
// whose dates lie apart, which must reach sameTextCosine to be versions:
// they share two heavy words and differ on the rest, and nearly all stop
// here. (At minVersionCosine, for pairs within the window, the look-ups,
// of rare terms and so out of cache, cost about what they save.)
func (v *denseVec) tooFar(heavy []vterm, floor float64) bool {
	var dot, dd, oo float64
	for i, t := range heavy {
		x := float64(v.w[t.term])
		dot += x * float64(t.w)
		dd += x * x
		oo += float64(t.w) * float64(t.w)
		if (i+1)%16 == 0 || i == len(heavy)-1 {
			if dot+math.Sqrt(max(0, 1-dd)*max(0, 1-oo))+boundSlack < floor {
				return true
			}
		}
	}
	return false
}

// sameTime: where both are dated, reports of one event come out within
// versionWindow of each other.
func (s *Store) sameTime(a, b int32) bool {
	if s.when != nil { // no visit to the articles
		ta, tb := s.when[a], s.when[b]
		switch {
		case ta == undated || tb == undated:
			return true
		case ta != farDate && tb != farDate:
			d := ta - tb
			return d <= int64(versionWindow) && d >= -int64(versionWindow)
		}
	}
	ta, tb := s.arts[a].Published, s.arts[b].Published
	if ta.IsZero() || tb.IsZero() {
		return true
	}
	d := ta.Sub(tb)
	return d <= versionWindow && d >= -versionWindow
}

// Publication times as grouping compares them: nanoseconds since 1970,
// undated for none, farDate for a date too far from now for nanoseconds
// (sameTime then asks the articles).
const (
	undated = math.MinInt64
	farDate = math.MaxInt64
)

var (
	nearFrom  = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	nearUntil = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// publicationTimes gives each article's time as sameTime compares it.
func (s *Store) publicationTimes() []int64 {
	when := make([]int64, len(s.arts))
	for i, a := range s.arts {
		when[i] = publicationTime(a.Published)
	}
	return when
}

// publicationTime is a date as s.when holds it.
func publicationTime(t time.Time) int64 {
	switch {
	case t.IsZero():
		return undated
	case t.Before(nearFrom) || !t.Before(nearUntil):
		return farDate
	}
	return t.UnixNano()
}

// joinsStory decides whether d joins the story of several reports that o
// belongs to, sim being d's cosine with the story's centroid. Where the
// articles name people and places, d must be a version of o as a pair
// would be, and as close to the whole story as a version is to a report.
// Where nothing is known of names (headlines alone), the words are all the
// evidence: a headline joins when it shares the story's core, and as a
// story's centroid spreads its weight over every word its reports use,
// sharing the core shows as a lower cosine (storyCosine) than a pair of
// reports needs.
func (s *Store) joinsStory(d, o int32, sim float64) bool {
	if s.twoItems(d, o) {
		return false
	}
	sim *= float64(s.ix.shared[d]) // of d whole, as isVersionAt
	if _, named := s.nameOverlap(d, o); named {
		return sim >= minVersionCosine && s.isVersion(d, o)
	}
	return sim >= storyCosine && !s.differentFills(d, o)
}

// centroid is the sum of a story's unit vectors, sorted by term, and its
// squared length.
type centroid struct {
	v    []vterm
	norm float64
}

func (c *centroid) add(v []vterm) {
	out := make([]vterm, 0, len(c.v)+len(v))
	i, j := 0, 0
	for i < len(c.v) || j < len(v) {
		switch {
		case j == len(v) || i < len(c.v) && c.v[i].term < v[j].term:
			out = append(out, c.v[i])
			i++
		case i == len(c.v) || c.v[i].term > v[j].term:
			out = append(out, v[j])
			j++
		default:
			out = append(out, vterm{term: v[j].term, w: c.v[i].w + v[j].w})
			i++
			j++
		}
	}
	c.v = out
	c.norm = 0
	for _, t := range out {
		c.norm += float64(t.w) * float64(t.w)
	}
}

func (c *centroid) cosine(v []vterm) float64 {
	if c.norm == 0 {
		return 0
	}
	var sum float64
	forShared(v, c.v, func(_ int32, a, b float32) { sum += float64(a) * float64(b) })
	return sum / math.Sqrt(c.norm)
}

// groupStories places articles one by one, oldest first (undated ones by
// ID), each into the story it is a version of or a story of its own. An
// article joins a story when it is a version of one of its members
// (isVersion) and close to the story as a whole (the centroid of its
// members' vectors, at least storyCosine): a story grows around what its
// reports share, and one report that happens to resemble a report of
// another event cannot chain two events into one.
//
// Where a kept placement holds articles (pl, placement.go), they keep the
// stories it gives them, and the others are placed after them all.
func (s *Store) groupStories(pl *placing) {
	n := len(s.arts)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	// The impact lists' heaviest terms (boundTerms of them, as many as
	// the lists take), kept for this and let go here.
	heavy := s.ix.heavy
	s.ix.heavy = nil
	if pl.all() {
		storyOf, _ := keptStories(pl, order)
		s.numberStories(storyOf)
		return
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := s.arts[a].Published.Compare(s.arts[b].Published); c != 0 {
			return c
		}
		return strings.Compare(s.arts[a].ID, s.arts[b].ID)
	})
	order = keptOrder(pl, order)
	// The articles to place: all, or those the placement does not keep.
	todo := order
	if pl != nil && pl.matched > 0 {
		todo = order[pl.matched:]
	}
	s.grouped = len(todo)
	defer func() { s.fills = fillMemo{} }() // grouping's alone
	// Every article by each of its heaviest terms, in the order placed,
	// with its weight for the term; placed tells where d stands in the
	// list of its j-th term (at d*topTerms+j): the articles before it there
	// are those placed before it.
	type holder struct {
		doc int32
		w   float32
	}
	holders := make([][]holder, len(s.ix.terms))
	placed := make([]int32, n*topTerms)
	for _, d := range order {
		for j, t := range heavy[d][:min(len(heavy[d]), topTerms)] {
			placed[int(d)*topTerms+j] = int32(len(holders[t.term]))
			holders[t.term] = append(holders[t.term], holder{d, t.w})
		}
	}
	// Each article's candidates, on every core (they depend on the order
	// alone, not on what grouping decides): those placed before it that
	// share minSharedTop heavy terms among the last candidateWindow of
	// each, closest first by what those terms give of the cosine (a key
	// of the partial product's bits inverted over the article sorts that
	// way). The closest keptNear within versionWindow and keptFar dated
	// further apart are kept, in that order, with the first of each kind
	// left out (dropped); where grouping would reach one left out while it
	// still tests that kind, it asks again for all.
	type scratch struct {
		shared  []uint8
		partial []float32 // d's dot product with o over heavy terms both hold
		touched []int32
		cands   []uint64
	}
	candidates := func(sc *scratch, d int32) []uint64 {
		if sc.shared == nil {
			sc.shared, sc.partial = make([]uint8, n), make([]float32, n)
		}
		sc.touched, sc.cands = sc.touched[:0], sc.cands[:0]
		for j, t := range heavy[d][:min(len(heavy[d]), topTerms)] {
			p := int(placed[int(d)*topTerms+j])
			for _, o := range holders[t.term][max(0, p-candidateWindow):p] {
				if sc.shared[o.doc] == 0 {
					sc.touched = append(sc.touched, o.doc)
				}
				sc.shared[o.doc]++
				sc.partial[o.doc] += t.w * o.w
			}
		}
		for _, o := range sc.touched {
			if sc.shared[o] >= minSharedTop {
				sc.cands = append(sc.cands, heavyKey(sc.partial[o], o))
			}
			sc.shared[o], sc.partial[o] = 0, 0
		}
		return sc.cands
	}
	scratches := make([]scratch, parallelism(n))
	kept := make([][]uint64, n)
	dropped := make([][2]uint64, n) // first near and far left out; none: MaxUint64
	keep := func(cands []uint64, k int) ([]uint64, uint64) {
		first := uint64(math.MaxUint64)
		if len(cands) > k {
			// The k+1 smallest, the largest of them last: it is the first
			// left out.
			sel := smallest(cands, k+1)
			last := slices.Index(sel, slices.Max(sel))
			sel[last], sel[k] = sel[k], sel[last]
			first, cands = sel[k], sel[:k]
		}
		slices.Sort(cands)
		return cands, first
	}
	type split struct{ near, far []uint64 }
	splits := make([]split, len(scratches))
	parallelWorkers(len(todo), func(w, j int) {
		d := todo[j]
		i := int(d)
		sp := &splits[w]
		sp.near, sp.far = sp.near[:0], sp.far[:0]
		for _, c := range candidates(&scratches[w], d) {
			if s.sameTime(d, int32(uint32(c))) {
				sp.near = append(sp.near, c)
			} else {
				sp.far = append(sp.far, c)
			}
		}
		near, dropNear := keep(sp.near, keptNear)
		far, dropFar := keep(sp.far, keptFar)
		all := make([]uint64, 0, len(near)+len(far))
		for len(near) > 0 || len(far) > 0 { // merged, closest first
			if len(far) == 0 || len(near) > 0 && near[0] < far[0] {
				all, near = append(all, near[0]), near[1:]
			} else {
				all, far = append(all, far[0]), far[1:]
			}
		}
		kept[i], dropped[i] = all, [2]uint64{dropNear, dropFar}
	})

	// article → its story's first article; the kept ones' stories as
	// kept, each of several articles with its centroid.
	storyOf, multi := keptStories(pl, order)
	if storyOf == nil {
		storyOf = make([]int32, n)
	}
	cents := map[int32]*centroid{}
	var buf []vterm
	vec := func(d int32) []vterm { // d's vector, until the next call
		buf = s.ix.vecs.appendTo(buf[:0], d)
		return buf
	}
	for r, members := range multi {
		c := &centroid{}
		for _, m := range members {
			c.add(vec(m))
		}
		cents[r] = c
	}
	tested := map[int32]bool{}
	dense := newDenseVec(s.ix)
	for _, d := range todo {
		cands := kept[d]
		storyOf[d] = d
		best, bestSim := int32(-1), 0.0
		clear(tested)
		tests, farTests := 0, 0
		dropNear, dropFar := dropped[d][0], dropped[d][1]
		for k := 0; tests < maxVersionTests; k++ {
			next := uint64(math.MaxUint64)
			if k < len(cands) {
				next = cands[k]
			}
			if farTests == maxFarTests {
				dropFar = math.MaxUint64 // no more far ones are tested
			}
			if from := min(dropNear, dropFar); next > from {
				// One left out comes first: all of them, closest first,
				// from it on (all before it were kept, and are done).
				cands = candidates(&scratches[0], d)
				slices.Sort(cands)
				k, _ = slices.BinarySearch(cands, from)
				dropNear, dropFar = math.MaxUint64, math.MaxUint64
				if k == len(cands) {
					break
				}
				next = cands[k]
			}
			if k == len(cands) {
				break
			}
			o := int32(uint32(next))
			r := storyOf[o]
			if tested[r] {
				continue
			}
			// A story of several reports is judged as a whole, by its
			// centroid, and only within versionWindow; a lone report by
			// the pair.
			c := cents[r]
			near := s.sameTime(d, o)
			switch {
			case near:
				tests++
			case c != nil || farTests == maxFarTests:
				continue
			default:
				farTests++
			}
			if c != nil {
				tested[r] = true
				sim := c.cosine(vec(d))
				if s.joinsStory(d, o, sim) && sim > bestSim {
					best, bestSim = r, sim
				}
				continue
			}
			// d's vector spread over term ids: the cosine is one pass over
			// o's terms, the same to the bit. Where their dates lie apart,
			// a pair is a version only at sameTextCosine, which few come
			// near.
			dense.load(d)
			if !near && dense.tooFar(heavy[o], sameTextCosine) {
				continue
			}
			if sim := float64(dense.cosine(o)); s.isVersionAt(sim, d, o) {
				tested[r] = true
				if sim > bestSim {
					best, bestSim = r, sim
				}
			}
		}
		if best >= 0 {
			storyOf[d] = best
			c := cents[best]
			if c == nil {
				c = &centroid{}
				c.add(vec(best))
				cents[best] = c
			}
			c.add(vec(d))
		}
	}
	s.numberStories(storyOf)
}

// numberStories numbers the stories of storyOf (article → an article of
// its story), in store order, and names each by its member with the
// smallest ID, so that the name does not depend on the order sources
// loaded in.
func (s *Store) numberStories(storyOf []int32) {
	n := len(s.arts)
	s.storyOf = make([]int32, n)
	index := make(map[int32]int32)
	for d := range n {
		root := storyOf[d]
		k, ok := index[root]
		if !ok {
			k = int32(len(s.stories))
			index[root] = k
			s.stories = append(s.stories, nil)
		}
		s.storyOf[d] = k
		s.stories[k] = append(s.stories[k], int32(d))
	}
	for _, members := range s.stories {
		nameStory(s.arts, members)
	}
}

// nameStory names the story of members (articles of arts): the
// smallest ID among them, and how many they are.
func nameStory(arts []*Article, members []int32) {
	name := arts[members[0]].ID
	for _, m := range members {
		name = min(name, arts[m].ID)
	}
	for _, m := range members {
		arts[m].Story = name
		arts[m].Versions = len(members)
	}
}

// heavyKeys appends to keys one key a term of v, that sorts as heavier
// does; false where a weight is below zero (or not a number), for which
// they would not.
func heavyKeys(keys []uint64, v []vterm) ([]uint64, bool) {
	for _, t := range v {
		if !(t.w >= 0) || t.term < 0 {
			return keys, false
		}
		keys = append(keys, heavyKey(t.w, t.term))
	}
	return keys, true
}

// heavyKey is the key of a weight of zero or more and an id (a term, an
// article): keys sort heaviest first, then by id, as integers.
func heavyKey(w float32, id int32) uint64 {
	b := math.Float32bits(w)
	if w == 0 {
		b = 0 // -0 weighs as 0
	}
	return uint64(^b)<<32 | uint64(uint32(id))
}

// unkeyed is the weight and id of a heavyKey key.
func unkeyed(key uint64) (w float32, id int32) {
	return math.Float32frombits(^uint32(key >> 32)), int32(uint32(key))
}

// smallest moves keys' k smallest to its front, in no order, and gives
// them (all of keys where it has no more than k): quickselect, a pass or
// two over keys where sorting them all costs a dozen.
func smallest(keys []uint64, k int) []uint64 {
	if len(keys) <= k {
		return keys
	}
	lo, hi := 0, len(keys)-1 // keys[:lo] are among the k smallest, keys[hi+1:] not
	for lo < hi {
		mid := lo + (hi-lo)/2
		pivot := keys[mid]
		keys[mid], keys[hi] = keys[hi], keys[mid]
		p := lo
		for i := lo; i < hi; i++ {
			if keys[i] < pivot {
				keys[i], keys[p] = keys[p], keys[i]
				p++
			}
		}
		keys[p], keys[hi] = keys[hi], keys[p] // the pivot, in its place
		switch {
		case p == k-1 || p == k:
			return keys[:k]
		case p < k:
			lo = p + 1
		default:
			hi = p - 1
		}
	}
	return keys[:k]
}

// heavier orders terms by weight, then by id, so that ties break the same
// way every run.
func heavier(a, b vterm) bool { return a.w > b.w || a.w == b.w && a.term < b.term }

// nameOverlap is the weighted Jaccard of the names two articles mention:
// shared names' weight over all names' weight, each name weighed by its
// idf. Reports of one event name the same people and places; stories that
// merely share a subject name different ones.
func (s *Store) nameOverlap(a, b int32) (float64, bool) {
	va, vb := s.ix.vecs.iter(a), s.ix.vecs.iter(b)
	var shared, all float64
	for moreA, moreB := va.next(), vb.next(); moreA || moreB; {
		switch {
		case !moreB || moreA && va.term < vb.term:
			if s.ix.terms[va.term].name {
				all += s.ix.terms[va.term].idf
			}
			moreA = va.next()
		case !moreA || va.term > vb.term:
			if s.ix.terms[vb.term].name {
				all += s.ix.terms[vb.term].idf
			}
			moreB = vb.next()
		default:
			if t := s.ix.terms[va.term]; t.name {
				shared += t.idf
				all += t.idf
			}
			moreA, moreB = va.next(), vb.next()
		}
	}
	if all == 0 {
		return 0, false
	}
	return shared / all, true
}

// Story is one event as the list shows it: its reports, led by the one a
// person should read first.
type Story struct {
	// ID names the story as Article.Story does.
	ID string `json:"story"`
	// Title is the lead version's (see Stories), which Versions names first.
	Title string `json:"title"`
	// Versions are the IDs of its articles, the lead first, then oldest
	// first (store order where undated).
	Versions []string `json:"versions"`
	// Sources are the distinct sources of its versions, in that order.
	Sources []string `json:"sources"`
}

// Stories gives one Story per story, in store order of their leads. A
// story is led by its earliest dated version; where none is dated, by its
// fullest (most words), then the first in store order.
func (s *Store) Stories() []Story { return storiesOf(s.arts, s.stories) }

// StoriesOf is Stories of a store's articles as it lists them (its
// order, each named its story: library.Listing's), without the store.
func StoriesOf(arts []*Article) []Story {
	at := make(map[string]int, len(arts))
	var stories [][]int32
	for d, a := range arts {
		k, ok := at[a.Story]
		if !ok {
			k = len(stories)
			at[a.Story] = k
			stories = append(stories, nil)
		}
		stories[k] = append(stories[k], int32(d))
	}
	return storiesOf(arts, stories)
}

// storiesOf is Stories of arts, stories their members in store order.
func storiesOf(arts []*Article, stories [][]int32) []Story {
	type led struct {
		lead  int32
		story Story
	}
	all := make([]led, 0, len(stories))
	for _, members := range stories {
		m := slices.Clone(members)
		slices.SortStableFunc(m, leadOrder(arts))
		st := Story{ID: arts[m[0]].Story, Title: arts[m[0]].Title, Sources: []string{}}
		for _, d := range m {
			a := arts[d]
			st.Versions = append(st.Versions, a.ID)
			if a.Source != "" && !slices.Contains(st.Sources, a.Source) {
				st.Sources = append(st.Sources, a.Source)
			}
		}
		all = append(all, led{m[0], st})
	}
	slices.SortFunc(all, func(a, b led) int { return int(a.lead - b.lead) })
	out := make([]Story, len(all))
	for k, x := range all {
		out[k] = x.story
	}
	return out
}

// leadOrder ranks a story's versions (of arts, by their place) for
// reading: dated before undated, earlier first; then more words first;
// then store order.
func leadOrder(arts []*Article) func(a, b int32) int {
	return func(a, b int32) int {
		ta, tb := arts[a].Published, arts[b].Published
		switch {
		case !ta.IsZero() && tb.IsZero():
			return -1
		case ta.IsZero() && !tb.IsZero():
			return 1
		case !ta.Equal(tb):
			return ta.Compare(tb)
		}
		if wa, wb := arts[a].Words, arts[b].Words; wa != wb {
			return wb - wa
		}
		return int(a) - int(b)
	}
}
