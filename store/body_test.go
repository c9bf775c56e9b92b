package store_test

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// bodies is a BodySource over a map, as the library is over its file:
// it counts what it is asked, and fails for the IDs in broken.
type bodies struct {
	mu     sync.Mutex
	text   map[string]string
	broken map[string]bool
	asked  map[string]int
}

func (b *bodies) Body(id string) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.asked[id]++
	if b.broken[id] {
		return "", errors.New("disk I/O error")
	}
	t, ok := b.text[id]
	if !ok {
		return "", errors.New("no such article")
	}
	return t, nil
}

// keepBodies gives arts (which have IDs) with their bodies moved into a
// source, as the library's Articles gives its prepared articles.
func keepBodies(arts []store.Article) []store.Article {
	src := &bodies{text: map[string]string{}, asked: map[string]int{}}
	out := make([]store.Article, len(arts))
	for i, a := range arts {
		if a.ID == "" {
			a.ID = store.ContentID(a.Title, a.Body)
		}
		if a.Prepared != nil {
			if _, ok := src.text[a.ID]; !ok {
				// Copies whose text differs in white space alone have
				// one ID, and the store keeps the first.
				src.text[a.ID] = a.Body
			}
			a.Body, a.BodyFrom = "", src
		}
		out[i] = a
	}
	return out
}

func seedArticles(t *testing.T) []store.Article {
	t.Helper()
	arts, errs := ingest.LoadFS(seeds.FS)
	if len(errs) > 0 || len(arts) == 0 {
		t.Fatalf("seeds: %v", errs)
	}
	for i := range arts {
		arts[i].ID = store.ContentID(arts[i].Title, arts[i].Body)
	}
	return arts
}

// A store whose bodies a source keeps holds none of them: List's
// articles have no body, Get reads it (once for a run of asks), and a
// search quotes it.
func TestBodiesStayInTheirSource(t *testing.T) {
	arts := keepBodies(prepare(seedArticles(t), nil))
	src := arts[0].BodyFrom.(*bodies)
	st := store.Build(arts)
	clear(src.asked) // story grouping reads a few
	for _, a := range st.List() {
		if a.Body != "" {
			t.Fatalf("%s: the store holds its body (%d bytes)", a.ID, len(a.Body))
		}
	}
	for _, a := range st.List() {
		if h, ok := st.Head(a.ID); !ok || h.Title != a.Title || h.Body != "" {
			t.Fatalf("Head(%s): %v, %+v", a.ID, ok, h)
		}
	}
	if len(src.asked) != 0 {
		t.Fatalf("Head read bodies: %v", src.asked)
	}
	for _, a := range st.List() {
		for range 3 {
			got, ok := st.Get(a.ID)
			if !ok || got.Body != src.text[a.ID] || got.BodyFrom != nil {
				t.Fatalf("Get(%s): %v, body %q, want %q", a.ID, ok, got.Body, src.text[a.ID])
			}
		}
	}
	for id, n := range src.asked {
		if n != 1 {
			t.Fatalf("%s read %d times for three asks", id, n)
		}
	}
	hits := st.Search("Sheinbaum", 3)
	if len(hits) == 0 || !strings.Contains(hits[0].Snippet, "Sheinbaum") {
		t.Fatalf("search from bodies kept elsewhere: %+v", hits)
	}
	if got, err := st.Resolve(arts[0].Title); err != nil || got.Body != src.text[arts[0].ID] {
		t.Fatalf("Resolve by title: %v, body %q", err, got.Body)
	}
}

// A body its source cannot give is one line saying so, where the text
// would be; the rest of the store answers.
func TestBodyUnreadable(t *testing.T) {
	arts := keepBodies(prepare(seedArticles(t), nil))
	src := arts[0].BodyFrom.(*bodies)
	src.broken = map[string]bool{arts[0].ID: true}
	st := store.Build(arts)
	a, ok := st.Get(arts[0].ID)
	if !ok || !strings.Contains(a.Body, "could not be read") || !strings.Contains(a.Body, "disk I/O error") || strings.Contains(a.Body, "\n") || a.Unreadable != "disk I/O error" {
		t.Fatalf("unreadable body: %v %q, marked unreadable %q", ok, a.Body, a.Unreadable)
	}
	if b, _ := st.Get(arts[1].ID); b.Body != src.text[arts[1].ID] || b.Unreadable != "" {
		t.Fatalf("the next article: %q", b.Body)
	}
	_ = st.Search("Sheinbaum", 10)
	_ = st.Related(arts[0].ID, 5)
	// Read again when asked again: the disk may have come back.
	delete(src.broken, arts[0].ID)
	if a, _ := st.Get(arts[0].ID); a.Body != src.text[arts[0].ID] || a.Unreadable != "" {
		t.Fatalf("after the source recovered: %q", a.Body)
	}
}

