package reader

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Input: keys, the query line, links, the mouse. Each handler turns what
// the user did into an intent of the root (select, jump, back, search).

func (m app) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	switch m.mode {
	case modeSearch:
		return m.handleSearchKey(msg)
	case modeHelp:
		switch {
		case key.Matches(msg, k.Quit):
			return m, tea.Quit
		case key.Matches(msg, k.Help, k.Close):
			m.mode = m.prevMode
			m.relayout()
		}
		return m, nil
	}
	if m.lay.small {
		if key.Matches(msg, k.Quit) {
			return m, tea.Quit
		}
		return m, nil
	}

	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.prevMode, m.mode = m.mode, modeHelp
		return m, nil
	case key.Matches(msg, k.Search):
		return m.openSearch()
	case key.Matches(msg, k.Back):
		return m, m.goBack(false)
	case key.Matches(msg, k.Forward):
		return m, m.goBack(true)
	case key.Matches(msg, k.Jump):
		n := int(msg.String()[0] - '1')
		it, ok := m.related.Item(n)
		if !ok {
			if m.related.loading {
				m.setStatus("Still finding related stories…", false)
			} else {
				m.setStatus(fmt.Sprintf("No related story %d.", n+1), false)
			}
			return m, nil
		}
		return m, m.jump(it.ID)
	case key.Matches(msg, k.Related):
		if m.article.art != nil {
			m.setFocus(focusRelated)
		}
		return m, nil
	case key.Matches(msg, k.Link), key.Matches(msg, k.Copy):
		return m.link(key.Matches(msg, k.Copy))
	case key.Matches(msg, k.Links):
		return m.openLinks()
	case key.Matches(msg, k.Switch):
		if m.focus == focusList {
			if m.article.art != nil {
				m.setFocus(focusArticle)
			}
		} else {
			m.setFocus(focusList)
		}
		return m, nil
	}

	switch m.focus {
	case focusList:
		switch {
		case key.Matches(msg, k.Open):
			if m.article.art != nil {
				m.setFocus(focusArticle)
			}
			return m, nil
		case key.Matches(msg, k.Close):
			if m.showResults {
				return m, m.restoreList()
			}
			return m, nil
		}
		before, _ := m.list.Selected()
		m.list, _ = m.list.Update(msg)
		if id, ok := m.list.Selected(); ok && id != before {
			return m, m.visit(id, true)
		}
		return m, nil
	case focusArticle:
		if key.Matches(msg, k.Close) {
			m.setFocus(focusList)
			return m, nil
		}
		m.article, _ = m.article.Update(msg)
		return m, nil
	case focusRelated:
		if key.Matches(msg, k.Close) {
			m.setFocus(focusArticle)
			return m, nil
		}
		var cmd tea.Cmd
		m.related, cmd = m.related.Update(msg)
		return m, cmd
	case focusLinks:
		switch {
		case key.Matches(msg, k.Close):
			m.setFocus(focusArticle)
			return m, nil
		case key.Matches(msg, k.Open):
			return m.link(false)
		}
		m.links, _ = m.links.Update(msg)
		return m, nil
	}
	return m, nil
}

// openLinks lists the article's links to choose from; those it will not
// open are listed too, marked.
func (m app) openLinks() (tea.Model, tea.Cmd) {
	if m.article.art == nil {
		return m, nil
	}
	links := articleLinks(m.article.art.Links)
	if len(links) == 0 {
		m.setStatus("This article has no links.", false)
		return m, nil
	}
	m.links.Set(links)
	m.setFocus(focusLinks)
	return m, nil
}

func (m app) openSearch() (tea.Model, tea.Cmd) {
	id, _ := m.list.Selected()
	if m.saved == nil {
		m.saved = &savedList{cursor: m.list.cursor, id: id}
	}
	m.mode = modeSearch
	m.search.Open()
	m.setFocus(focusList)
	m.setListHeader()
	return m, nil
}

// handleSearchKey takes the keys, pastes and other input of the query line.
func (m app) handleSearchKey(msg tea.Msg) (tea.Model, tea.Cmd) {
	// Up and down move through the results while typing.
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Results) {
		before, _ := m.list.Selected()
		m.list, _ = m.list.Update(msg)
		if id, ok := m.list.Selected(); ok && id != before {
			return m, m.visit(id, true)
		}
		return m, nil
	}
	var act searchAction
	var cmd tea.Cmd
	m.search, act, cmd = m.search.Update(msg)
	switch act {
	case searchChanged:
		q := strings.TrimSpace(m.search.Query())
		m.searchSeq++
		if q == "" {
			m.showResults = false
			m.results = ""
			restore := m.restoreItems()
			m.setListHeader()
			return m, tea.Batch(cmd, restore)
		}
		m.showResults = true
		return m, tea.Batch(cmd, searchCmd(m.src, m.searchSeq, q))
	case searchAccept:
		// The results of the last query typed may still be on their way:
		// they are kept when they come.
		q := strings.TrimSpace(m.search.Query())
		m.search.Close()
		m.mode = modeBrowse
		if q == "" {
			return m, m.restoreList()
		}
		m.saved = nil
		m.setListHeader()
		m.relayout()
		m.setStatus(fmt.Sprintf("Results for “%s” · esc shows all articles", oneLine(q)), false)
		return m, nil
	case searchCancel:
		return m, m.restoreList()
	}
	return m, cmd
}

