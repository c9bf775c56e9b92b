package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// TestSnippetsFromProse: a search's snippet shows an article's prose,
// never the numbered links ingest puts at its end nor an address; a
// headline-only item, whose body is its link, has no snippet at all.
func TestSnippetsFromProse(t *testing.T) {
	corpora := filepath.Join("..", "..", "shared", "corpora")
	alerts := filepath.Join(corpora, "feeds", "feedjira__google_alerts_atom.xml")
	heads := filepath.Join(corpora, "headlines", "headlines.xml")
	if _, err := os.Stat(alerts); err != nil {
		t.Skip("no shared corpora:", err)
	}
	load := func(path string) *store.Store {
		arts, errs := ingest.LoadPath(path)
		if len(arts) == 0 {
			t.Fatalf("%s: %v", path, errs)
		}
		return store.Build(arts)
	}
	st := load(alerts)
	for _, q := range []string{"slack adjuster", "slack", "snap problem", "market"} {
		hits := st.Search(q, 0)
		if len(hits) == 0 {
			t.Fatalf("%q finds nothing in %s", q, alerts)
		}
		for _, h := range hits {
			if h.Snippet == "" || strings.Contains(h.Snippet, "://") || strings.Contains(h.Snippet, "www.") || strings.Contains(h.Snippet, store.LinksHeading) {
				t.Errorf("%q: %s: snippet %q is not prose", q, h.Title, h.Snippet)
			}
		}
	}
	if hits := st.Search("slack adjuster", 1); !strings.Contains(hits[0].Snippet, "Slack Adjuster 3150 market report presents") {
		t.Errorf("slack adjuster: snippet %q, want the item's sentence", hits[0].Snippet)
	}
	if _, err := os.Stat(heads); err != nil {
		t.Skip("no headlines corpus:", err)
	}
	for _, h := range load(heads).Search("fed plosser taper", 20) {
		if h.Snippet != "" {
			t.Errorf("headline-only %q: snippet %q, want none", h.Title, h.Snippet)
		}
	}
}
