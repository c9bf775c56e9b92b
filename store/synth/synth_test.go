package synth_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/synth"
)

func TestDeterministic(t *testing.T) {
	m := synth.Default()
	a, b := synth.New(m, 500).Articles(), synth.New(m, 500).Articles()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two corpora of 500 differ")
	}
	// Article i does not depend on the others being built.
	if one := synth.New(m, 500).Article(321); !reflect.DeepEqual(one, a[321]) {
		t.Fatal("article 321 alone differs from article 321 of the corpus")
	}
}

// TestShape: the corpus has what makes grouping and ranking work: several
// feeds, a year of dates, varied lengths, copies merged by Build and
// near-duplicates grouped as versions.
func TestShape(t *testing.T) {
	const n = 3000
	m := synth.Default()
	arts := synth.New(m, n).Articles()
	feeds := map[string]bool{}
	first, last := arts[0].Published, arts[0].Published
	shortest, longest := 1<<30, 0
	for _, a := range arts {
		feeds[a.Section] = true
		if a.Published.Before(first) {
			first = a.Published
		}
		if a.Published.After(last) {
			last = a.Published
		}
		shortest, longest = min(shortest, a.Words), max(longest, a.Words)
		if a.Title == "" || a.Body == "" {
			t.Fatalf("empty article: %+v", a)
		}
	}
	if len(feeds) < 3 {
		t.Errorf("%d feeds", len(feeds))
	}
	if days := last.Sub(first).Hours() / 24; days < 300 {
		t.Errorf("dates span %.0f days", days)
	}
	if longest < 4*shortest {
		t.Errorf("words from %d to %d: lengths hardly vary", shortest, longest)
	}
	st := store.Build(arts)
	merged := n - st.Len()
	grouped := 0
	for _, a := range st.List() {
		if a.Versions > 1 {
			grouped++
		}
	}
	t.Logf("%s material: %d articles, %d exact copies merged, %d in stories of several versions, %d feeds", m.Name, n, merged, grouped, len(feeds))
	if merged < n/400 || merged > n/50 {
		t.Errorf("%d of %d merged as exact copies", merged, n)
	}
	if grouped < n/50 {
		t.Errorf("only %d of %d articles grouped as versions", grouped, n)
	}
}

// TestWrite: what Write writes loads back as the same articles.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	g := synth.New(synth.Default(), 40)
	parts, err := g.Write(dir, synth.Markdown)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 || parts[0] != dir {
		t.Fatalf("parts %v", parts)
	}
	loaded, errs := ingest.LoadPath(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(loaded) != 40 {
		t.Fatalf("%d articles loaded back, want 40", len(loaded))
	}
	want := map[string]store.Article{}
	for i := range 40 {
		a := g.Article(i)
		want[a.Title+"|"+a.Published.String()] = a
	}
	for _, a := range loaded {
		w, ok := want[a.Title+"|"+a.Published.String()]
		if !ok {
			t.Fatalf("loaded %q (%v): not written", a.Title, a.Published)
		}
		if a.Section != w.Section || !strings.Contains(a.Body, firstWords(w.Body)) {
			t.Errorf("%q: section %q body %.60q, want %q %.60q", a.Title, a.Section, a.Body, w.Section, w.Body)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "part-00")); err == nil {
		t.Error("a small corpus was split in parts")
	}
}

func firstWords(s string) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(5, len(f))], " ")
}

func TestWordsCounted(t *testing.T) {
	for _, a := range synth.New(synth.Default(), 50).Articles() {
		if want := len(strings.Fields(a.Body)); a.Words != want {
			t.Fatalf("%q: %d words, want %d", a.Title, a.Words, want)
		}
	}
}
