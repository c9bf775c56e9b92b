package store_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// Versions on clean data. "Clean" here means every pair that matters has a
// known answer, because the versions are made: three outlets syndicate a
// share of the BBC corpus the way wire copy is reprinted — one retitles it
// "UPDATE 1-…" and adds a credit line, one keeps the first two thirds of
// the story and its own footer, one appends its name to the title and
// rewrites the opening with a line of its own. A copy is a version of its
// original and of the other outlets' copies of it, and of nothing else.
// The BBC articles are all loaded too, as the rest of the store: pairs of
// two BBC articles have no label (the corpus holds near-duplicates and
// follow-ups of its own) and are not counted; every pair with a copy in it
// is, and only articles that share no run of eight words with another are
// copied, so that a copy's versions are known.
func TestVersionsClean(t *testing.T) {
	arts, errs := loadBBC(t)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	type outlet struct {
		name  string
		every int
		copy  func(a store.Article) store.Article
	}
	outlets := []outlet{
		{"Wire Daily", 7, func(a store.Article) store.Article {
			a.Title = "UPDATE 1-" + a.Title
			a.Body += "\n\nReporting by Wire Daily staff; editing by the news desk."
			return a
		}},
		{"The Courier", 11, func(a store.Article) store.Article {
			paras := strings.Split(a.Body, "\n\n")
			a.Body = strings.Join(paras[:max(1, len(paras)*2/3)], "\n\n") +
				"\n\nRead more from The Courier at courier.example. Subscribe for the morning briefing."
			return a
		}},
		{"Metro Post", 13, func(a store.Article) store.Article {
			a.Title += " - Metro Post"
			paras := strings.Split(a.Body, "\n\n")
			if len(paras) > 2 {
				paras = paras[1:]
			}
			a.Body = "Here is what we know so far.\n\n" + strings.Join(paras, "\n\n")
			return a
		}},
	}
	// The corpus's exact duplicates merge into one article: one original.
	canon := make([]int, len(arts))
	first := map[string]int{}
	for i, a := range arts {
		k, ok := first[a.Title+"\x00"+a.Body]
		if !ok {
			k = i
			first[a.Title+"\x00"+a.Body] = i
		}
		canon[i] = k
	}
	// Only articles that share no run of eight words with another (but
	// its exact duplicate) are copied: the corpus's own near-duplicates and
	// follow-ups have no label, so a copy's only versions are known.
	owner := map[string]int{}
	related := make([]bool, len(arts))
	for i, a := range arts {
		words := strings.Fields(strings.ToLower(a.Body))
		for k := 0; k+8 <= len(words); k++ {
			key := strings.Join(words[k:k+8], " ")
			if j, ok := owner[key]; !ok {
				owner[key] = canon[i]
			} else if j != canon[i] {
				related[i], related[j] = true, true
			}
		}
	}
	var all []store.Article
	origin := map[string]int{} // title+source of a copy → its original's index
	for i, a := range arts {
		all = append(all, a)
		for _, o := range outlets {
			if i%o.every == 0 && !related[canon[i]] && canon[i] == i {
				c := o.copy(a)
				c.Source = o.name
				c.Links = []string{fmt.Sprintf("https://%s.example/%d", strings.ReplaceAll(strings.ToLower(o.name), " ", ""), i)}
				origin[c.Source+"\x00"+c.Title] = canon[i]
				all = append(all, c)
			}
		}
	}
	for _, b := range builds {
		t.Run(b.name, func(t *testing.T) {
			st := b.build(t, all)
			// Each article's original: its own index for a BBC article, the one it
			// copies for a copy.
			orig := map[string]int{}
			isCopy := map[string]bool{}
			bbcIndex := map[string]int{}
			for i, a := range arts {
				bbcIndex[a.Source] = canon[i]
			}
			for _, a := range st.List() {
				if k, ok := origin[a.Source+"\x00"+a.Title]; ok {
					orig[a.ID], isCopy[a.ID] = k, true
				} else {
					orig[a.ID] = bbcIndex[a.Source]
				}
			}
			byStory := map[string][]string{}
			versionsOf := map[int]int{} // original → articles of it in the store
			for _, a := range st.List() {
				byStory[a.Story] = append(byStory[a.Story], a.ID)
				if isCopy[a.ID] {
					versionsOf[orig[a.ID]]++
				}
			}
			grouped, right := 0, 0
			var wrong []string
			for _, ids := range byStory {
				for x := range ids {
					for y := x + 1; y < len(ids); y++ {
						if !isCopy[ids[x]] && !isCopy[ids[y]] {
							continue // two BBC articles: no label
						}
						grouped++
						if orig[ids[x]] == orig[ids[y]] {
							right++
						} else if len(wrong) < 5 {
							a, _ := st.Get(ids[x])
							b, _ := st.Get(ids[y])
							wrong = append(wrong, fmt.Sprintf("%q / %q", a.Title, b.Title))
						}
					}
				}
			}
			truth := 0
			for _, c := range versionsOf {
				truth += (c + 1) * c / 2 // the original and its copies, pairwise
			}
			for _, o := range outlets {
				n, with := 0, 0
				for _, a := range st.List() {
					if a.Source == o.name {
						n++
						for _, b := range st.List() {
							if b.Story == a.Story && !isCopy[b.ID] && orig[b.ID] == orig[a.ID] {
								with++
								break
							}
						}
					}
				}
				t.Logf("%s: %d copies, %d with their original", o.name, n, with)
			}
			precision, recall := float64(right)/float64(max(grouped, 1)), float64(right)/float64(truth)
			t.Logf("clean versions: %d copies of %d BBC articles by 3 outlets; %d labelled pairs grouped, precision %.4f, recall %.4f", len(isCopy), len(versionsOf), grouped, precision, recall)
			for _, w := range wrong {
				t.Logf("not one event: %s", w)
			}
			if precision < 0.95 {
				t.Errorf("clean versions precision %.4f < 0.95", precision)
			}
			if recall < 0.9 {
				t.Errorf("clean versions recall %.4f < 0.9: syndicated copies are versions", recall)
			}
		})
	}
}

func loadBBC(t *testing.T) ([]store.Article, []error) {
	t.Helper()
	plainOnly(t)
	if _, err := os.Stat(bbcDir); err != nil {
		t.Skipf("no BBC corpus at %s", bbcDir)
	}
	return ingest.LoadPath(bbcDir)
}
