package reader

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/synth"
)

// counting is a source that counts the searches that reach it.
type counting struct {
	*fakeSource
	searches atomic.Int32
}

func (c *counting) SearchContext(ctx context.Context, q string, n int) ([]store.Hit, error) {
	c.searches.Add(1)
	return c.Search(q, n), nil
}

// A search superseded before it started (a letter typed before the
// goroutine of the one before ran) never reaches the source.
func TestSupersededSearchNeverStarts(t *testing.T) {
	keys := newKeyMap()
	m := newSearch(&keys, newStyles(true, false))
	src := &counting{fakeSource: newFake(5)}
	first := m.Run(src, "stor", nil)
	second := m.Run(src, "story", nil)
	if msgs := runCmd(first); len(msgs) != 1 || m.Take(msgs[0].(hitsMsg)) || src.searches.Load() != 0 {
		t.Fatalf("the superseded search: %v, %d searches", msgs, src.searches.Load())
	}
	if msgs := runCmd(second); len(msgs) != 1 || !m.Take(msgs[0].(hitsMsg)) || src.searches.Load() != 1 {
		t.Fatalf("the latest search: %v, %d searches", msgs, src.searches.Load())
	}
}

// warming is a source that counts the times it is asked to get ready
// for a search.
type warming struct {
	*fakeSource
	warmed atomic.Int32
}

func (w *warming) WarmSearch() { w.warmed.Add(1) }

// Opening the query line asks the source to make what its first search
// as one types needs, before the first letter; a source still indexing
// is not asked.
func TestOpeningSearchWarmsIt(t *testing.T) {
	src := &warming{fakeSource: newFake(5)}
	m := start(t, src, 120, 40)
	if src.warmed.Load() != 0 {
		t.Fatal("warmed before the query line opened")
	}
	m = drive(t, m, press("/"))
	if n := src.warmed.Load(); n != 1 {
		t.Fatalf("the query line opened: warmed %d times, want 1", n)
	}
	drive(t, m, typeText("story")...)
	if n := src.warmed.Load(); n != 1 {
		t.Fatalf("after typing: warmed %d times, want 1", n)
	}

	still := &warmingIndexing{warming{fakeSource: newFake(5)}}
	drive(t, start(t, still, 120, 40), press("/"))
	if n := still.warmed.Load(); n != 0 {
		t.Fatalf("a source still indexing warmed %d times", n)
	}
}

// warmingIndexing is a warming source whose index is still being built.
type warmingIndexing struct{ warming }

func (*warmingIndexing) Indexing() bool { return true }

// The snippets of the rows below the first screen are asked for with
// the prefetch, once the best result's rendering and related stories are
// in (with the results, bestAhead), not beside them: the rows off screen
// are the least wanted of a letter's work, and would take a core from
// what the letter shows.
func TestSnippetsFillAfterTheResultShown(t *testing.T) {
	st := store.Build(synth.Articles(600))
	m := start(t, st, 120, 40)
	m = drive(t, m, press("/"))
	var order []string
	settle(m, tea.PasteMsg{Content: "govern"}, func(m app, msg tea.Msg) {
		switch msg.(type) {
		case hitsMsg:
			order = append(order, "hits")
			if bestShown(m) {
				order = append(order, "shown")
			}
		case prefetchMsg:
			order = append(order, "prefetch")
		case snippetsMsg:
			order = append(order, "snippets")
		}
	})
	at := func(what string) int {
		if i := slices.Index(order, what); i >= 0 {
			return i
		}
		t.Fatalf("no %s: %v", what, order)
		return -1
	}
	if s := at("snippets"); s < at("shown") || s < at("prefetch") {
		t.Fatalf("the snippets of the rows off screen came before the result shown: %v", order)
	}
}

// bestShown reports whether the article pane shows the list's selected
// result, rendered (whole, or its first screens), with its related
// stories known.
func bestShown(m app) bool {
	id, ok := m.list.Selected()
	a := m.article.Article()
	return ok && a != nil && a.ID == id && !m.article.waiting() &&
		m.related.For() == id && !m.related.IsLoading()
}

