package reader

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Navigation: showing an article (from the cache or through a render
// command), following related stories, and the back/forward trail.

func (m app) entry(id string, fromList bool) Entry {
	e := Entry{ID: id, FromList: fromList}
	if a, ok := head(m.src, id); ok {
		e.Title = oneLine(a.Title)
	}
	return e
}

// show puts article id in the article pane at scroll line scroll (-1: keep
// the reading position of the same article), from the cache or through a
// render command, and asks for its related stories.
func (m *app) show(id string, scroll int) tea.Cmd {
	if cur, _ := m.currentID(); cur != id && m.focus == focusLinks {
		m.setFocus(focusArticle)
	}
	a, ok := m.src.Get(id)
	if !ok || a == nil {
		m.article.Want(nil, renderKey{}, nil, false, 0)
		m.related.Loading("")
		return nil
	}
	var cmds []tea.Cmd
	w := m.wrapWidth()
	k := keyFor(a, w, m.glamourStyle())
	lines, have := m.renders.Get(k)
	if m.article.Want(a, k, lines, have, scroll) && w > 0 {
		head := k
		head.Head = true
		if h := m.head; h != nil && h.key == head {
			// Its first screens came with a search's results: shown now,
			// the whole to follow.
			cmds = append(cmds, m.renders.Want(a, k, false))
			m.article.Rendered(*h)
		} else {
			cmds = append(cmds, m.renders.Want(a, k, true))
		}
	}
	if m.related.For() != id {
		m.related.Loading(id)
		if indexing(m.src) {
			m.related.Indexing(id) // asked again of the snapshot with an index
		} else if items, ok := m.rel.Get(id); ok {
			m.related.SetItems(id, items)
		} else {
			cmds = append(cmds, m.rel.Ask(m.src, id))
		}
		m.relayout() // the related area is a line when there are none
	}
	if m.article.Ready() {
		// Shown from the caches: get the next moves ready.
		cmds = append(cmds, m.prefetchSoon())
	}
	cmds = append(cmds, m.shown(id))
	return tea.Batch(cmds...)
}

// wrapWidth is the width articles are rendered at now.
func (m app) wrapWidth() int { return min(m.lay.article.w, maxMeasure) }

// prefetchDelay is how long after the frame that asks for it prefetch
// starts: the frame (a key's answer) has the cores first. On two busy
// cores, a glamour render and a related query begun with the key held up
// the key's own frame. (Model tests, which run every command, set it to
// 0.)
var prefetchDelay = 12 * time.Millisecond

// prefetchMsg: prefetchDelay has passed since prefetch number seq was asked.
type prefetchMsg struct{ seq int }

// prefetchSoon asks for prefetch after prefetchDelay, unless another is
// asked before then (the reader has moved on; the newer one runs).
func (m *app) prefetchSoon() tea.Cmd {
	m.prefetchSeq++
	seq := m.prefetchSeq
	return tea.Tick(prefetchDelay, func(time.Time) tea.Msg { return prefetchMsg{seq} })
}

// prefetch gets ready, in the background, what the reader will most likely
// want next: the neighbours in the list (their renderings and related
// stories), the first related stories (their renderings) and the snippets
// of search results below the first screen, one job at a time in the
// background lane. The render queue and the related cache
// drop the prefetches asked for before that have not started.
func (m *app) prefetch() tea.Cmd {
	fill := m.search.Fill(m.src, m.renders.lane.cmd)
	w := m.wrapWidth()
	if w <= 0 {
		return fill
	}
	var ids []string
	for _, d := range []int{1, -1} {
		if id, ok := m.list.ID(m.list.Cursor() + d); ok {
			ids = append(ids, id)
		}
	}
	related := m.rel.Prefetch(m.src, ids...)
	for i := range min(m.related.Len(), 2) {
		it, _ := m.related.Item(i)
		ids = append(ids, it.ID)
	}
	var jobs []renderJob
	for _, id := range ids {
		if a, ok := m.src.Get(id); ok && a != nil {
			jobs = append(jobs, renderJob{art: *a, key: keyFor(a, w, m.glamourStyle())})
		}
	}
	return tea.Batch(fill, related, m.renders.Prefetch(jobs))
}

// visit records a move to id in history (leaving the scroll position of the
// article left behind) and shows it.
func (m *app) visit(id string, fromList bool) tea.Cmd {
	if cur, ok := m.history.Current(); ok && cur.ID == id {
		return m.show(id, -1)
	}
	if cur, ok := m.currentID(); ok {
		m.keepPosition(cur, m.article.Offset())
	}
	m.history = m.history.SetScroll(m.article.Offset()).Visit(m.entry(id, fromList))
	return m.show(id, m.position(id))
}

// jump follows a related story: recorded, the list follows if it can, and
// on a narrow screen the article comes to the front.
func (m *app) jump(id string) tea.Cmd {
	if _, ok := head(m.src, id); !ok {
		m.setStatus("That story is no longer in the store.", true)
		return nil
	}
	cmd := m.visit(id, false)
	m.selectRow(id)
	if m.focus == focusList || m.focus == focusRelated {
		m.setFocus(focusArticle)
	}
	return cmd
}

func (m *app) goBack(forward bool) tea.Cmd {
	h := m.history.SetScroll(m.article.Offset())
	var e Entry
	var ok bool
	if forward {
		h, e, ok = h.Forward()
	} else {
		h, e, ok = h.Back()
	}
	if !ok {
		if forward {
			m.setStatus("Nothing ahead in history.", false)
		} else {
			m.setStatus("Nothing further back.", false)
		}
		return nil
	}
	m.history = h
	m.selectRow(e.ID)
	if _, ok := m.places[e.ID]; !ok {
		m.places[e.ID] = e.Scroll
	}
	return m.show(e.ID, m.position(e.ID))
}
