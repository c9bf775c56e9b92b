package reader

import (
	"container/list"
	"sync"
)

// renderCache keeps the most recently used renderings, keyed by (article,
// width, style). It is changed only from Update. A search's command asks
// it whether the rendering of its best result is cached (knows), so that
// it renders it only when it is not: mu guards items against that read.
type renderCache struct {
	max   int
	order *list.List // of renderKey, most recent first
	mu    sync.Mutex // over the writes to items, and knows
	items map[renderKey]*list.Element
	lines map[renderKey][]string
}

func newRenderCache(max int) *renderCache {
	return &renderCache{max: max, order: list.New(), items: map[renderKey]*list.Element{}, lines: map[renderKey][]string{}}
}

func (c *renderCache) get(k renderKey) ([]string, bool) {
	e, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return c.lines[k], true
}

func (c *renderCache) has(k renderKey) bool {
	_, ok := c.items[k]
	return ok
}

// knows is has for any goroutine.
func (c *renderCache) knows(k renderKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.has(k)
}

func (c *renderCache) put(k renderKey, lines []string) {
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		c.lines[k] = lines
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = c.order.PushFront(k)
	c.lines[k] = lines
	for c.order.Len() > c.max {
		last := c.order.Back()
		old := last.Value.(renderKey)
		c.order.Remove(last)
		delete(c.items, old)
		delete(c.lines, old)
	}
}
