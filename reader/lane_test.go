package reader

import (
	"runtime"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// gateSource holds every Related call until the test lets it go, and
// counts the calls inside at once.
type gateSource struct {
	*fakeSource
	inside  atomic.Int32
	most    atomic.Int32
	release chan struct{}
}

func (g *gateSource) Related(id string, n int) []store.Related {
	in := g.inside.Add(1)
	for {
		m := g.most.Load()
		if in <= m || g.most.CompareAndSwap(m, in) {
			break
		}
	}
	<-g.release
	g.inside.Add(-1)
	return g.fakeSource.Related(id, n)
}

// goCmds runs cmd as Bubble Tea does, every command of a batch on a
// goroutine of its own, and sends each message on out.
func goCmds(cmd tea.Cmd, out chan<- tea.Msg) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				goCmds(c, out)
			}
			return
		}
		out <- msg
	}()
}

// What prefetch asks for runs one job at a time: the renderings and the
// related stories of the neighbours do not take both cores between them.
func TestPrefetchRunsOneAtATime(t *testing.T) {
	g := &gateSource{fakeSource: newFake(6), release: make(chan struct{})}
	m := start(t, g.fakeSource, 120, 40)
	m = drive(t, m, press("j"))
	m.src = g                           // related queries held from here on
	m.rel.Reset()                       // the neighbours' related stories to ask again,
	m.renders.cache = newRenderCache(8) // and their renderings
	bg := m.renders.lane
	if bg == nil || m.rel.bg != bg {
		t.Fatal("the render queue and the related cache do not share the reader's lane")
	}
	_, cmd := m.Update(prefetchMsg{seq: m.prefetchSeq})
	out := make(chan tea.Msg, 16)
	goCmds(cmd, out)
	// Two related queries and a rendering: one runs, the others wait.
	for g.inside.Load() < 2 && !(g.inside.Load() == 1 && bg.waiting.Load() >= 1) {
		runtime.Gosched()
	}
	if g.most.Load() > 1 {
		t.Fatalf("%d related queries of prefetch ran at once", g.most.Load())
	}
	close(g.release)
	for range 3 {
		<-out
	}
	if g.most.Load() != 1 {
		t.Fatalf("%d related queries of prefetch ran at once", g.most.Load())
	}
}

// The related stories of the article shown are asked at once, whatever
// the lane is doing: the reader waits for them.
func TestShownRelatedSkipsTheLane(t *testing.T) {
	f := newFake(4)
	bg := newLane()
	c := newRelatedCache(bg)
	bg.slot <- struct{}{} // a prefetch is running
	done := make(chan tea.Msg, 1)
	go func() { done <- c.Ask(f, "a0")() }()
	var msg tea.Msg
	for msg == nil {
		if bg.waiting.Load() > 0 {
			t.Fatal("the shown article's related stories wait for the lane")
		}
		select {
		case msg = <-done:
		default:
			runtime.Gosched()
		}
	}
	if r, ok := msg.(relatedMsg); !ok || r.id != "a0" || len(r.items) != 2 {
		t.Fatalf("%+v", msg)
	}
}

// A prefetch not started is dropped when the reader moves on, and asked at
// once when the reader comes to its article.
func TestRelatedPrefetchDropped(t *testing.T) {
	f := &gateSource{fakeSource: newFake(4), release: make(chan struct{})}
	close(f.release)
	c := newRelatedCache(nil)
	left := c.Prefetch(f, "a1")
	if left == nil {
		t.Fatal("nothing prefetched")
	}
	next := c.Prefetch(f, "a2") // the reader moved on
	if msg := left(); msg != nil || f.most.Load() != 0 {
		t.Fatalf("a prefetch the reader left ran: %+v", msg)
	}
	if c.Ask(f, "a1") == nil {
		t.Fatal("a dropped prefetch is never asked again")
	}
	// The reader comes to a2 while its prefetch waits: asked at once, and
	// the prefetch does nothing.
	now := c.Ask(f, "a2")
	if now == nil {
		t.Fatal("the related stories of the article shown wait for a prefetch not started")
	}
	if msg := next(); msg != nil {
		t.Fatalf("a prefetch run after its article was asked at once: %+v", msg)
	}
	if r := now().(relatedMsg); r.id != "a2" || !c.Take(r) {
		t.Fatalf("%+v", r)
	}
	// One that has started is waited for, not asked again.
	started := c.Prefetch(f, "a3")
	msg := started()
	if c.Ask(f, "a3") != nil {
		t.Fatal("asked again while a prefetch of it runs")
	}
	if !c.Take(msg.(relatedMsg)) {
		t.Fatal("the prefetch's answer was refused")
	}
	if _, ok := c.Get("a3"); !ok {
		t.Fatal("the prefetch's answer was not kept")
	}
}

// A prefetch's rendering waits for the lane like its related stories; the
// rendering of the article shown does not.
func TestRenderWaitsForTheLane(t *testing.T) {
	f := newFake(3)
	bg := newLane()
	q := newRenderQueue(8)
	q.lane = bg
	bg.slot <- struct{}{} // another prefetch is running
	a, _ := f.Get("a1")
	k := keyFor(a, 80, StyleDark)
	// waitsOrReturns runs cmd and reports whether it waited for the lane
	// (or returned without waiting).
	waitsOrReturns := func(cmd tea.Cmd) bool {
		base := bg.waiting.Load()
		done := make(chan struct{})
		go func() { cmd(); close(done) }()
		for {
			if bg.waiting.Load() > base {
				return true
			}
			select {
			case <-done:
				return false
			default:
				runtime.Gosched()
			}
		}
	}
	if !waitsOrReturns(q.Prefetch([]renderJob{{art: *a, key: k}})) {
		t.Fatal("a prefetch rendered while another ran")
	}
	b, _ := f.Get("a2")
	if waitsOrReturns(q.Want(b, keyFor(b, 80, StyleDark), true)) {
		t.Fatal("the article shown waited for the lane")
	}
	<-bg.slot // the prefetch waiting renders now
}
