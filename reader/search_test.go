package reader

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/lede-reader/lede/store"
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
