package store

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Search: ranked full text over titles and bodies, BM25F (a title word
// counts titleWeight times a body word). A query is words, "quoted phrases"
// that must appear as written (accents and case aside), -words that must
// not appear, and prefix* words that match any word starting so (what a
// reader searching as one types needs: "mex*" finds Mexico before the word
// is done). Results that match more of the query's words come first.

// snippetBytes is about how long a snippet runs.
const snippetBytes = 180

// query is a parsed search query.
type query struct {
	terms    []string // analyzed terms of words and phrases, deduplicated
	prefixes []string // folded prefixes of prefix* words
	phrases  []phrase // phrases, each required as written (phrase.go)
	exclude  []string // analyzed terms that rule an article out
	// excluded are the CJK runs of three characters or more of
	// -exclusions, each ruling out an article that holds it as a
	// phrase of its bigrams, as a run of the query is looked for (not
	// each bigram: -東京都 is not -東京 -京都).
	excluded []phrase
	// tooCommon are the words left out as too common to tell articles
	// apart (stop words), as written, each once: outside a "phrase"
	// (one that keeps a word is matched in place), an exclusion or a
	// prefix* of two letters or more, which are searched.
	tooCommon []string
}

// maxExpansions caps how many words one prefix stands for; the commonest
// win.
const maxExpansions = 64

// parseQuery splits a query into words, "phrases" and -exclusions. An
// unclosed quote runs to the end. Nothing in it can fail.
func parseQuery(an *analyzer, q string) query {
	var out query
	seen := map[string]bool{}
	addTerms := func(text string) []string {
		var terms []string
		for _, t := range an.queryTokens(text) {
			terms = append(terms, t.term)
			if !seen[t.term] {
				seen[t.term] = true
				out.terms = append(out.terms, t.term)
			}
		}
		return terms
	}
	leftOut := func(text string) {
		for _, w := range strings.FieldsFunc(text, notWordRune) {
			if len(an.queryTokens(w)) == 0 && isStopWord(Fold(w)) && !slices.Contains(out.tooCommon, w) {
				out.tooCommon = append(out.tooCommon, w)
			}
		}
	}
	for len(q) > 0 {
		q = strings.TrimLeftFunc(q, unicode.IsSpace)
		switch {
		case q == "":
		case q[0] == '"':
			end := strings.IndexByte(q[1:], '"')
			var phrase string
			if end < 0 {
				phrase, q = q[1:], ""
			} else {
				phrase, q = q[1:1+end], q[2+end:]
			}
			if terms := addTerms(phrase); len(terms) > 0 {
				out.phrases = append(out.phrases, parsePhrase(an, phrase))
			} else {
				leftOut(phrase) // a phrase of stop words alone is left out
			}
		case q[0] == '-' && len(q) > 1 && !unicode.IsSpace(rune(q[1])):
			end := strings.IndexFunc(q, unicode.IsSpace)
			if end < 0 {
				end = len(q)
			}
			word := q[1:end]
			for _, run := range cjkRuns(word) {
				out.excluded = append(out.excluded, parsePhrase(an, run))
				word = strings.Replace(word, run, " ", 1)
			}
			for _, t := range an.queryTokens(word) {
				out.exclude = append(out.exclude, t.term)
			}
			q = q[end:]
		default:
			end := strings.IndexFunc(q, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
			if end < 0 {
				end = len(q)
			}
			if end == 0 { // a stray quote-like byte: skip it
				_, size := utf8.DecodeRuneInString(q)
				end = size
			}
			word := q[:end]
			if p := strings.TrimRight(word, "*"); p != word && utf8.RuneCountInString(p) >= 2 && !strings.ContainsFunc(p, notWordRune) && !hasCJK(p) {
				out.prefixes = append(out.prefixes, Fold(p))
			} else {
				// A run of CJK characters is its bigrams in order, a
				// phrase (analyze.go); as typed it is the same, a
				// prefix of a run being a run.
				addTerms(word)
				leftOut(word)
				for _, run := range cjkRuns(word) {
					out.phrases = append(out.phrases, parsePhrase(an, run))
				}
			}
			q = q[end:]
		}
	}
	return out
}

// TooCommon gives the words of query q that a search leaves out as too
// common to tell articles apart (stop words: "the", "of"), as written,
// each once, as the search's own parse finds them: a reader can say why
// a query of them finds nothing. Words in a "phrase" that keeps another
// word (matched in place), exclusions, and prefixes (the*) are searched,
// and never in it.
func TooCommon(q string) []string {
	return parseQuery(newAnalyzer(), q).tooCommon
}

// TooCommonLeft is TooCommon and whether q, those words left out, has
// anything left to search (a word or a prefix*, as Search finds it):
// where it has not, those words are why it finds nothing, however they
// were written ("the,", "the-of", a "phrase" of them).
func TooCommonLeft(q string) (common []string, left bool) {
	pq := parseQuery(newAnalyzer(), q)
	return pq.tooCommon, len(pq.terms)+len(pq.prefixes) > 0
}

// queryAnalyzer analyzes queries with the spellings the index already
// knows, so a query rarely stems anything.
func (s *Store) queryAnalyzer() *analyzer {
	return &analyzer{words: make(map[string]*word, 8), known: s.ix.known}
}

// Search finds the n best articles for query (n <= 0: all that match).
func (s *Store) Search(q string, n int) []Hit {
	hits, _ := s.SearchContext(context.Background(), q, n)
	return hits
}

// SearchContext is Search that gives up when ctx ends, with its error: a
// phrase that few of its candidates hold is checked in each one's text,
// seconds at 100,000 articles, and a reader searching as one types wants
// the search of the query typed before stopped, not finished.
func (s *Store) SearchContext(ctx context.Context, q string, n int) ([]Hit, error) {
	return s.search(ctx, q, n, -1, true, true)
}

// SearchSnippets is SearchContext with the snippets of the first
// snippets hits only; the others come without (Snippet "", no Marks),
// for Snippets to fill in. A snippet reads its article's text and
// analyses all of it: at 100,000 articles the snippets of a reader's 100
// results were three quarters of a search as one types, of which the
// first screen shows a fifth.
func (s *Store) SearchSnippets(ctx context.Context, q string, n, snippets int) ([]Hit, error) {
	return s.search(ctx, q, n, max(snippets, 0), true, true)
}

// WarmSearch makes what a search as one types needs on first use, if it
// is not made yet: the sorted spellings a prefix looks in (62-163 ms at
// 100,000 articles, which the second letter of the first search waited
// for) and BM25's length part of each article. A reader calls it as its
// query line opens, before the first letter.
func (s *Store) WarmSearch() {
	s.prefixOnce.Do(s.buildSpellings)
	s.bm25Norms()
}

// Snippets gives each hit of q's search without a snippet the one
// SearchContext gives it. It stops when ctx ends, with its error.
func (s *Store) Snippets(ctx context.Context, q string, hits []Hit) error {
	an := s.queryAnalyzer()
	pq := parseQuery(an, q)
	var expanded [][]int32
	for _, p := range pq.prefixes {
		expanded = append(expanded, s.expand(p))
	}
	want := s.wanted(pq.terms, expanded)
	for i := range hits {
		h := &hits[i]
		d, ok := s.byID[h.ID]
		if !ok || h.Snippet != "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		h.Snippet, h.Marks = snippet(an, s.plainShown(int32(d)), want, pq.phrases)
	}
	return nil
}

// wanted is the terms a query's snippets and marks show: its words'
// terms and those its prefixes stand for (expanded).
func (s *Store) wanted(terms []string, expanded [][]int32) *wantSet {
	want := &wantSet{terms: make(map[string]bool, len(terms))}
	for _, t := range terms {
		want.add(t)
	}
	for _, ids := range expanded {
		for _, id := range ids {
			want.add(s.ix.terms[id].key)
		}
	}
	return want
}

func (ws *wantSet) add(term string) {
	ws.terms[term] = true
	if term != "" && term[0] < utf8.RuneSelf {
		ws.firsts[term[0]] = true
	}
}

// wantSet is the terms a query's snippets and marks show, and what it
// has found of the spellings it was asked about: a snippet looks up
// every word of its article's text (a hundred texts for a reader's
// results), and most are the same few thousand words. A spelling of at
// most 16 bytes is looked up once a query, its answer kept in an
// open-addressed table by its bytes (shortWords: nil, not wanted; else
// the word), where the analyzer would look in a map of its own and then
// in each of the index's, and then in the wanted terms.
//
// A word that begins with an ASCII letter has a term that begins with
// the same letter, in lower case (folding and stemming change a word's
// end, not its start: TestTermsKeepTheirFirstLetter): firsts, the
// first bytes of the wanted terms, rule out at once the words that
// begin with any other, most of a text for most queries. They were the
// most of a snippet's time, each looked up once a query at least.
type wantSet struct {
	terms  map[string]bool
	seen   *shortWords
	firsts [utf8.RuneSelf]bool
}

// word gives the word of raw (as scanWord tells it) if the query wants
// its term, else nil.
func (ws *wantSet) word(an *analyzer, raw string, upper, initials bool) *word {
	if len(raw) > 0 && asciiClass[raw[0]]&classLetter != 0 && !ws.firsts[raw[0]|0x20] {
		return nil
	}
	if len(raw) == 0 || len(raw) > 16 {
		return ws.check(an.lookup(raw, upper, initials))
	}
	if ws.seen == nil {
		ws.seen = newShortWords(0)
	}
	w, found, at := ws.seen.find(raw)
	if found {
		return w
	}
	w = ws.check(an.lookup(raw, upper, initials))
	ws.seen.insert(at, w)
	return w
}

func (ws *wantSet) check(w *word) *word {
	if w == nil || w.term == "" || !ws.terms[w.term] {
		return nil
	}
	return w
}

// search is SearchContext, with snippets for the first snippets hits (<
// 0: all); byPositions false checks every candidate's text for the
// phrases, none ruled out by their positions first (what the tests hold
// the positions to); prune false reads every posting of a prefix's
// words (what the tests hold the pruning to: prefixUnit).
func (s *Store) search(ctx context.Context, q string, n, snippets int, byPositions, prune bool) ([]Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	an := s.queryAnalyzer()
	pq := parseQuery(an, q)
	qt := s.searchTerms(&pq)
	units := qt.units
	if len(pq.prefixes) == 0 {
		// A reader searching as one types sends a first letter, then a
		// second that needs the spellings: they sort behind the first.
		s.warmOnce.Do(func() { go s.prefixOnce.Do(s.buildSpellings) })
	}
	if len(units) == 0 || len(s.arts) == 0 {
		return nil, nil
	}
	sc := s.searchScratch()
	defer s.putSearchScratch(sc)
	scores, matched, best := sc.scores, sc.matched, sc.best
	unitTouched := sc.unitTouched
	// A query of one prefix (the first word, as typed) may stop before
	// its commonest words, where they cannot change the n best
	// (prefixUnit); nothing else may decide what is kept (exclusions).
	pruneOne := prune && n > 0 && len(units) == 1 && len(pq.prefixes) == 1 && len(pq.phrases) == 0 && len(pq.exclude) == 0 && len(pq.excluded) == 0
	for _, ids := range units {
		unitTouched = unitTouched[:0]
		if pruneOne && len(ids) > 1 {
			unitTouched = s.prefixUnit(sc, ids, unitTouched, n)
		} else {
			for _, id := range ids {
				unitTouched = s.scoreTerm(sc, id, unitTouched)
			}
		}
		for _, doc := range unitTouched {
			if matched[doc] == 0 {
				sc.touched = append(sc.touched, doc)
			}
			scores[doc] += best[doc]
			matched[doc]++
			best[doc] = 0
		}
	}
	sc.unitTouched = unitTouched
	// Only the articles whose words stand in each phrase's order can hold
	// it (phrase.go): the rest are not read. A phrase with a word no
	// article holds has no hits.
	var filters []phraseFilter
	for i := range pq.phrases {
		ph := &pq.phrases[i]
		if !byPositions || len(ph.sure) == 0 || len(filters) == maxFilters {
			continue // all short stop words (or too many phrases): the text decides alone
		}
		f, ok := s.ix.phraseFilter(ph)
		if !ok {
			return nil, nil
		}
		filters = append(filters, f)
	}
	// An excluded run rules out the candidates holding it, checked as
	// they come (by their positions, then their text); one a word of
	// which no article holds rules out none.
	var excluded []excludedPhrase
	for i := range pq.excluded {
		ex := excludedPhrase{ph: pq.excluded[i : i+1]}
		if byPositions && len(ex.ph[0].sure) > 0 {
			f, ok := s.ix.phraseFilter(&ex.ph[0])
			if !ok {
				continue
			}
			ex.filter = []phraseFilter{f}
		}
		excluded = append(excluded, ex)
	}
	for _, id := range qt.exclude {
		for _, p := range s.ix.termPostings(id) {
			if matched[p.doc] == 0 {
				sc.touched = append(sc.touched, p.doc) // to clear
			}
			matched[p.doc] = -1
		}
	}
	want := s.wanted(pq.terms, units[len(pq.terms):])
	// Without phrases to check, only the n best need ordering. With them,
	// candidates are checked best first until n pass, ranked in rounds:
	// the best phraseRound, then twice as many (of which the first are the
	// same, the order being total), so that a phrase most candidates hold
	// sorts a few dozen, not every article holding its words (sorting
	// 20,000 of them was most of a phrase search at 100,000 articles).
	keep := n
	if n > 0 && (len(pq.phrases) > 0 || len(excluded) > 0) {
		keep = max(phraseRound, 4*n)
	}
	// The first round's candidates are looked up by their positions one
	// by one (a phrase most hold needs no more); past it, the articles
	// whose words stand in order are found at once for every phrase
	// (phraseDocs, a walk of their terms' postings), and only they ranked.
	var hits []Hit
	snipped := func() bool { return snippets < 0 || len(hits) < snippets }
	read := 0
	var last *result // the last candidate checked: the next round goes on after it
	for {
		if (last != nil || keep <= 0) && len(filters) > 0 && sc.filters == 0 {
			if err := s.filterPhrases(ctx, sc, filters); err != nil {
				return nil, err
			}
		}
		results := rank(sc, keep, len(units))
		from := 0
		if last != nil {
			from, _ = slices.BinarySearchFunc(results, *last, func(r, l result) int {
				if better(r, l) || r == l {
					return -1
				}
				return 1
			})
		}
		for _, r := range results[from:] {
			if n > 0 && len(hits) == n {
				break
			}
			last = &r
			if sc.filters == 0 && !s.ix.phrasesAt(r.doc, filters, sc) {
				continue
			}
			if read++; read%checkEvery == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			var plain string
			if len(pq.phrases) > 0 || snipped() {
				plain = s.plainShown(r.doc)
			}
			if len(pq.phrases) > 0 && !s.hasPhrases(r.doc, plain, pq.phrases, sc) {
				continue
			}
			if len(excluded) > 0 && s.holdsExcluded(r.doc, &plain, excluded, sc) {
				continue
			}
			a := s.head(r.doc)
			h := Hit{ID: a.ID, Title: a.Title, Score: roundScore(r.score), TitleMarks: markTerms(an, a.Title, want)}
			if snipped() {
				h.Snippet, h.Marks = snippet(an, plain, want, pq.phrases)
			}
			hits = append(hits, h)
		}
		if keep <= 0 || len(hits) == n || len(results) < keep {
			break
		}
		keep *= 2
	}
	return hits, nil
}

// searchTerms are the terms whose postings a search of a query reads:
// each word's unit (one term, or the terms a prefix stands for, of which
// an article scores the best it holds), its words' first, then its
// prefixes'; the terms its -words rule out; and its phrases' and
// excluded runs' certain words. A KeptSearch loads these alone.
type searchTerms struct {
	units   [][]int32
	exclude []int32
	phrased []int32
}

func (s *Store) searchTerms(pq *query) searchTerms {
	var qt searchTerms
	for _, term := range pq.terms {
		var ids []int32
		if id, ok := s.ix.ids[term]; ok {
			ids = []int32{id}
		}
		qt.units = append(qt.units, ids)
	}
	for _, p := range pq.prefixes {
		qt.units = append(qt.units, s.expand(p))
	}
	for _, term := range pq.exclude {
		if id, ok := s.ix.ids[term]; ok {
			qt.exclude = append(qt.exclude, id)
		}
	}
	for _, ph := range slices.Concat(pq.phrases, pq.excluded) {
		for _, t := range ph.sure {
			if id, ok := s.ix.ids[t.term]; ok {
				qt.phrased = append(qt.phrased, id)
			}
		}
	}
	return qt
}

// all are the terms, ascending, each once.
func (qt searchTerms) all() []int32 {
	ids := slices.Concat(slices.Concat(qt.units...), qt.exclude, qt.phrased)
	slices.Sort(ids)
	return slices.Compact(ids)
}

// scoreTerm scores term id's postings into sc.best, each article the
// best of the unit's terms it holds, and appends to touched the articles
// it reaches first.
func (s *Store) scoreTerm(sc *searchScratch, id int32, touched []int32) []int32 {
	norms, best := s.bm25Norms(), sc.best
	idf := s.ix.terms[id].idf
	for _, p := range s.ix.termPostings(id) {
		tf := float64(p.body) + titleWeight*float64(p.title)
		score := idf * tf * (bm25K1 + 1) / (tf + norms[p.doc])
		if best[p.doc] == 0 {
			touched = append(touched, p.doc)
		}
		best[p.doc] = max(best[p.doc], score)
	}
	return touched
}

// prefixUnit is scoreTerm for each of ids, the words of a query that is
// one prefix, rarest first, stopping where the rest, the commonest, can
// no longer change the n best: at 100,000 articles the 64 commonest
// words of a prefix of two letters ("go*", "in*") hold a million
// postings, most of them in the few commonest words, whose low idf
// scores an article below what the n best already have.
//
// A term's BM25 score is below its idf·(k1+1), whatever the article, so
// the words not yet read give an article less than bound, the next
// word's. Where each of the n best so far scores bound or more, the rest
// can change neither their scores nor their order, and any other
// article stays below the n-th (it has bound at most, or the score it
// has now, already below the n-th): what is read stops there. The n best
// are then those, in that order, with those scores; the others are not
// ranked (no caller sees past the n best).
//
// Queries of several words are not pruned so: a prefix after a word
// ("oil pr*") would need each article the word reached looked at, as
// many as the postings a check could save, for little.
func (s *Store) prefixUnit(sc *searchScratch, ids []int32, touched []int32, n int) []int32 {
	order := append(sc.words[:0], ids...)
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(cmp.Compare(s.ix.terms[b].idf, s.ix.terms[a].idf), cmp.Compare(a, b))
	})
	sc.words = order
	rest := 0
	for _, id := range order {
		rest += s.docCount(id)
	}
	checks := 0
	for _, id := range order {
		// A check reads every article reached so far: worth it only
		// before a word with many postings, the rest many more than the
		// check reads.
		if size := s.docCount(id); checkEveryWord || size >= pruneFrom && rest > 2*len(touched) && checks < maxPruneChecks {
			checks++
			if s.settled(sc, touched, s.ix.terms[id].idf*(bm25K1+1), n) {
				prunedPostings.Add(int64(rest))
				return touched
			}
		}
		touched = s.scoreTerm(sc, id, touched)
		rest -= s.docCount(id)
	}
	return touched
}

