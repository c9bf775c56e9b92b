package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// TestRelatedIsMoreThanChance: beside the feeds corpus (a sports column,
// conference slides, blogs), a note on a drought and one on rain are
// related to each other, and to nothing that shares only English's
// commonest words with them ("hit, lows, record, Level"; "finally").
// Every seed keeps all its related stories: they share names.
func TestRelatedIsMoreThanChance(t *testing.T) {
	plainOnly(t)
	feeds := filepath.Join("..", "..", "shared", "corpora", "feeds")
	if _, err := os.Stat(feeds); err != nil {
		t.Skip("no shared corpora:", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "drought.txt"), []byte("Drought hits farmers in the valley\n\nA drought hit the valley this summer, leaving reservoirs at record lows. Farmers say the level of the river has never been this low. Crops are failing and wells are running dry.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "rain.txt"), []byte("Rain finally arrives after months of drought\n\nRain finally fell on the valley on Tuesday, ending months of drought. Farmers welcomed the storm, though reservoirs remain low and it will take weeks of rain to refill them.\n"), 0o644)
	var arts []store.Article
	for _, p := range []string{feeds, dir} {
		a, _ := ingest.LoadPath(p) // the corpus's broken feeds say so; the rest loads
		arts = append(arts, a...)
	}
	st := store.Build(arts)
	find := func(prefix string) string {
		for _, a := range st.List() {
			if strings.HasPrefix(a.Title, prefix) {
				return a.ID
			}
		}
		t.Fatalf("no %q", prefix)
		return ""
	}
	drought, rain := find("Drought hits"), find("Rain finally")
	for _, tc := range []struct{ id, other string }{{drought, rain}, {rain, drought}} {
		rel := st.Related(tc.id, 0)
		if len(rel) == 0 || rel[0].ID != tc.other {
			t.Fatalf("%s: related %v, want %s first", tc.id, rel, tc.other)
		}
		for _, r := range rel {
			if strings.HasPrefix(r.Title, "Stock Watch") || strings.HasPrefix(r.Title, "RubyConf") || strings.HasPrefix(r.Title, "MagLev") || strings.HasPrefix(r.Title, "Back Home") {
				t.Errorf("%s: %q related at %.3f by %v, which English's commonest words share by chance", tc.id, r.Title, r.Score, r.Why)
			}
		}
	}
	seeds, _ := ingest.LoadPath(filepath.Join("..", "seeds"))
	if len(seeds) == 0 {
		t.Skip("no seeds")
	}
	ss := store.Build(seeds)
	for _, a := range ss.List() {
		if n := len(ss.Related(a.ID, 0)); n != ss.Len()-1 {
			t.Errorf("seed %q: %d related, want every other article (%d)", a.Title, n, ss.Len()-1)
		}
	}
}
