// Package synth builds large corpora of realistic news text for benchmarks
// and whole-process timings, deterministically: the same material and the
// same N give the same articles, on every machine and every run.
//
// Articles are recombined from real text, the paragraphs and titles of the
// BBC corpus (../shared/corpora/bbc, found by walking up from the working
// directory, or the folder LEDE_SYNTH_SOURCE names) when present, and the
// embedded seed articles otherwise. Each article opens on the paragraphs of
// one real article and goes on with paragraphs of others of its category;
// lengths vary from a couple of paragraphs to thirty, dates run over one
// year, articles come from several feeds per category, a few percent are
// near-duplicates (another feed's rewrite of a recent article) or exact
// copies, and made-up rare names (people and places mentioned by a handful
// of articles each) grow the vocabulary with N as real news does, so that
// story grouping and related ranking do real work at every size.
//
// It is not a test package so that store, reader and library benchmarks,
// and the synthcorpus command, share one generator. It imports only store
// and store/ingest (for the seeds), never the reader.
package synth

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// Material is the real text articles are recombined from.
type Material struct {
	Name       string   // "bbc" or "seeds"
	Categories []string // category names, as feeds are named after them
	docs       []doc    // source articles
	byCat      [][]int  // docs of each category
}

type doc struct {
	title string
	paras []string
	cat   int
}

// Start is the first date of a corpus; dates run over the year after it.
var Start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// FindBBC gives the BBC corpus folder: LEDE_SYNTH_SOURCE when set, else
// shared/corpora/bbc in the working directory or the nearest parent that
// has one; "" when there is none.
func FindBBC() string {
	if dir := os.Getenv("LEDE_SYNTH_SOURCE"); dir != "" {
		return dir
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "shared", "corpora", "bbc")
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return p
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

var (
	defaultOnce sync.Once
	defaultMat  *Material
)

// Default is the BBC material when the corpus is found, the seeds
// otherwise. It is read once per process.
func Default() *Material {
	defaultOnce.Do(func() {
		if dir := FindBBC(); dir != "" {
			if m, err := LoadDir(dir); err == nil {
				defaultMat = m
				return
			}
		}
		defaultMat = Seeds()
	})
	return defaultMat
}

// LoadDir reads material from a folder of category folders of text files,
// each a title line and paragraphs separated by blank lines (the BBC
// corpus's layout), in name order.
func LoadDir(root string) (*Material, error) {
	m := &Material{Name: filepath.Base(root)}
	cats, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		if !c.IsDir() || strings.HasPrefix(c.Name(), ".") {
			continue
		}
		var paths []string
		err := filepath.WalkDir(filepath.Join(root, c.Name()), func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, ".txt") {
				paths = append(paths, p)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		slices.Sort(paths)
		cat := len(m.Categories)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			title, body, _ := strings.Cut(latin1Safe(data), "\n")
			if d := (doc{title: strings.TrimSpace(title), paras: paragraphs(body), cat: cat}); d.title != "" && len(d.paras) > 0 {
				m.docs = append(m.docs, d)
			}
		}
		m.Categories = append(m.Categories, titleCase(c.Name()))
	}
	if len(m.docs) == 0 {
		return nil, fmt.Errorf("%s: no articles", root)
	}
	m.index()
	return m, nil
}

// Seeds is the material of the embedded seed articles, one category.
func Seeds() *Material {
	m := &Material{Name: "seeds", Categories: []string{"Mexico"}}
	arts, _ := ingest.LoadFS(seeds.FS)
	for _, a := range arts {
		if ps := paragraphs(a.Body); len(ps) > 0 {
			m.docs = append(m.docs, doc{title: a.Title, paras: ps})
		}
	}
	m.index()
	return m
}

func (m *Material) index() {
	m.byCat = make([][]int, len(m.Categories))
	for i, d := range m.docs {
		m.byCat[d.cat] = append(m.byCat[d.cat], i)
	}
}

// Len is how many real articles the material holds.
func (m *Material) Len() int { return len(m.docs) }

