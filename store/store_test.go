package store_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

func seedStore(t testing.TB) *store.Store {
	t.Helper()
	arts, errs := ingest.LoadFS(seeds.FS)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return store.Build(arts)
}

func find(t *testing.T, st *store.Store, ref string) *store.Article {
	t.Helper()
	m := st.Find(ref)
	if len(m) != 1 {
		t.Fatalf("Find(%q): %d matches", ref, len(m))
	}
	return m[0]
}

func TestIDsAreStableAcrossRunsAndLoadOrders(t *testing.T) {
	arts, _ := ingest.LoadFS(seeds.FS)
	a := store.Build(arts)
	rev := slices.Clone(arts)
	slices.Reverse(rev)
	b := store.Build(rev)
	if a.Len() != 9 || b.Len() != 9 {
		t.Fatalf("lens %d %d", a.Len(), b.Len())
	}
	for _, x := range a.List() {
		y, ok := b.Get(x.ID)
		if !ok || y.Title != x.Title {
			t.Errorf("%s: not the same article when loaded in reverse", x.ID)
		}
		if len(x.ID) > 52 || strings.ContainsAny(x.ID, " /") {
			t.Errorf("ID %q is not a short slug", x.ID)
		}
	}
	if id := find(t, a, "Beauty Influencer").ID; id != "beauty-influencer-shot-dead-during-6f0666" {
		t.Errorf("ID changed between runs: %s", id)
	}
	// Same story order and grouping either way.
	if find(t, a, "Beauty").Story != find(t, b, "Beauty").Story {
		t.Error("story id depends on load order")
	}
}

func TestInfluencerReportsAreVersionsOfOneStory(t *testing.T) {
	st := seedStore(t)
	beauty := find(t, st, "Beauty Influencer")
	valeria := find(t, st, "Valeria Márquez Killed")
	if beauty.Story != valeria.Story || beauty.Versions != 2 || valeria.Versions != 2 {
		t.Fatalf("not grouped: %+v %+v", beauty, valeria)
	}
	if vs := st.Versions(valeria.ID); len(vs) != 2 || vs[0].ID != beauty.ID {
		t.Errorf("Versions = %v", vs)
	}
	// Nothing else in the seeds is one event: the rest are single stories.
	for _, a := range st.List() {
		if a.ID != beauty.ID && a.ID != valeria.ID && a.Versions != 1 {
			t.Errorf("%q grouped with %d versions", a.Title, a.Versions)
		}
	}
	rel := st.Related(beauty.ID, 3)
	if len(rel) == 0 || rel[0].ID != valeria.ID || !rel[0].Version {
		t.Fatalf("the other version does not come first: %+v", rel)
	}
	for _, r := range rel[1:] {
		if r.Version {
			t.Errorf("%q flagged as a version", r.Title)
		}
	}
	if why := strings.Join(rel[0].Why, ","); !strings.Contains(why, "Márquez") && !strings.Contains(why, "Marquez") {
		t.Errorf("why = %v, want the name they share", rel[0].Why)
	}
}

func TestRelated(t *testing.T) {
	st := seedStore(t)
	for _, a := range st.List() {
		rel := st.Related(a.ID, 0)
		if len(rel) != st.Len()-1 {
			t.Errorf("%q: %d related, want every other article", a.Title, len(rel))
		}
		seen := map[string]bool{}
		prev := math.Inf(1)
		for i, r := range rel {
			if r.ID == a.ID || seen[r.ID] {
				t.Errorf("%q: related lists %s twice or itself", a.Title, r.ID)
			}
			seen[r.ID] = true
			if r.Score < 0 || r.Score > 1 {
				t.Errorf("score %v out of 0..1", r.Score)
			}
			if !r.Version && i > 0 && r.Score > prev+1e-9 && !rel[i-1].Version {
				t.Errorf("%q: not in score order at %d", a.Title, i)
			}
			prev = r.Score
			if len(r.Why) > 4 { // none where nothing shared tells (store.NoWhy)
				t.Errorf("why = %v", r.Why)
			}
			for _, w := range r.Why {
				if w == "" || w != strings.TrimSpace(w) || strings.ToLower(w) == w && len(w) < 3 {
					t.Errorf("why word %q is not readable", w)
				}
			}
		}
	}
	// The three pieces on the terrorist designation relate to each other
	// before the crime stories, and say why in real words.
	stance := find(t, st, "Assertive Stance")
	rel := st.Related(stance.ID, 3)
	for _, r := range rel {
		if strings.Contains(r.Title, "Influencer") || strings.Contains(r.Title, "Seven Youths") {
			t.Errorf("crime story %q among the top related of %q", r.Title, stance.Title)
		}
	}
	if got := st.Related("no-such-id", 5); got != nil {
		t.Errorf("unknown id: %v", got)
	}
	if got := st.Related(stance.ID, 2); len(got) != 2 {
		t.Errorf("n=2 gave %d", len(got))
	}
}

