package store

import (
	"unicode"
	"unicode/utf8"
)

// Templated items: a source that fills one template with each event's
// facts ("Insider Cal Henderson sells 1,500 shares", "… sells 99,342
// shares"; price alerts, scores, weather warnings) prints items that are
// nearly the same words and yet different events. Their words say
// "version"; their facts say otherwise. Two items are different fills of
// one template when most of their opening words are the same words in the
// same order (a rewrite by another outlet is not: it says the same in its
// own words) and what differs on both sides is a number, a date or a name:
// different numbers, dates or names are different events. That is read
// within one source: a template is a source's own, and a source does not
// tell one event twice in one frame with other facts. Across sources, the
// same words with other facts are one event told with a clash (one outlet
// says seven killed, another eight), which compare shows. A wire copy
// states the same facts and stays a version; so does a rewrite whose
// facts disagree (the seeds' two reports of one killing, May 13 / May 14).
const (
	fillSpan      = 80  // opening words compared: a template's frame is near the top
	templateShare = 0.6 // of the shorter opening, in the same order in both
)

// differentFills reports whether a and b, of one source, are one template
// filled with different facts.
func (s *Store) differentFills(a, b int32) bool {
	if s.arts[a].Source != s.arts[b].Source {
		return false
	}
	wa, wb := s.openingWords(a), s.openingWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	inA, inB := lcs(keysOf(wa), keysOf(wb))
	if n := countTrue(inA); float64(n) < templateShare*float64(min(len(wa), len(wb))) {
		return false
	}
	return (fillIn(wa, inA, isFact) && fillIn(wb, inB, isFact)) ||
		(fillIn(wa, inA, isNameWord) && fillIn(wb, inB, isNameWord))
}

// fillIn: a word outside the common sequence passes is.
func fillIn(words []fillWord, common []bool, is func(fillWord) bool) bool {
	for k, w := range words {
		if !common[k] && is(w) {
			return true
		}
	}
	return false
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
// runs of letters and digits ("1,500" and "$53170714.63" whole), folded.
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
	return out
}

func keysOf(words []fillWord) []string {
	keys := make([]string, len(words))
	for k, w := range words {
		keys[k] = w.key
	}
	return keys
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// isName: the store knows word as a name (written with a capital
// mid-sentence in bodies, index.go).
func (s *Store) isName(word string) bool {
	id, ok := s.ix.ids[termOf(word, false)]
	return ok && s.ix.terms[id].name
}
