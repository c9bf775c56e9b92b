package store

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
)

// Topics: a coarse layer under related stories. Articles are clustered by
// spherical k-means on their term vectors, and each gets a soft topic
// vector (its cosine with every cluster centre, cubed to sharpen, unit
// length). Related stories weigh the term cosine down by up to topicWeight
// where topics differ, so that among stories that share a few words, those
// about the same kind of thing come first: a football report's neighbours
// are other football reports, not the business story that names the same
// club. Weighing down, not adding, keeps a score's meaning: two articles
// that share few words never score high because their topic is common, so
// a pair scores about the same in a store with topics as in one too small
// for them.
//
// Measured on the BBC corpus (store/quality_test.go): the share of top-5
// related stories from an article's own section rises from 0.935 with term
// cosine alone to 0.953.
const (
	topicWeight = 0.6 // share of the cosine that rests on sharing a topic
	topicIters  = 6   // k-means rounds; assignments settle within a few
	topicSeed   = 0x1ede
	maxTopics   = 48
	topicSample = 10_000 // articles clustered at most; the rest are placed
)

// topicCount grows with the square root of the store, a common rule of
// thumb for k-means: about 16 topics for 2,000 articles; none for a handful.
func topicCount(n int) int {
	k := int(math.Round(math.Sqrt(float64(n) / 8)))
	if k < 2 {
		return 0
	}
	return min(k, maxTopics)
}

// topicSet is what topic clustering gives the index.
type topicSet struct {
	topics []float32 // k floats an article
	k      int
	// clusterOf tells, by article, the centre a clustered article was
	// last assigned to, plus one (0: not clustered, but placed), and
	// clustered the size of the store clustered: what a kept placement
	// (placement.go) keeps to place new articles without clustering again.
	clusterOf []uint8
	clustered int
	kept      bool // taken from a kept placement, not clustered here
}

// buildTopics gives the articles' topic vectors, k floats per article, or
// none when the store is too small for topics: from a kept placement
// where it has one fit for the store (keptTopics), else by clustering.
// Clustering depends on the articles' IDs, not on the order they loaded in.
func (ix *index) buildTopics(ids []string, pl *placing) topicSet {
	n := ix.vecs.articles()
	k := topicCount(n)
	if k == 0 {
		return topicSet{}
	}
	if ts, ok := ix.keptTopics(pl, k); ok {
		return ts
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return ids[order[a]] < ids[order[b]] })
	// A large store is clustered on a sample: topicSample articles find
	// the centres as well as all would, at a fraction of the cost, and
	// every article is then placed against them. The sample is drawn from
	// the ID order, so it too depends on IDs alone.
	members := make([]int, 0, min(n, topicSample)) // the clustered, by index
	if n > topicSample {
		sampler := rand.New(rand.NewPCG(topicSeed, uint64(n)^0x5a4d))
		sampler.Shuffle(n, func(a, b int) { order[a], order[b] = order[b], order[a] })
		order = order[:topicSample]
		sort.Slice(order, func(a, b int) bool { return ids[order[a]] < ids[order[b]] })
		members = append(members, order...)
		sort.Ints(members)
	} else {
		for i := range n {
			members = append(members, i)
		}
	}
	m := len(order)

	// The centres are stored term by term (see centreSet); a term no
	// centre holds (one the clustered articles never use) adds nothing to
	// any dot product.
	v := len(ix.terms)
	cs := &centreSet{w: make([]float32, v*k), live: make([]bool, v), k: k}
	centres, live := cs.w, cs.live
	dots := func(doc int, out []float32) {
		gap, w := ix.vecs.of(int32(doc))
		cs.dots(gap, w, out)
	}
	// Candidate centres are compared with the clustered articles only, so
	// their cosines come from inverted lists of those alone, in the same
	// order. (The index keeps no inverted vectors: Related reads its impact
	// lists.)
	counts := make([]int, v)
	for _, i := range members {
		for t := range ix.vecs.all(int32(i)) {
			counts[t.term]++
			live[t.term] = true
		}
	}
	inverted := make([][]vposting, v)
	all := make([]vposting, sum(counts))
	for t, c := range counts {
		inverted[t], all = all[:0:c], all[c:]
	}
	for _, i := range members {
		for t := range ix.vecs.all(int32(i)) {
			inverted[t.term] = append(inverted[t.term], vposting{doc: int32(i), w: t.w})
		}
	}
	similarTo := func(doc int, out []float32) {
		clear(out)
		for t := range ix.vecs.all(int32(doc)) {
			for _, p := range inverted[t.term] {
				out[p.doc] += t.w * p.w
			}
		}
	}

	// Greedy k-means++ (as scikit-learn does it): each next centre is the
	// best of a few candidates drawn with odds growing with their distance
	// from the centres so far, which makes the clustering far less a matter
	// of luck than one draw.
	rng := rand.New(rand.NewPCG(topicSeed, uint64(n)))
	closest := make([]float32, n) // cosine to the nearest centre so far
	for i := range closest {
		closest[i] = -1
	}
	distance := func(c float32) float64 { d := float64(1 - c); return d * d }
	tries := 2 + int(math.Log(float64(k)))
	sim, bestSim := make([]float32, n), make([]float32, n)
	pick := order[rng.IntN(m)]
	similarTo(pick, bestSim)
	for c := range k {
		for t := range ix.vecs.all(int32(pick)) {
			centres[int(t.term)*k+c] = t.w
		}
		for i, x := range bestSim {
			closest[i] = max(closest[i], x)
		}
		if c == k-1 {
			break
		}
		total := 0.0
		for _, i := range order {
			total += distance(closest[i])
		}
		bestPotential := math.Inf(1)
		for range tries {
			r := rng.Float64() * total
			cand := order[m-1]
			for _, i := range order {
				if r -= distance(closest[i]); r <= 0 {
					cand = i
					break
				}
			}
			similarTo(cand, sim)
			potential := 0.0
			for _, i := range order {
				potential += distance(max(closest[i], sim[i]))
			}
			if potential < bestPotential {
				pick, bestPotential = cand, potential
				sim, bestSim = bestSim, sim
			}
		}
	}

	assign := make([]int, n)
	scratch := make([]float32, parallelism(m)*k) // one row of dots per worker
	for range topicIters {
		parallelWorkers(m, func(w, j int) {
			i := members[j]
			d := scratch[w*k : (w+1)*k]
			dots(i, d)
			best, bestDot := 0, float32(-1)
			for c, x := range d {
				if x > bestDot {
					best, bestDot = c, x
				}
			}
			assign[i] = best
		})
		clear(centres)
		for _, i := range members {
			c := assign[i]
			for t := range ix.vecs.all(int32(i)) {
				centres[int(t.term)*k+c] += t.w
			}
		}
		normalizeColumns(centres, k)
	}

	ts := topicSet{topics: make([]float32, n*k), k: k, clusterOf: make([]uint8, n), clustered: n}
	for _, i := range members {
		ts.clusterOf[i] = uint8(assign[i] + 1)
	}
	parallel(n, func(i int) {
		gap, w := ix.vecs.of(int32(i))
		cs.topic(gap, w, ts.topics[i*k:(i+1)*k])
	})
	return ts
}

