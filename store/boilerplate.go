package store

import (
	"cmp"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// What is not evidence of a relation: links, and what a source prints in
// every item. Both stay in the body a person reads; neither is allowed to
// make two articles alike or to explain why they are.
//
// Links: a URL's words (a site's name, a section path, a date) are shared
// by every item of an outlet and say nothing of the story, so URLs are
// blanked before text is analyzed — for search and related alike.
//
// Boilerplate: a sentence one source prints word for word in several of
// its items (a blurb, a footer, "Read more", a share line, a standing
// disclaimer) is the source's furniture, not news. Such sentences still
// count for search, but not for related stories, versions or why.

// Boilerplate thresholds. A sentence is furniture when one source repeats
// it in at least boilerMinItems of its items and in at least boilerShare of
// them: three, because a story and its follow-up may well quote one line
// twice, while a line in three items of one source is a habit; a share,
// because in a large feed a few follow-ups of one event may repeat a line
// three times, while furniture is in a good part of everything the source
// prints.
const (
	boilerMinItems = 3
	boilerShare    = 0.05
)

// maskURLs blanks every URL in s (blankURLs) with spaces of the same
// length, so that byte offsets into s stay valid for snippets; and of the
// addresses written without a scheme (maskHosts) what is not a word.
func maskURLs(s string) string {
	b := blankURLs(s)
	if b == nil {
		return maskHosts(s, nil)
	}
	return maskHosts(string(b), b)
}

// blankURLs returns s's bytes with every URL (scheme or www. to the next
// space or bracket) blanked by spaces of the same length, or nil when s
// holds none.
func blankURLs(s string) []byte {
	if !strings.Contains(s, "://") && !strings.Contains(s, "www.") {
		return nil
	}
	b := []byte(s)
	for i := 0; i < len(b); {
		start := urlStart(s, i)
		if start < 0 {
			break
		}
		end := start
		for end < len(b) && !urlEnds(b[end]) {
			end++
		}
		for k := start; k < end; k++ {
			b[k] = ' '
		}
		i = max(end, start+1)
	}
	return b
}

// maskHosts blanks in s what of a host name written without a scheme is
// not a word: the whole of an address with a path ("lukedorny.com/updates",
// "Ko-fi.com/lukedorny") or an e-mail address ("luke@lukedorny.com"),
// and of a site named bare ("Amazon.com", "in.reuters.com",
// "grumbletext.co.uk") its domain's suffix (".com", ".co.uk"), so that
// its name stays a word and "com" never is one. A host ends in a known
// top-level domain, or two lower-case letters: "said.The" and "e.g." are
// not hosts. b, where not nil, is s's bytes, to blank in place.
func maskHosts(s string, b []byte) string {
	blank := func(from, to int) {
		if b == nil {
			b = []byte(s)
		}
		for k := from; k < to; k++ {
			b[k] = ' '
		}
	}
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '.')
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		if k == 0 || k+1 >= len(s) || !isHostByte(s[k-1]) || s[k-1] == '-' || !isLowerOrDigit(s[k+1]) {
			continue
		}
		// The host's labels: back to its start, on to its end.
		start := k
		for start > 0 && (isHostByte(s[start-1]) || s[start-1] == '.') {
			start--
		}
		end, lastDot, prevDot := k, k, -1
		for j := k + 1; ; j++ {
			for j < len(s) && (isLowerOrDigit(s[j]) || s[j] == '-') {
				j++
			}
			end = j
			if j+1 >= len(s) || s[j] != '.' || !isLowerOrDigit(s[j+1]) {
				break
			}
			prevDot, lastDot = lastDot, j
		}
		if end < len(s) && (isHostByte(s[end]) || s[end] >= utf8.RuneSelf && startsWord(s[end:])) {
			i = end // "lukedorny.comX", "x.coé": not a host's end
			continue
		}
		tld := s[lastDot+1 : end]
		if !isTLD(tld) {
			i = end
			continue
		}
		i = end
		from := lastDot
		switch {
		case start > 0 && s[start-1] == '@':
			from = start - 1
			for from > 0 && isLocalPartByte(s[from-1]) {
				from--
			}
		case end < len(s) && s[end] == '/':
			from, end = start, pathEnd(s, end)
		case len(tld) == 2 && prevDot > start && lastDot-prevDot-1 <= 3:
			from = prevDot // co.uk, com.au: the suffix is two labels
		}
		blank(from, end)
		i = end
	}
	if b == nil {
		return s
	}
	return string(b)
}

