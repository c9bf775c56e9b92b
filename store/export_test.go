package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
)

// Differ tells the first way two stores differ, "" when they are the same
// store: the same articles in the same order, the same vocabulary (keys,
// display forms, idf, names), postings, lengths, vectors, impact lists,
// topics and stories. Tests use it to show that a store built from the
// library's prepared analysis is the store built from the text.
func Differ(a, b *Store) string {
	if len(a.arts) != len(b.arts) {
		return fmt.Sprintf("%d articles against %d", len(a.arts), len(b.arts))
	}
	for i := range a.arts {
		x, y := *a.article(int32(i)), *b.article(int32(i)) // bodies a source keeps, read
		if !reflect.DeepEqual(x, y) {
			return fmt.Sprintf("article %d: %+v against %+v", i, x, y)
		}
	}
	ax, bx := a.ix, b.ix
	if !reflect.DeepEqual(ax.terms, bx.terms) {
		for id := range min(len(ax.terms), len(bx.terms)) {
			if ax.terms[id] != bx.terms[id] {
				return fmt.Sprintf("term %d: %+v against %+v", id, ax.terms[id], bx.terms[id])
			}
		}
		return fmt.Sprintf("%d terms against %d", len(ax.terms), len(bx.terms))
	}
	for _, c := range []struct {
		name string
		x, y any
	}{
		{"ids", ax.ids, bx.ids},
		{"postings", ax.postings, bx.postings},
		{"positions", ax.pos, bx.pos},
		{"positions' offsets", ax.posOff, bx.posOff},
		{"long articles", ax.long, bx.long},
		{"skips", ax.skips, bx.skips},
		{"lengths", ax.docLen, bx.docLen},
		{"mean length", ax.avgLen, bx.avgLen},
		{"vectors", ax.vecs, bx.vecs},
		{"impact lists", ax.impact, bx.impact},
		{"shared lengths", ax.shared, bx.shared},
		{"topics", ax.topics, bx.topics},
		{"stories", a.stories, b.stories},
		{"story of each", a.storyOf, b.storyOf},
	} {
		if !reflect.DeepEqual(c.x, c.y) {
			return c.name + " differ"
		}
	}
	return ""
}

// CommonLevel and Commonest export common.go's reference to the external
// tests, which judge why words by it.
var CommonLevel = func(word string) int { return commonLevel(termOf(word, false)) }

const Commonest = commonest

// Placed tells what a build took from a kept placement: whether the
// topics were kept, and how many articles story grouping placed.
func Placed(s *Store) (topics int, topicsKept bool, grouped int) {
	return s.ix.k, s.ix.topicSet.kept, s.grouped
}

// Extended is how many articles a build indexed beside a kept index.
func Extended(s *Store) int { return s.extended }

// PlacementVersion is placementVersion, for TestPlacementVersion.
const PlacementVersion = placementVersion

// SearchFullCheck is Search with every candidate's text checked for the
// phrases, none ruled out by positions first: what the positions must
// not change.
func (s *Store) SearchFullCheck(q string, n int) []Hit {
	hits, _ := s.search(context.Background(), q, n, -1, false, true)
	return hits
}

// CheckEveryWord makes a search as typed look, before each word of its
// prefix, whether it may stop; undo puts it back.
func CheckEveryWord() (undo func()) {
	checkEveryWord = true
	return func() { checkEveryWord = false }
}

// PrunedPostings is how many postings searches left unread so far.
func PrunedPostings() int64 { return prunedPostings.Load() }

// SearchUnpruned is Search reading every posting of a prefix's words:
// what pruning must not change.
func (s *Store) SearchUnpruned(q string, n int) []Hit {
	hits, _ := s.search(context.Background(), q, n, -1, true, false)
	return hits
}

// HoldersKept cuts phrases from the titles and bodies of s's articles
// (every step-th word, one to six words, each as written, in capitals
// and in small letters) and checks each is found by its text check in
// the article it was cut from, and kept there by the positions: "" if
// so, else what was not.
func HoldersKept(s *Store, step int) (string, int) {
	an := s.queryAnalyzer()
	tried := 0
	var spans, scratch []span
	for d := range s.arts {
		doc := int32(d)
		for _, text := range []string{s.arts[d].Title, maskURLs(s.plain(doc))} {
			spans = wordSpans(text, spans[:0])
			for i := (d * 7) % step; i < len(spans); i += step {
				k := 1 + (i+d)%6
				if i+k > len(spans) {
					continue
				}
				raw := text[spans[i].start:spans[i+k-1].end]
				for _, q := range []string{raw, strings.ToUpper(raw), strings.ToLower(raw)} {
					ph := parsePhrase(an, q)
					if len(ph.words) == 0 {
						continue
					}
					tried++
					var in bool
					if in, scratch = ph.in(text, scratch); !in {
						return fmt.Sprintf("article %d: the phrase %q cut from %q is not found in it", d, q, text), tried
					}
					if !s.phraseKeeps(ph, doc) {
						return fmt.Sprintf("article %d: the positions rule out the phrase %q cut from it", d, q), tried
					}
				}
			}
		}
	}
	return "", tried
}