// restoreList leaves search: all articles again, the selection as it was
// before `/` (or the article being read, after results were kept).
func (m *app) restoreList() tea.Cmd {
	m.search.Close()
	m.mode = modeBrowse
	m.searchSeq++
	m.showResults = false
	m.results = ""
	cmd := m.restoreItems()
	m.saved = nil
	m.setListHeader()
	m.relayout()
	return cmd
}

func (m *app) restoreItems() tea.Cmd {
	keep, _ := m.currentID()
	if m.saved != nil {
		keep = m.saved.id
	}
	m.list.SetItems(articleItems(m.src.List()), "")
	if !m.list.Select(keep) && m.saved != nil {
		m.list.cursor = m.saved.cursor
		m.list.clamp()
	}
	if id, ok := m.list.Selected(); ok {
		if cur, _ := m.currentID(); cur != id {
			return m.visit(id, true)
		}
	}
	return nil
}

// link opens (or copies) the link chosen in the links list, or else the
// first link of the article being read. Only http, https and mailto links
// are opened or copied; any other is refused with a word of why.
func (m app) link(copyOnly bool) (tea.Model, tea.Cmd) {
	a := m.article.art
	if a == nil {
		m.setStatus("No article open.", false)
		return m, nil
	}
	verb := "opened"
	if copyOnly {
		verb = "copied"
	}
	var l linkEntry
	if m.focus == focusLinks {
		l, _ = m.links.Selected()
	} else if first, ok := firstLink(a.Links); ok {
		l = linkEntry{url: first, safe: true}
	} else if all := articleLinks(a.Links); len(all) > 0 {
		l = all[0]
	}
	switch {
	case l.url == "":
		m.setStatus("This article has no link to open.", false)
		return m, nil
	case !l.safe:
		m.setStatus(refusal(l.url, verb), true)
		return m, nil
	case copyOnly:
		m.setStatus("Copied "+l.url, false)
		return m, tea.SetClipboard(l.url)
	}
	m.setStatus("Opening "+l.url+"…", false)
	return m, openCmd(m.open, l.url)
}

func (m app) handleWheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	if m.lay.small || m.mode == modeHelp {
		return m, nil
	}
	x, y := msg.X, msg.Y
	switch {
	case m.lay.showList && m.lay.list.contains(x, y):
		before, _ := m.list.Selected()
		m.list, _ = m.list.Update(msg)
		if id, ok := m.list.Selected(); ok && id != before {
			return m, m.visit(id, true)
		}
	case m.lay.showArticle && m.lay.article.contains(x, y):
		m.article, _ = m.article.Update(msg)
	case m.lay.showArticle && m.lay.related.contains(x, y):
		if m.focus == focusLinks {
			m.links, _ = m.links.Update(msg)
		} else {
			m.related, _ = m.related.Update(msg)
		}
	}
	return m, nil
}

func (m app) handleClick(msg tea.MouseClickMsg) (tea.Model, tea.Cmd) {
	if m.lay.small || m.mode == modeHelp || msg.Button != tea.MouseLeft {
		return m, nil
	}
	x, y := msg.X, msg.Y
	switch {
	case m.lay.showList && m.lay.list.contains(x, y):
		if m.mode != modeSearch {
			m.setFocus(focusList)
		}
		if i, ok := m.list.ItemAt(y - m.lay.list.y); ok {
			m.list.cursor = i
			m.list.clamp()
			if id, ok := m.list.Selected(); ok {
				return m, m.visit(id, true)
			}
		}
	case m.lay.showArticle && m.lay.related.contains(x, y) && m.focus == focusLinks:
		if i, ok := m.links.ItemAt(y - m.lay.related.y); ok {
			m.links.cursor = i
		}
	case m.lay.showArticle && m.lay.related.contains(x, y):
		if i, ok := m.related.ItemAt(y - m.lay.related.y); ok {
			m.related.cursor = i
			m.related.clamp()
			return m, m.jump(m.related.items[i].ID)
		}
	case m.lay.showArticle && (m.lay.article.contains(x, y) || m.lay.crumb.contains(x, y)):
		if m.mode != modeSearch && m.article.art != nil {
			m.setFocus(focusArticle)
		}
	}
	return m, nil
}
