package store

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Compare: the versions of one story side by side — what they disagree on
// (dates, numbers, names one states and another contradicts), and their
// paragraphs aligned with the words that differ marked.

// Comparison is a story's versions compared.
type Comparison struct {
	Story    string        `json:"story"`
	Versions []VersionInfo `json:"versions"`
	// Total counts the story's versions; at most maxCompared of them are
	// compared (the lead first, and the one asked about).
	Total         int            `json:"total"`
	Disagreements []Disagreement `json:"disagreements"`
	// Rows align the versions' titles (the first row) and paragraphs: one
	// row per passage, one cell per version (in Versions order), empty
	// where a version has nothing like it.
	Rows []AlignedRow `json:"-"`
}

// VersionInfo names one version.
type VersionInfo struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	Published time.Time `json:"published,omitzero"`
	// Shown is where the version is from as views name it (Article.Shown:
	// the name its reader gave its feed); JSON keeps Source.
	Shown string `json:"-"`
	// Unreadable is why the version's text could not be read, where it
	// could not (see Article.Unreadable): it is compared by its title
	// alone.
	Unreadable string `json:"unreadable,omitempty"`
}

// From is where the version is from as views name it: Shown, else
// Source (a VersionInfo made without Shown).
func (v VersionInfo) From() string {
	if v.Shown != "" {
		return v.Shown
	}
	return v.Source
}

// Disagreement is one fact the versions state differently: Kind is
// "date", "number" or "name"; Values are the differing statements as the
// versions write them, in version order.
type Disagreement struct {
	Kind   string   `json:"kind"`
	Values []string `json:"values"`
}

// AlignedRow is one passage across the versions.
type AlignedRow struct {
	Cells [][]DiffWord
}

// DiffWord is a word of a paragraph as written (with its punctuation);
// Changed marks one the other versions' matching paragraphs do not have.
type DiffWord struct {
	Text    string
	Changed bool
}

// maxCompared is how many versions Compare sets side by side: more than a
// person reads at once, and a bound on the work for a story of thousands
// of copies.
const maxCompared = 8

// Compare compares the versions of id's story, led as Stories leads them.
// ok is false for an unknown id. A story of one version compares with
// nothing: one cell a row, no disagreements.
func (s *Store) Compare(id string) (Comparison, bool) {
	i, ok := s.byID[id]
	if !ok {
		return Comparison{}, false
	}
	return compareOf(s.arts, slices.Clone(s.stories[s.storyOf[i]]), int32(i), s.body), true
}

// CompareListed is Store.Compare of the article at i of arts, the
// articles of a store as it lists them with their stories named
// (library.Listing gives them without building it), body reading an
// article's text as the store reads it (Store.body: the library's,
// sanitised).
func CompareListed(arts []*Article, i int, body func(a *Article) (string, error)) Comparison {
	var members []int32
	for d, a := range arts {
		if a.Story == arts[i].Story {
			members = append(members, int32(d))
		}
	}
	return compareOf(arts, members, int32(i), func(d int32) (string, error) { return body(arts[d]) })
}

// compareOf compares the versions members (of arts) of article i's
// story.
func compareOf(arts []*Article, members []int32, i int32, body func(d int32) (string, error)) Comparison {
	slices.SortStableFunc(members, leadOrder(arts))
	c := Comparison{Story: arts[i].Story, Total: len(members), Disagreements: []Disagreement{}}
	if len(members) > maxCompared {
		// The lead and those after it; id's own version among them.
		if k := slices.Index(members, i); k >= maxCompared {
			members[maxCompared-1] = i
		}
		members = members[:maxCompared]
	}
	paras := make([][]string, len(members))
	facts := make([]facts, len(members))
	for k, d := range members {
		a := arts[d]
		v := VersionInfo{ID: a.ID, Title: a.Title, Source: a.Source, Shown: a.Shown(), Published: a.Published}
		md, err := body(d)
		if err != nil {
			v.Unreadable = reason(err)
		}
		c.Versions = append(c.Versions, v)
		paras[k] = paragraphs(md)
		facts[k] = factsOf(a.Title + "\n\n" + PlainText(md))
		facts[k].numbers = append(facts[k].numbers, titleNumbers(a.Title)...)
	}
	c.Disagreements = disagreements(facts)
	// The titles first, one row whatever they say: for headline-only
	// items they are all there is to compare.
	titles := make([][]string, len(members))
	for k, d := range members {
		titles[k] = strings.Fields(arts[d].Title)
	}
	c.Rows = append([]AlignedRow{{Cells: diffCells(titles)}}, alignRows(paras)...)
	return c
}

