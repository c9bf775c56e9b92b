package library

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A damaged library comes back with what can still be read of it: its
// feeds (names, tags, full text) and its marks, read and saved; the
// reason is one short line.
func TestDamagedLibrarySalvaged(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpora", "feeds", "*.xml"))
	if len(files) == 0 {
		t.Skip("no ../shared/corpora/feeds")
	}
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i, f := range files {
		out, err := l.Add(ctx, loader(), Subscription{URL: f, Tags: []string{"tag" + itoa(i%3)}, FullText: i == 0})
		if err != nil || out.Added == 0 {
			continue // a corpus file that gives no articles
		}
		if len(names) == 12 {
			break
		}
		fs, _ := l.Feeds(ctx)
		names = append(names, fs[len(fs)-1].Name)
	}
	heads, err := l.Headlines(ctx)
	if err != nil || len(heads) < 10 {
		t.Fatalf("%d headlines, %v", len(heads), err)
	}
	var marks []Change
	for i, h := range heads[:10] {
		m := MarkRead
		if i%3 == 0 {
			m = MarkSaved
		}
		marks = append(marks, Change{ID: h.ID, Mark: m})
	}
	if err := l.Apply(ctx, marks); err != nil {
		t.Fatal(err)
	}
	feedsBefore, _ := l.Feeds(ctx)
	statesBefore, _ := l.States(ctx)
	l.Close()

	// Damage: garbage over pages past the first few, where the articles'
	// text lies.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := len(data) / page
	if pages < 40 {
		t.Fatalf("a library of %d pages: too small to damage in its middle", pages)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for p := pages / 2; p < pages/2+pages/5; p++ {
		for i := p * page; i < (p+1)*page; i++ {
			data[i] = byte(r.Uint32())
		}
	}
	os.WriteFile(path, data, 0o600)

	l, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.Recovered == "" {
		t.Fatal("the damaged library opened as sound")
	}
	if strings.Contains(l.Recovered, "\n") || len(l.Recovered) > 600 || !strings.Contains(l.Recovered, store12(len(feedsBefore))) {
		t.Fatalf("Recovered: %q", l.Recovered)
	}
	feedsAfter, err := l.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(feedsAfter) != len(feedsBefore) {
		t.Fatalf("%d feeds came back of %d", len(feedsAfter), len(feedsBefore))
	}
	for i, f := range feedsAfter {
		b := feedsBefore[i]
		if f.Name != b.Name || f.URL != b.URL || !slices.Equal(f.Tags, b.Tags) || f.FullText != b.FullText {
			t.Errorf("feed %d: %+v, was %+v", i, f, b)
		}
	}
	statesAfter, _ := l.States(ctx)
	for id, s := range statesBefore {
		if statesAfter[id] != s {
			t.Errorf("%s: state %+v, was %+v", id, statesAfter[id], s)
		}
	}
	if aside, _ := filepath.Glob(path + ".damaged-*"); len(aside) != 1 {
		t.Fatalf("moved aside: %v", aside)
	}
	// The saved articles that could be read are whole, and listed.
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if !statesAfter[a.ID].Saved || a.Title == "" {
			t.Errorf("article %s (%q) salvaged: only saved ones are", a.ID, a.Title)
		}
	}
	t.Log(l.Recovered)
}

func store12(n int) string { return itoa(n) + " feeds" }