// prunedPostings counts the postings prefixUnit left unread, for tests.
var prunedPostings atomic.Int64

// pruneFrom is how many postings a prefix's word must hold for a check
// before it; maxPruneChecks is how many checks a query makes at most.
const (
	pruneFrom      = 2048
	maxPruneChecks = 4
)

// checkEveryWord makes prefixUnit check before every word, for tests.
var checkEveryWord bool

// settled reports whether the n best of a query that is one prefix are
// known while its words are part read: sc.best holds the best score so
// far of each article in touched, and bound is more than any word left
// could score. See prefixUnit.
func (s *Store) settled(sc *searchScratch, touched []int32, bound float64, n int) bool {
	top := sc.ranked[:0]
	for _, doc := range touched {
		r := result{doc, sc.best[doc]}
		if len(top) == n && !better(r, top[n-1]) {
			continue
		}
		top = insertRanked(top, r, n)
	}
	sc.ranked = top
	return len(top) == n && top[n-1].score >= bound
}

// insertRanked puts r in its place in top, the best results so far in
// order and at most n of them, dropping the last when top is full; the
// caller has checked that r ranks before it.
func insertRanked(top []result, r result, n int) []result {
	i, _ := slices.BinarySearchFunc(top, r, func(t, r result) int {
		if better(t, r) {
			return -1
		}
		return 1
	})
	if len(top) < n {
		top = append(top, result{})
	}
	copy(top[i+1:], top[i:len(top)-1])
	top[i] = r
	return top
}

