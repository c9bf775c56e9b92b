package store

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"golang.org/x/text/unicode/norm"
)

// token is one indexed word of a text.
type token struct {
	term   string // folded, stemmed: what the index keys on
	word   *word  // the word as written
	start  int    // byte offsets of the word in the analyzed text
	end    int
	opener bool // the word opens a sentence (its capital says nothing)
	// pos is the word's place in the text, for phrases: each word counts
	// one, stop words and single letters too, and the separator before it
	// punctStep more where it holds more than white space ("oil, gas"
	// stands apart where "oil gas" does not, and "year, the government"
	// where "year of the government" does). Only differences of
	// positions in one text mean anything (store/phrase.go).
	pos int32
	// before tells what stands right before the word, for phrases: 0 for
	// a separator holding more than white space or nothing (the text's
	// first word), else the word before it, stop words too, hashed
	// (beforeCode). after tells what stands right after it: 0 likewise
	// (the text's last word too), else whether the word after it is a
	// stop word, and which, hashed (afterCode).
	before, after uint8
}

// word is one spelling of a word, as met in text: its term, and how often
// it was seen, for display and for telling names from common words.
type word struct {
	surface string // as written, dotted initials undotted ("US")
	term    string // "" for a stop word or a single letter
	capital bool   // the spelling starts with a capital
	spell   uint8  // spellBits(surface), once index building has asked; 0 before
	n       int    // occurrences
	mid     int    // occurrences in a body, not opening a sentence
	slot    *slot  // index building's place for the term (index.go), or an Analyzer's
	// Its number in lex, the last Lexicon that encoded it, before its
	// lexGen-th Truncate (Lexicon.Encode).
	lex    *Lexicon
	lexGen int
	lexID  int32
}

// analyzer turns text into terms: one analyzer serves indexing and queries
// alike, so that "Márquez" in a query meets "Marquez" in a body. It caches
// each spelling's term, as folding and snowball cost far more than a map
// lookup and news repeats its words. An analyzer is not safe for concurrent
// use: index building gives each worker its own, and a query makes a fresh
// one.
type analyzer struct {
	words map[string]*word
	known []map[string]*word // read-only spellings of an index, or nil
	// short holds the words of at most 16 bytes by their bytes, in front
	// of words: one probe of an open-addressed table that compares two
	// integers, where the map hashes, probes its control words and
	// compares through a pointer (news is nearly all short words). Nil
	// for a query's analyzer (see wantSet).
	short *shortWords
}

// shortWords is an open-addressed table (linear probing, at most half
// full) of words by their bytes: the first and last 8 bytes (which overlap
// under 16, zero-padded under 8) and the length tell a spelling of at most
// 16 bytes apart from every other.
type shortWords struct {
	slots []shortWord
	used  int
}

type shortWord struct {
	head, tail uint64
	n          int   // length; 0 for a free slot
	w          *word // nil for a stop word: tokens need not look
}

func newShortWords(words int) *shortWords {
	size := 1 << 10
	for size < 2*words {
		size *= 2
	}
	return &shortWords{slots: make([]shortWord, size)}
}

func newAnalyzer() *analyzer { return &analyzer{words: make(map[string]*word, 256)} }

// lookup gives the word for a spelling as it stands in the text; nil may
// stand for a stop word (term "").
func (a *analyzer) lookup(raw string, upper, initials bool) *word {
	t := a.short
	if t == nil || len(raw) > 16 || len(raw) == 0 {
		return a.lookupMap(raw, upper, initials)
	}
	w, found, at := t.find(raw)
	if found {
		return w
	}
	w = a.lookupMap(raw, upper, initials)
	if w.term == "" {
		w = nil
	}
	t.insert(at, w)
	return w
}

// shortAt is where a spelling stands or would stand in a shortWords.
type shortAt struct {
	head, tail uint64
	n, i       int
}

