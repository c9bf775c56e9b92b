package store

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lede-reader/lede/store/safe"
)

// Store is a read-only snapshot of articles and their index. Build makes
// one; nothing changes it afterwards, so any goroutine may query it. A
// source that arrives later makes a new Store.
type Store struct {
	arts    []*Article
	byID    map[string]int
	ix      *index
	stories [][]int32 // members of each story, in store order
	storyOf []int32   // article → story
	when    []int64   // publication times, as sameTime and timeFactor compare them (story.go)
	byTime  []int32   // dated articles by date, and each article's place
	timePos []int32   // there (-1 if undated), for Related's candidates

	// Sorted spellings for prefix search, built on first use, or behind
	// the first search without a prefix (search.go).
	prefixOnce      sync.Once
	prefixSpellings []spelling
	warmOnce        sync.Once
	// BM25's length part of each article, on first search (search.go).
	normsOnce sync.Once
	norms     []float64

	stages  []Stage // what Build spent, stage by stage
	grouped int     // articles story grouping placed (the rest were kept: placement.go)
	// extended is how many articles Build indexed beside a kept index
	// (extendindex.go).
	extended int

	// Bodies kept by their source (body.go): the library's ID of each
	// such article Build gave another (rare: another source had it), and
	// the last few read.
	bodyIDs map[int32]string
	read    readBodies
	plains  plainTexts // plainShown's (body.go)
	// textless are the articles indexed without their text: it could not
	// be read while building, nor their analysis used. Their title is
	// all the index has of them, which says nothing of whether two are
	// one text: they are never merged as copies or grouped as versions.
	textless map[int32]bool

	scratchPool sync.Pool // *relScratch for Related (related.go)
	fills       fillMemo  // story grouping's last opening read (template.go)
	searchPool  sync.Pool // *searchScratch for Search (search.go)
	// heads: the articles are made as a search reads them, and the
	// index holds the postings of the query's terms alone (a
	// KeptSearch's store: keptsearch.go); nil for a store built. Its
	// arts[d] stay nil until read: search-path code reads articles
	// through head() and counts through docCount, never s.arts[d].
	heads *keptHeads
}

// Stage is one step of Build and the time it took, for benchmarks and
// profiling at scale: which step grows faster than the corpus.
type Stage struct {
	Name string
	Took time.Duration // wall clock
	CPU  time.Duration // the whole process's CPU meanwhile (zero where unknown)
}

// stageClock times the steps of a build, one after the other.
type stageClock struct {
	stages  *[]Stage
	last    time.Time
	lastCPU time.Duration
}

func newStageClock(stages *[]Stage) *stageClock {
	return &stageClock{stages: stages, last: time.Now(), lastCPU: processCPU()}
}

func (c *stageClock) done(name string) {
	now, cpu := time.Now(), processCPU()
	*c.stages = append(*c.stages, Stage{name, now.Sub(c.last), cpu - c.lastCPU})
	c.last, c.lastCPU = now, cpu
}

// Stages gives what building the store took, step by step, in order.
func (s *Store) Stages() []Stage { return s.stages }

