package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Quoted phrases. A phrase holds where its words are whole words of the
// title or of the body, in its order, with the same separators between
// them (accents, case and runs of white space aside): "oil prices" is in
// "Oil  prices rose", not in "soil prices" nor in "oil, prices"; "U.S.
// troops" needs the dots. A word is what the analyser calls one
// (scanWord: "200,000" and "U.S." are one word each), stop words
// included; a phrase does not run from the title into the body.
//
// Only the articles whose words stand in the phrase's order by their
// positions (positions.go), and hold its words' spellings by their
// postings' spelling bits, are read and checked in text: the positions
// are of stemmed terms, say of stop words only what the words before and
// after a term hash to, of separators only whether they hold more than white
// space, and the bits of spellings only what they hash to, so the text
// decides; but an article they rule out cannot hold the phrase, so none
// is lost (TestPhraseFilterKeepsEveryHolder).

// phrase is a quoted phrase of a query.
type phrase struct {
	words []string // folded, as Fold folds them
	// cjk are the words that are a CJK character, as the index's term
	// for it has it (termOf: width folded, marks kept, "ガ" not "カ");
	// "" for the others. Such a word holds where the text's word is a
	// CJK character of that term as well as of that fold, so that the
	// text never holds a phrase whose terms the positions rule out.
	cjk  []string
	seps []string // between the words (foldSep); seps[0] before the first, the last after the last
	// sure are the words whose term an article holding the phrase
	// holds at the same place, whatever the case it is written in:
	// every word the index keeps but a short stop word, which the index
	// keeps where it is written in capitals ("US", "THE").
	sure []phraseTerm
}

type phraseTerm struct {
	term   string
	off    int32 // position after the first word's
	before int8  // what stands before it (token.before); -1 for the first word: anything
	after  int8  // what stands after it (token.after); -1 for the last word: anything
	spell  uint8 // its spelling's bits (spellBits)
}

// wordScan walks the words of a text as tokens does (the words and their
// positions are the same; TestWordScanMatchesTokens), stop words and
// single letters included.
type wordScan struct {
	text     string
	i        int
	pos      int32
	punct    bool
	sepStart int  // where the separator before the current word starts
	sepPunct bool // whether it holds more than white space
}

func newWordScan(text string) wordScan { return wordScan{text: text, pos: -1} }

// next gives the next word's span, whether it is all capitals and dotted
// initials; ok is false at the end.
func (w *wordScan) next() (start, end int, upper, initials, ok bool) {
	text := w.text
	w.sepStart = w.i
	for w.i < len(text) {
		c := text[w.i]
		if c < utf8.RuneSelf {
			k := asciiClass[c]
			if k&classWord != 0 {
				break
			}
			if k&classSpace == 0 {
				w.punct = true
			}
			w.i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[w.i:])
		if isWordRune(r) {
			break
		}
		if !unicode.IsSpace(r) {
			w.punct = true
		}
		w.i += size
	}
	if w.i >= len(text) {
		return 0, 0, false, false, false
	}
	w.pos++
	w.sepPunct = w.punct
	if w.punct {
		w.pos += punctStep
		w.punct = false
	}
	start = w.i
	end, upper, initials = scanWord(text, w.i)
	w.i = end
	return start, end, upper, initials, true
}

// foldSep is a separator as phrases compare them: folded, each run of
// white space one space.
func foldSep(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		if r < utf8.RuneSelf {
			b.WriteRune(r)
		} else {
			b.WriteString(Fold(string(r)))
		}
	}
	return b.String()
}

