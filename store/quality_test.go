package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// bbcDir is the shared BBC corpus: 2,225 articles in five section folders.
const bbcDir = "../../shared/corpora/bbc"

func bbcStore(tb testing.TB) *store.Store {
	tb.Helper()
	if _, err := os.Stat(bbcDir); err != nil {
		tb.Skipf("no BBC corpus at %s", bbcDir)
	}
	arts, errs := ingest.LoadPath(bbcDir)
	if len(errs) > 0 {
		tb.Fatalf("BBC corpus: %v", errs)
	}
	return store.Build(arts)
}

// section is the folder an article came from: the corpus's own label,
// which lede never sees when ranking.
func section(a *store.Article) string { return filepath.Base(filepath.Dir(a.Source)) }

// TestRelatedQualityBBC: the mean share of each article's top-5 related
// stories that come from its own section. A plain TF-IDF cosine baseline
// gets 0.934; lede must reach 0.95. Exact duplicates are merged, so they
// cannot pad the figure.
func TestRelatedQualityBBC(t *testing.T) {
	st := bbcStore(t)
	if st.Len() >= 2225 {
		t.Errorf("%d articles: the ~100 exact duplicate pairs were not merged", st.Len())
	}
	total := 0.0
	for _, a := range st.List() {
		rel := st.Related(a.ID, 5)
		if len(rel) != 5 {
			t.Fatalf("%s: %d related", a.ID, len(rel))
		}
		same := 0
		for _, r := range rel {
			b, _ := st.Get(r.ID)
			if section(b) == section(a) {
				same++
			}
		}
		total += float64(same) / 5
	}
	share := total / float64(st.Len())
	t.Logf("BBC: %d articles after merging duplicates; top-5 related from the same section: %.4f", st.Len(), share)
	if share < 0.95 {
		t.Errorf("top-5 same-section share %.4f < 0.95", share)
	}
}

// TestVersionsBBC: versions of one story are rare, small, and never cross
// sections (a report and its rewrite are about the same thing).
func TestVersionsBBC(t *testing.T) {
	st := bbcStore(t)
	stories := map[string][]*store.Article{}
	for _, a := range st.List() {
		stories[a.Story] = append(stories[a.Story], a)
	}
	grouped := 0
	for _, members := range stories {
		if len(members) == 1 {
			continue
		}
		grouped += len(members)
		if len(members) > 4 {
			t.Errorf("story %s has %d versions: chained", members[0].Story, len(members))
		}
		for _, m := range members[1:] {
			if section(m) != section(members[0]) {
				t.Errorf("versions across sections: %q / %q", members[0].Title, m.Title)
			}
		}
	}
	t.Logf("%d articles grouped as versions of %d stories", grouped, countMulti(stories))
	if grouped > st.Len()/10 {
		t.Errorf("%d of %d articles grouped as versions: too loose", grouped, st.Len())
	}
}

func countMulti(stories map[string][]*store.Article) int {
	n := 0
	for _, m := range stories {
		if len(m) > 1 {
			n++
		}
	}
	return n
}