// An article with a source but no analysis Build can use is indexed from
// its text, read from the source while building; and an article the
// store names otherwise (another source had its ID) is still read by
// the name its source knows.
func TestBodyFromWithoutAnalysis(t *testing.T) {
	seedArts := seedArticles(t)
	arts := keepBodies(prepare(seedArts, nil))
	src := arts[0].BodyFrom.(*bodies)
	arts[1].Prepared = nil // as a damaged analysis
	other := seedArts[2]   // the same ID from a file, loaded first
	other.Title, other.Body = "Another text", "Another text altogether, by a file with that ID."
	st := store.Build(append([]store.Article{other}, arts...))
	if src.asked[arts[1].ID] != 1 {
		t.Fatalf("the unprepared article was read %d times while building", src.asked[arts[1].ID])
	}
	text := store.Build(seedArts)
	if x, y := text.Search("Sheinbaum", 5), st.Search("Sheinbaum", 5); len(x) != len(y) {
		t.Fatalf("search: %d hits from text, %d with a body read while building", len(x), len(y))
	}
	renamed := arts[2].ID + "-2"
	a, ok := st.Get(renamed)
	if !ok || a.Body != src.text[arts[2].ID] {
		t.Fatalf("Get(%s): %v %q, want the source's text of %s", renamed, ok, a.Body, arts[2].ID)
	}
	if a, _ := st.Get(arts[2].ID); a.Body != other.Body {
		t.Fatalf("the file's article: %q", a.Body)
	}
}

// An article whose text could not be read while building, and whose
// analysis could not be used either, is indexed on its title alone: two
// such with one title are not one text, and are neither merged as copies
// nor grouped as versions of one story, whatever their titles share.
func TestUnreadableIsNoCopy(t *testing.T) {
	arts := keepBodies(prepare(seedArticles(t), nil))
	src := arts[0].BodyFrom.(*bodies)
	src.broken = map[string]bool{}
	a, b := &arts[3], &arts[5] // each a story of its own
	for _, x := range []*store.Article{a, b} {
		x.Prepared = nil // as a damaged analysis
		x.Title = "Mexico and the United States"
		src.broken[x.ID] = true
	}
	broken := src.broken
	src.broken = nil
	readable := store.Build(arts)
	for _, x := range []*store.Article{a, b} {
		if _, ok := readable.Head(x.ID); !ok || len(readable.Versions(x.ID)) != 1 {
			t.Fatalf("readable, %s is not on its own", x.ID)
		}
	}
	src.broken = broken
	st := store.Build(arts)
	if st.Len() != readable.Len() {
		t.Fatalf("%d articles, %d readable: two unreadable ones with one title were merged as copies", st.Len(), readable.Len())
	}
	for _, x := range []*store.Article{a, b} {
		if v := st.Versions(x.ID); len(v) != 1 {
			t.Errorf("%s is grouped with %d others on its title alone", x.ID, len(v)-1)
		}
	}
}

// What a reader asks again letter after letter is read from the source
// once: the snippets of the results on screen, and the text of the best
// result, which it reads to show it, for its related stories' why words.
// What they give is what a store holding its bodies gives; a body that
// could not be read is read again when asked again.
func TestShownTextReadOnce(t *testing.T) {
	arts := keepBodies(prepare(seedArticles(t), nil))
	src := arts[0].BodyFrom.(*bodies)
	st := store.Build(arts)
	whole := store.Build(seedArticles(t))
	ctx := t.Context()
	for _, q := range []string{"Sheinbaum", "she*", "tariff"} {
		clear(src.asked)
		first, err := st.SearchSnippets(ctx, q, 10, 10)
		if err != nil || len(first) == 0 {
			t.Fatalf("%s: %v, %d hits", q, err, len(first))
		}
		clear(src.asked)
		again, _ := st.SearchSnippets(ctx, q, 10, 10)
		if len(src.asked) != 0 {
			t.Errorf("%s: read again for the same snippets: %v", q, src.asked)
		}
		want, _ := whole.SearchSnippets(ctx, q, 10, 10)
		if !reflect.DeepEqual(again, first) || !reflect.DeepEqual(first, want) {
			t.Errorf("%s: snippets\n%+v\nagain\n%+v\nfrom the bodies held\n%+v", q, first, again, want)
		}
	}
	id := arts[3].ID
	arts = keepBodies(prepare(seedArticles(t), nil))
	src = arts[0].BodyFrom.(*bodies)
	st = store.Build(arts)
	clear(src.asked)
	if _, ok := st.Get(id); !ok {
		t.Fatal(id)
	}
	rel := st.Related(id, 5)
	if src.asked[id] != 1 {
		t.Errorf("%s read %d times for Get and Related", id, src.asked[id])
	}
	if want := whole.Related(id, 5); len(rel) == 0 || !reflect.DeepEqual(rel, want) {
		t.Errorf("related from the source\n%+v\nfrom the bodies held\n%+v", rel, want)
	}
	arts = keepBodies(prepare(seedArticles(t), nil))
	src = arts[0].BodyFrom.(*bodies)
	src.broken = map[string]bool{id: true}
	st = store.Build(arts)
	clear(src.asked)
	for range 2 {
		st.Related(id, 5)
		st.SearchSnippets(ctx, arts[3].Title, 10, 10)
	}
	if src.asked[id] != 4 {
		t.Errorf("%s, unreadable, read %d times for two related and two snippets, not each time", id, src.asked[id])
	}
}