// parsePhrase reads a quoted phrase (without its quotes): its words,
// separators and sure terms, the terms from an.
func parsePhrase(an *analyzer, text string) phrase {
	var ph phrase
	text = strings.TrimFunc(text, unicode.IsSpace)
	// A phrase stands inside a text that goes on: its last word is read
	// as there ("a.l" at its end is the initials of "h3.r > a.l')", not
	// "a" and "l", which the end of a text would make of it). The space
	// is never a word's, so every span is within text.
	ws := newWordScan(text + " ")
	first := int32(-1)
	last := -1 // the previous word's sure term in ph.sure; -1 where it was none
	for {
		start, end, upper, initials, ok := ws.next()
		if !ok {
			break
		}
		ph.seps = append(ph.seps, foldSep(text[ws.sepStart:start]))
		raw := text[start:end]
		ph.words = append(ph.words, Fold(raw))
		ph.cjk = append(ph.cjk, cjkForm(raw))
		if first < 0 {
			first = ws.pos
		}
		if last >= 0 {
			ph.sure[last].after = 0
			if !ws.sepPunct {
				ph.sure[last].after = int8(foldedAfterCode(ph.words[len(ph.words)-1]))
			}
		}
		last = -1
		w, spelt := an.lookup(raw, upper, initials), raw
		if n := cjkAt(text, end); n > 0 && cjkAt(text, start) == end-start {
			// A CJK character before another: its bigram stands where
			// it does, rarer than the character (cjkTokens).
			spelt = text[start : end+n]
			w = an.lookup(spelt, false, false)
		}
		if w == nil || w.term == "" || shortStopWord(raw) {
			continue
		}
		before := int8(-1)
		switch {
		case len(ph.words) == 1: // the word before is not the phrase's
		case ws.sepPunct:
			before = 0
		default:
			before = int8(foldedCode(ph.words[len(ph.words)-2]))
		}
		last = len(ph.sure)
		ph.sure = append(ph.sure, phraseTerm{term: w.term, off: ws.pos - first, before: before, after: -1, spell: spellBits(spelt)})
	}
	ph.seps = append(ph.seps, foldSep(text[ws.sepStart:])) // the last call's: what follows the last word
	return ph
}

// shortStopWord tells a word whose term depends on its case: a stop word
// of at most three letters, which the index keeps as an acronym where it
// is all capitals ("US", "IT") and drops where it is not (termOf).
func shortStopWord(raw string) bool {
	surface := strings.ReplaceAll(raw, ".", "")
	return utf8.RuneCountInString(surface) <= 3 && isStopWord(Fold(surface))
}

// in reports whether text holds the phrase; spans is scratch space.
func (ph *phrase) in(text string, spans []span) (bool, []span) {
	at, spans := ph.find(text, spans)
	return at.end >= 0, spans
}

// find gives where the phrase first stands in text (its first word's
// start, its last word's end); end is -1 where it is not there.
func (ph *phrase) find(text string, spans []span) (span, []span) {
	spans = wordSpans(text, spans[:0])
	k := len(ph.words)
	if k == 0 {
		return span{0, 0}, spans
	}
	for i := 0; i+k <= len(spans); i++ {
		if !ph.wordIs(text[spans[i].start:spans[i].end], 0) {
			continue
		}
		ok := true
		for j := 1; j < k && ok; j++ {
			ok = ph.wordIs(text[spans[i+j].start:spans[i+j].end], j) &&
				foldSep(text[spans[i+j-1].end:spans[i+j].start]) == ph.seps[j]
		}
		if !ok {
			continue
		}
		before := 0
		if i > 0 {
			before = spans[i-1].end
		}
		after := len(text)
		if i+k < len(spans) {
			after = spans[i+k].start
		}
		if strings.HasSuffix(foldSep(text[before:spans[i].start]), ph.seps[0]) &&
			strings.HasPrefix(foldSep(text[spans[i+k-1].end:after]), ph.seps[k]) {
			return span{spans[i].start, spans[i+k-1].end}, spans
		}
	}
	return span{-1, -1}, spans
}

// wordSpans appends the spans of text's words, as a phrase check walks
// them, to spans.
func wordSpans(text string, spans []span) []span {
	ws := newWordScan(text)
	for {
		start, end, _, _, ok := ws.next()
		if !ok {
			return spans
		}
		spans = append(spans, span{start, end})
	}
}

// wordIs reports whether raw, a word of a text, is the phrase's word j:
// folded alike and, a CJK character, of the same term (cjk).
func (ph *phrase) wordIs(raw string, j int) bool {
	if !foldEqual(raw, ph.words[j]) {
		return false
	}
	return cjkForm(raw) == ph.cjk[j]
}

// cjkForm is the term of a word that is one CJK character with its marks
// (termOf's form of it), "" for any other word.
func cjkForm(raw string) string {
	if cjkAt(raw, 0) != len(raw) || raw == "" {
		return ""
	}
	return norm.NFKC.String(raw)
}

// foldEqual reports whether Fold(raw) is folded, without folding an ASCII
// word.
func foldEqual(raw, folded string) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] >= utf8.RuneSelf {
			return Fold(raw) == folded
		}
	}
	if len(raw) != len(folded) {
		return false
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != folded[i] {
			return false
		}
	}
	return true
}