// find gives the word kept for raw (1 to 16 bytes) and whether one is
// kept; where not, at is where insert puts it.
func (t *shortWords) find(raw string) (w *word, found bool, at shortAt) {
	var head, tail uint64
	if len(raw) >= 8 {
		head, tail = load64(raw), load64(raw[len(raw)-8:])
	} else {
		for i := len(raw) - 1; i >= 0; i-- {
			head = head<<8 | uint64(raw[i])
		}
	}
	mask := len(t.slots) - 1
	i := int((head^bits.RotateLeft64(tail, 29)^uint64(len(raw)))*0x9e3779b97f4a7c15>>32) & mask
	for {
		e := &t.slots[i]
		if e.n == 0 {
			return nil, false, shortAt{head, tail, len(raw), i}
		}
		if e.head == head && e.tail == tail && e.n == len(raw) {
			return e.w, true, shortAt{}
		}
		i = (i + 1) & mask
	}
}

// insert keeps w for the spelling find did not find at at.
func (t *shortWords) insert(at shortAt, w *word) {
	e := shortWord{at.head, at.tail, at.n, w}
	if 2*(t.used+1) > len(t.slots) {
		t.grow()
		t.put(e)
	} else {
		t.slots[at.i] = e
		t.used++
	}
}

func (t *shortWords) grow() {
	old := t.slots
	t.slots, t.used = make([]shortWord, 2*len(old)), 0
	for _, e := range old {
		if e.n != 0 {
			t.put(e)
		}
	}
}

func (t *shortWords) put(e shortWord) {
	mask := len(t.slots) - 1
	i := int((e.head^bits.RotateLeft64(e.tail, 29)^uint64(e.n))*0x9e3779b97f4a7c15>>32) & mask
	for t.slots[i].n != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = e
	t.used++
}

// load64 reads the first 8 bytes of s as one little-endian integer.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// lookupMap is lookup by the map alone.
func (a *analyzer) lookupMap(raw string, upper, initials bool) *word {
	if w, ok := a.words[raw]; ok {
		return w
	}
	for _, m := range a.known {
		if w, ok := m[raw]; ok {
			return w // shared: the caller must not count with it
		}
	}
	surface := raw
	if initials {
		surface = strings.ReplaceAll(raw, ".", "")
	}
	w := &word{surface: surface, term: termOf(surface, upper)}
	first, _ := utf8.DecodeRuneInString(surface)
	w.capital = unicode.IsUpper(first)
	a.words[raw] = w
	return w
}

// termOf folds and stems a word; "" means a stop word or a single letter.
// An all-capitals acronym whose lower case is a stop word ("US", "IT") is
// kept, as the capitals tell it apart from the pronoun.
func termOf(surface string, upper bool) string {
	if cjkAt(surface, 0) > 0 {
		// A CJK character or bigram (cjkTokens): width and compatibility
		// forms folded, its dakuten kept ("ガ" is not "カ").
		return norm.NFKC.String(surface)
	}
	folded := Fold(surface)
	switch {
	case utf8.RuneCountInString(folded) < 2:
		return ""
	case isStopWord(folded):
		if upper && utf8.RuneCountInString(surface) <= 3 {
			return folded
		}
		return ""
	case hasDigit(folded):
		return folded
	}
	env := snowballstem.NewEnv(folded)
	english.Stem(env)
	return env.Current()
}