// paragraphs splits a Markdown body into the passages compared, each one
// line of plain text: its paragraphs (at blank lines), and in them each
// heading and each list item on its own, a list item led by its bullet
// ("•") or number: run together, the items of a list read as one
// sentence that says something else. A passage that is only a link (all
// a headline-only item has for a body) has nothing to compare: the
// versions' links always differ.
func paragraphs(md string) []string {
	var out []string
	add := func(unit []string, marker string) {
		p := strings.Join(strings.Fields(PlainText(strings.Join(unit, "\n"))), " ")
		if strings.TrimSpace(maskURLs(p)) == "" {
			return
		}
		if marker != "" {
			p = marker + " " + p
		}
		out = append(out, p)
	}
	for block := range strings.SplitSeq(md, "\n\n") {
		var unit []string
		marker := ""
		for line := range strings.SplitSeq(block, "\n") {
			m, item := listMarker(line, len(unit) == 0 || marker != "")
			heading := mdHeading().MatchString(line)
			if item || heading {
				add(unit, marker)
				unit, marker = nil, m
			}
			if !item && len(unit) > 0 && mdItem().MatchString(line) {
				// Prose, though it looks like an item: kept from
				// PlainText, which would take its number for one.
				unit[len(unit)-1] += " " + line
				continue
			}
			unit = append(unit, line)
			if heading {
				add(unit, "")
				unit, marker = nil, ""
			}
		}
		add(unit, marker)
	}
	return out
}

var (
	mdItem    = lazyRegexp(`^\s*(?:([-*+])|(\d{1,9})[.)])\s+\S`)
	mdHeading = lazyRegexp(`^\s{0,3}#{1,6}\s`)
)

// listMarker tells a line that opens a list item, and how the item is
// marked in a comparison: "•" for a bullet, its number ("3.") for an
// ordered item. Within a paragraph (inList false) only a bullet or a
// "1." opens a list, as in CommonMark: a line of prose that starts with
// a year ("2005. That was…") does not.
func listMarker(line string, inList bool) (string, bool) {
	m := mdItem().FindStringSubmatch(line)
	switch {
	case m == nil:
		return "", false
	case m[1] != "":
		return "•", true
	case inList || m[2] == "1":
		return m[2] + ".", true
	}
	return "", false
}

// Alignment. The lead's paragraphs are the spine; each other version's are
// matched to them in order (no crossing) so that the matched pairs share
// the most words, a pair counting only when at least minParaOverlap of
// their words (Jaccard) are shared. A paragraph matched to none gets a row
// of its own after the row of its nearest matched predecessor.
const minParaOverlap = 0.2

func alignRows(paras [][]string) []AlignedRow {
	if len(paras) == 0 {
		return nil
	}
	nv := len(paras)
	spine := paras[0]
	type row struct {
		cells []string
		has   []bool
	}
	newRow := func() row { return row{cells: make([]string, nv), has: make([]bool, nv)} }
	rows := make([]row, len(spine))
	for i, p := range spine {
		rows[i] = newRow()
		rows[i].cells[0], rows[i].has[0] = p, true
	}
	after := make([][]row, len(spine)+1) // unmatched rows after spine i-1 (index 0: before all)
	spineSets := wordSets(spine)
	for v := 1; v < nv; v++ {
		match := alignPair(spineSets, wordSets(paras[v]))
		last := 0
		for j, p := range paras[v] {
			if i := match[j]; i >= 0 {
				rows[i].cells[v], rows[i].has[v] = p, true
				last = i + 1
				continue
			}
			r := newRow()
			r.cells[v], r.has[v] = p, true
			after[last] = append(after[last], r)
		}
	}
	var ordered []row
	ordered = append(ordered, after[0]...)
	for i := range rows {
		ordered = append(ordered, rows[i])
		ordered = append(ordered, after[i+1]...)
	}
	out := make([]AlignedRow, len(ordered))
	for k, r := range ordered {
		words := make([][]string, nv)
		for v := range nv {
			if r.has[v] {
				words[v] = strings.Fields(r.cells[v])
			}
		}
		out[k] = AlignedRow{Cells: diffCells(words)}
	}
	return out
}