// PositionsKeep reports whether the positions keep the article id for
// the phrase q (its quotes left out).
func (s *Store) PositionsKeep(q, id string) bool {
	for d, a := range s.arts {
		if a.ID == id {
			return s.phraseKeeps(parsePhrase(s.queryAnalyzer(), q), int32(d))
		}
	}
	panic("no article " + id)
}

// phraseKeeps reports whether the positions keep article doc for ph.
func (s *Store) phraseKeeps(ph phrase, doc int32) bool {
	if len(ph.sure) == 0 {
		return true
	}
	f, ok := s.ix.phraseFilter(&ph)
	if !ok {
		return false
	}
	kept := false
	s.ix.phraseDocs(f, func(d int32) { kept = kept || d == doc })
	// The same article, looked up by itself (the first round of a search).
	at := s.ix.phrasesAt(doc, []phraseFilter{f}, &searchScratch{})
	return kept && at
}

// WordScanMatchesTokens tells where the words a phrase check walks
// differ from the analyser's tokens (span and position), "" where not.
func WordScanMatchesTokens(text string) string {
	an := newAnalyzer()
	toks := an.tokens(text, nil)
	ws := newWordScan(text)
	k := 0
	for {
		start, end, _, _, ok := ws.next()
		if !ok {
			break
		}
		if k < len(toks) && toks[k].start == start {
			if toks[k].end != end || toks[k].pos != ws.pos {
				return fmt.Sprintf("%q: token %q at %d, position %d; the scan %q, %d", text, text[toks[k].start:toks[k].end], toks[k].start, toks[k].pos, text[start:end], ws.pos)
			}
			k++
		}
	}
	if k != len(toks) {
		return fmt.Sprintf("%q: the scan met %d of %d tokens", text, k, len(toks))
	}
	return ""
}

// SetFoldGrowth sets the share of a kept placement's base its parts may
// grow to before a build writes a new base, until the function it gives
// is called.
func SetFoldGrowth(f float64) (restore func()) {
	was := foldGrowth
	foldGrowth = f
	return func() { foldGrowth = was }
}

// SetMaxPlacementRows sets how many rows a kept placement may hold before
// a build writes a new base, until the function it gives is called.
func SetMaxPlacementRows(n int) (restore func()) {
	was := maxPlacementRows
	maxPlacementRows = n
	return func() { maxPlacementRows = was }
}

// RowsTaken tells how many of a kept placement's rows a build takes: the
// base and the parts that follow on from it (0: none).
func RowsTaken(rows [][]byte) int {
	if p := decodePlacement(rows); p != nil {
		return p.rows
	}
	return 0
}

// TermFirstLetterMismatches gives the spellings the index met that begin
// with an ASCII letter and whose term begins with another byte than that
// letter in lower case: none, or a query's snippets would miss them
// (wantSet.word rules words out by their first letter).
func TermFirstLetterMismatches(s *Store) []string {
	var out []string
	for _, m := range s.ix.known {
		for raw, w := range m {
			if raw == "" || asciiClass[raw[0]]&classLetter == 0 || w == nil || w.term == "" {
				continue
			}
			if w.term[0] != raw[0]|0x20 {
				out = append(out, raw+" → "+w.term)
			}
		}
	}
	return out
}

// IndexFormat is indexFormat, for TestIndexFormat.
const IndexFormat = indexFormat

// SearchDropping is KeptSearch.Search with the k-th of the terms it
// would load left unloaded: a search that reads a term the quick path
// did not foresee.
func (ks *KeptSearch) SearchDropping(q string, n, k int) ([]Hit, bool) {
	ids := ks.terms(q)
	return ks.searchLoading(q, n, append(ids[:k:k], ids[k+1:]...))
}

// RelatedRounds is how many runs of Store.Related the KeptSearch's last
// Related made.
func (ks *KeptSearch) RelatedRounds() int { return ks.rounds }

// WantedTerms is how many terms a KeptSearch's searches asked for that
// were not loaded, as kept for Related.
func (ks *KeptSearch) WantedTerms() int {
	kh := ks.s.heads
	kh.mu.Lock()
	defer kh.mu.Unlock()
	return len(kh.wantTerms)
}

// CountSettles has every build return its garbage to the system however
// small (settle), calling seen each time it does instead; the function
// it returns puts it back.
func CountSettles(seen func()) (restore func()) {
	from, free := settleFrom, freeMemory
	settleFrom, freeMemory = 0, seen
	return func() { settleFrom, freeMemory = from, free }
}