func TestWhyUsesReadableWords(t *testing.T) {
	st := seedStore(t)
	for _, a := range st.List() {
		for _, r := range st.Related(a.ID, 3) {
			b, _ := st.Get(r.ID)
			for _, w := range r.Why {
				// A word as the article being read writes it, never a
				// stem like "sovereignti"; a capital only a title or a
				// sentence's opening gives it may go ("Killed" is "killed").
				text := a.Title + " " + a.Body
				if slices.ContainsFunc(strings.Fields(w), func(w string) bool {
					return !strings.Contains(text, w) && !strings.Contains(text, upperFirst(w))
				}) {
					t.Errorf("why word %q of %q / %q is not in the first", w, a.Title, b.Title)
				}
			}
		}
	}
	stance := st.Related(find(t, st, "Assertive Stance").ID, 1)[0]
	if !strings.Contains(strings.Join(stance.Why, ","), "Hegseth") {
		t.Errorf("why = %v: the name both pieces quote should explain them", stance.Why)
	}
}

func TestSearch(t *testing.T) {
	st := seedStore(t)
	tests := []struct {
		query string
		first string // title prefix of the best hit
		n     int    // hits expected (-1: any > 0)
	}{
		{"Marquez", "Mexican Influencer Valeria", 2},
		{"márquez", "Mexican Influencer Valeria", 2},
		{"Fentanyl crisis", "Fentanyl Crisis", -1},
		{"drug cartels sovereignty", "", -1},
		{`"drone strikes"`, "Mexican President Claudia", 1},
		{`"strikes drone"`, "", 0},
		{"femicide -TikTok", "", 0},
		{"livestream", "Beauty Influencer", 1},
		{"the of and", "", 0},
		{"", "", 0},
		{`"unclosed quote`, "", 0},
		// A word being typed: a prefix matches the words it starts.
		{"marq*", "Mexican Influencer Valeria", 2},
		{"Márq*", "Mexican Influencer Valeria", 2},
		{"influencer livest*", "Beauty Influencer", -1},
		{"cartels*", "", -1},
		{"zzq*", "", 0},
		{"m*", "", 0},
	}
	for _, tt := range tests {
		hits := st.Search(tt.query, 10)
		if tt.n >= 0 && len(hits) != tt.n || tt.n < 0 && len(hits) == 0 {
			t.Errorf("%q: %d hits, want %d", tt.query, len(hits), tt.n)
			continue
		}
		if tt.first != "" && !strings.HasPrefix(hits[0].Title, tt.first) {
			t.Errorf("%q: first hit %q, want %q…", tt.query, hits[0].Title, tt.first)
		}
		for i, h := range hits {
			if i > 0 && h.Score > hits[i-1].Score {
				t.Errorf("%q: not ranked", tt.query)
			}
			if strings.Contains(h.Snippet, "\n") || len(h.Snippet) > 300 {
				t.Errorf("%q: snippet %q", tt.query, h.Snippet)
			}
			for _, m := range h.Marks {
				if m.Start < 0 || m.End > len(h.Snippet) || m.Start >= m.End {
					t.Fatalf("%q: bad mark %+v in %q", tt.query, m, h.Snippet)
				}
			}
		}
	}
	// Title matches weigh more than the same word in a body.
	hits := st.Search("fentanyl", 10)
	if !strings.HasPrefix(hits[0].Title, "Fentanyl Crisis") {
		t.Errorf("fentanyl: title match not first: %q", hits[0].Title)
	}
	// The snippet sits around the match, with it marked.
	h := st.Search("Zambada", 1)[0]
	if len(h.Marks) != 1 || h.Snippet[h.Marks[0].Start:h.Marks[0].End] != "Zambada" {
		t.Errorf("snippet %q marks %v", h.Snippet, h.Marks)
	}
	h = st.Search("zamb*", 1)[0]
	if len(h.Marks) != 1 || h.Snippet[h.Marks[0].Start:h.Marks[0].End] != "Zambada" {
		t.Errorf("prefix: snippet %q marks %v", h.Snippet, h.Marks)
	}
	h = st.Search("Valeria", 1)[0]
	if len(h.TitleMarks) != 1 || h.Title[h.TitleMarks[0].Start:h.TitleMarks[0].End] != "Valeria" {
		t.Errorf("title marks %v in %q", h.TitleMarks, h.Title)
	}
}