func wordSets(paras []string) []map[string]bool {
	out := make([]map[string]bool, len(paras))
	for i, p := range paras {
		out[i] = map[string]bool{}
		for _, w := range strings.Fields(p) {
			if k := wordKey(w); k != "" {
				out[i][k] = true
			}
		}
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	if all := len(a) + len(b) - shared; all > 0 {
		return float64(shared) / float64(all)
	}
	return 0
}

// alignPair matches paragraphs of b to paragraphs of a in order, as an
// alignment of most total overlap; match[j] is b[j]'s partner or -1.
func alignPair(a, b []map[string]bool) []int {
	n, m := len(a), len(b)
	best := make([][]float64, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
	}
	sim := func(i, j int) float64 {
		if x := jaccard(a[i], b[j]); x >= minParaOverlap {
			return x
		}
		return -1
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			v := max(best[i+1][j], best[i][j+1])
			if x := sim(i, j); x > 0 {
				v = max(v, x+best[i+1][j+1])
			}
			best[i][j] = v
		}
	}
	match := make([]int, m)
	for j := range match {
		match[j] = -1
	}
	for i, j := 0, 0; i < n && j < m; {
		if x := sim(i, j); x > 0 && best[i][j] == x+best[i+1][j+1] {
			match[j] = i
			i++
			j++
		} else if best[i][j] == best[i+1][j] {
			i++
		} else {
			j++
		}
	}
	return match
}

// maxDiffCells bounds the word diff of one row (a longest common
// subsequence, quadratic): past it, a row's words are shown unmarked.
const maxDiffCells = 4_000_000

// diffCells marks in each version's paragraph the words not in the longest
// common subsequence with the lead's (for the lead: with any other's).
func diffCells(words [][]string) [][]DiffWord {
	out := make([][]DiffWord, len(words))
	for v, ws := range words {
		if ws == nil {
			continue
		}
		out[v] = make([]DiffWord, len(ws))
		for k, w := range ws {
			out[v][k] = DiffWord{Text: w}
		}
	}
	keys := func(ws []string) []string {
		ks := make([]string, len(ws))
		for k, w := range ws {
			ks[k] = wordKey(w)
		}
		return ks
	}
	ref := -1 // the first version with a cell: the others are told against it
	for v := range words {
		if words[v] != nil {
			ref = v
			break
		}
	}
	if ref < 0 {
		return out
	}
	rk := keys(words[ref])
	refKept := make([]bool, len(rk))
	others := 0
	for v := ref + 1; v < len(words); v++ {
		if words[v] == nil {
			continue
		}
		others++
		vk := keys(words[v])
		if len(rk)*len(vk) > maxDiffCells {
			continue
		}
		inA, inB := lcs(rk, vk)
		for k, kept := range inB {
			out[v][k].Changed = !kept && vk[k] != ""
		}
		for k, kept := range inA {
			if !kept && rk[k] != "" {
				out[ref][k].Changed = true
			}
			refKept[k] = refKept[k] || kept
		}
	}
	if others == 0 {
		for k := range out[ref] {
			out[ref][k].Changed = false
		}
	}
	return out
}

// lcs gives which elements of a and b belong to a longest common
// subsequence of the two.
func lcs(a, b []string) (inA, inB []bool) {
	n, m := len(a), len(b)
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	inA, inB = make([]bool, n), make([]bool, m)
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			inA[i], inB[j] = true, true
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return inA, inB
}