// Build makes a store of articles in the order given (seeds first, then
// sources in load order). It gives each article with no ID its own (see
// ContentID), keeps the ID of one that has one (an article from the
// library keeps what it was first given), merges exact
// duplicates (the first copy stays), indexes the text and groups versions
// of one story. Articles should have been sanitized at ingest; Build
// sanitizes again any that were not, so the store never hands out a control
// character.
func Build(articles []Article) *Store {
	s := &Store{byID: make(map[string]int, len(articles))}
	clock := newStageClock(&s.stages)
	// Sanitize and hash on every core; then keep the first of each text,
	// in order.
	clean := make([]Article, len(articles))
	keys := make([][32]byte, len(articles))
	preps := make([]preparedDoc, len(articles))
	textless := make([]bool, len(articles))
	lex := firstLexicon(articles)
	// The index a build of these very articles kept, where the library
	// has one (keptindex.go); where it does not serve, the analyses of
	// the articles the library gave without them, expecting it would.
	var kx *keptIndex
	if lex != nil && lex.index != nil {
		if kx = lex.loadIndex(articles); kx == nil {
			articles = lex.withAnalyses(articles)
		}
	}
	bufs := make([][]byte, parallelism(len(articles))) // each worker's scratch for hashing
	parallelWorkers(len(articles), func(w, i int) {
		a := articles[i] // a copy: the caller's slice is not ours
		if kx != nil {
			preps[i] = preparedDoc{ok: kx.in.ok[i], key: kx.in.keys[i]}
			textless[i] = kx.in.textless[i]
		} else if p := a.Prepared; p != nil && p.lex == lex {
			preps[i], _ = p.header()
		}
		a.Prepared = nil // the index is built from it; the store keeps none
		if kx == nil && a.BodyFrom != nil && !preps[i].ok {
			// Indexed from its text after all (its analysis was damaged,
			// or another library's): read it, and keep it.
			if b, err := a.BodyFrom.Body(a.ID); err == nil {
				a.Body, a.BodyFrom = b, nil
			} else {
				textless[i] = true
			}
		}
		a.CleanFields()
		if !preps[i].clean { // a prepared article found its text safe as it is
			a.Body = safe.Text(a.Body)
		}
		// The short fields are copied: a title cut from the text of the
		// file it came from would keep that whole text alive as long as
		// the store (470 MB of 100,000 files' text, in a store of 2.2 GB).
		// Section, source and feed, which articles share, are copied once
		// each below.
		a.Title, a.ID = strings.Clone(a.Title), strings.Clone(a.ID)
		for k, l := range a.Links {
			a.Links[k] = strings.Clone(l)
		}
		clean[i] = a
		switch {
		case kx != nil:
			keys[i] = kx.in.keys[i]
		case preps[i].ok:
			keys[i] = preps[i].key
		case textless[i]:
			// Not its text: its identity, so that it is the copy of none.
			keys[i] = contentHashBuf(bufs[w][:0], "\x00textless", a.ID)
		default:
			bufs[w] = slices.Grow(bufs[w][:0], len(a.Title)+len(a.Body)+1)
			keys[i] = contentHashBuf(bufs[w], a.Title, a.Body)
		}
	})
	var kept []preparedDoc
	// The library's articles the build holds (those lex prepared), and
	// whether each was indexed from its analysis: then the placement
	// offered holds it (PlacementOffered).
	placed := PlacementOffered{Whole: true}
	var artKeys []uint64                            // the kept articles' content hashes, for a kept placement
	seen := make(map[[32]byte]int32, len(articles)) // a text's kept article
	// One copy of each section, source and feed name, shared by the
	// articles that have it: a copy each was three strings an article
	// (about 60 MB at 1,000,000 articles). A file's source is its path,
	// its own: past maxSharedNames names met, the rest are copied
	// without being remembered.
	names := map[string]string{}
	shared := func(s string) string {
		c, ok := names[s]
		if !ok {
			c = strings.Clone(s)
			if len(names) < maxSharedNames {
				names[c] = c
			}
		}
		return c
	}
	for i := range clean {
		a, key := &clean[i], keys[i]
		if k, ok := seen[key]; ok {
			s.arts[k].TakeCopy(a, shared)
			continue
		}
		if mine := articles[i].Prepared; mine != nil && mine.lex == lex {
			placed.Articles++
			placed.Whole = placed.Whole && preps[i].ok
		}
		seen[key] = int32(len(s.arts))
		a.Section, a.Source, a.Feed = shared(a.Section), shared(a.Source), shared(a.Feed)
		base := a.ID // the library's articles carry the ID they were first given
		if base == "" {
			base = idFor(a.Title, key)
		}
		a.ID = base
		for n := 2; ; n++ { // same slug and hash prefix, other text: 1 in 16M
			if _, taken := s.byID[a.ID]; !taken {
				break
			}
			a.ID = base + "-" + itoa(n)
		}
		if a.BodyFrom != nil && a.ID != articles[i].ID {
			if s.bodyIDs == nil {
				s.bodyIDs = map[int32]string{}
			}
			s.bodyIDs[int32(len(s.arts))] = articles[i].ID // its source's name for it
		}
		if textless[i] {
			if s.textless == nil {
				s.textless = map[int32]bool{}
			}
			s.textless[int32(len(s.arts))] = true
		}
		s.byID[a.ID] = len(s.arts)
		s.arts = append(s.arts, a)
		kept = append(kept, preps[i])
		artKeys = append(artKeys, keyOf(key))
	}
	clock.done("merge")
	var pl *placing
	if lex != nil {
		pl = lex.kept().place(s.arts, artKeys)
	}
	// Which articles were prepared is all that is wanted of their
	// analyses once indexed: kept to the end, they held the library's
	// analyses (140 MB at 100,000) through the whole build.
	ours := make([]bool, len(kept))
	for d, p := range kept {
		ours[d] = p.ok
	}
	var in *indexInput
	if kx != nil {
		s.ix = kx.ix
		clock.done("kept index")
		if kx.extended {
			s.extended = kx.added
			clock.done("extended")
		}
		ids := make([]string, len(s.arts))
		for i, a := range s.arts {
			ids[i] = a.ID
		}
		s.ix.topicSet = s.ix.buildTopics(ids, pl)
		clock.done("topics")
		s.ix.impact = s.ix.buildImpact(s.ix.heavy)
		clock.done("impact")
		if kx.extended && lex.index.Save != nil && (lex.index.Rebase == nil || lex.index.Rebase(kx.added, len(s.arts))) {
			in = &kx.in // kept again, for the next start
		}
	} else {
		in = inputs(articles, lex, keys, preps, textless)
		s.ix = buildIndex(s.arts, kept, pl, clock, in)
	}
	if in != nil {
		in.heavy = s.ix.heavy // story grouping lets go of them
	}
	s.byTime, s.timePos = timeOrder(s.arts)
	s.when = s.publicationTimes()
	s.groupStories(pl)
	clock.done("stories")
	if lex != nil && lex.save != nil {
		s.offerPlacement(lex.save, pl, ours, artKeys)
		if p := pl.p; p != nil {
			placed.Rows, placed.Sum = p.rows, p.sum
		}
		if lex.placed != nil {
			lex.placed(placed)
		}
	}
	if in != nil {
		lex.index.Save(func(put func(int, []byte) error) error { return encodeIndex(s, in, put) })
	}
	return s
}