func TestFind(t *testing.T) {
	st := seedStore(t)
	if m := st.Find("influencer"); len(m) != 2 {
		t.Errorf("influencer: %d matches, want 2", len(m))
	}
	if m := st.Find("MARQUEZ KILLED"); len(m) != 1 {
		t.Errorf("accents and case aside: %d matches", len(m))
	}
	a := st.List()[3]
	if m := st.Find(a.ID); len(m) != 1 || m[0] != a {
		t.Error("Find by ID")
	}
	if m := st.Find("  "); m != nil {
		t.Error("blank ref matched")
	}
}

func TestExactDuplicatesMerge(t *testing.T) {
	arts := []store.Article{
		{Title: "Same", Body: "one two  three\n"},
		{Title: "Same", Body: "one two three"},
		{Title: "Other", Body: "one two three"},
	}
	st := store.Build(arts)
	if st.Len() != 2 {
		t.Errorf("%d articles, want 2 (white space aside, a copy is a copy)", st.Len())
	}
}

func TestBuildSanitizesAndSurvivesOddArticles(t *testing.T) {
	st := store.Build([]store.Article{
		{Title: "Evil\x1b]0;x\x07 title", Body: "", Links: []string{"http://x\x1b[2J"}},
		{Title: "", Body: ""},
		{Title: "Numbers", Body: "123 456"},
	})
	for _, a := range st.List() {
		if strings.ContainsRune(a.Title+strings.Join(a.Links, ""), 0x1b) {
			t.Errorf("escape survived in %q", a.Title)
		}
		st.Related(a.ID, 5)
		st.Versions(a.ID)
	}
	st.Search("numbers 123", 5)
	empty := store.Build(nil)
	if empty.Len() != 0 || empty.Search("x", 5) != nil || empty.Related("x", 5) != nil {
		t.Error("empty store answers")
	}
}

// TestCopiesStayLinear: a corpus of near-copies (feeds repeating one
// story) is one story, found without testing every pair (the test would
// take minutes if grouping were quadratic). Each copy is from its own
// feed: one feed's items that differ only in their numbers are one
// template's fills, other events (template.go).
func TestCopiesStayLinear(t *testing.T) {
	para := "Officials said the cartel violence spread to new municipalities as the army deployed troops. "
	var arts []store.Article
	for i := range 6000 {
		arts = append(arts, store.Article{
			Title:  fmt.Sprintf("Story number %d about topic %d", i, i%97),
			Body:   strings.Repeat(para, 1+i%7),
			Source: fmt.Sprintf("feed %d", i),
		})
	}
	st := store.Build(arts)
	if st.Len() != 6000 {
		t.Fatalf("%d articles", st.Len())
	}
	// Same body, same title but for its numbers: copies of one story.
	a := st.List()[0]
	if a.Versions < 100 {
		t.Errorf("copies grouped into a story of %d", a.Versions)
	}
	t.Logf("the first story has %d versions", a.Versions)
	if rel := st.Related(a.ID, 5); len(rel) != 5 || !rel[0].Version {
		t.Errorf("related %v", rel)
	}
}

func TestSort(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 5, d, 0, 0, 0, 0, time.UTC) }
	arts := []store.Article{
		{Title: "b", Source: "z", Published: day(13)},
		{Title: "Á", Source: "y"},
		{Title: "c", Source: "x", Published: day(14)},
	}
	order := func() string {
		var s []string
		for _, a := range arts {
			s = append(s, a.Title)
		}
		return strings.Join(s, ",")
	}
	store.Sort(arts, "date")
	if order() != "c,b,Á" {
		t.Errorf("date: %s", order())
	}
	store.Sort(arts, "title")
	if order() != "Á,b,c" {
		t.Errorf("title: %s", order())
	}
	store.Sort(arts, "source")
	if order() != "c,Á,b" {
		t.Errorf("source: %s", order())
	}
}

