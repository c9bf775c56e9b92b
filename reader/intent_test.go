package reader

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// Each pane tells the root what the user meant by returning an intent;
// nothing else of the root's is touched.
func TestPaneIntents(t *testing.T) {
	keys := newKeyMap()
	styles := newStyles(true, false)

	list := newList(&keys, styles)
	list.SetSize(40, 20)
	list.SetItems(articleItems(newFake(3).arts), "")
	list, _, in := list.Update(press("j"))
	if in != (selectIntent{id: "a1"}) {
		t.Fatalf("list j: %#v", in)
	}
	if _, _, in = list.Update(press("k")); in != (selectIntent{id: "a0"}) {
		t.Fatalf("list k: %#v", in)
	}
	if _, _, in = list.Update(press("enter")); in != (readIntent{}) {
		t.Fatalf("list enter: %#v", in)
	}
	list.MoveTo(2)
	if _, _, in = list.Update(press("j")); in != nil {
		t.Fatalf("list j at the end: %#v, want none", in)
	}
	// A click on the second headline (rows: header, then three each).
	if _, _, in = list.Update(tea.MouseClickMsg{Button: tea.MouseLeft, Y: 1 + itemHeight}); in != (selectIntent{id: "a1", click: true}) {
		t.Fatalf("list click: %#v", in)
	}

	rel := newRelated(&keys, styles)
	rel.SetSize(60, 6)
	rel.Loading("a0")
	rel.SetItems("a0", []relStory{{Related: store.Related{ID: "a1"}}, {Related: store.Related{ID: "a2"}}})
	rel, _, in = rel.Update(press("j"))
	if in != nil {
		t.Fatalf("related j: %#v", in)
	}
	if _, _, in = rel.Update(press("enter")); in != (jumpIntent{"a2"}) {
		t.Fatalf("related enter: %#v", in)
	}
	if _, _, in = rel.Update(tea.MouseClickMsg{Button: tea.MouseLeft, Y: 0}); in != (jumpIntent{"a1"}) {
		t.Fatalf("related click: %#v", in)
	}

	links := newLinks(&keys, styles)
	links.SetSize(60, 6)
	links.Set(articleLinks([]string{"https://a.example/", "javascript:alert(1)"}))
	if _, _, in = links.Update(press("o")); in != (linkIntent{link: linkEntry{url: "https://a.example/", safe: true}}) {
		t.Fatalf("links o: %#v", in)
	}
	links, _, _ = links.Update(press("j"))
	if _, _, in = links.Update(press("y")); in != (linkIntent{link: linkEntry{url: "javascript:alert(1)"}, copy: true}) {
		t.Fatalf("links y: %#v", in)
	}

	search := newSearch(&keys, styles)
	search.SetWidth(40)
	search.Open()
	search, _, in = search.Update(press("x"))
	if in != (queryIntent{"x"}) {
		t.Fatalf("search x: %#v", in)
	}
	if _, _, in = search.Update(press("enter")); in != (acceptIntent{"x"}) {
		t.Fatalf("search enter: %#v", in)
	}
	if _, _, in = search.Update(press("esc")); in != (cancelIntent{}) {
		t.Fatalf("search esc: %#v", in)
	}

	art := newArticle(&keys, styles)
	if _, _, in = art.Update(press("j")); in != nil {
		t.Fatalf("article j: %#v", in)
	}
}

// The search model keeps its own state: only the latest query's results are
// taken, and leaving shows none.
func TestSearchState(t *testing.T) {
	keys := newKeyMap()
	s := newSearch(&keys, newStyles(true, false))
	f := newFake(3)
	s.Open()
	first := s.Run(f, "story", nil)
	second := s.Run(f, "number 1", nil)
	if s.Take(first().(hitsMsg)) {
		t.Fatal("the results of an older query were taken")
	}
	if !s.Take(second().(hitsMsg)) || s.Results() != "number 1" || !s.Showing() {
		t.Fatalf("latest: results %q showing %v", s.Results(), s.Showing())
	}
	s.Open() // `/` again
	s.Leave()
	if s.Showing() || s.Active() {
		t.Fatalf("leave: showing %v active %v", s.Showing(), s.Active())
	}
	if s.Again(f, nil) != nil {
		t.Fatal("a search run again after leaving")
	}
}
