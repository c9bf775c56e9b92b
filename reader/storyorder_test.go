package reader

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// headlinesCorpus is the shared same-story corpus (3,316 headline-only
// feed items, 977 stories, many of several dated versions), loaded; the
// test skips without it.
func headlinesCorpus(t *testing.T) []store.Article {
	t.Helper()
	feed := filepath.Join("..", "..", "shared", "corpora", "headlines", "headlines.xml")
	if _, err := os.Stat(feed); err != nil {
		t.Skipf("no headlines corpus: %v", err)
	}
	arts, errs := ingest.LoadPath(feed)
	if len(errs) > 0 {
		t.Fatalf("headlines: %v", errs)
	}
	return arts
}

// rowLeads are the articles the list's rows show, in order (a story's
// lead for its row).
func rowLeads(m app) []*store.Article {
	var out []*store.Article
	for _, it := range m.list.items {
		if it.story == "" || it.lead {
			out = append(out, it.art)
		}
	}
	return out
}

// A story sits in the list where its lead sits, as lede list --stories
// places it: one rule. It sat where its first version in the list's
// order sat, showing its lead's date: at 100,000 articles a story of a
// version of Jan 3 led by one of Jan 2 topped the rows of Jan 3 ("newest
// first" out of order), 80 rows above where lede list put it.
func TestStoryOrderIsTheCommandLines(t *testing.T) {
	arts := headlinesCorpus(t)
	// lede list --sort date --stories: the store built newest first.
	sorted := slices.Clone(arts)
	store.Sort(sorted, "date")
	st := store.Build(sorted)
	var want []string
	for _, s := range st.Stories() {
		want = append(want, s.Versions[0])
	}
	m := start(t, st, 120, 40)
	var got []string
	for _, a := range rowLeads(m) {
		got = append(got, a.ID)
	}
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("%d rows, lede list has %d stories; row %d is %s, lede list's %s", len(got), len(want), i, got[i], want[i])
			}
		}
		t.Fatalf("%d rows, lede list has %d stories", len(got), len(want))
	}

	// T to newest first, on the store as loaded: the rows' dates (their
	// leads') never rise.
	m = start(t, store.Build(arts), 120, 40)
	for m.arrange.sortBy != "date" {
		m = drive(t, m, press("T"))
	}
	rows := rowLeads(m)
	for i := 1; i < len(rows); i++ {
		a, b := rows[i-1].Published, rows[i].Published
		if !b.IsZero() && (a.IsZero() || b.After(a)) {
			t.Fatalf("newest first: row %d (%s, %s) after row %d (%s, %s)", i, rows[i].Title, b, i-1, rows[i-1].Title, a)
		}
	}
}

// When the rest of a library comes after its first page (the newest
// headlines, each its own row), the article read beside the list stays,
// and the cursor goes to its story's row, touched or not: at 100,000
// articles the row under the cursor turned by itself from "Analysis:
// O'Sullivan…" (Jan 3) to its story's lead of Jan 2, and the article
// beside the list with it.
func TestTheRestKeepsTheStoryAndArticle(t *testing.T) {
	arts := headlinesCorpus(t)
	store.Sort(arts, "date")
	st := store.Build(arts)
	all := st.List()
	lead := map[string]string{} // an article's story's lead
	for _, s := range st.Stories() {
		for _, v := range s.Versions {
			lead[v] = s.Versions[0]
		}
	}
	// The top of the page, and the next on it, that are versions under
	// another's lead.
	k := 1 + slices.IndexFunc(all[1:40], func(a *store.Article) bool { return lead[a.ID] != a.ID })
	if k < 1 || lead[all[0].ID] == all[0].ID {
		t.Fatal("the first page's top, or none after it, is a story's lead")
	}
	for _, c := range []struct {
		name string
		at   int
	}{{"untouched", 0}, {"on a version", k}} {
		t.Run(c.name, func(t *testing.T) {
			page := firstPage{headlinesIndexingOf(&fakeSource{arts: all[:40]}), len(all)}
			m := start(t, page, 120, 40)
			var js []string
			for range c.at {
				js = append(js, "j")
			}
			m = drive(t, m, keys(js...)...)
			was := selected(m)
			if was != all[c.at].ID || reading(m) != was {
				t.Fatalf("on the first page: on %s, reading %s, want %s", was, reading(m), all[c.at].ID)
			}
			m = drive(t, m, SourceMsg{Src: st, Loaded: 1, Total: 1, Done: true})
			if reading(m) != was || selected(m) != lead[was] {
				t.Fatalf("once the rest came: reading %s, cursor on %s; want reading %s, on its story's row %s", reading(m), selected(m), was, lead[was])
			}
		})
	}
}
