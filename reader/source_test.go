package reader

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

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
	for _, a := range src.arts {
		a.Source = "feed/wire.txt" // "feed/3.txt", a number, names nothing in a row
	}
	items := hitItems(src.Search("paragraph", 100), src)
	if len(items) != 30 || items[0].art == nil || items[0].shown().src == "" {
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

// stoppable is a source whose searches, once started, wait until their
// context ends (and say so on stopped) or the test lets one finish.
type stoppable struct {
	*fakeSource
	started, stopped chan string
	finish           chan struct{}
}

func (s *stoppable) SearchContext(ctx context.Context, q string, n int) ([]store.Hit, error) {
	s.started <- q
	select {
	case <-ctx.Done():
		s.stopped <- q
		return nil, ctx.Err()
	case <-s.finish:
		return s.Search(q, n), nil
	}
}

// The search of what was typed before is stopped once more is typed,
// or the query emptied: the reader does not wait for it, and neither
// should the machine.
func TestSupersededSearchStops(t *testing.T) {
	src := &stoppable{fakeSource: newFake(5), started: make(chan string, 1), stopped: make(chan string, 1), finish: make(chan struct{})}
	keys := newKeyMap()
	m := newSearch(&keys, newStyles(true, false))
	// stopped is the query whose search the source saw stopped; it fails
	// the test if none is (a bound on a hang, not a measure of speed).
	stopped := func() string {
		select {
		case q := <-src.stopped:
			return q
		case <-time.After(cmdTimeout):
			t.Fatal("the superseded search ran on")
			return ""
		}
	}
	got := make(chan tea.Msg, 1)
	first := m.Run(src, "stor", nil)
	go func() { got <- first() }()
	<-src.started
	second := m.Run(src, "story", nil)
	if q := stopped(); q != asTyped("stor") {
		t.Fatalf("stopped %q, want the first", q)
	}
	if msg := (<-got).(hitsMsg); m.Take(msg) {
		t.Fatalf("the superseded search's answer taken: %+v", msg)
	}
	go func() { got <- second() }()
	<-src.started
	src.finish <- struct{}{}
	if msg := (<-got).(hitsMsg); !m.Take(msg) || len(msg.hits) == 0 {
		t.Fatalf("the latest search: %+v", msg)
	}
	third := m.Run(src, "story 1", nil)
	go func() { got <- third() }()
	<-src.started
	m.ShowAll()
	if q := stopped(); q != asTyped("story 1") {
		t.Fatalf("the search of a query emptied ran on: stopped %q", q)
	}
	<-got
}
