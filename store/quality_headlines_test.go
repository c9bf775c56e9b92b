package store_test

import (
	"encoding/csv"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// headlinesDir is the shared same-story corpus: 3,316 headline-only feed
// items from many outlets, labelled by story (the same event).
const headlinesDir = "../../shared/corpora/headlines"

// headlines gives the corpus built as b builds (once in a run: made) and
// each article's story label, found through its link (the feed's guid
// ties the link to the label).
func headlines(tb testing.TB, b build) (*store.Store, map[string]string) {
	tb.Helper()
	plainOnly(tb)
	feed := filepath.Join(headlinesDir, "headlines.xml")
	if _, err := os.Stat(feed); err != nil {
		tb.Skipf("no headlines corpus at %s", headlinesDir)
	}
	st := made("headlines "+b.name, func() *store.Store {
		arts, errs := ingest.LoadPath(feed)
		if len(errs) > 0 {
			tb.Fatalf("headlines: %v", errs)
		}
		return b.build(tb, arts)
	})

	raw, err := os.ReadFile(feed)
	if err != nil {
		tb.Fatal(err)
	}
	var rss struct {
		Items []struct {
			Link string `xml:"link"`
			GUID string `xml:"guid"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(raw, &rss); err != nil {
		tb.Fatal(err)
	}
	guidOf := map[string]string{}
	for _, it := range rss.Items {
		guidOf[it.Link] = it.GUID
	}
	f, err := os.Open(filepath.Join(headlinesDir, "labels.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	rows, err := r.ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	storyOf := map[string]string{}
	for _, row := range rows[1:] {
		storyOf[row[0]] = row[1]
	}
	label := map[string]string{}
	for _, a := range st.List() {
		if len(a.Links) == 0 {
			tb.Fatalf("%q has no link", a.Title)
		}
		s, ok := storyOf[guidOf[a.Links[0]]]
		if !ok {
			tb.Fatalf("%q: no label for %s", a.Title, a.Links[0])
		}
		label[a.ID] = s
	}
	return st, label
}

// TestSameStoryHeadlines: the share of each headline's top-5 related items
// that report its own story (every story has at least 9 items). Plain
// TF-IDF cosine on the titles gets 0.853, with a one-day time decay 0.901;
// the goal is 0.92.
func TestSameStoryHeadlines(t *testing.T) {
	for _, b := range builds {
		t.Run(b.name, func(t *testing.T) {
			st, label := headlines(t, b)
			p5, _ := topFive(st, func(a, b *store.Article) bool { return label[b.ID] == label[a.ID] })
			t.Logf("headlines: %d items; top-5 related from the same story: %.4f", st.Len(), p5)
			if p5 < 0.92 {
				t.Errorf("same-story P@5 %.4f < 0.92", p5)
			}
		})
	}
}

// TestVersionsHeadlines: pairs of items grouped as versions of one story
// must be one story by the labels (precision, the labels being a little
// noisy: 0.90), and find a fair share of the same-story pairs (recall 0.25).
func TestVersionsHeadlines(t *testing.T) {
	for _, b := range builds {
		t.Run(b.name, func(t *testing.T) {
			st, label := headlines(t, b)
			p, r, grouped := versionPairs(st, label)
			t.Logf("headlines versions: %d pairs grouped; precision %.4f, recall %.4f", grouped, p, r)
			if p < 0.90 {
				t.Errorf("versions precision %.4f < 0.90", p)
			}
			if r < 0.25 {
				t.Errorf("versions recall %.4f < 0.25", r)
			}
		})
	}
}

// versionPairs measures grouping as pairs: of the pairs in one lede story,
// how many the labels put in one story (precision), and of the labelled
// same-story pairs, how many lede groups (recall).
func versionPairs(st *store.Store, label map[string]string) (precision, recall float64, grouped int) {
	byStory := map[string][]string{}
	byLabel := map[string]int{}
	for _, a := range st.List() {
		byStory[a.Story] = append(byStory[a.Story], a.ID)
		byLabel[label[a.ID]]++
	}
	right := 0
	for _, ids := range byStory {
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				grouped++
				if label[ids[i]] == label[ids[j]] {
					right++
				}
			}
		}
	}
	truth := 0
	for _, n := range byLabel {
		truth += n * (n - 1) / 2
	}
	if grouped > 0 {
		precision = float64(right) / float64(grouped)
	} else {
		precision = 1
	}
	return precision, float64(right) / float64(truth), grouped
}
