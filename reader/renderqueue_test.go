package reader

import (
	"fmt"
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

func queueJobs(ids ...string) []renderJob {
	var jobs []renderJob
	for _, id := range ids {
		a := store.Article{ID: id, Title: "Title " + id, Body: "Body of " + id + ".", Words: 3, Versions: 1}
		jobs = append(jobs, renderJob{art: a, key: keyFor(&a, 40, StyleDark)})
	}
	return jobs
}

// rendered runs cmd and returns the renderings it made, in no order.
func rendered(t *testing.T, cmd tea.Cmd) []renderedMsg {
	t.Helper()
	var out []renderedMsg
	for _, msg := range runCmd(cmd) {
		if r, ok := msg.(renderedMsg); ok {
			out = append(out, r)
		}
	}
	return out
}

// Prefetches render one at a time: a set of them starts one command, and
// the next starts only when it is done.
func TestRenderQueueOneBackgroundRender(t *testing.T) {
	q := newRenderQueue(16)
	jobs := queueJobs("a", "b", "c")
	got := rendered(t, q.Prefetch(jobs))
	if len(got) != 1 || got[0].key != jobs[0].key || !got[0].background {
		t.Fatalf("prefetch of three started %d renders: %+v", len(got), got)
	}
	if w := q.Waiting(); len(w) != 2 {
		t.Fatalf("waiting %v, want b and c", w)
	}
	// Asking again while a is rendering starts nothing more.
	if cmd := q.Prefetch(jobs); cmd != nil {
		t.Fatalf("a second prefetch started another render while one runs: %v", rendered(t, cmd))
	}
	next := rendered(t, q.Done(got[0]))
	if len(next) != 1 || next[0].key != jobs[1].key {
		t.Fatalf("after a: %+v, want b", next)
	}
	if _, ok := q.Get(jobs[0].key); !ok {
		t.Fatal("a finished prefetch is not cached")
	}
}

// Prefetches the cursor has left are dropped: a new set replaces those not
// yet started, and they are never rendered.
func TestRenderQueueDropsLeftPrefetches(t *testing.T) {
	q := newRenderQueue(16)
	ab, cd := queueJobs("a", "b"), queueJobs("c", "d")
	first := rendered(t, q.Prefetch(ab))
	if cmd := q.Prefetch(cd); cmd != nil {
		t.Fatal("a render started while a runs")
	}
	if w := q.Waiting(); !slices.Equal(w, []renderKey{cd[0].key, cd[1].key}) {
		t.Fatalf("waiting %v, want c, d (b dropped)", w)
	}
	var order []string
	msgs := first
	for len(msgs) > 0 {
		order = append(order, msgs[0].key.ID)
		msgs = rendered(t, q.Done(msgs[0]))
	}
	if !slices.Equal(order, []string{"a", "c", "d"}) {
		t.Fatalf("rendered %v, want a, c, d", order)
	}
}

// The article waited for renders in the foreground at once, whatever the
// background is doing, and only once; cached, it does not render at all.
func TestRenderQueueForeground(t *testing.T) {
	q := newRenderQueue(16)
	jobs := queueJobs("a", "b", "c")
	bg := rendered(t, q.Prefetch(jobs)) // a in the background, b and c waiting
	b := jobs[1].art
	fg := q.Want(&b, jobs[1].key, true)
	if fg == nil {
		t.Fatal("a wanted article waits behind the prefetches")
	}
	if q.Want(&b, jobs[1].key, true) != nil {
		t.Fatal("the same article rendered twice in the foreground")
	}
	if w := q.Waiting(); !slices.Equal(w, []renderKey{jobs[2].key}) {
		t.Fatalf("waiting %v: b should have left the queue", w)
	}
	got := rendered(t, fg)
	if len(got) != 1 || got[0].background || got[0].key != jobs[1].key {
		t.Fatalf("foreground: %+v", got)
	}
	if q.Done(got[0]) != nil {
		t.Fatal("a foreground render started a prefetch")
	}
	if q.Want(&b, jobs[1].key, true) != nil {
		t.Fatal("a cached article rendered again")
	}
	// a, rendering in the background, gets a foreground render of its own.
	a := jobs[0].art
	if q.Want(&a, jobs[0].key, true) == nil {
		t.Fatal("an article rendering as a prefetch gets no foreground render")
	}
	// The prefetch of a finishing frees the background for c.
	next := rendered(t, q.Done(bg[0]))
	if len(next) != 1 || next[0].key != jobs[2].key {
		t.Fatalf("after a: %+v, want c", next)
	}
}

// A failed rendering is not cached (the next want tries again) and does not
// stall the queue.
func TestRenderQueueFailure(t *testing.T) {
	q := newRenderQueue(16)
	jobs := queueJobs("a", "b")
	rendered(t, q.Prefetch(jobs))
	next := rendered(t, q.Done(renderedMsg{key: jobs[0].key, err: fmt.Errorf("boom"), background: true}))
	if _, ok := q.Get(jobs[0].key); ok {
		t.Fatal("a failed rendering was cached")
	}
	if len(next) != 1 || next[0].key != jobs[1].key {
		t.Fatalf("after a failure: %+v, want b", next)
	}
}

// The cache keeps the most recently used renderings.
func TestRenderCacheEvicts(t *testing.T) {
	c := newRenderCache(2)
	k := func(id string) renderKey { return renderKey{ID: id, Width: 40} }
	c.put(k("a"), []string{"a"})
	c.put(k("b"), []string{"b"})
	c.get(k("a")) // a is used: b is now the oldest
	c.put(k("c"), []string{"c"})
	if c.has(k("b")) || !c.has(k("a")) || !c.has(k("c")) {
		t.Fatalf("a %v b %v c %v: want a and c kept", c.has(k("a")), c.has(k("b")), c.has(k("c")))
	}
	c.put(k("a"), []string{"a2"})
	if l, _ := c.get(k("a")); l[0] != "a2" {
		t.Fatalf("put again: %v", l)
	}
}