// bm25Norms gives each article's part of BM25's denominator, k1(1 - b +
// b·dl/avgdl): the same for every term of every query, where a posting's
// score divided by avgdl once more. Made on first use, as the spellings
// are.
func (s *Store) bm25Norms() []float64 {
	s.normsOnce.Do(func() {
		norms := make([]float64, len(s.ix.docLen))
		for d, l := range s.ix.docLen {
			dl := float64(l) / s.ix.avgLen
			norms[d] = bm25K1 * (1 - bm25B + bm25B*dl)
		}
		s.norms = norms
	})
	return s.norms
}

// phraseFilter is a phrase's sure terms as the index numbers them, for
// phraseDocs.
type phraseFilter struct {
	ids, offs       []int32
	befores, afters []int8
	spells          []uint8
}

// phraseFilter gives a phrase's filter; false where the index lacks a
// term of it (no article holds the phrase).
func (ix *index) phraseFilter(ph *phrase) (phraseFilter, bool) {
	n := len(ph.sure)
	f := phraseFilter{ids: make([]int32, n), offs: make([]int32, n), befores: make([]int8, n), afters: make([]int8, n), spells: make([]uint8, n)}
	for j, t := range ph.sure {
		id, ok := ix.ids[t.term]
		if !ok {
			return phraseFilter{}, false
		}
		f.ids[j], f.offs[j], f.befores[j], f.afters[j], f.spells[j] = id, t.off, t.before, t.after, t.spell
	}
	return f, true
}

