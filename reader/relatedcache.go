package reader

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// relatedCache holds the related stories asked of the current snapshot, by
// article, and knows which are on their way, so that no article is asked
// twice and a move in the list finds its neighbours' stories ready. A new
// snapshot starts it afresh; answers about an older one are dropped.
//
// It is only touched from Update, so it needs no lock.
type relatedCache struct {
	gen     int // bumped with every snapshot; answers carry it
	items   map[string][]store.Related
	pending map[string]bool
}

func newRelatedCache() *relatedCache {
	return &relatedCache{items: map[string][]store.Related{}, pending: map[string]bool{}}
}

// relatedMsg carries related stories back to Update, for article id in
// snapshot gen.
type relatedMsg struct {
	gen   int
	id    string
	items []store.Related
	err   error
}

// Reset forgets everything: a new snapshot.
func (c *relatedCache) Reset() {
	c.gen++
	c.items, c.pending = map[string][]store.Related{}, map[string]bool{}
}

// Get is the related stories of id, if known.
func (c *relatedCache) Get(id string) ([]store.Related, bool) {
	items, ok := c.items[id]
	return items, ok
}

// Ask asks src for the related stories of id, off the update loop, unless
// they are known or on their way.
func (c *relatedCache) Ask(src Source, id string) tea.Cmd {
	if _, ok := c.items[id]; ok || c.pending[id] {
		return nil
	}
	c.pending[id] = true
	return relatedCmd(src, c.gen, id)
}

// Take keeps an answer; it reports false for one about an older snapshot,
// which is dropped. A failed answer is not kept: the next Ask tries again.
func (c *relatedCache) Take(msg relatedMsg) bool {
	if msg.gen != c.gen {
		return false
	}
	delete(c.pending, msg.id)
	if msg.err == nil {
		c.items[msg.id] = msg.items
	}
	return true
}

func relatedCmd(src Source, gen int, id string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = relatedMsg{gen: gen, id: id, err: fmt.Errorf("related: %v", r)}
			}
		}()
		var items []store.Related
		for _, r := range src.Related(id, maxRelated) {
			if r.ID != "" && r.ID != id {
				items = append(items, r)
			}
		}
		return relatedMsg{gen: gen, id: id, items: items}
	}
}