// TestNamesShared: articles of one section, source and feed share one
// copy of each name, and none shares the memory of the text it came
// with (a name cut from a file's text would keep the whole file alive).
func TestNamesShared(t *testing.T) {
	text := strings.Repeat("x", 1<<12) + "Business|BBC News|bbc"
	cut := func(from, n int) string { return text[len(text)-from : len(text)-from+n] }
	var arts []store.Article
	for i := range 3 {
		arts = append(arts, store.Article{Title: fmt.Sprintf("Story %d", i), Body: fmt.Sprintf("Body %d.", i),
			Section: cut(21, 8), Source: strings.Clone(cut(12, 8)), Feed: cut(3, 3)})
	}
	st := store.Build(arts)
	first := st.List()[0]
	for _, a := range st.List() {
		if a.Section != "Business" || a.Source != "BBC News" || a.Feed != "bbc" {
			t.Fatalf("%s: %q %q %q", a.ID, a.Section, a.Source, a.Feed)
		}
		for k, pair := range [][2]string{{a.Section, first.Section}, {a.Source, first.Source}, {a.Feed, first.Feed}} {
			if unsafe.StringData(pair[0]) != unsafe.StringData(pair[1]) {
				t.Errorf("%s: name %d is a copy of its own", a.ID, k)
			}
			lo, hi := uintptr(unsafe.Pointer(unsafe.StringData(text))), uintptr(unsafe.Pointer(unsafe.StringData(text)))+uintptr(len(text))
			if p := uintptr(unsafe.Pointer(unsafe.StringData(pair[0]))); p >= lo && p < hi {
				t.Errorf("%s: name %d shares the memory of the text it came with", a.ID, k)
			}
		}
	}
	// Files, each source its own path, more than are remembered: each
	// keeps its own, and the feed they share is still one copy.
	arts = arts[:0]
	for i := range 5000 {
		arts = append(arts, store.Article{Title: fmt.Sprintf("File %d", i), Body: fmt.Sprintf("Text %d.", i),
			Source: fmt.Sprintf("dir/%04d.md", i), Feed: "folder"})
	}
	st = store.Build(arts)
	for i, a := range st.List() {
		if want := fmt.Sprintf("dir/%04d.md", i); a.Source != want || a.Feed != "folder" {
			t.Fatalf("article %d: source %q, feed %q; want %q", i, a.Source, a.Feed, want)
		}
		if unsafe.StringData(a.Feed) != unsafe.StringData(st.List()[0].Feed) {
			t.Fatalf("article %d: its feed's name is a copy of its own", i)
		}
	}
}

// Dates centuries apart (a feed's year 1 or 1700, another's 2026) weigh a
// pair as dates a few months apart do: by the time factor's floor. A
// difference too large for a Duration, earlier to later, made it +Inf.
func TestRelatedDatesFarApart(t *testing.T) {
	at := func(y int) time.Time { return time.Date(y, 3, 1, 0, 0, 0, 0, time.UTC) }
	score := func(first, second time.Time) float64 {
		t.Helper()
		st := store.Build([]store.Article{
			{Title: "Glacier melt floods the Hunza valley", Body: "Meltwater from the Passu glacier flooded villages of the Hunza valley on Tuesday.", Published: first},
			{Title: "Hunza valley villages evacuated", Body: "Villages of the Hunza valley were evacuated as the Passu glacier's meltwater rose.", Published: second},
		})
		list := st.List()
		rel := st.Related(list[0].ID, 5)
		if len(rel) != 1 {
			t.Fatalf("%v and %v: %d related", first, second, len(rel))
		}
		return rel[0].Score
	}
	want := score(at(2025), at(2026))
	for _, pair := range [][2]int{{1, 2026}, {2026, 1}, {1700, 2026}, {2026, 1700}, {1801, 2199}, {2199, 1801}} {
		if got := score(at(pair[0]), at(pair[1])); got != want {
			t.Errorf("dated %d and %d: score %v, want %v as a year apart", pair[0], pair[1], got, want)
		}
	}
}

func upperFirst(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}
