package reader

import (
	"context"
	"sync"

	"github.com/lede-reader/lede/store"
)

// bestAhead is what a search's own command makes of its best result
// beside the hits: its rendering and its related stories, where they are
// not known already. A letter typed shows its results, the best result's
// article and that article's related stories; asked for by the results'
// Update, the rendering and the related stories came in messages of
// their own, each a frame's tick of Bubble Tea's renderer after the one
// before where the machine gave the reader one core (at 100,000
// articles: results 1-2 ms after the letter, related stories 3.3 ms
// after them, each message's Update and View 0.5-0.9 ms). Made in the
// search's command, the rendering beside the related stories, they come
// in the results' message and are drawn in one frame.
type bestAhead struct {
	id  string
	gen int // the related cache's snapshot when the search began
	// related is id's related stories, where haveRelated.
	related     []relStory
	haveRelated bool
	// render is id's rendering at the width and in the style of the
	// search's start, or its head where the article is long (the whole
	// follows as a move's would), if it was not cached.
	render *renderedMsg
}

// aheadFunc makes the bestAhead of article id, off the update loop.
type aheadFunc func(ctx context.Context, id string) *bestAhead

// bestAhead is the aheadFunc for a search begun now: what it needs of the
// model is copied, and it only asks the caches whether they know a thing
// (Knows, knows), so it may run on any goroutine.
func (m *app) bestAhead() aheadFunc {
	src, gen, rel, cache := m.src, m.rel.gen, m.rel, m.renders.cache
	w, style := m.wrapWidth(), m.glamourStyle()
	withRelated := !indexing(src)
	return func(ctx context.Context, id string) *bestAhead {
		b := &bestAhead{id: id, gen: gen}
		if ctx.Err() != nil {
			return b // superseded: its message is dropped
		}
		var wg sync.WaitGroup
		if a, ok := src.Get(id); ok && a != nil && w > 0 {
			k := keyFor(a, w, style)
			if !cache.knows(k) {
				art := *a
				wg.Go(func() { b.render = renderFirst(art, k) })
			}
		}
		if withRelated && !rel.Knows(id) {
			b.related, b.haveRelated = relatedOf(src, id)
		}
		wg.Wait()
		return b
	}
}

// renderFirst renders what the article pane shows of a first: its head
// where it is long (the rest follows as the render queue's), else the
// whole.
func renderFirst(a store.Article, k renderKey) *renderedMsg {
	cmd := renderHeadCmd(a, k)
	if cmd == nil {
		cmd = renderCmd(a, k, false)
	}
	msg, _ := cmd().(renderedMsg)
	return &msg
}

// takeAhead keeps what b made in the caches, before the best result is
// shown: its related stories, and its rendering where whole (a head is
// shown by show, through m.head).
func (m *app) takeAhead(b *bestAhead) {
	if b == nil {
		return
	}
	if b.haveRelated {
		m.rel.Put(b.gen, b.id, b.related)
	}
	if r := b.render; r != nil && r.err == nil {
		if r.key.Head {
			m.head = r
		} else {
			m.renders.Done(*r)
		}
	}
}
