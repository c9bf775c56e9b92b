package reader

import (
	"fmt"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
)

// relatedCache holds the related stories asked of the current snapshot, by
// article, and knows which are on their way, so that no article is asked
// twice and a move in the list finds its neighbours' stories ready. A new
// snapshot starts it afresh; answers about an older one are dropped.
//
// Prefetches wait in the background lane; a new set of them drops those
// not started yet, and one the reader now waits for is asked at once
// instead.
//
// It is changed only from Update. A search's command asks it whether the
// related stories of its best result are known (Knows), so that it makes
// them only when they are not: that is the one read from elsewhere, and mu
// guards it against the writes to items.
type relatedCache struct {
	gen     int // bumped with every snapshot; answers carry it
	mu      sync.Mutex
	items   map[string][]relStory
	pending map[string]*ask
	bg      *lane
}

// ask is one question on its way: a prefetch waiting in the lane can be
// dropped until it starts.
type ask struct {
	prefetch bool
	state    atomic.Int32 // askWaiting, askStarted or askDropped
}

const (
	askWaiting int32 = iota
	askStarted
	askDropped
)

// drop stops a prefetch that has not started; false if it has.
func (a *ask) drop() bool {
	return a.prefetch && a.state.CompareAndSwap(askWaiting, askDropped)
}

func newRelatedCache(bg *lane) *relatedCache {
	return &relatedCache{items: map[string][]relStory{}, pending: map[string]*ask{}, bg: bg}
}

// relatedMsg carries related stories back to Update, for article id in
// snapshot gen.
type relatedMsg struct {
	gen   int
	id    string
	items []relStory
	err   error
}

// Reset forgets everything: a new snapshot.
func (c *relatedCache) Reset() {
	c.gen++
	for _, a := range c.pending {
		a.drop()
	}
	c.mu.Lock()
	c.items = map[string][]relStory{}
	c.mu.Unlock()
	c.pending = map[string]*ask{}
}

// Knows reports whether the related stories of id are known; unlike the
// others, it may be called from any goroutine.
func (c *relatedCache) Knows(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.items[id]
	return ok
}

// Put keeps the related stories of id that a search's command made for
// its best result in snapshot gen; those of an older snapshot are
// dropped.
func (c *relatedCache) Put(gen int, id string, items []relStory) {
	if gen != c.gen {
		return
	}
	c.mu.Lock()
	c.items[id] = items
	c.mu.Unlock()
}

// Get is the related stories of id, if known.
func (c *relatedCache) Get(id string) ([]relStory, bool) {
	items, ok := c.items[id]
	return items, ok
}

// Ask asks src for the related stories of id, off the update loop, unless
// they are known or on their way. A prefetch of them still waiting in the
// lane is dropped and they are asked at once: the reader waits for them.
func (c *relatedCache) Ask(src Source, id string) tea.Cmd {
	if _, ok := c.items[id]; ok {
		return nil
	}
	if a, ok := c.pending[id]; ok && !a.drop() {
		return nil // asked at once already, or the prefetch has started
	}
	a := &ask{}
	c.pending[id] = a
	return relatedCmd(src, c.gen, id, a)
}

// Prefetch asks for the related stories of ids in the background lane,
// those not known or on their way, and drops the prefetches asked before
// that have not started: the reader has moved on from them.
func (c *relatedCache) Prefetch(src Source, ids ...string) tea.Cmd {
	for id, a := range c.pending {
		if a.drop() {
			delete(c.pending, id)
		}
	}
	var cmds []tea.Cmd
	for _, id := range ids {
		if _, ok := c.items[id]; ok {
			continue
		}
		if _, ok := c.pending[id]; ok {
			continue
		}
		a := &ask{prefetch: true}
		c.pending[id] = a
		cmds = append(cmds, c.bg.cmd(relatedCmd(src, c.gen, id, a)))
	}
	return tea.Batch(cmds...)
}

// Take keeps an answer; it reports false for one about an older snapshot,
// which is dropped. A failed answer is not kept: the next Ask tries again.
func (c *relatedCache) Take(msg relatedMsg) bool {
	if msg.gen != c.gen {
		return false
	}
	delete(c.pending, msg.id)
	if msg.err == nil {
		c.mu.Lock()
		c.items[msg.id] = msg.items
		c.mu.Unlock()
	}
	return true
}

func relatedCmd(src Source, gen int, id string, a *ask) tea.Cmd {
	return func() (msg tea.Msg) {
		if a.prefetch && !a.state.CompareAndSwap(askWaiting, askStarted) {
			return nil // dropped while it waited in the lane
		}
		defer func() {
			if r := recover(); r != nil {
				msg = relatedMsg{gen: gen, id: id, err: fmt.Errorf("related: %v", r)}
			}
		}()
		return relatedMsg{gen: gen, id: id, items: relatedList(src, id)}
	}
}

// relatedOf is relatedList, false where asking panicked (the pane asks again,
// and says why).
func relatedOf(src Source, id string) (items []relStory, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			items, ok = nil, false
		}
	}()
	return relatedList(src, id), true
}