// Each letter's results come with their best result rendered and its
// related stories, in the one message that shows them (bestAhead): asked
// for by the results' Update, each came in a message of its own, drawn
// a frame's tick after the one before. A result long enough to render
// in two steps shows its first screens with them, the whole after, as a
// move's does.
func TestBestResultComesWithItsResults(t *testing.T) {
	arts := synth.Articles(600)
	// The best result of "zyzzyva" is long: its head comes with it.
	long := arts[7]
	long.Title = "Zyzzyva beetles"
	for len(long.Body) < 4*headBytes {
		long.Body += "\n\nZyzzyva beetles were counted along the river again this year by volunteers. " + strings.Repeat("The survey went on. ", 20)
	}
	arts[7] = long
	st := store.Build(arts)
	for _, query := range []string{"govern", "zyzzyva"} {
		m := start(t, st, 120, 40)
		m = drive(t, m, press("/"))
		hits, late := 0, 0
		for _, k := range typeText(query) {
			m = settle(m, k, func(m app, msg tea.Msg) {
				switch msg := msg.(type) {
				case hitsMsg:
					if len(msg.hits) == 0 {
						return
					}
					hits++
					if !bestShown(m) {
						t.Errorf("%q: the results of %q came without their best result shown", query, msg.query)
					}
				case relatedMsg:
					if msg.id == m.related.For() {
						late++
					}
				case renderedMsg:
					if msg.key.Head && msg.key.ID == m.article.Wanted().ID {
						late++
					}
				}
			})
		}
		if hits == 0 {
			t.Fatalf("%q: no results", query)
		}
		if late > 0 {
			t.Errorf("%q: %d related lists or heads of the result shown came after the results", query, late)
		}
		if a := m.article.Article(); query == "zyzzyva" && (a == nil || a.Title != long.Title || !m.article.Ready()) {
			t.Errorf("%q: the long result is not shown whole once typing stops", query)
		}
	}
}

// Results come with the snippets of the rows on screen first, the rest
// filled in behind them: once typing stops the list holds what a search
// with every snippet gives, row for row, the selection where it was.
func TestResultsSnippetsFilledIn(t *testing.T) {
	st := store.Build(synth.Articles(600))
	m := start(t, st, 120, 40)
	m = drive(t, m, append([]tea.Msg{press("/")}, typeText("gover")...)...)
	want := hitItems(byStory(st, st.Search(asTyped("govern"), maxHits)), st)
	if len(want) <= m.search.shown {
		t.Fatalf("%d results, no more than the %d shown at once", len(want), m.search.shown)
	}
	nm, cmd := m.Update(press("n"))
	m = nm.(app)
	msgs := runCmd(cmd)
	var first *hitsMsg
	for _, msg := range msgs {
		if h, ok := msg.(hitsMsg); ok {
			first = &h
		}
	}
	if first == nil {
		t.Fatal("no results")
	}
	if n := m.search.shown; !first.later || first.hits[n-1].Snippet == "" || first.hits[n].Snippet != "" {
		t.Fatalf("the first results do not come with the snippets of the %d rows shown only: later %v, snippets %q, %q", n, first.later, first.hits[n-1].Snippet, first.hits[n].Snippet)
	}
	m = drive(t, m, msgs...)
	if m.list.Len() != len(want) {
		t.Fatalf("%d rows, want %d", m.list.Len(), len(want))
	}
	for i, it := range m.list.items {
		if !reflect.DeepEqual(it.shown(), want[i].shown()) {
			t.Fatalf("row %d: %+v\nwant %+v", i, it.shown(), want[i].shown())
		}
	}

	// Results whose snippets come after the search was left are dropped.
	src := &counting{fakeSource: newFake(5)}
	s := newSearch(m.keys, m.styles)
	s.Run(src, "story", nil)
	s.ShowAll()
	if s.TakeSnippets(snippetsMsg{seq: s.seq - 1}) || s.TakeSnippets(snippetsMsg{seq: s.seq}) {
		t.Fatal("snippets taken for results no longer shown")
	}
}

