package reader

import (
	"context"
	"reflect"
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

// A search waits for its pause (the frame that draws the letter typed)
// before it reaches the source, and one superseded during its pause
// never reaches it.
func TestSearchStartsAfterItsPause(t *testing.T) {
	keys := newKeyMap()
	m := newSearch(&keys, newStyles(true, false))
	src := &counting{fakeSource: newFake(5)}
	paused := make(chan struct{})
	release := make(chan bool)
	m.pause = func(ctx context.Context) bool {
		paused <- struct{}{}
		return <-release && ctx.Err() == nil
	}
	cmd := m.Run(src, "story")
	got := make(chan hitsMsg, 1)
	go func() { got <- cmd().(hitsMsg) }()
	select {
	case <-paused:
	case <-got:
		t.Fatal("the search ran without its pause")
	}
	if n := src.searches.Load(); n != 0 {
		t.Fatalf("the search reached the source during its pause (%d searches)", n)
	}
	release <- true
	msg := <-got
	if src.searches.Load() != 1 || !m.Take(msg) || len(msg.hits) == 0 {
		t.Fatalf("after the pause: %d searches, %d hits", src.searches.Load(), len(msg.hits))
	}

	first := m.Run(src, "stor")
	go func() { got <- first().(hitsMsg) }()
	<-paused
	second := m.Run(src, "story 1") // supersedes the first during its pause
	release <- true
	if msg := <-got; m.Take(msg) || src.searches.Load() != 1 {
		t.Fatalf("the superseded search: taken %v, %d searches", m.Take(msg), src.searches.Load())
	}
	go func() { got <- second().(hitsMsg) }()
	<-paused
	release <- true
	if msg := <-got; !m.Take(msg) || src.searches.Load() != 2 {
		t.Fatalf("the latest search: %d searches", src.searches.Load())
	}
}

// echoWait gives up at once when its search is superseded.
func TestEchoWaitStopsWhenSuperseded(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if echoWait(ctx) {
		t.Fatal("echoWait waited out a search already superseded")
	}
	if !echoWait(context.Background()) {
		t.Fatal("echoWait did not let a current search start")
	}
}

// Results come with the snippets of the rows on screen first, the rest
// filled in behind them: once typing stops the list holds what a search
// with every snippet gives, row for row, the selection where it was.
func TestResultsSnippetsFilledIn(t *testing.T) {
	st := store.Build(synth.Articles(600))
	m := start(t, st, 120, 40)
	m = drive(t, m, append([]tea.Msg{press("/")}, typeText("gover")...)...)
	want := hitItems(st.Search(asTyped("govern"), maxHits), st)
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
		if !reflect.DeepEqual(it.text, want[i].text) {
			t.Fatalf("row %d: %+v\nwant %+v", i, it.text, want[i].text)
		}
	}

	// Results whose snippets come after the search was left are dropped.
	src := &counting{fakeSource: newFake(5)}
	s := newSearch(m.keys, m.styles)
	s.Run(src, "story")
	s.ShowAll()
	if s.TakeSnippets(snippetsMsg{seq: s.seq - 1}) || s.TakeSnippets(snippetsMsg{seq: s.seq}) {
		t.Fatal("snippets taken for results no longer shown")
	}
}
