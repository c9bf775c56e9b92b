package reader

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// Every result of a search is within reach: the list shows the first
// maxHits, and asks for more as its cursor nears the last of them (j,
// space, n in the article), twice as many each time; the header and the
// status line say more may come ("100+ matches", "result 100 of 200+")
// until the last is in. It stopped at "result 100 of 100". G brings
// every one and goes to the last: it went to the last of those in so
// far, 9 presses for 10,765 results at 100,000 articles. A letter's
// search still asks for maxHits alone.
func TestEveryResultWithinReach(t *testing.T) {
	const n = 250
	src := newFake(n) // every one says "story"
	m := start(t, src, 120, 40)
	m = drive(t, m, keys("/", "s", "t", "o", "r", "y")...)
	if m.list.Len() != maxHits || !strings.Contains(screen(m), "100+ matches") {
		t.Fatalf("a letter's search: %d results\n%s", m.list.Len(), screen(m))
	}
	m = drive(t, m, keys("enter")...)
	var js []string
	for range maxHits - 1 {
		js = append(js, "j")
	}
	down := drive(t, m, keys(js...)...)
	if down.list.Len() != 2*maxHits || down.list.Cursor() != maxHits-1 {
		t.Fatalf("j to the last of %d results: %d in the list, cursor at %d", maxHits, down.list.Len(), down.list.Cursor())
	}
	if s := screen(down); !strings.Contains(s, "result 100 of 200+") {
		t.Fatalf("the status line does not say more may come:\n%s", s)
	}
	m = drive(t, m, keys("G")...)
	if m.list.Len() != n || m.list.Cursor() != n-1 {
		t.Fatalf("G: %d in the list, cursor at %d; want all %d, on the last", m.list.Len(), m.list.Cursor(), n)
	}
	s := screen(m)
	if !strings.Contains(s, "250 matches for “story”") || !strings.Contains(s, "result 250 of 250") || strings.Contains(s, "250+") {
		t.Fatalf("every result in:\n%s", s)
	}
	// A new query asks for maxHits again.
	m = drive(t, m, keys("esc", "/", "s", "t", "o", "r")...)
	if m.list.Len() != maxHits {
		t.Fatalf("a letter after paging: %d results, want %d", m.list.Len(), maxHits)
	}
}

// Asking for more keeps the rows in sight as they were: the re-run's
// results come with snippets through the cursor's screen (they came
// with the first screen's alone, and the rows around the cursor lost
// theirs until the prefetch).
func TestMoreResultsKeepTheirSnippets(t *testing.T) {
	// A store's search, which makes snippets for the rows asked for
	// alone (the fake makes every row's): BBC's in the plain run; under
	// the race detector (BBC's build made this test 30.4 s, this 3.9 s)
	// a store of 5*maxHits short articles, results past 4*maxHits (the
	// second more) for the same paths.
	var src Source
	if raceEnabled {
		src = peopleStore(5 * maxHits)
	} else {
		src = bbcSource(t)
	}
	m := start(t, src, 120, 40)
	m = drive(t, m, keys("/", "p", "e", "o", "p", "l", "e", "enter")...)
	// maxHits articles, one row per story: fewer rows, more to come.
	first := m.list.Len()
	if first > maxHits || first < maxHits/2 || !m.moreToShow() {
		t.Fatalf("a letter's search: %d results, more to show %v", first, m.moreToShow())
	}
	page := m.list.perPage()
	// j to the last: more, their snippets all filled in; then j to
	// within a screen of the last of those.
	var js []string
	for range first - 1 {
		js = append(js, "j")
	}
	m = drive(t, m, keys(js...)...)
	second := m.list.Len()
	if second <= first || !m.moreToShow() {
		t.Fatalf("j to the last of %d: %d in the list", first, second)
	}
	for len(js) < second {
		js = append(js, "j")
	}
	js = js[:m.list.Len()-1-page-m.list.Cursor()-1]
	m = drive(t, m, keys(js...)...)
	had := map[string]string{}
	for _, it := range m.list.items {
		if it.hit != nil {
			had[it.id] = it.hit.Snippet
		}
	}
	// The rows as the more results' message leaves them, before any
	// prefetch the message asks for.
	checked := false
	inSight := func(m app, msg tea.Msg) {
		if _, ok := msg.(hitsMsg); !ok || m.list.Len() <= second {
			return
		}
		checked = true
		at := m.list.Cursor()
		for i := max(at-page, 0); i <= min(at+page, m.list.Len()-1); i++ {
			it := m.list.items[i]
			if it.hit != nil && it.hit.Snippet == "" && had[it.id] != "" {
				t.Fatalf("row %d, in sight of the cursor at %d, came back without its snippet", i, at)
			}
		}
	}
	m = settle(m, keys("j")[0], inSight)
	if !checked {
		t.Fatalf("j within a screen of the last of %d results asked for no more: %d in the list", second, m.list.Len())
	}

	third := m.list.Len()
	// G brings every result, the last screen with its snippets.
	checked = false
	m = settle(m, keys("G")[0], func(m app, msg tea.Msg) {
		if _, ok := msg.(hitsMsg); !ok || m.list.Len() <= third {
			return
		}
		checked = true
		if m.list.Cursor() != m.list.Len()-1 {
			t.Fatalf("G: the cursor at %d of %d", m.list.Cursor(), m.list.Len())
		}
		for i := m.list.Len() - page; i < m.list.Len(); i++ {
			if it := m.list.items[i]; it.hit != nil && it.hit.Snippet == "" {
				t.Fatalf("row %d, in sight of the last, came without its snippet", i)
			}
		}
	})
	if !checked {
		t.Fatalf("G asked for no more: %d in the list", m.list.Len())
	}
}

// More is asked for within a screen of headlines of the last result,
// not a screen of lines (three screens early at 120x40).
func TestMoreResultsWithinAScreen(t *testing.T) {
	m := start(t, newFake(250), 120, 40) // every one says "story"
	m = drive(t, m, keys("/", "s", "t", "o", "r", "y", "enter")...)
	page := m.list.perPage()
	for m.list.Cursor() < maxHits-1-page-1 {
		m = drive(t, m, keys("j")...)
	}
	if m.list.Len() != maxHits {
		t.Fatalf("more asked for %d headlines from the last of %d (a screen is %d)", maxHits-1-m.list.Cursor(), maxHits, page)
	}
	m = drive(t, m, keys("j", "j")...)
	if m.list.Len() <= maxHits {
		t.Fatalf("no more asked for within a screen of the last: cursor %d of %d", m.list.Cursor(), m.list.Len())
	}
}

// peopleStore builds n articles of words their own, each saying
// "people" in a paragraph of its own, so a search's snippets are made
// for the rows asked for.
func peopleStore(n int) *store.Store {
	arts := make([]store.Article, n)
	for i := range arts {
		arts[i] = store.Article{
			ID:    fmt.Sprintf("p%d", i),
			Title: fmt.Sprintf("Story w%dt of the day", i),
			Body:  fmt.Sprintf("First w%da w%db w%dc.\n\nThen people said w%dd w%de.\n\nLast w%df w%dg.", i, i, i, i, i, i, i),
		}
	}
	return store.Build(arts)
}