// tokens analyzes text. A word is a run of letters and digits; digits keep
// their inner separators ("200,000", "1.3") and dotted initials are joined
// ("U.S." is "US"). Single letters and stop words are dropped.
func (a *analyzer) tokens(text string, out []token) []token {
	opener, punct := true, false
	pos := int32(-1)
	prevStart, prevEnd := -1, -1
	last := -1 // the previous word's token in out; -1 where it had none
	i := 0
	for i < len(text) {
		c := text[i]
		if k := asciiClass[c]; k&classWord == 0 && c < utf8.RuneSelf {
			if k&classEnd != 0 {
				opener = true
			}
			if k&classSpace == 0 {
				punct = true
			}
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if r, size := utf8.DecodeRuneInString(text[i:]); !isWordRune(r) {
				if !unicode.IsSpace(r) {
					punct = true
				}
				i += size
				continue
			}
		}
		pos++
		before := punct || prevStart < 0
		if punct {
			pos += punctStep
		}
		start := i
		end, upper, initials := scanWord(text, i)
		i = end
		if last >= 0 && !punct {
			code := afterCode(text[start:end])
			for k := last; k < len(out); k++ { // a CJK character's two tokens
				out[k].after = code
			}
		}
		punct, last = false, -1
		if c >= 0xE2 && cjkAt(text, start) == end-start {
			code := uint8(0)
			if !before {
				code = beforeCode(text[prevStart:prevEnd])
			}
			last = len(out)
			out = a.cjkTokens(text, start, end, out, token{opener: opener, pos: pos, before: code})
			prevStart, prevEnd = start, end
			opener = false
			continue
		}
		if w := a.lookup(text[start:end], upper, initials); w != nil && w.term != "" {
			code := uint8(0)
			if !before {
				code = beforeCode(text[prevStart:prevEnd])
			}
			last = len(out)
			out = append(out, token{term: w.term, word: w, start: start, end: end, opener: opener, pos: pos, before: code})
		}
		prevStart, prevEnd = start, end
		opener = false
	}
	return out
}

// Han, Hiragana and Katakana are written without spaces between words:
// a run of them is indexed as search engines index it (Lucene's
// CJKBigramFilter, Bleve's cjk analyser), by its overlapping bigrams,
// "メキシコ" as "メキ", "キシ", "シコ", and, beside each, the character
// itself (CJKBigramFilter's outputUnigrams), so that a query of one
// character finds every article holding it. Each character is a word of
// its own to the tokeniser (scanWord), with its own position, so that a
// query's run is searched as a phrase of its bigrams (parseQuery) and the
// phrase machinery walks it as it walks words. Hangul is written with
// spaces and stays words, as every other script does.

// IsCJK reports whether r is a character lede indexes by bigrams: Han
// (with its iteration marks), Hiragana, Katakana and the prolonged sound
// mark "ー".
func IsCJK(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || r == 0x30FC || r == 0xFF70)
}

// cjkAt is the length of the CJK character at text[i:] with the marks
// that follow it (a decomposed dakuten), 0 where none starts there. Every
// such character is 3 bytes or more, led by 0xE2 or higher.
func cjkAt(text string, i int) int {
	if i >= len(text) || text[i] < 0xE2 {
		return 0
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if !IsCJK(r) {
		return 0
	}
	j := i + size
	for j < len(text) && text[j] >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !unicode.Is(unicode.Mn, r) {
			break
		}
		j += size
	}
	return j - i
}

// cjkTokens appends the tokens of the CJK character at text[start:end]:
// its bigram with the character right after it, where one is, then the
// character itself, both at its position (t gives that, its opener and
// before code).
func (a *analyzer) cjkTokens(text string, start, end int, out []token, t token) []token {
	if n := cjkAt(text, end); n > 0 {
		if w := a.lookup(text[start:end+n], false, false); w != nil {
			b := t
			b.term, b.word, b.start, b.end = w.term, w, start, end+n
			out = append(out, b)
		}
	}
	if w := a.lookup(text[start:end], false, false); w != nil {
		t.term, t.word, t.start, t.end = w.term, w, start, end
		out = append(out, t)
	}
	return out
}