// wordKey is a word folded and stripped of the punctuation around it, for
// comparing: "Márquez's" and "Marquez's" are one word.
func wordKey(w string) string {
	return Fold(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

// Facts. Each version's dates (a month and day), numbers (with the word
// they count: "23-year-old", "200,000 followers") and names (runs of
// capitalised words) are gathered; a disagreement is a fact two versions
// both state, in the same terms, differently — the same month with other
// days, the same counted word with another number, the same first name
// with another surname — where neither version also states the other's.

type fact struct {
	key, value, text string
}

type facts struct {
	dates, numbers, names []fact
}

const monthNames = `(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`

// factPatterns are compiled when a comparison first asks, not when the
// program starts: every command would pay for them before main.
var factPatterns = sync.OnceValue(func() (p struct{ monthDay, dayMonth, number, nameRun *regexp.Regexp }) {
	p.monthDay = regexp.MustCompile(`\b` + monthNames + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`)
	p.dayMonth = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthNames + `\b(?:,?\s+(\d{4})\b)?`)
	p.number = regexp.MustCompile(`(?i)\b(\d+(?:[.,]\d+)*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion)\b(?:[-\s]+(?:per\s*cent|percent|%))?`)
	p.nameRun = regexp.MustCompile(`\b\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)+`)
	return p
})

func factsOf(text string) facts {
	var f facts
	re := factPatterns()
	covered := make([]bool, len(text)) // dates' bytes, so their digits are not numbers too
	addDate := func(month, day, year, whole string, start, end int) {
		d, err := strconv.Atoi(day)
		if err != nil || d < 1 || d > 31 {
			return
		}
		m := strings.ToLower(month[:3])
		f.dates = append(f.dates, fact{key: m, value: m + " " + strconv.Itoa(d), text: whole})
		for k := start; k < end; k++ {
			covered[k] = true
		}
	}
	for _, m := range re.monthDay.FindAllStringSubmatchIndex(text, -1) {
		addDate(text[m[2]:m[3]], text[m[4]:m[5]], "", text[m[0]:m[1]], m[0], m[1])
	}
	for _, m := range re.dayMonth.FindAllStringSubmatchIndex(text, -1) {
		if !covered[m[0]] {
			addDate(text[m[4]:m[5]], text[m[2]:m[3]], "", text[m[0]:m[1]], m[0], m[1])
		}
	}
	for _, m := range re.number.FindAllStringIndex(text, -1) {
		if covered[m[0]] {
			continue
		}
		n := text[m[0]:m[1]]
		if len(n) == 4 && (strings.HasPrefix(n, "19") || strings.HasPrefix(n, "20")) {
			continue // a year: no count of anything
		}
		word, wordEnd := countedWord(text, m[1])
		if word == "" {
			continue
		}
		f.numbers = append(f.numbers, fact{key: word, value: Fold(strings.ReplaceAll(n, ",", "")), text: text[m[0]:wordEnd]})
	}
	for _, m := range re.nameRun.FindAllStringIndex(text, -1) {
		run := strings.Fields(text[m[0]:m[1]])
		for len(run) > 1 && isStopWord(Fold(run[0])) { // "The Jalisco…": an opener, not a name
			run = run[1:]
		}
		if len(run) < 2 {
			continue
		}
		name := strings.Join(run, " ")
		f.names = append(f.names, fact{key: Fold(run[0]), value: Fold(strings.TrimRight(name, "'’s")), text: name})
	}
	return f
}

// titleNumbers are the numbers of a title told by the word before them
// ("Item 0", "Day 3", "Windows 11", "Round 2"): a title is too short to
// say what a number counts after it, and the word before names the
// series. A title that names another of the series is another number
// ("Item 0 …" / "Item 1 …"). Years and numbers after a stop word ("in
// 2", "at 5") are no series.
func titleNumbers(title string) []fact {
	var out []fact
	for _, m := range factPatterns().number.FindAllStringIndex(title, -1) {
		n := title[m[0]:m[1]]
		if !hasDigit(n) || len(n) == 4 && (strings.HasPrefix(n, "19") || strings.HasPrefix(n, "20")) {
			continue
		}
		before := strings.Fields(title[:m[0]])
		if len(before) == 0 {
			continue
		}
		w := before[len(before)-1]
		key := wordKey(w)
		last, _ := utf8.DecodeLastRuneInString(w)
		if key == "" || isStopWord(key) || !unicode.IsLetter(last) || !strings.HasSuffix(title[:m[0]], w+" ") {
			continue // none, a stop word, or punctuation between: "Fed: 3 …"
		}
		out = append(out, fact{key: "before " + key, value: Fold(strings.ReplaceAll(n, ",", "")), text: w + " " + n})
	}
	return out
}

// countedWord is the word a number counts: the first word after it that is
// not a stop word, within two words ("23-year-old" gives "year-old"; "1.3
// such deaths" gives "deaths"), stemmed for the key. It returns the key and
// where the word ends.
func countedWord(text string, at int) (string, int) {
	rest := text[at:]
	i := 0
	for range 3 {
		for i < len(rest) && (rest[i] == ' ' || rest[i] == '-') {
			i++
		}
		j := i
		for j < len(rest) && (isASCIIWord(rest[j]) || rest[j] == '-' || rest[j] >= 0x80) {
			j++
		}
		w := strings.Trim(rest[i:j], "-")
		if w == "" {
			return "", 0
		}
		if !isStopWord(Fold(w)) {
			if t := termOf(w, false); t != "" {
				return t, at + j
			}
			return Fold(w), at + j
		}
		i = j
	}
	return "", 0
}

// disagreements finds, kind by kind, keys that at least two versions state
// with values the other lacks.
func disagreements(fs []facts) []Disagreement {
	out := []Disagreement{}
	kinds := []struct {
		name string
		get  func(facts) []fact
	}{
		{"date", func(f facts) []fact { return f.dates }},
		{"number", func(f facts) []fact { return f.numbers }},
		{"name", func(f facts) []fact { return f.names }},
	}
	for _, kind := range kinds {
		var keys []string
		byVersion := make([]map[string][]fact, len(fs))
		for v, f := range fs {
			byVersion[v] = map[string][]fact{}
			for _, x := range kind.get(f) {
				if _, ok := byVersion[v][x.key]; !ok && !slices.Contains(keys, x.key) {
					keys = append(keys, x.key)
				}
				byVersion[v][x.key] = append(byVersion[v][x.key], x)
			}
		}
		for _, key := range keys {
			var values []string
			clash := false
			for a := range fs {
				for b := a + 1; b < len(fs); b++ {
					fa, fb := byVersion[a][key], byVersion[b][key]
					if len(fa) == 0 || len(fb) == 0 {
						continue
					}
					onlyA, onlyB := missing(fa, fb), missing(fb, fa)
					if len(onlyA) == 0 || len(onlyB) == 0 {
						continue // one says more, not otherwise
					}
					if kind.name == "name" && !sameRole(onlyA, onlyB) {
						continue
					}
					clash = true
					for _, x := range append(onlyA, onlyB...) {
						if !slices.Contains(values, x.text) {
							values = append(values, x.text)
						}
					}
				}
			}
			if clash {
				out = append(out, Disagreement{Kind: kind.name, Values: values})
			}
		}
	}
	return out
}

// missing gives the facts of a whose value b does not state.
func missing(a, b []fact) []fact {
	var out []fact
	for _, x := range a {
		found := false
		for _, y := range b {
			if x.value == y.value {
				found = true
				break
			}
		}
		if !found && !slices.ContainsFunc(out, func(o fact) bool { return o.value == x.value }) {
			out = append(out, x)
		}
	}
	return out
}

// sameRole: two names that share their first word disagree only when they
// are the same length and differ in one word ("Valeria Marquez" / "Valeria
// Martinez"), not where one is a longer name ("United States" / "United
// States Congress") or another person of the same first name altogether.
func sameRole(a, b []fact) bool {
	for _, x := range a {
		xs := strings.Fields(x.value)
		for _, y := range b {
			ys := strings.Fields(y.value)
			if len(xs) != len(ys) {
				continue
			}
			diff := 0
			for k := range xs {
				if xs[k] != ys[k] {
					diff++
				}
			}
			if diff == 1 {
				return true
			}
		}
	}
	return false
}