// pathEnd is where the path that goes on at i ends: at white space, a
// bracket or a quote, and before the punctuation that ends a sentence.
func pathEnd(s string, i int) int {
	for i < len(s) && !urlEnds(s[i]) && s[i] != '[' && s[i] != '(' {
		i++
	}
	for i > 0 && strings.IndexByte(".,;:!?", s[i-1]) >= 0 {
		i--
	}
	return i
}

// startsWord: s opens with a letter or digit.
func startsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

// isHostByte: an ASCII letter, digit or hyphen, of which host names'
// labels are made.
func isHostByte(c byte) bool { return isASCIIWord(c) || c == '-' }

func isLowerOrDigit(c byte) bool { return c >= 'a' && c <= 'z' || isDigit(c) }

// isLocalPartByte: a byte of an e-mail address before its '@'.
func isLocalPartByte(c byte) bool {
	return isASCIIWord(c) || strings.IndexByte(".-_+%", c) >= 0
}

// isTLD tells a top-level domain as text writes one: the commonest
// generic ones, and any two lower-case letters (a country's).
func isTLD(s string) bool {
	if len(s) == 2 {
		return 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
	}
	switch s {
	case "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "app", "dev", "social", "news", "blog", "online", "site", "tech", "xyz", "io":
		return true
	}
	return false
}

// urlStart finds the next URL at or after i: the word before "://", or
// "www.".
func urlStart(s string, i int) int {
	best := -1
	if k := strings.Index(s[i:], "://"); k >= 0 {
		k += i
		j := k
		for j > i && isLetterByte(s[j-1]) {
			j--
		}
		if j < k {
			best = j
		}
	}
	if k := strings.Index(s[i:], "www."); k >= 0 && (best < 0 || i+k < best) {
		k += i
		if k == 0 || !isASCIIWord(s[k-1]) {
			best = k
		}
	}
	return best
}

func urlEnds(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '>' || c == ')' || c == ']' || c == '"' || c == '<'
}

// span is a byte range [start, end) of a text.
type span struct{ start, end int }

// sentences splits text at line ends and at the ends of sentences, giving
// each piece's byte range without the white space around it.
func sentences(text string, f func(start, end int)) {
	emit := func(start, end int) {
		for start < end && isSpaceByte(text[start]) {
			start++
		}
		for end > start && isSpaceByte(text[end-1]) {
			end--
		}
		if start < end {
			f(start, end)
		}
	}
	start := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\n':
			emit(start, i)
			start = i + 1
		case (c == '.' || c == '!' || c == '?') && i+1 < len(text) && text[i+1] == ' ' && i > 0 && !isDigit(text[i-1]):
			emit(start, i+1)
			start = i + 1
		}
	}
	emit(start, len(text))
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// sentenceHashes splits text into sentences (see sentences) and hashes
// each (see sentenceHash).
func sentenceHashes(text string) (spans []span, hashes []uint64) {
	sentences(text, func(start, end int) {
		spans = append(spans, span{start, end})
		hashes = append(hashes, sentenceHash(text[start:end]))
	})
	return spans, hashes
}

// boilerplate tells, for each article, which of its sentences (given by
// their hashes, in order) its source repeats across its items: the
// boilerplate. A hash of 0 is no sentence and never repeated. It needs the
// hashes only, so that a library that kept them (prepared.go) need not
// read the text again. Where counted, it gives each source's sentences
// counted too (sources in order of name), for a kept index
// (extendindex.go): one count serves both. Sources are counted side by
// side, one a core.
func boilerplate(sources []string, hashes [][]uint64, counted bool) ([][]bool, []sourceSentences) {
	bySource := map[string][]int{}
	for i, src := range sources {
		bySource[src] = append(bySource[src], i)
	}
	out := make([][]bool, len(hashes))
	srcs := slices.Sorted(maps.Keys(bySource))
	all := make([]sourceSentences, len(srcs))
	parallel(len(srcs), func(k int) {
		items := bySource[srcs[k]]
		need := boilerNeed(len(items))
		if need > len(items) && !counted {
			return
		}
		// Each source's articles are its own: the sources mark theirs
		// in out side by side.
		hs, cs := countSentences(hashes, items, need, out)
		all[k] = sourceSentences{source: srcs[k], items: len(items), hashes: hs, counts: cs}
	})
	if !counted {
		return out, nil
	}
	return out, all
}

// sentenceAt is one sentence of one of a source's articles: its hash,
// the article, and the sentence's place in it.
type sentenceAt struct {
	h      uint64
	doc, s int32
}