// enter finishes a query: its last word is whole, as lede search has it,
// not the prefix it was while typed (/slack then enter kept "slacker"
// among 21 results where lede search gave 20). And one letter, which
// is never searched, says to keep typing, not "0 matches" and "No
// matches for “s”".
func TestEnterFinishesTheQuery(t *testing.T) {
	arts := synth.Articles(60)
	arts[3].Title, arts[3].Body = "Slack goes down", "The chat service Slack was down for an hour."
	arts[9].Title, arts[9].Body = "A slacker's guide", "The slacker waits for the weekend."
	st := store.Build(arts)
	whole := st.Search("slack", 0)
	m := start(t, st, 120, 40)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("slack")...)
	if m.list.Len() <= len(whole) {
		t.Fatalf("typed, slack is a prefix: %d results, %d of the whole word", m.list.Len(), len(whole))
	}
	m = drive(t, m, press("enter"))
	if m.list.Len() != len(whole) {
		t.Fatalf("after enter, %d results; lede search gives %d", m.list.Len(), len(whole))
	}
	for i := range m.list.Len() {
		if id, _ := m.list.ID(i); id == arts[9].ID {
			t.Fatalf("after enter, slacker is still a result:\n%s", screen(m))
		}
	}
	if !strings.Contains(screen(m), matches(len(whole), false)+" for “slack”") {
		t.Fatalf("the header does not count the whole word's results:\n%s", screen(m))
	}

	m = start(t, st, 120, 40)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("s")...)
	s := screen(m)
	if !strings.Contains(s, "keep typing") || strings.Contains(s, "No match") || strings.Contains(s, "0 matches") {
		t.Fatalf("one letter typed:\n%s", s)
	}
	m = drive(t, m, typeText("l")...)
	if m.list.Len() == 0 || strings.Contains(screen(m), "keep typing") {
		t.Fatalf("two letters typed:\n%s", screen(m))
	}
}

// enter never turns results into none without a word: where the finished
// query finds nothing, its results as typed stay and the header says
// why. /cart showed 6 matches and enter "0 matches for “cart”" (no
// article holds the word itself). A word left out of results that stay
// is named too.
func TestEnterKeepsResultsWhereTheWholeWordFindsNone(t *testing.T) {
	arts := synth.Articles(60)
	arts[3].Title, arts[3].Body = "Cartels fight on", "The cartels of the north fight for the routes."
	arts[9].Title, arts[9].Body = "Cartoon week", "A week of cartoons, and their makers."
	st := store.Build(arts)
	if len(st.Search("cart", 0)) != 0 || len(st.Search("the", 0)) != 0 {
		t.Fatal("the corpus holds the word cart, or searches the")
	}
	for _, c := range []struct{ query, header, status string }{
		{"cart", "for “cart*” · no word “cart”", "Results for “cart*”: no article holds the word “cart”, so words that start with it"},
		{"cartels the", "for “cartels the” · “the” left out", "Results for “cartels the”: “the” left out, too common to search"},
	} {
		t.Run(c.query, func(t *testing.T) {
			m := start(t, st, 120, 40)
			m = drive(t, m, press("/"))
			m = drive(t, m, typeText(c.query)...)
			typed := m.list.Len()
			if typed == 0 {
				t.Fatalf("typed, %q finds nothing", c.query)
			}
			m = drive(t, m, press("enter"))
			if m.list.Len() == 0 {
				t.Fatalf("enter emptied the results of %q:\n%s", c.query, screen(m))
			}
			if h := headerLine(m); !strings.Contains(h, c.header) {
				t.Errorf("header %q, want %q", h, c.header)
			}
			if s := screen(m); !strings.Contains(s, c.status) {
				t.Errorf("status line, want %q:\n%s", c.status, s)
			}
		})
	}
	// A word too common to search is left out, as README and lede search
	// have it, not searched as a prefix: /the typed finds "theatre", as
	// any word being typed is a prefix; enter searches "the" alone, which
	// is nothing to search, and the list says why (it kept "the*"'s 100+,
	// led by "theatre", under "“the” too common").
	for _, q := range []string{"the", "The"} {
		m := start(t, st, 120, 40)
		m = drive(t, m, press("/"))
		m = drive(t, m, typeText(q)...)
		if m.list.Len() == 0 {
			t.Fatalf("typed, %q* finds nothing", q)
		}
		m = drive(t, m, press("enter"))
		s := screen(m)
		if m.list.Len() != 0 || !strings.Contains(headerLine(m), "0 matches for “"+q+"” · “"+q+"” too common") ||
			!strings.Contains(s, "“"+q+"” is too common to search for.") {
			t.Fatalf("enter on %q: %d results\n%s", q, m.list.Len(), s)
		}
	}
	// Where nothing at all matches, the empty list says why.
	m := start(t, st, 120, 40)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("of zzz")...)
	m = drive(t, m, press("enter"))
	if s := screen(m); !strings.Contains(s, "No matches for “of zzz”") || !strings.Contains(s, "“of” left out, too common to search.") {
		t.Fatalf("nothing matches:\n%s", s)
	}
}

