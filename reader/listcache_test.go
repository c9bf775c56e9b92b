package reader

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lede-reader/lede/store"
)

// listCounting counts the passes over every article: List calls.
type listCounting struct {
	*fakeSource
	lists atomic.Int32
}

func (c *listCounting) List() []*store.Article {
	c.lists.Add(1)
	return c.fakeSource.List()
}

// The list of every article is worked out once, not again at each key
// that shows it (esc out of a search, an emptied query); what it depends
// on changing (a filter, the marks a filter reads, a new snapshot) works
// it out again.
func TestListOfEveryArticleKept(t *testing.T) {
	src := &listCounting{fakeSource: newFake(30)}
	lib := &fakeLibrary{}
	m, _ := startLib(t, src, lib, 120, 40)
	passes := src.lists.Load()
	m = drive(t, m, keys("/", "1", "backspace", "2", "esc")...)
	if got := src.lists.Load(); got != passes {
		t.Fatalf("a search and esc went over every article %d times", got-passes)
	}
	if !strings.Contains(screen(m), "30 articles") {
		t.Fatalf("esc did not show every article:\n%s", screen(m))
	}

	// Unread only, then a0 marked read: the next time the whole list is
	// shown, a0 is not in it.
	m = drive(t, m, keys("u")...)
	if got := src.lists.Load(); got == passes {
		t.Fatal("u did not work the list out again")
	}
	m = drive(t, m, keys("g", "m", "/", "x", "esc")...)
	if !lib.mark("a0").Read {
		t.Fatal("m did not mark a0 read")
	}
	for _, it := range m.list.items {
		if it.id == "a0" {
			t.Fatalf("unread only still lists a0, read before the search:\n%s", screen(m))
		}
	}

	// A new snapshot: worked out again from it.
	m = drive(t, m, keys("u")...)
	next := newFake(31)
	m = drive(t, m, SourceMsg{Src: next, Loaded: 1, Total: 1, Done: true})
	if !strings.Contains(screen(m), "31 articles") {
		t.Fatalf("a new snapshot's list not shown:\n%s", screen(m))
	}
}
