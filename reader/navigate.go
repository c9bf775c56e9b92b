package reader

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// Navigation: showing an article (from the cache or through a render
// command), following related stories, and the back/forward trail.

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

func (m app) entry(id string, fromList bool) Entry {
	e := Entry{ID: id, FromList: fromList}
	if a, ok := m.src.Get(id); ok {
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
	lines, have := m.cache.get(k)
	if m.article.Want(a, k, lines, have, scroll) && w > 0 {
		if full := m.renderCmd(a, k, true); full != nil {
			// A long article shows its first screens while the rest
			// renders on the other core.
			cmds = append(cmds, renderHeadCmd(*a, k), full)
		}
	}
	if m.related.forID != id {
		m.related.Loading(id)
		if items, ok := m.relCache[id]; ok {
			m.related.SetItems(id, items)
		} else {
			cmds = append(cmds, m.relatedCmd(id))
		}
	}
	if m.article.ready {
		// Shown from the caches: get the next moves ready.
		cmds = append(cmds, m.prefetch())
	}
	return tea.Batch(cmds...)
}

// wrapWidth is the width articles are rendered at now.
func (m app) wrapWidth() int { return min(m.lay.article.w, maxMeasure) }

// renderCmd renders a unless that is already under way: in the
// foreground for the article the reader waits for, in the background for a
// prefetch. An article wanted while its prefetch still waits its turn gets
// a foreground render of its own.
func (m *app) renderCmd(a *store.Article, k renderKey, foreground bool) tea.Cmd {
	if m.cache.has(k) {
		return nil
	}
	if fg, ok := m.pending[k]; ok && (fg || !foreground) {
		return nil
	}
	m.pending[k] = foreground
	return renderCmd(*a, k, !foreground)
}

// prefetch renders, in the background, what the reader will most likely
// want next: the neighbours in the list and the first related stories.
func (m *app) prefetch() tea.Cmd {
	w := m.wrapWidth()
	if w <= 0 {
		return nil
	}
	var ids []string
	for _, d := range []int{1, -1} {
		if i := m.list.cursor + d; i >= 0 && i < len(m.list.items) {
			ids = append(ids, m.list.items[i].id)
		}
	}
	for i := range min(len(m.related.items), 2) {
		ids = append(ids, m.related.items[i].ID)
	}
	var cmds []tea.Cmd
	for i, id := range ids {
		if a, ok := m.src.Get(id); ok && a != nil {
			cmds = append(cmds, m.renderCmd(a, keyFor(a, w, m.glamourStyle()), false))
			if i < 2 {
				cmds = append(cmds, m.relatedCmd(id)) // the list neighbours
			}
		}
	}
	return tea.Batch(cmds...)
}

// visit records a move to id in history (leaving the scroll position of the
// article left behind) and shows it.
func (m *app) visit(id string, fromList bool) tea.Cmd {
	if cur, ok := m.history.Current(); ok && cur.ID == id {
		return m.show(id, -1)
	}
	m.history = m.history.SetScroll(m.article.Offset()).Visit(m.entry(id, fromList))
	return m.show(id, 0)
}

// jump follows a related story: recorded, the list follows if it can, and
// on a narrow screen the article comes to the front.
func (m *app) jump(id string) tea.Cmd {
	if _, ok := m.src.Get(id); !ok {
		m.setStatus("That story is no longer in the store.", true)
		return nil
	}
	cmd := m.visit(id, false)
	m.list.Select(id)
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
	m.list.Select(e.ID)
	return m.show(e.ID, e.Scroll)
}