// queryTokens is tokens for a query: a run of CJK characters is looked
// for by its bigrams alone (a lone character by itself), as the index
// holds a character's own term beside its bigrams only to find a query
// of one character.
func (a *analyzer) queryTokens(text string) []token {
	toks := a.tokens(text, nil)
	out := toks[:0]
	for k, t := range toks {
		// A character's tokens stand together, its bigram first: it is
		// in a run where its own is the second of them, or the last of a
		// run where the bigram before it ends where it does.
		if t.end-t.start == cjkAt(text, t.start) && t.end > t.start &&
			(k >= 1 && toks[k-1].start == t.start || k >= 2 && toks[k-2].end == t.end && toks[k-2].start < t.start) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// cjkRuns gives the runs of three CJK characters or more in s: a query
// word's runs whose bigrams must stand in order (as a phrase).
func cjkRuns(s string) []string {
	var runs []string
	for i := 0; i < len(s); {
		if s[i] < 0xE2 {
			i++
			continue
		}
		j, chars := i, 0
		for n := cjkAt(s, j); n > 0; n = cjkAt(s, j) {
			j += n
			chars++
		}
		if chars >= 3 {
			runs = append(runs, s[i:j])
		}
		if j == i {
			_, size := utf8.DecodeRuneInString(s[i:])
			j += size
		}
		i = j
	}
	return runs
}

// hasCJK reports whether s holds a CJK character.
func hasCJK(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xE2 && cjkAt(s, i) > 0 {
			return true
		}
	}
	return false
}

// punctStep is what a separator holding more than white space adds to
// the position of the word after it: more than a word, so that a phrase
// must have punctStep words more than another for the two to stand the
// same.
const punctStep = 8

// beforeBits is how many bits a position keeps of the word before it,
// afterBits of the word after it: a position's value (posValue) is the
// position, then the after bits, then the before bits.
const (
	beforeBits = 3
	afterBits  = 4
)

// afterCode tells the word after a term, as Fold folds it, in 1 to
// 2^afterBits-1 (0 is kept, as in beforeCode, for punctuation or
// nothing after it): the last code for a word that is not a stop word,
// the others for the stop word it is, hashed (FNV-1a). What follows a
// term in a phrase is either a term, which the phrase's positions check
// by its own, or a stop word, which no posting holds: so the codes go to
// the stop words, and a term after a term is only not a stop word.
// Whether a word is a stop word is of its folded form alone ("US" and
// "us" alike, though the index keeps the first as a term).
func afterCode(raw string) uint8 {
	folded := raw
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			folded = Fold(raw)
			break
		}
	}
	return foldedAfterCode(folded)
}

// foldedAfterCode is afterCode of a word already folded.
func foldedAfterCode(folded string) uint8 {
	const other = 1<<afterBits - 1
	if !isStopWord(folded) {
		return other
	}
	h := uint32(2166136261)
	for i := 0; i < len(folded); i++ {
		h = (h ^ uint32(folded[i])) * 16777619
	}
	return uint8(1 + h%(other-1))
}

// beforeCode hashes a word as Fold folds it into 1 to 2^beforeBits-1 (0
// is kept for a separator with punctuation before a word): FNV-1a of the
// folded bytes, ASCII lowered byte by byte without a copy.
func beforeCode(raw string) uint8 {
	h := uint32(2166136261)
	for i := 0; i < len(raw); i++ {
		if raw[i] >= utf8.RuneSelf {
			return foldedCode(Fold(raw))
		}
		c := raw[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint32(c)) * 16777619
	}
	return uint8(1 + h%(1<<beforeBits-1))
}

// foldedCode is beforeCode of a word already folded.
func foldedCode(folded string) uint8 {
	h := uint32(2166136261)
	for i := 0; i < len(folded); i++ {
		h = (h ^ uint32(folded[i])) * 16777619
	}
	return uint8(1 + h%(1<<beforeBits-1))
}

func isASCIIWord(c byte) bool { return asciiClass[c]&classWord != 0 }