// inputs records what an index kept of this build must know of the
// articles it was given (keptindex.go), or nil where none is to be kept.
func inputs(articles []Article, lex *Lexicon, keys [][32]byte, preps []preparedDoc, textless []bool) *indexInput {
	if lex == nil || lex.index == nil || lex.index.Save == nil {
		return nil
	}
	n := len(articles)
	in := &indexInput{ids: make([]string, n), keys: keys, prepared: make([]bool, n), ok: make([]bool, n), textless: textless, text: make([][32]byte, n)}
	for i := range articles {
		a := &articles[i]
		in.ids[i] = a.ID
		in.prepared[i] = a.Prepared != nil && a.Prepared.lex == lex
		in.ok[i] = preps[i].ok
		if textless[i] {
			return nil // a text that could not be read now may be read next time
		}
		if !in.prepared[i] {
			if a.BodyFrom != nil {
				return nil // its text is not at hand to vouch for
			}
			in.text[i] = inputText(a)
		}
	}
	return in
}

// maxSharedNames is how many section, source and feed names Build
// remembers to share.
const maxSharedNames = 4096

// offerPlacement hands save the placement of the articles of a library
// (those it prepared: ours) where anything of theirs was placed anew: an
// article the kept placement did not hold, or topics clustered afresh.
// What it offers is a part holding what was placed anew, to append to
// the rows the kept placement was read from, or a new base of every
// article, where the topics changed or the parts grew too large (see
// placement.go).
func (s *Store) offerPlacement(save func(at int, encode func() []byte), pl *placing, ours []bool, keys []uint64) {
	topicsAnew := s.ix.k > 0 && !s.ix.topicSet.kept
	var fresh []int
	for d, ok := range ours {
		if ok && pl.kept[d] < 0 {
			fresh = append(fresh, d)
		}
	}
	if !topicsAnew && len(fresh) == 0 {
		return
	}
	whole := func() []byte { return encodePlacement(s, keys, ours) }
	p := pl.p
	if p == nil || topicsAnew || pl.matched == 0 || p.k != s.ix.k || p.rows >= maxPlacementRows ||
		float64(len(p.keys)-p.base+len(fresh)) > foldGrowth*float64(p.base) {
		save(0, whole)
		return
	}
	labels, ok := s.partLabels(pl, fresh)
	if !ok {
		save(0, whole)
		return
	}
	save(p.rows, func() []byte { return encodePart(s, keys, pl, fresh, labels) })
}

