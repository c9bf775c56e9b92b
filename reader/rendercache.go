package reader

import (
	"container/list"
)

// renderCache keeps the most recently used renderings, keyed by (article,
// width, style). It is only touched from Update, so it needs no lock.
type renderCache struct {
	max   int
	order *list.List // of renderKey, most recent first
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

func (c *renderCache) put(k renderKey, lines []string) {
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		c.lines[k] = lines
		return
	}
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