// asciiClass tells what each ASCII byte is to the tokenizer, in one load
// where comparisons would take several branches a byte.
var asciiClass = func() (t [256]uint8) {
	for c := range 128 {
		b := byte(c)
		switch {
		case b >= 'a' && b <= 'z':
			t[c] = classWord | classLetter | classLower
		case b >= 'A' && b <= 'Z':
			t[c] = classWord | classLetter
		case b >= '0' && b <= '9':
			t[c] = classWord
		case b == '.' || b == '!' || b == '?' || b == ':':
			t[c] = classEnd
		case b == '\n':
			t[c] = classEnd | classSpace
		case b == ' ' || b == '\t' || b == '\v' || b == '\f' || b == '\r':
			t[c] = classSpace
		}
	}
	return t
}()

const (
	classWord   = 1 << iota // a letter or a digit
	classLetter             // a letter
	classLower              // a small letter
	classEnd                // ends a sentence (or opens a line or a list)
	classSpace              // white space, as unicode.IsSpace has it
)

// scanWord reads one word starting at i and returns where it ends, whether
// all its letters are capitals, and whether it was dotted initials ("U.S.").
func scanWord(text string, i int) (end int, upper, initials bool) {
	upper = true
	start := i
	letters := 0
	for i < len(text) {
		if k := asciiClass[text[i]]; k&classWord != 0 { // ASCII, the common case
			if k&classLower != 0 {
				upper = false
			}
			letters += int(k>>1) & 1 // classLetter
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r >= 0x2E80 && IsCJK(r):
			// A CJK character is a word of its own, and ends the one
			// before it ("iPhone手机" is "iPhone", "手", "机").
			if i == start {
				return i + cjkAt(text, i), false, false
			}
		case r >= utf8.RuneSelf && isWordRune(r):
			if unicode.IsLower(r) {
				upper = false
			}
			if unicode.IsLetter(r) {
				letters++
			}
			i += size
			continue
		case (r == ',' || r == '.') && i > 0 && i+1 < len(text) && isDigit(text[i-1]) && isDigit(text[i+1]):
			i++ // 200,000 and 1.3 are one token
			continue
		case r == '.' && letters == 1 && i+2 < len(text) && isLetterByte(text[i+1]) && !isLetterByte(text[i+2]):
			// U.S., U.K.: a single letter, a dot, a single letter
			initials = true
			letters = 0
			i++
			continue
		}
		break
	}
	if initials && i < len(text) && text[i] == '.' {
		i++
	}
	return i, upper && !(letters == 0 && !initials), initials
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isDigit(b byte) bool      { return b >= '0' && b <= '9' }
func isLetterByte(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// Fold lower-cases s and strips its diacritics, so that "Márquez" and
// "Marquez" are one word. ASCII, the common case, takes a fast path.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case 'ß':
			b.WriteString("ss")
		case 'æ', 'Æ':
			b.WriteString("ae")
		case 'œ', 'Œ':
			b.WriteString("oe")
		case 'ø', 'Ø':
			b.WriteByte('o')
		case 'ł', 'Ł':
			b.WriteByte('l')
		case 'đ', 'Đ':
			b.WriteByte('d')
		case 'ı':
			b.WriteByte('i')
		case '’', 'ʼ':
			b.WriteByte('\'')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// isStopWord: the common English stop list (Snowball's), and the words news
// prose leans on without saying anything about its subject.
func isStopWord(w string) bool { return stopWords[w] }

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a about above after again against all am an and any are as at be
		because been before being below between both but by can did do does
		doing don down during each few for from further had has have having he
		her here hers herself him himself his how i if in into is it its itself
		just me more most my myself no nor not now of off on once only or other
		our ours ourselves out over own s same she should so some such t than
		that the their theirs them themselves then there these they this those
		through to too under until up very was we were what when where which
		while who whom why will with you your yours yourself yourselves
		also said say says saying would could might must shall may cannot upon
		within without yet however though although among amid via per since
		still even ever much many another every either neither whether whose
		unless else etc let get got gets like told mr mrs ms us re ve ll isn
		aren wasn weren hasn haven hadn doesn didn wouldn shouldn couldn`) {
		m[w] = true
	}
	return m
}()