// centreSet holds k topic centres term by term (the k weights of a term
// side by side), so that an article meets all k centres in one pass over
// its terms, reading a short run of memory per term instead of k
// scattered ones. Each centre's dot product still sums in the order of the
// article's terms. live tells the terms some centre may hold.
type centreSet struct {
	w    []float32
	live []bool
	k    int
}

// dots gives v's dot product with each centre in out.
func (cs *centreSet) dots(gap []uint16, w []float32, out []float32) {
	k := cs.k
	out = out[:k]
	clear(out)
	for i, term := 0, int32(0); i < len(gap); i++ {
		term, i = nextTerm(gap, w, i, term)
		if !cs.live[term] {
			continue
		}
		row := cs.w[int(term)*k : int(term+1)*k]
		row = row[:len(out)]
		for c := range out {
			out[c] += w[i] * row[c]
		}
	}
}

// topic gives in tv the topic vector of an article of vector v: its
// cosine with every centre, cubed to sharpen, at unit length.
func (cs *centreSet) topic(gap []uint16, w []float32, tv []float32) {
	cs.dots(gap, w, tv)
	for c, d := range tv {
		d = max(d, 0)
		tv[c] = d * d * d
	}
	normalize(tv)
}

// normalizeColumns gives each of the k centres stored term by term (see
// buildTopics) unit length, as normalize does a centre stored alone:
// squares summed in term order in float64, then divided.
func normalizeColumns(m []float32, k int) {
	sums := make([]float64, k)
	for i := 0; i < len(m); i += k {
		for c, x := range m[i : i+k] {
			sums[c] += float64(x) * float64(x)
		}
	}
	norms := make([]float32, k)
	for c, sum := range sums {
		norms[c] = float32(math.Sqrt(sum))
	}
	for i := 0; i < len(m); i += k {
		for c := range m[i : i+k] {
			if sums[c] != 0 {
				m[i+c] /= norms[c]
			}
		}
	}
}

func normalize(v []float32) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return
	}
	norm := float32(math.Sqrt(sum))
	for i := range v {
		v[i] /= norm
	}
}

// parallelism is how many workers n items keep busy.
func parallelism(n int) int { return max(1, min(runtime.GOMAXPROCS(0), n)) }

// parallel runs f(0..n-1) on every core.
func parallel(n int, f func(i int)) {
	parallelWorkers(n, func(_, i int) { f(i) })
}

// parallelWorkers runs f(w, 0..n-1) on every core, w telling the worker
// (0 <= w < parallelism(n)), so that each may keep scratch space.
func parallelWorkers(n int, f func(w, i int)) {
	workers := parallelism(n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(w, i)
			}
		}()
	}
	wg.Wait()
}

// run is a range [lo, hi) of items.
type run struct{ lo, hi int }

// parts cuts n items into one run a core (parallelism(n) runs), in order.
func parts(n int) []run {
	k := parallelism(n)
	runs := make([]run, k)
	for r := range runs {
		runs[r] = run{r * n / k, (r + 1) * n / k}
	}
	return runs
}

// inParts runs f on each of parts(n), side by side.
func inParts(n int, f func(r run)) {
	var wg sync.WaitGroup
	for _, r := range parts(n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(r)
		}()
	}
	wg.Wait()
}