// filterPhrases counts, for each article, the phrases whose words stand
// in order in it (sc.phrased; rank then ranks only those that hold all).
func (s *Store) filterPhrases(ctx context.Context, sc *searchScratch, filters []phraseFilter) error {
	if sc.phrased == nil {
		sc.phrased = make([]uint8, len(s.arts))
	}
	for _, f := range filters {
		sc.filters++
		s.ix.phraseDocs(f, func(doc int32) {
			if sc.phrased[doc] == sc.filters-1 {
				sc.phrased[doc]++
			}
		})
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// maxFilters is how many phrases of a query are looked for by their
// positions (phrased counts them in a byte); the rest by their text.
const maxFilters = 255

// checkEvery is how many texts a search reads between looks at whether
// it should stop: tens of microseconds each.
const checkEvery = 32

// phraseRound is how many candidates a search with phrases ranks first.
const phraseRound = 64

// rank orders the keep best articles a search's scratch matched (keep <=
// 0: all), best first, ties to the earlier article. Articles with more of
// the query's units come first.
func rank(sc *searchScratch, keep, units int) []result {
	if keep <= 0 {
		var all []result
		for _, doc := range sc.touched {
			if sc.matched[doc] > 0 && (sc.filters == 0 || sc.phrased[doc] == sc.filters) {
				all = append(all, result{doc, sc.scores[doc] * float64(sc.matched[doc]) / float64(units)})
			}
		}
		slices.SortFunc(all, func(a, b result) int {
			if better(a, b) {
				return -1
			}
			return 1
		})
		return all
	}
	// The keep best so far, best first: most articles a query touches
	// score below the last of them, and are ruled out by one comparison.
	top := sc.ranked[:0]
	for _, doc := range sc.touched {
		if sc.matched[doc] <= 0 || sc.filters > 0 && sc.phrased[doc] != sc.filters {
			continue
		}
		r := result{doc, sc.scores[doc] * float64(sc.matched[doc]) / float64(units)}
		if len(top) == keep {
			if last := top[keep-1]; r.score < last.score || r.score == last.score && r.doc > last.doc {
				continue
			}
		}
		top = insertRanked(top, r, keep)
	}
	sc.ranked = top
	return slices.Clone(top)
}

// better orders results: the higher score, then the earlier article.
func better(a, b result) bool {
	return a.score > b.score || a.score == b.score && a.doc < b.doc
}

// searchScratch is a query's per-article sums, pooled by the store so that
// a search allocates nothing the size of the store. Only the articles in
// touched are ever non-zero, and they are cleared on the way back.
type searchScratch struct {
	scores  []float64 // sum of the units' scores
	matched []int32   // units matched; -1 for an excluded article
	best    []float64 // the current unit's best score (zero between units)
	touched []int32   // articles with a non-zero scores or matched
	// unitTouched: articles the current unit reached, reused unit to unit
	unitTouched []int32
	// phrased counts, per article, the phrases whose words stand in
	// order in it (of filters looked for; nil until a phrase is): only
	// articles of the touched hold their terms.
	phrased []uint8
	filters uint8
	ranked  []result    // scratch of rank and settled
	words   []int32     // scratch of prefixUnit
	spans   []span      // scratch of the phrase check
	readers []posReader // scratch of phrasesAt
	order   orderScratch
}

func (s *Store) searchScratch() *searchScratch {
	if sc, ok := s.searchPool.Get().(*searchScratch); ok {
		return sc
	}
	n := len(s.arts)
	return &searchScratch{scores: make([]float64, n), matched: make([]int32, n), best: make([]float64, n)}
}

func (s *Store) putSearchScratch(sc *searchScratch) {
	for _, d := range sc.touched {
		sc.scores[d], sc.matched[d] = 0, 0
	}
	if sc.phrased != nil && sc.filters > 0 {
		for _, d := range sc.touched {
			sc.phrased[d] = 0
		}
	}
	sc.filters = 0
	sc.touched, sc.unitTouched = sc.touched[:0], sc.unitTouched[:0]
	s.searchPool.Put(sc)
}

// hasPhrases reports whether an article (its plain text given) holds
// every phrase, in its title or in its body (phrase.go). The body is
// looked at as the index read it, URLs blanked (maskURLs keeps offsets).
func (s *Store) hasPhrases(doc int32, plain string, phrases []phrase, sc *searchScratch) bool {
	title, body := s.head(doc).Title, maskURLs(plain)
	for i := range phrases {
		var in bool
		if in, sc.spans = phrases[i].in(title, sc.spans); in {
			continue
		}
		if in, sc.spans = phrases[i].in(body, sc.spans); !in {
			return false
		}
	}
	return true
}

// excludedPhrase is an excluded CJK run of a query, with its phrase's
// filter (none: its text alone decides).
type excludedPhrase struct {
	ph     []phrase // the one phrase, as hasPhrases takes it
	filter []phraseFilter
}

// holdsExcluded reports whether an article holds any of the excluded
// runs, by its positions first and then its text, read into *plain if it
// is not yet (only an article whose positions allow a run is read).
func (s *Store) holdsExcluded(doc int32, plain *string, excluded []excludedPhrase, sc *searchScratch) bool {
	for _, ex := range excluded {
		if ex.filter != nil && !s.ix.phrasesAt(doc, ex.filter, sc) {
			continue
		}
		if *plain == "" {
			*plain = s.plainShown(doc)
		}
		if s.hasPhrases(doc, *plain, ex.ph, sc) {
			return true
		}
	}
	return false
}

// markTerms gives the spans of text whose terms are wanted.
func markTerms(an *analyzer, text string, want *wantSet) []Span {
	var marks []Span
	for _, t := range wantedWords(an, text, want, nil) {
		marks = append(marks, Span{t.start, t.end})
	}
	return marks
}

// wantedWords appends to out the words of text whose terms are wanted, as
// tokens would give them (their term, start and end; wordScan walks the
// same words), without what only the index needs of every word: its
// position and the codes of its neighbours, and a token for each.
func wantedWords(an *analyzer, text string, want *wantSet, out []token) []token {
	if len(want.terms) == 0 {
		return out
	}
	ws := newWordScan(text)
	carry := "" // the wanted bigram the CJK character before began
	for {
		start, end, upper, initials, ok := ws.next()
		if !ok {
			return out
		}
		if text[start] >= 0xE2 && cjkAt(text, start) == end-start {
			out, carry = wantedCJK(an, text, start, end, want, carry, out)
			continue
		}
		carry = ""
		if w := want.word(an, text[start:end], upper, initials); w != nil {
			out = append(out, token{term: w.term, start: start, end: end})
		}
	}
}

// wantedCJK appends the CJK character at text[start:end] to out where
// its term, or a bigram it is in, is wanted: each character its own span,
// so that the marks of a run's bigrams do not overlap.
func wantedCJK(an *analyzer, text string, start, end int, want *wantSet, carry string, out []token) ([]token, string) {
	term, next := carry, ""
	if n := cjkAt(text, end); n > 0 {
		if w := want.word(an, text[start:end+n], false, false); w != nil {
			term, next = w.term, w.term
		}
	}
	if term == "" {
		if w := want.word(an, text[start:end], false, false); w != nil {
			term = w.term
		}
	}
	if term != "" {
		out = append(out, token{term: term, start: start, end: end})
	}
	return out, next
}

// snippet cuts about snippetBytes of text around the densest run of wanted
// terms, on one line, with the matches' spans in it. Where the query has
// quoted phrases, the run that holds the most of them where they stand
// comes first: the words of "oil prices" apart ("the high oil price")
// are not where the article says it. Where nothing in the body matches
// (a title match), it is the opening of the body.
func snippet(an *analyzer, text string, want *wantSet, phrases []phrase) (string, []Span) {
	text = snippetProse(text)
	if strings.TrimSpace(text) == "" {
		return "", nil // a headline alone, whose body is its link: no snippet
	}
	hits := wantedWords(an, text, want, nil)
	// Where each phrase first stands in the body, as the search found it
	// (URLs blanked, offsets kept).
	var found []span
	if len(phrases) > 0 {
		body := maskURLs(text)
		var scratch []span
		for i := range phrases {
			var at span
			if at, scratch = phrases[i].find(body, scratch); at.end >= 0 {
				found = append(found, at)
			}
		}
	}
	// The window that holds the most phrases, then the most distinct
	// wanted terms, then the most matches; the earliest wins a tie. A
	// window opens on a match or on a phrase.
	const reach = snippetBytes * 2 / 3
	bestStart, bestPhrases, bestDistinct, bestCount := 0, 0, 0, 0
	try := func(from, i int) {
		distinct := map[string]bool{}
		count := 0
		for j := i; j < len(hits) && hits[j].end-from <= reach; j++ {
			distinct[hits[j].term] = true
			count++
		}
		held := 0
		for _, f := range found {
			if f.start >= from && f.start-from <= reach {
				held++
			}
		}
		if held > bestPhrases || held == bestPhrases && (len(distinct) > bestDistinct ||
			len(distinct) == bestDistinct && (count > bestCount || count == bestCount && from < bestStart)) {
			bestStart, bestPhrases, bestDistinct, bestCount = from, held, len(distinct), count
		}
	}
	for i := range hits {
		try(hits[i].start, i)
	}
	for _, f := range found {
		try(f.start, sort.Search(len(hits), func(j int) bool { return hits[j].start >= f.start }))
	}
	start := 0
	if bestDistinct > 0 || bestPhrases > 0 {
		start = wordStart(text, max(0, bestStart-snippetBytes/6))
	}
	end := wordEnd(text, min(len(text), start+snippetBytes))
	// Runs of white space, line breaks among them, become one space; pos
	// maps each byte of text[start:end] to where it lands in the snippet.
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := make([]int, end-start+1)
	space := true // drop leading white space
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:])
		for k := range size {
			pos[i-start+k] = b.Len()
		}
		switch {
		case !unicode.IsSpace(r):
			b.WriteString(text[i : i+size])
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
		i += size
	}
	pos[end-start] = b.Len()
	out := strings.TrimRight(b.String(), " ")
	if end < len(text) {
		out += "…"
	}
	var marks []Span
	for _, h := range hits {
		if h.start >= start && h.end <= end {
			marks = append(marks, Span{pos[h.start-start], pos[h.end-start]})
		}
	}
	return out, marks
}

