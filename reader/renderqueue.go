package reader

import (
	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// renderQueue decides what glamour renders and when, and keeps what it
// rendered. The article the reader waits for renders at once, in the
// foreground (its first screens first when it is long); prefetches (the
// neighbours in the list, the first related stories) render in the
// background one at a time, so that on two cores one is always free for the
// update loop and the article being waited for. Prefetches wait in the
// queue, not in goroutines: a new set of prefetches replaces the ones not
// yet started, so those the cursor has left behind are dropped. The one
// handed to the lane may wait there behind related queries and render
// after the cursor has moved on: one at most.
//
// It is only touched from Update, so it needs no lock.
type renderQueue struct {
	cache *renderCache
	fg    map[renderKey]bool // foreground renders under way
	// bg is the prefetch rendering now, if busy.
	bg      renderKey
	busy    bool
	waiting []renderJob // prefetches not yet started, most wanted first
	// lane is where prefetches render (nil: each on its own).
	lane *lane
}

// renderJob is one rendering to make: the article is a copy, so the
// command shares nothing with the model.
type renderJob struct {
	art store.Article
	key renderKey
}

func newRenderQueue(cacheSize int) *renderQueue {
	return &renderQueue{cache: newRenderCache(cacheSize), fg: map[renderKey]bool{}}
}

// Get is the rendering of k, if it is cached.
func (q *renderQueue) Get(k renderKey) ([]string, bool) { return q.cache.get(k) }

// Want renders a as k in the foreground, unless it is cached or already
// rendering in the foreground; with head, a long article's first screens
// first, shown while the rest renders. An article waiting as a prefetch
// leaves the queue; one rendering as a prefetch gets a foreground render
// of its own (the prefetch may have only just started on a long article).
func (q *renderQueue) Want(a *store.Article, k renderKey, head bool) tea.Cmd {
	if a == nil || q.cache.has(k) || q.fg[k] {
		return nil
	}
	q.drop(k)
	q.fg[k] = true
	if !head {
		return renderCmd(*a, k, false)
	}
	return tea.Batch(renderHeadCmd(*a, k), renderCmd(*a, k, false))
}

// Prefetch replaces the prefetches not yet started with jobs (those
// cached or under way left out) and starts the first if none is rendering.
func (q *renderQueue) Prefetch(jobs []renderJob) tea.Cmd {
	q.waiting = q.waiting[:0]
	for _, j := range jobs {
		if q.cache.has(j.key) || q.fg[j.key] || (q.busy && q.bg == j.key) {
			continue
		}
		q.waiting = append(q.waiting, j)
	}
	return q.next()
}

// Done takes a finished rendering: it is cached (wanted or not: the
// reader may come back to it) and, when it was a prefetch, the next one
// starts.
func (q *renderQueue) Done(msg renderedMsg) tea.Cmd {
	if msg.key.Head {
		return nil // a head is shown, never cached: the whole follows
	}
	if msg.err == nil {
		q.cache.put(msg.key, msg.lines)
	}
	if !msg.background {
		delete(q.fg, msg.key)
		return nil
	}
	if q.busy && q.bg == msg.key {
		q.busy = false
	}
	return q.next()
}

// Waiting is the keys of the prefetches not yet started, in order.
func (q *renderQueue) Waiting() []renderKey {
	keys := make([]renderKey, len(q.waiting))
	for i, j := range q.waiting {
		keys[i] = j.key
	}
	return keys
}

func (q *renderQueue) next() tea.Cmd {
	for !q.busy && len(q.waiting) > 0 {
		j := q.waiting[0]
		q.waiting = q.waiting[1:]
		if q.cache.has(j.key) || q.fg[j.key] {
			continue
		}
		q.busy, q.bg = true, j.key
		return q.lane.cmd(renderCmd(j.art, j.key, true))
	}
	return nil
}

func (q *renderQueue) drop(k renderKey) {
	for i, j := range q.waiting {
		if j.key == k {
			q.waiting = append(q.waiting[:i:i], q.waiting[i+1:]...)
			return
		}
	}
}
