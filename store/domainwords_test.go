package store_test

import (
	"path/filepath"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// The feeds corpus writes sites in its text and link lists (TechCrunch's
// "techcrunch.com/2011/…", a blog's "lukedorny.com"): no related story
// gives a domain's suffix as a reason ("shares: free, app, com"), and
// "com" is no word of the index.
func TestNoDomainWords(t *testing.T) {
	plainOnly(t)
	files, _ := filepath.Glob("../../shared/corpora/feeds/*.xml")
	var arts []store.Article
	for _, f := range files {
		got, _ := ingest.LoadPath(f)
		arts = append(arts, got...)
	}
	if len(arts) == 0 {
		t.Skip("no feeds corpus")
	}
	st := store.Build(arts)
	suffixes := map[string]bool{"com": true, "org": true, "net": true, "uk": true}
	for _, a := range st.List() {
		for _, r := range st.Related(a.ID, 5) {
			for _, w := range r.Why {
				if suffixes[store.Fold(w)] {
					t.Errorf("%q → %q: why %v", a.Title, r.Title, r.Why)
				}
			}
		}
	}
	if hits := st.Search("com", 5); len(hits) > 0 {
		t.Errorf("search com: %d hits, the first %q: %q", len(hits), hits[0].Title, hits[0].Snippet)
	}
}
