package store_test

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// TestWhyWordsOnCorpora: on real news (the seeds, BBC, the headlines
// corpus), the words that say why a story is related are not artefacts
// of a headline's title case ("shares: Gunned" where the text says
// "gunned"), nor the names of days and months ("shares: September"), nor
// bare numbers: at most one in a hundred is (a name's half the text
// writes in lower case too, "Premier" of "Premier League", is counted). An artefact is a single capitalised word (not
// all capitals) that the corpus writes in lower case, past a line's
// first word, and at least as often as with a capital. It logs what else
// the whys are: the share of words that are names told whole (two words
// or more), of rows that say nothing (nothing shared told them apart),
// and, with -v, a sample of rows to read.
func TestWhyWordsOnCorpora(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	corpora := []struct {
		name string
		arts func(testing.TB) []store.Article
	}{
		{"seeds", func(testing.TB) []store.Article { return seedArts }},
		{"BBC", bbcArticles},
		{"headlines", headlineArticles},
	}
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			arts := c.arts(t)
			var st *store.Store
			switch c.name { // the stores of the shared corpora are built once in a run (made)
			case "BBC":
				st = bbcStore(t)
			case "headlines":
				st, _ = headlines(t, builds[0])
			default:
				st = store.Build(arts)
			}
			lower, capital := caseCounts(arts)
			list := slices.Clone(st.List()) // List is the store's own
			rng := rand.New(rand.NewPCG(1, 2))
			rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
			list = list[:min(len(list), 300)]
			var rows, empty, phrases, artefacts, calendar, numbers, whole int
			var bad, sample []string
			for _, a := range list {
				for _, r := range st.Related(a.ID, 5) {
					rows++
					if len(r.Why) == 0 {
						empty++
					}
					for _, p := range r.Why {
						phrases++
						words := strings.Fields(p)
						switch {
						case len(words) > 1 && capitalisedWord(words[0]) && capitalisedWord(words[len(words)-1]):
							whole++
						case len(words) == 1 && capitalisedWord(p):
							if l := strings.ToLower(p); lower[l] > 0 && lower[l] >= capital[l] {
								artefacts++
								bad = append(bad, p)
							}
						}
						if slices.ContainsFunc(words, func(w string) bool { return calendarWord[strings.ToLower(w)] }) {
							calendar++
							bad = append(bad, p)
						}
						if len(words) == 1 && strings.IndexFunc(p, unicode.IsLetter) < 0 {
							numbers++
							bad = append(bad, p)
						}
					}
					if len(sample) < 12 && rng.IntN(8) == 0 {
						sample = append(sample, a.Title+"  →  "+r.Title+"\n\t\tshares: "+strings.Join(r.Why, ", "))
					}
				}
			}
			share := func(n, of int) float64 { return float64(n) / float64(max(of, 1)) }
			t.Logf("%s: %d related rows of %d articles, %d why words or phrases: %.3f title-case artefacts, %.3f calendar words, %.3f numbers; %.3f names told whole; %.3f of rows say nothing",
				c.name, rows, len(list), phrases, share(artefacts, phrases), share(calendar, phrases), share(numbers, phrases), share(whole, phrases), share(empty, rows))
			if testing.Verbose() {
				for _, s := range sample {
					t.Log("\t" + s)
				}
			}
			if share(artefacts+calendar+numbers, phrases) > maxWhyArtefacts {
				t.Errorf("%s: %d title-case artefacts, %d calendar words, %d numbers among %d why words: %q",
					c.name, artefacts, calendar, numbers, phrases, bad[:min(len(bad), 12)])
			}
		})
	}
}

const maxWhyArtefacts = 0.01

// calendarWord: the names of days and months, the test's own list.
var calendarWord = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december") {
		m[w] = true
	}
	return m
}()

// caseCounts counts how often the corpus writes each word (lower-cased)
// in lower case and with a capital, past its line's first word.
func caseCounts(arts []store.Article) (lower, capital map[string]int) {
	lower, capital = map[string]int{}, map[string]int{}
	for _, a := range arts {
		for line := range strings.Lines(a.Title + "\n" + a.Body) {
			line = strings.Join(slices.DeleteFunc(strings.Fields(line), func(f string) bool {
				return strings.Contains(f, "://") || strings.Contains(f, "www.") // addresses
			}), " ")
			for k, w := range strings.FieldsFunc(line, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
				if k == 0 {
					continue
				}
				l := strings.ToLower(w)
				if w == l {
					lower[l]++
				} else {
					capital[l]++
				}
			}
		}
	}
	return lower, capital
}

func capitalisedWord(w string) bool {
	r := []rune(w)
	return len(r) > 0 && unicode.IsUpper(r[0]) && strings.ToUpper(w) != w
}

// headlineArticles is the headlines corpus's items.
func headlineArticles(tb testing.TB) []store.Article {
	tb.Helper()
	plainOnly(tb)
	feed := headlinesDir + "/headlines.xml"
	if _, err := os.Stat(feed); err != nil {
		tb.Skipf("no headlines corpus at %s", headlinesDir)
	}
	arts, errs := ingest.LoadPath(feed)
	if len(errs) > 0 {
		tb.Fatalf("headlines: %v", errs)
	}
	return arts
}
