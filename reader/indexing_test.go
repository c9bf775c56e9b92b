package reader

import (
	tea "charm.land/bubbletea/v2"
	"github.com/lede-reader/lede/store"
	"strings"
	"testing"
)

// headlinesIndexing is a snapshot of headlines whose index is being built,
// as lede opens a large library: no search, no related stories yet.
type headlinesIndexing struct{ *fakeSource }

func headlinesIndexingOf(f *fakeSource) headlinesIndexing { return headlinesIndexing{f} }

func (h headlinesIndexing) Search(string, int) []store.Hit { return nil }
func (h headlinesIndexing) Indexing() bool                 { return true }

// Until the index is built, the reader says that search and related
// stories are coming, not that there are none; the query typed meanwhile
// runs on the snapshot that has the index, and the related stories come.
func TestIndexingSaysSo(t *testing.T) {
	full := newFake(12)
	heads := &fakeSource{arts: full.arts} // no related stories
	m := start(t, headlinesIndexingOf(heads), 120, 40)
	s := screen(m)
	if !strings.Contains(s, "Related · indexing…") || !strings.Contains(s, "related stories come when it is done") {
		t.Fatalf("related stories while indexing:\n%s", s)
	}
	if strings.Contains(s, "No related stories") {
		t.Fatalf("says there are no related stories while indexing:\n%s", s)
	}
	m = drive(t, m, typeText("/number 1")...)
	s = screen(m)
	if !strings.Contains(s, "indexing…") || !strings.Contains(s, "the search runs") || strings.Contains(s, "No matches") {
		t.Fatalf("a search while indexing:\n%s", s)
	}
	m = drive(t, m, SourceMsg{Src: full, Loaded: 1, Total: 1, Done: true})
	s = screen(m)
	if !strings.Contains(s, "3 matches") || strings.Contains(s, "indexing") {
		t.Fatalf("the search did not run on the indexed snapshot:\n%s", s)
	}
	if !strings.Contains(s, "shares: Sheinbaum") {
		t.Fatalf("no related stories once indexed:\n%s", s)
	}
}

// A query typed while indexing gets its results when the indexed snapshot
// comes: the pane shows the best of them, and until they come the reader
// says the search is on its way, not that nothing matches.
func TestQueryTypedWhileIndexingShowsItsBest(t *testing.T) {
	full := newFake(12)
	m := start(t, headlinesIndexingOf(&fakeSource{arts: full.arts}), 120, 40)
	if reading(m) != "a0" {
		t.Fatalf("reading %q before the search", reading(m))
	}
	m = drive(t, m, typeText("/number 1")...)
	m = settle(m, SourceMsg{Src: full, Loaded: 1, Total: 1, Done: true}, func(m app, msg tea.Msg) {
		checkView(t, m)
		if _, ok := msg.(SourceMsg); !ok {
			return
		}
		if s := screen(m); strings.Contains(s, "No matches") || strings.Contains(s, "0 matches") || !strings.Contains(s, "indexing…") {
			t.Errorf("the indexed snapshot in, its search on the way:\n%s", s)
		}
	})
	s := screen(m)
	if !strings.Contains(s, "3 matches") || strings.Contains(s, "indexing") {
		t.Fatalf("the search did not run on the indexed snapshot:\n%s", s)
	}
	if selected(m) != "a1" || reading(m) != "a1" {
		t.Errorf("results in: cursor on %q, reading %q; want the best result a1 in both", selected(m), reading(m))
	}
}