// CleanFields puts the article's fields but its body through the one
// sanitiser as Build does: one-line fields by the one-line policy (no
// tabs, line breaks, bidi marks; titles and sections capped), times in
// the user's zone, links as text. A list that prints the library's
// articles without building a store (library.Listing) calls it, so that
// both print the same bytes.
func (a *Article) CleanFields() {
	a.Title = safe.LineMax(a.Title, safe.MaxLine)
	a.Section = safe.LineMax(a.Section, safe.MaxLine)
	a.Source = strings.TrimSpace(safe.Line(a.Source))
	a.Feed = strings.TrimSpace(safe.Line(a.Feed))
	a.LocalTimes()
	a.ID = safe.Line(a.ID)
	a.Links = CleanLinks(a.Links)
}

// TakeCopy merges into a (the copy kept: the first of one text) what
// Build takes of an exact copy c it leaves out: c's feed, since the
// article belongs to it too (the same item in a feed and its mirror).
// shared gives the string kept for a name (Build shares one copy of
// each).
func (a *Article) TakeCopy(c *Article, shared func(string) string) {
	switch {
	case c.Feed != "" && a.Feed == "":
		// The first is a saved article whose feed was removed: it is
		// the copy's feed's now.
		a.Feed = shared(c.Feed)
	case c.Feed != "" && !a.InFeed(c.Feed):
		if a.Feeds == nil && a.Feed != "" {
			a.Feeds = []string{a.Feed}
		}
		a.Feeds = append(a.Feeds, shared(c.Feed))
	}
}

// CleanLinks is an article's links as Build keeps them: each through
// the sanitiser, none an empty list.
func CleanLinks(list []string) []string {
	if list == nil {
		return []string{}
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = safe.Text(s)
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Len is the number of articles.
func (s *Store) Len() int { return len(s.arts) }

// List gives the articles in store order. The articles are shared: callers
// must not change them. An article whose body its source keeps (BodyFrom)
// has none here: Get gives it whole.
func (s *Store) List() []*Article { return s.arts }

// Get finds an article by ID, with its body: read from its source where
// the store keeps none (see BodySource), or, where it cannot be read, a
// line that says so in its place.
func (s *Store) Get(id string) (*Article, bool) {
	i, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	return s.article(int32(i)), true
}

// Head finds an article by ID as List shares it: without its body where
// its source keeps it (BodyFrom), so nothing is read. For what shows an
// article's title, source and date, not its text.
func (s *Store) Head(id string) (*Article, bool) {
	i, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	return s.arts[i], true
}

// Versions gives the articles of id's story, id's own included, in store
// order, shared as List shares them.
func (s *Store) Versions(id string) []*Article {
	i, ok := s.byID[id]
	if !ok {
		return nil
	}
	members := s.stories[s.storyOf[i]]
	out := make([]*Article, len(members))
	for k, m := range members {
		out[k] = s.arts[m]
	}
	return out
}

// Sanitize is safe.Text, the one sanitiser, under the name callers of the
// store knew it by.
func Sanitize(s string) string { return safe.Text(s) }