// countSentences counts in how many of the articles docs (ascending;
// their sentences' hashes in hashes) each sentence is, giving the
// sentences in order of hash with their counts, and marks in out, for
// each of the articles, the sentences at least need of them have (the
// boilerplate; out[doc] nil where none is). It sorts every sentence of
// the articles by hash (into buckets by the hash's top bits, then each
// bucket) rather than counting them in a map: at 100,000 articles, three
// million sentences, the map's growth and lookups cost a second of CPU
// a build.
func countSentences(hashes [][]uint64, docs []int, need int, out [][]bool) ([]uint64, []uint32) {
	n := 0
	for _, d := range docs {
		for _, h := range hashes[d] {
			if h != 0 {
				n++
			}
		}
	}
	b := min(bits.Len(uint(n/8)), 24)
	shift := uint(64 - b)
	at := make([]int, 1<<b+1)
	for _, d := range docs {
		for _, h := range hashes[d] {
			if h != 0 {
				at[h>>shift+1]++
			}
		}
	}
	for k := 1; k < len(at); k++ {
		at[k] += at[k-1]
	}
	all := make([]sentenceAt, n)
	fill := slices.Clone(at[:len(at)-1])
	for _, d := range docs {
		for s, h := range hashes[d] {
			if h != 0 {
				all[fill[h>>shift]] = sentenceAt{h: h, doc: int32(d), s: int32(s)}
				fill[h>>shift]++
			}
		}
	}
	// Each bucket by hash, stably: its sentences came in the articles'
	// order, which each run of one hash keeps.
	byHash := func(x, y sentenceAt) int { return cmp.Compare(x.h, y.h) }
	for k := range len(at) - 1 {
		bucket := all[at[k]:at[k+1]]
		if len(bucket) > 32 {
			slices.SortStableFunc(bucket, byHash)
			continue
		}
		for i := 1; i < len(bucket); i++ {
			for j := i; j > 0 && bucket[j].h < bucket[j-1].h; j-- {
				bucket[j], bucket[j-1] = bucket[j-1], bucket[j]
			}
		}
	}
	distinct := 0
	for i := range all {
		if i == 0 || all[i].h != all[i-1].h {
			distinct++
		}
	}
	hs, cs := make([]uint64, 0, distinct), make([]uint32, 0, distinct)
	for i := 0; i < n; {
		j, c := i+1, uint32(1)
		for ; j < n && all[j].h == all[i].h; j++ {
			if all[j].doc != all[j-1].doc {
				c++
			}
		}
		hs, cs = append(hs, all[i].h), append(cs, c)
		if int(c) >= need {
			for _, e := range all[i:j] {
				if out[e.doc] == nil {
					out[e.doc] = make([]bool, len(hashes[e.doc]))
				}
				out[e.doc][e.s] = true
			}
		}
		i = j
	}
	return hs, cs
}

// repeatedIn marks which of one article's sentences (their hashes, in
// order) are repeated, as repeated says of each; nil where none is. A
// hash of 0 is no sentence and never repeated.
func repeatedIn(hashes []uint64, repeated func(h uint64) bool) []bool {
	var rep []bool
	for j, h := range hashes {
		if h != 0 && repeated(h) {
			if rep == nil {
				rep = make([]bool, len(hashes))
			}
			rep[j] = true
		}
	}
	return rep
}

// sentenceCounts counts in how many of the articles docs (their
// sentences' hashes in hashes) each sentence is.
func sentenceCounts(hashes [][]uint64, docs []int) map[uint64]uint32 {
	count := map[uint64]uint32{}
	seen := map[uint64]bool{}
	for _, doc := range docs {
		clear(seen)
		for _, h := range hashes[doc] {
			if h != 0 && !seen[h] {
				seen[h] = true
				count[h]++
			}
		}
	}
	return count
}

// boilerNeed is in how many of its items a source of items items must
// repeat a sentence for it to be boilerplate: more than items where it
// has too few to tell.
func boilerNeed(items int) int {
	if items < boilerMinItems {
		return math.MaxInt
	}
	return max(boilerMinItems, int(boilerShare*float64(items)+0.999))
}

// sentenceHash hashes a sentence with case and runs of white space
// ignored, so that a footer rewrapped or recased is still one footer. It
// is FNV-1a, the same in every run, as the library keeps these hashes; it
// is never 0, which stands for no sentence.
func sentenceHash(s string) uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpaceByte(c) {
			space = true
			continue
		}
		if space {
			h = (h ^ ' ') * prime
			space = false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint64(c)) * prime
	}
	if h == 0 {
		h = 1
	}
	return h
}

// inSpans reports whether offset at falls in one of the sorted spans,
// advancing *k past spans that end before it (tokens come in order).
func inSpans(spans []span, k *int, at int) bool {
	for *k < len(spans) && spans[*k].end <= at {
		*k++
	}
	return *k < len(spans) && spans[*k].start <= at
}
