package store

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Templated items: a source that fills one template with each event's
// facts ("Insider Cal Henderson sells 1,500 shares", "… sells 99,342
// shares"; price alerts, scores, weather warnings) prints items that are
// nearly the same words and yet different events. Their words say
// "version"; their facts say otherwise. Two items are different fills of
// one template when most of their opening words are the same words (a
// rewrite by another outlet is not: it says the same in its own words) and what differs on both sides is a number, a date or a name:
// different numbers, dates or names are different events. That is read
// within one source: a template is a source's own, and a source does not
// tell one event twice in one frame with other facts. Across sources, the
// same words with other facts are one event told with a clash (one outlet
// says seven killed, another eight), which compare shows. A wire copy
// states the same facts and stays a version; so does a rewrite whose
// facts disagree (the seeds' two reports of one killing, May 13 / May 14).
const (
	fillSpan      = 40  // opening words compared: a template's frame is its title and first lines
	templateShare = 0.6 // of the shorter opening's words, the other's too
)

// differentFills reports whether a and b, of one source, are one template
// filled with different facts.
func (s *Store) differentFills(a, b int32) bool {
	if s.arts[a].Source != s.arts[b].Source {
		return false
	}
	// Story grouping asks of one article against many: its words are
	// read once.
	if s.fills.words == nil || s.fills.doc != a {
		s.fills = fillMemo{doc: a, words: s.openingWords(a)}
	}
	wa, wb := s.fills.words, s.openingWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	common := 0
	var onlyA, onlyB fillKinds
	for i, j := 0, 0; i < len(wa) || j < len(wb); {
		switch {
		case j == len(wb) || i < len(wa) && wa[i].key < wb[j].key:
			onlyA.add(wa[i])
			i++
		case i == len(wa) || wa[i].key > wb[j].key:
			onlyB.add(wb[j])
			j++
		default:
			common++
			i++
			j++
		}
	}
	if float64(common) < templateShare*float64(min(len(wa), len(wb))) {
		return false
	}
	return onlyA.fact && onlyB.fact || onlyA.name && onlyB.name
}

// fillMemo is one article's opening words, sorted. Story grouping runs on
// one goroutine, before the store is shared.
type fillMemo struct {
	doc   int32
	words []fillWord
}

// fillKinds says what the words that one side alone uses hold.
type fillKinds struct{ fact, name bool }

func (k *fillKinds) add(w fillWord) {
	k.fact = k.fact || isFact(w)
	k.name = k.name || isNameWord(w)
}

// fillWord is a word of an article's opening, folded, and whether it is a
// name: written with a capital after another word of its sentence, and
// known to the store as a name (a title's capitals are its style).
type fillWord struct {
	key  string
	name bool
}

func isFact(w fillWord) bool {
	if hasDigit(w.key) {
		return true
	}
	_, month := monthKeys[w.key]
	return month
}

func isNameWord(w fillWord) bool { return w.name && !isStopWord(w.key) }

var monthKeys = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"} {
		m[w] = struct{}{}
	}
	return m
}()

// openingWords gives the first fillSpan words of a's title and text:
// runs of letters and digits ("1,500" and "$53170714.63" whole), folded,
// sorted for a merge.
func (s *Store) openingWords(d int32) []fillWord {
	out := make([]fillWord, 0, fillSpan)
	for _, text := range []string{s.arts[d].Title, s.plain(d)} {
		start := true // at a sentence's start, a capital says nothing
		for i := 0; i < len(text) && len(out) < fillSpan; {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				if r == '.' || r == '!' || r == '?' || r == ':' || r == '\n' {
					start = true
				}
				i += size
				continue
			}
			j := i
			for j < len(text) {
				r, size := utf8.DecodeRuneInString(text[j:])
				if isWordRune(r) || (r == ',' || r == '.') && j > i && isDigit(text[j-1]) && j+1 < len(text) && isDigit(text[j+1]) {
					j += size
					continue
				}
				break
			}
			first, _ := utf8.DecodeRuneInString(text[i:])
			out = append(out, fillWord{key: Fold(text[i:j]), name: !start && unicode.IsUpper(first) && s.isName(text[i:j])})
			start = false
			i = j
		}
		start = true
	}
	slices.SortFunc(out, func(x, y fillWord) int { return strings.Compare(x.key, y.key) })
	return out
}

// isName: the store knows word as a name (written with a capital
// mid-sentence in bodies, index.go).
func (s *Store) isName(word string) bool {
	id, ok := s.ix.ids[termOf(word, false)]
	return ok && s.ix.terms[id].name
}