// A filter turned on or off while a search's results show keeps the
// results (a search is of every article): u once put the whole list,
// kept to its unread articles, under "8 matches for “cartel”". esc then
// goes back to the list under the filter.
func TestFilterKeepsResults(t *testing.T) {
	m, _ := startLib(t, seedSource(t), &fakeLibrary{}, 120, 40)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("cartel")...)
	m = drive(t, m, press("enter"))
	ids := func() []string {
		var out []string
		for _, it := range m.list.items {
			out = append(out, it.id)
		}
		return out
	}
	results, header := ids(), headerLine(m)
	want := fmt.Sprintf("%d matches", len(results))
	if len(results) < 2 || len(results) >= 8 || !strings.Contains(header, want) {
		t.Fatalf("cartel: %d results, header %q", len(results), header)
	}
	for _, k := range []string{"S", "S", "u"} {
		m = drive(t, m, press(k))
		if got := ids(); !slices.Equal(got, results) {
			t.Fatalf("after %s the results were replaced: %d rows, header %q", k, len(got), headerLine(m))
		}
		if h := headerLine(m); !strings.Contains(h, want) {
			t.Fatalf("after %s: header %q", k, h)
		}
	}
	m = drive(t, m, press("esc"))
	if h := headerLine(m); !strings.HasSuffix(h, "unread only") {
		t.Errorf("esc from the results: header %q, want the list kept to unread articles", h)
	}
}

// The results of enter's search that come back after a key has posted a
// status of its own (or cleared it) leave that status alone: they show,
// and the status that came with enter is not posted again over what the
// key said.
func TestLateFinishKeepsTheKeysStatus(t *testing.T) {
	m := start(t, newFake(12), 120, 40)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("story")...)
	nm, cmd := m.Update(press("enter"))
	m = nm.(app)
	if !strings.Contains(screen(m), "Results for “story”") {
		t.Fatalf("enter posts no status:\n%s", screen(m))
	}
	late := runCmd(cmd)           // enter's search, finished: held back
	m = drive(t, m, keys("T")...) // no sort of results: it says so
	said := m.status
	if said == "" || strings.Contains(said, "Results for") {
		t.Fatalf("T posts %q", said)
	}
	m = drive(t, m, late...)
	if m.status != said {
		t.Fatalf("enter's late results put %q over the key's %q", m.status, said)
	}
	if !strings.Contains(screen(m), "for “story”") {
		t.Fatalf("enter's late results do not show:\n%s", screen(m))
	}
}

// # under a search's results keeps the list to a section, as u, S and F
// do there: the results stay, of all articles, the status line says so
// and what esc goes back to, and esc goes back to the section ("Results
// are in order of match", T's note, was what # said, and did nothing).
// T there still says the results are in order of match.
func TestSectionUnderResults(t *testing.T) {
	src := newFake(12)
	for i, a := range src.arts {
		a.Section = []string{"Sport", "Politics", "Weather"}[i%3]
	}
	for _, sz := range [][2]int{{120, 40}, {60, 20}} {
		m, _ := startLib(t, src, &fakeLibrary{}, sz[0], sz[1])
		m = drive(t, m, keys("/", "s", "t", "o", "r", "y", "enter")...)
		m = drive(t, m, press("#"))
		s := screen(m)
		if m.arrange.section != "Sport" || strings.Contains(s, "order of match") || !strings.Contains(s, "The results stay") && !strings.Contains(s, "esc: back to the list") {
			t.Fatalf("%dx%d: # under results, section %q:\n%s", sz[0], sz[1], m.arrange.section, s)
		}
		if h := headerLine(m); !strings.HasPrefix(h, "12 matches for “story”") {
			t.Fatalf("%dx%d: the results did not stay: %q", sz[0], sz[1], h)
		}
		if sz[0] == 120 && !strings.Contains(s, "back to the list (in Sport)") {
			t.Fatalf("%dx%d: the status line does not say what esc goes back to:\n%s", sz[0], sz[1], s)
		}
		m = drive(t, m, press("T"))
		if !strings.Contains(screen(m), "order of match") || m.arrange.sortBy != "" {
			t.Fatalf("%dx%d: T under results:\n%s", sz[0], sz[1], screen(m))
		}
		m = drive(t, m, keys("esc")...)
		if h := headerLine(m); !strings.HasSuffix(h, "in Sport") || !strings.HasPrefix(h, "4 ") {
			t.Fatalf("%dx%d: esc went back to %q, not the section's list", sz[0], sz[1], h)
		}
	}
}
