package reader

import (
	"context"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// What the reader asks of its Source beyond Get: heads without text,
// searches that stop, and a text that could not be read.

// heads counts the bodies a source is asked for, as a store of the
// library reads each from its file.
type heads struct {
	*fakeSource
	gets int
}

func (h *heads) Get(id string) (*store.Article, bool) {
	h.gets++
	return h.fakeSource.Get(id)
}

func (h *heads) Head(id string) (*store.Article, bool) { return h.fakeSource.Get(id) }

// A search's rows show titles, sources and dates: they read no article's
// text from a source that can give them without it.
func TestSearchRowsReadNoText(t *testing.T) {
	src := &heads{fakeSource: newFake(30)}
	items := hitItems(src.Search("paragraph", 100), src)
	if len(items) != 30 || items[0].art == nil || items[0].text.src == "" {
		t.Fatalf("rows: %d, first %+v", len(items), items[0])
	}
	if src.gets != 0 {
		t.Fatalf("the rows of a search read %d articles' text", src.gets)
	}
}

// flaky is a source whose text cannot be read while broken, as a store
// of the library gives an article whose body its file failed to give.
type flaky struct {
	*fakeSource
	broken bool
}

func (f *flaky) Get(id string) (*store.Article, bool) {
	a, ok := f.fakeSource.Get(id)
	if !ok || !f.broken {
		return a, ok
	}
	c := *a
	c.Body, c.Unreadable = "*The text of this article could not be read: disk I/O error.*", "disk I/O error"
	return &c, true
}

// An article whose text could not be read shows its text once it can be
// read: the rendering of the failure is not kept as the article's.
func TestUnreadableIsNotKeptAsTheArticle(t *testing.T) {
	src := &flaky{fakeSource: newFake(3), broken: true}
	m := start(t, src, 120, 40)
	if s := screen(m); !strings.Contains(s, "could not be read") {
		t.Fatalf("the failure is not shown:\n%s", s)
	}
	src.broken = false
	m = drive(t, m, press("j"), press("k"))
	if s := screen(m); strings.Contains(s, "could not be read") || !strings.Contains(s, "Opening paragraph of story 0") {
		t.Fatalf("the text, readable again, is not shown:\n%s", s)
	}
}

// stoppable is a source whose searches report whether their context
// had ended by the time they ran.
type stoppable struct {
	*fakeSource
	stopped []string
}

func (s *stoppable) SearchContext(ctx context.Context, q string, n int) ([]store.Hit, error) {
	if err := ctx.Err(); err != nil {
		s.stopped = append(s.stopped, q)
		return nil, err
	}
	return s.Search(q, n), nil
}

// The search of what was typed before is stopped once more is typed,
// or the query emptied: the reader does not wait for it, and neither
// should the machine.
func TestSupersededSearchStops(t *testing.T) {
	src := &stoppable{fakeSource: newFake(5)}
	keys := newKeyMap()
	m := newSearch(&keys, newStyles(true, false))
	m.pause = nil // each search under way at once, as after its pause
	first := m.Run(src, "stor")
	second := m.Run(src, "story")
	if msgs := runCmd(first); len(msgs) != 1 || m.Take(msgs[0].(hitsMsg)) {
		t.Fatalf("the superseded search's answer: %v", msgs)
	}
	if len(src.stopped) != 1 {
		t.Fatalf("the superseded search ran on: stopped %v", src.stopped)
	}
	msgs := runCmd(second)
	if len(msgs) != 1 || !m.Take(msgs[0].(hitsMsg)) || len(msgs[0].(hitsMsg).hits) == 0 {
		t.Fatalf("the latest search: %v", msgs)
	}
	third := m.Run(src, "story 1")
	m.ShowAll()
	runCmd(third)
	if len(src.stopped) != 2 {
		t.Fatalf("the search of a query emptied ran on: stopped %v", src.stopped)
	}
}
