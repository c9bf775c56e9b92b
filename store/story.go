package store

import "slices"

// Stories: exact duplicates are merged by Build; near-duplicates, the same
// event reported in other words, are grouped here as versions of one story.
//
// Two reports of one event are close in their words and closer still in
// whom and where they name: two articles are versions when their term
// cosine and the overlap of the names they mention average at least
// versionScore (with the cosine at least minVersionCosine), or when the
// cosine alone reaches sameTextCosine (a lightly edited copy). Stories on
// one subject that are not one event (a trial and its verdict; a protest
// and the law it fought) share words but name different people, and stay
// apart.
//
// Candidates come from a pruned index of each article's heaviest terms:
// reports of one event share their heaviest words, so grouping costs far
// less than comparing all pairs.
const (
	versionScore     = 0.75
	minVersionCosine = 0.6
	sameTextCosine   = 0.9
	topTerms         = 12
	minSharedTop     = 3
	candidateWindow  = 512
)

// versionAt tells whether a and b are versions of one story, given their
// term cosine c.
func (s *Store) versionAt(c float64, a, b int32) bool {
	if c >= sameTextCosine {
		return true
	}
	return c >= minVersionCosine && (c+s.nameOverlap(a, b))/2 >= versionScore
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
		for _, t := range v.ix.vecs[v.doc] {
			v.w[t.term] = 0
		}
	}
	for _, t := range v.ix.vecs[doc] {
		v.w[t.term] = t.w
	}
	v.doc = doc
	return v
}

// cosine is the cosine of the loaded article with o.
func (v *denseVec) cosine(o int32) float32 {
	var sum float32
	for _, t := range v.ix.vecs[o] {
		sum += v.w[t.term] * t.w
	}
	return sum
}

func (s *Store) groupStories() {
	n := len(s.arts)
	top, holders := s.topTermIndex()
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	// For each article, count how many top terms each later article
	// shares, and test the likely ones — unless they are one story already,
	// which in a corpus of copies is nearly always: the test is skipped and
	// the cost stays linear. A term held by very many articles offers only
	// the next candidateWindow of them (in store order): copies sit close,
	// and the rarer terms they share find the rest.
	shared := make([]uint8, n)
	var touched []int32
	dense := newDenseVec(s.ix)
	for d := range int32(n) {
		touched = touched[:0]
		for _, term := range top[d] {
			h := holders[term]
			pos, _ := slices.BinarySearch(h, d+1)
			for _, o := range h[pos:min(len(h), pos+candidateWindow)] {
				if shared[o] == 0 {
					touched = append(touched, o)
				}
				shared[o]++
			}
		}
		for _, o := range touched {
			if shared[o] >= minSharedTop {
				if ra, ro := find(d), find(o); ra != ro && s.versionAt(float64(dense.load(d).cosine(o)), d, o) {
					parent[max(ra, ro)] = min(ra, ro) // the earlier article roots the set
				}
			}
			shared[o] = 0
		}
	}

	s.storyOf = make([]int32, n)
	index := make(map[int32]int32)
	for d := range n {
		root := find(int32(d))
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
		// The story is named by its member with the smallest ID, so that
		// the name does not depend on the order sources loaded in.
		name := s.arts[members[0]].ID
		for _, m := range members {
			name = min(name, s.arts[m].ID)
		}
		for _, m := range members {
			s.arts[m].Story = name
			s.arts[m].Versions = len(members)
		}
	}
}

// topTermIndex gives each article's topTerms heaviest terms, and for each
// term the articles that hold it among theirs.
func (s *Store) topTermIndex() (top [][]int32, holders [][]int32) {
	top = make([][]int32, len(s.arts))
	holders = make([][]int32, len(s.ix.terms))
	var best []vterm
	for d, v := range s.ix.vecs {
		// Insertion into a short sorted list: cheaper than sorting all terms.
		best = best[:0]
		for _, t := range v {
			if len(best) == topTerms && !heavier(t, best[topTerms-1]) {
				continue
			}
			k := len(best)
			if k < topTerms {
				best = append(best, t)
			} else {
				k--
			}
			for k > 0 && heavier(t, best[k-1]) {
				best[k] = best[k-1]
				k--
			}
			best[k] = t
		}
		for _, x := range best {
			top[d] = append(top[d], x.term)
			holders[x.term] = append(holders[x.term], int32(d))
		}
	}
	return top, holders
}

// heavier orders terms by weight, then by id, so that ties break the same
// way every run.
func heavier(a, b vterm) bool { return a.w > b.w || a.w == b.w && a.term < b.term }

// nameOverlap is the weighted Jaccard of the names two articles mention:
// shared names' weight over all names' weight, each name weighed by its
// idf. Reports of one event name the same people and places; stories that
// merely share a subject name different ones.
func (s *Store) nameOverlap(a, b int32) float64 {
	va, vb := s.ix.vecs[a], s.ix.vecs[b]
	var shared, all float64
	for i, j := 0, 0; i < len(va) || j < len(vb); {
		switch {
		case j == len(vb) || i < len(va) && va[i].term < vb[j].term:
			if s.ix.terms[va[i].term].name {
				all += s.ix.terms[va[i].term].idf
			}
			i++
		case i == len(va) || va[i].term > vb[j].term:
			if s.ix.terms[vb[j].term].name {
				all += s.ix.terms[vb[j].term].idf
			}
			j++
		default:
			if t := s.ix.terms[va[i].term]; t.name {
				shared += t.idf
				all += t.idf
			}
			i++
			j++
		}
	}
	if all == 0 {
		return 0
	}
	return shared / all
}