// maxWordSlack is how far a snippet's edge moves to fall between words; a
// longer "word" (a URL, a line of noise) is cut where it stands.
const maxWordSlack = 32

// wordStart moves i back to the start of the word it is in.
func wordStart(text string, i int) int {
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	for j := i; j > 0 && i-j <= maxWordSlack; {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if unicode.IsSpace(r) {
			return j
		}
		j -= size
		if j == 0 {
			return 0
		}
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in.
func wordEnd(text string, i int) int {
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	for j := i; j < len(text) && j-i <= maxWordSlack; {
		r, size := utf8.DecodeRuneInString(text[j:])
		if unicode.IsSpace(r) {
			return j
		}
		j += size
		if j == len(text) {
			return j
		}
	}
	return i
}

// result is a search match being ranked.
type result struct {
	doc   int32
	score float64
}

func notWordRune(r rune) bool { return !isWordRune(r) }

// spelling is one way a term is written, folded, for prefix search.
type spelling struct {
	folded string
	term   int32
}

// expand gives the terms of the words that start with prefix (folded), at
// most maxExpansions, the commonest first. The sorted spellings it searches
// are built on first use: only a reader searching as one types needs them.
func (s *Store) expand(prefix string) []int32 {
	s.prefixOnce.Do(s.buildSpellings)
	sp := s.prefixSpellings
	i := sort.Search(len(sp), func(i int) bool { return sp[i].folded >= prefix })
	seen := map[int32]bool{}
	var ids []int32
	for ; i < len(sp) && strings.HasPrefix(sp[i].folded, prefix); i++ {
		if !seen[sp[i].term] {
			seen[sp[i].term] = true
			ids = append(ids, sp[i].term)
		}
	}
	if len(ids) > maxExpansions {
		sort.Slice(ids, func(a, b int) bool {
			da, db := s.docCount(ids[a]), s.docCount(ids[b])
			return da > db || da == db && ids[a] < ids[b]
		})
		ids = ids[:maxExpansions]
	}
	return ids
}

// buildSpellings sorts every spelling met while indexing, folded.
func (s *Store) buildSpellings() {
	var sp []spelling
	for _, m := range s.ix.known {
		for _, w := range m {
			if w.term == "" {
				continue
			}
			id := int32(-1)
			if w.slot != nil {
				id = w.slot.id // the index's id, learnt while building
			}
			if id < 0 {
				var ok bool
				if id, ok = s.ix.ids[w.term]; !ok {
					continue
				}
			}
			sp = append(sp, spelling{Fold(w.surface), id})
		}
	}
	// Sorted, then the copies the workers' maps share dropped: cheaper than
	// a map of every spelling.
	slices.SortFunc(sp, func(x, y spelling) int {
		if c := strings.Compare(x.folded, y.folded); c != 0 {
			return c
		}
		return cmp.Compare(x.term, y.term)
	})
	s.prefixSpellings = slices.Compact(sp)
}

// LinksHeading opens the numbered addresses ingest puts at the end of an
// article made from HTML ("Links:", then "[1] https://…" a line).
const LinksHeading = "Links:"

// snippetProse is what a snippet may show of an article's plain text: its
// prose. The trailing list of numbered links (LinksHeading) is cut, and
// every address written with a scheme or "www." is blanked, byte for
// byte, so that offsets still hold: an address is no sentence, and its
// path's words ("…/automotive-slack-adjuster-3150-market-report…")
// would otherwise win the window for the query's words. A text of
// addresses alone (a headline-only item's body is its link) leaves
// nothing.
func snippetProse(text string) string {
	if i := linksBlock(text); i >= 0 {
		text = text[:i]
	}
	if b := blankURLs(text); b != nil {
		return string(b)
	}
	return text
}

// linksBlock is where the text's closing list of numbered links begins: a
// line LinksHeading after which every line is blank or a numbered link
// ("[3] …", as a list item or not); -1 for none.
func linksBlock(text string) int {
	at := -1
	for i := 0; i < len(text); {
		k := strings.Index(text[i:], LinksHeading)
		if k < 0 {
			break
		}
		k += i
		if (k == 0 || text[k-1] == '\n') && strings.TrimSpace(lineAt(text, k+len(LinksHeading))) == "" {
			at = k
		}
		i = k + len(LinksHeading)
	}
	if at < 0 {
		return -1
	}
	rest := text[at+len(LinksHeading):]
	for line := range strings.SplitSeq(rest, "\n") {
		line = strings.TrimLeft(strings.TrimSpace(line), "-*•+ ")
		if line == "" {
			continue
		}
		if len(line) < 3 || line[0] != '[' || line[1] < '0' || line[1] > '9' {
			return -1
		}
	}
	return at
}

// lineAt is the rest of text's line from i.
func lineAt(text string, i int) string {
	if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
		return text[i : i+j]
	}
	return text[i:]
}