// paragraphs are the non-blank lines of a body: the BBC files put a
// paragraph on a line, blank lines between most but not all.
func paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(body, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// latin1Safe reads bytes as UTF-8, or as Latin-1 where they are not UTF-8
// (one BBC file holds a lone pound sign).
func latin1Safe(b []byte) string {
	if utf8.Valid(b) {
		return strings.ReplaceAll(string(b), "\r\n", "\n")
	}
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return strings.ReplaceAll(sb.String(), "\r\n", "\n")
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// feedSuffixes: a category's news comes from several feeds.
var feedSuffixes = []string{"Desk", "Wire", "Review"}

// Feeds names every feed of a material's corpora, category by category.
func (m *Material) Feeds() []string {
	var out []string
	for _, c := range m.Categories {
		for _, s := range feedSuffixes {
			out = append(out, c+" "+s)
		}
	}
	return out
}

// Rates of the kinds of article, in thousandths.
const (
	nearDupPerMille  = 40 // another feed's rewrite of a recent article
	exactDupPerMille = 5  // the same article again, in another feed
	dupReach         = 200
)

// Generator builds the articles of one corpus of n.
type Generator struct {
	m     *Material
	n     int
	names []string // made-up rare names, about one per 25 articles
}

// New prepares a corpus of n articles from material m.
func New(m *Material, n int) *Generator {
	g := &Generator{m: m, n: n}
	count := 64 + n/25
	rng := rand.New(rand.NewPCG(0x5eed, uint64(n)))
	seen := make(map[string]bool, count)
	for len(g.names) < count {
		name := madeUpName(rng)
		if !seen[name] {
			seen[name] = true
			g.names = append(g.names, name)
		}
	}
	return g
}

var (
	onsets = []string{"b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "tr", "zh", "sh", "ch"}
	vowels = []string{"a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"}
	codas  = []string{"", "", "n", "r", "s", "l", "k", "nd", "rt", "v"}
)

func madeUpName(rng *rand.Rand) string {
	var b strings.Builder
	for range 2 + rng.IntN(2) {
		b.WriteString(onsets[rng.IntN(len(onsets))])
		b.WriteString(vowels[rng.IntN(len(vowels))])
	}
	b.WriteString(codas[rng.IntN(len(codas))])
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// Templates that bring a name into a paragraph: the subject of a sentence
// as news writes it.
var nameTemplates = []string{
	"%s, who has followed the matter closely, declined to comment further.",
	"According to %s, the figures were broadly in line with expectations.",
	"The decision was welcomed by %s and criticised by %s.",
	"Officials in %s said talks would resume next week.",
	"%s told reporters that no final decision had been taken.",
	"A spokesperson for %s confirmed the details on Tuesday.",
}

// Article gives the i-th article of the corpus (0 <= i < n). Articles are
// independent of one another, so any subset may be built in any order and
// in parallel.
func (g *Generator) Article(i int) store.Article {
	rng := rand.New(rand.NewPCG(0x1ede5eed, uint64(i)))
	switch k := rng.IntN(1000); {
	case i > 0 && k < exactDupPerMille:
		j := max(0, i-1-rng.IntN(min(i, dupReach)))
		a := g.fresh(j)
		a.Section = g.otherFeed(rng, a.Section)
		a.Source = g.source(i, a.Section)
		return a
	case i > 0 && k < exactDupPerMille+nearDupPerMille:
		j := max(0, i-1-rng.IntN(min(i, dupReach)))
		return g.rewrite(rng, i, g.fresh(j))
	}
	return g.fresh(i)
}

// Articles builds the whole corpus, on every core.
func (g *Generator) Articles() []store.Article {
	out := make([]store.Article, g.n)
	var wg sync.WaitGroup
	workers := 4
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < g.n; i += workers {
				out[i] = g.Article(i)
			}
		}()
	}
	wg.Wait()
	return out
}

// Articles builds n articles from the default material.
func Articles(n int) []store.Article { return New(Default(), n).Articles() }

func (g *Generator) fresh(i int) store.Article {
	rng := rand.New(rand.NewPCG(0xa47c1e, uint64(i)))
	m := g.m
	base := m.docs[rng.IntN(len(m.docs))]
	var want int
	switch r := rng.IntN(10); {
	case r < 3:
		want = 2 + rng.IntN(3)
	case r < 8:
		want = 5 + rng.IntN(6)
	default:
		want = 11 + rng.IntN(20)
	}
	// Half to all of the paragraphs from a run of the base article, the
	// rest from others of its category, shuffled in after the first: the
	// same base article recurs every ~2,000 articles of a large corpus, and
	// must not make each recurrence a copy.
	nb := min(len(base.paras), want/2+rng.IntN(want/2+1))
	start := rng.IntN(len(base.paras) - nb + 1)
	paras := make([]string, 0, want+2)
	paras = append(paras, base.paras[start:start+nb]...)
	same := m.byCat[base.cat]
	for len(paras) < want {
		o := m.docs[same[rng.IntN(len(same))]]
		paras = append(paras, o.paras[rng.IntN(len(o.paras))])
	}
	rest := paras[1:]
	rng.Shuffle(len(rest), func(a, b int) { rest[a], rest[b] = rest[b], rest[a] })
	// One to three rare names, a few more common than others (cubing a
	// uniform draw favours the low indices).
	var used []string
	for range 1 + rng.IntN(3) {
		u := rng.Float64()
		used = append(used, g.names[int(u*u*u*float64(len(g.names)))])
	}
	for k, name := range used {
		t := nameTemplates[rng.IntN(len(nameTemplates))]
		var s string
		if strings.Count(t, "%s") == 2 {
			s = fmt.Sprintf(t, name, used[(k+1)%len(used)])
		} else {
			s = fmt.Sprintf(t, name)
		}
		at := 1 + rng.IntN(len(paras))
		if at == len(paras) {
			paras[at-1] += " " + s
		} else {
			paras[at] = s + " " + paras[at]
		}
	}
	var title string
	switch r := rng.IntN(10); {
	case r < 5:
		title = base.title
	case r < 8:
		title = used[0] + ": " + base.title
	default: // the opening of one title, the end of another of its category
		o := m.docs[same[rng.IntN(len(same))]]
		a, b := strings.Fields(base.title), strings.Fields(o.title)
		title = strings.Join(append(a[:max(1, len(a)/2):max(1, len(a)/2)], b[len(b)/2:]...), " ")
	}
	feed := m.Categories[base.cat] + " " + feedSuffixes[rng.IntN(len(feedSuffixes))]
	date := Start.Add(time.Duration((float64(i)/float64(max(g.n, 1))*365 + rng.Float64()*3) * 24 * float64(time.Hour)))
	return g.article(i, title, feed, date.Truncate(time.Second), paras)
}

// rewrite is another feed's version of a: a paragraph dropped or moved,
// the title reworded, a day or two later.
func (g *Generator) rewrite(rng *rand.Rand, i int, a store.Article) store.Article {
	paras := paragraphs(a.Body)
	if len(paras) > 3 {
		k := 1 + rng.IntN(len(paras)-1)
		paras = append(paras[:k:k], paras[k+1:]...)
	}
	if len(paras) > 2 && rng.IntN(2) == 0 {
		paras[1], paras[2] = paras[2], paras[1]
	}
	prefixes := []string{"Update: ", "Analysis: ", "Live: ", ""}
	title := prefixes[rng.IntN(len(prefixes))] + a.Title
	if title == a.Title {
		title += " (updated)"
	}
	date := a.Published.Add(time.Duration(rng.IntN(48)) * time.Hour)
	return g.article(i, title, g.otherFeed(rng, a.Section), date, paras)
}

func (g *Generator) otherFeed(rng *rand.Rand, feed string) string {
	cat, _, _ := strings.Cut(feed, " ")
	for {
		f := cat + " " + feedSuffixes[rng.IntN(len(feedSuffixes))]
		if f != feed || len(feedSuffixes) == 1 {
			return f
		}
	}
}

func (g *Generator) source(i int, feed string) string {
	return fmt.Sprintf("synth/%s/%07d.md", slug(feed), i)
}

func (g *Generator) article(i int, title, feed string, date time.Time, paras []string) store.Article {
	body := strings.Join(paras, "\n\n")
	return store.Article{
		Title:     title,
		Section:   feed,
		Source:    g.source(i, feed),
		Links:     []string{fmt.Sprintf("https://news.example.com/%s/%07d", slug(feed), i)},
		Words:     countWords(body),
		Published: date,
		Body:      body,
	}
}

// countWords counts runs of non-space, as len(strings.Fields(s)) does,
// without making the slice (3 GB of garbage for a corpus of 100,000).
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		space := unicode.IsSpace(r)
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

func slug(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }
