package reader

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// Input: keys, the query line, links, the mouse. Keys that mean the same in
// every pane are handled here; the rest go to the focused pane, whose
// intent act carries out.

func (m app) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if key.Matches(msg, k.Interrupt) {
		return m, tea.Quit
	}
	if m.mode == modeSearch {
		return m.handleSearchKey(msg) // Q is a letter of the query
	}
	if m.mode == modeFeeds && m.feeds.filtering {
		return m.feedsInput(msg) // and of a feed's name
	}
	if m.prompt.on {
		if cmd, done := m.promptKey(msg); done {
			return m, cmd
		}
		// Any other key leaves the prompt and does what it does.
	}
	if m.mode != modeFeeds && m.focus == focusArticle && (m.article.Finding() || m.article.HasFind() && key.Matches(msg, k.FindNext, k.FindPrev)) {
		// The find line has every key; with matches kept, n and N go
		// between them (not from the feed picker over the article: its
		// keys are its own).
		var cmd tea.Cmd
		m.article, cmd, _ = m.article.Update(msg)
		return m, cmd
	}
	if key.Matches(msg, k.QuitNow) {
		return m, tea.Quit
	}
	switch {
	case m.mode == modeHelp:
		if key.Matches(msg, k.Help, k.Close, k.Quit) {
			m.mode = m.prevMode
			m.relayout()
		} else if !m.scrollSheet(msg) {
			m.frame.unchanged()
		}
		return m, nil
	case m.mode == modeProblems:
		if key.Matches(msg, k.Problems, k.Close, k.Quit) {
			m.mode = modeBrowse
			m.relayout()
		} else if !m.scrollSheet(msg) {
			m.frame.unchanged()
		}
		return m, nil
	case m.mode == modeFeeds:
		return m.feedsInput(msg)
	case m.mode == modeCompare:
		if key.Matches(msg, k.Compare, k.Close, k.Quit) {
			m.mode = modeBrowse // one level back, as q and esc go everywhere
			m.relayout()
		} else {
			m.compare = m.compare.Update(msg)
		}
		return m, nil
	case m.lay.small:
		if key.Matches(msg, k.Quit) {
			return m, tea.Quit
		}
		return m, nil
	case key.Matches(msg, k.Quit, k.Close):
		// One level back: links or related → article → list → all
		// articles again after a search, then without the list's
		// filters; q quits only from the top.
		if m.focus == focusList && !m.search.Showing() {
			if m.filtered() {
				return m, m.unfilter() // a filter is a level too
			}
			if key.Matches(msg, k.Quit) {
				return m, tea.Quit
			}
			return m, nil
		}
		return m, m.backOut()
	}

	if m.state.on() && m.focus != focusLinks {
		if cmd, ok := m.stateKey(msg); ok {
			return m, cmd
		}
	}
	switch {
	case key.Matches(msg, k.NextArticle, k.PrevArticle):
		// While reading, the next or previous headline's article, without
		// going back to the list (in the list, as j and k).
		d := 1
		if key.Matches(msg, k.PrevArticle) {
			d = -1
		}
		return m, m.step(d)
	case key.Matches(msg, k.Density):
		m.denseChosen = true
		m.list.SetDense(!m.list.Dense())
		m.relayout()
		return m, nil
	case key.Matches(msg, k.Narrower, k.Wider):
		if m.lay.narrow {
			m.setStatus("The list takes the whole width here.", false)
			return m, nil
		}
		step := 4
		if key.Matches(msg, k.Narrower) {
			step = -step
		}
		m.listShift += step
		return m, m.resized()
	case key.Matches(msg, k.Help):
		m.prevMode, m.mode, m.sheetTop = m.mode, modeHelp, 0
		return m, nil
	case key.Matches(msg, k.FeedList):
		m.openFeeds()
		return m, nil
	case key.Matches(msg, k.Sort, k.Section):
		if m.search.Showing() && key.Matches(msg, k.Sort) {
			// # keeps the list to a section under results as u, S and
			// F keep it to their filter (refilter: the results stay, and
			// the status line says what esc goes back to); an order is
			// the results' own, of match (# said this too, and did
			// nothing).
			m.setStatus("Results are in order of match; esc shows every article.", false)
			return m, nil
		}
		if key.Matches(msg, k.Sort) {
			m.arrange.sortBy = next(store.SortKeys, m.arrange.sortBy)
		} else if secs := m.sections(); len(secs) == 0 {
			m.setStatus("These articles have no sections.", false)
		} else {
			m.arrange.section = next(secs, m.arrange.section)
		}
		return m, m.refilter()
	case key.Matches(msg, k.Problems):
		if ask := m.askFeedErrors(true); ask != nil {
			return m, ask // the feeds' last failures first: cron's too
		}
		m.showProblems()
		return m, nil
	case key.Matches(msg, k.Search):
		if m.focus == focusArticle && m.lay.crumbRoom {
			m.article.OpenFind() // in the article; the list's / searches them all
			return m, nil
		}
		return m.openSearch()
	case m.focus != focusLinks && key.Matches(msg, k.Versions):
		m.toggleVersions()
		return m, nil
	case m.focus != focusLinks && key.Matches(msg, k.Compare):
		return m, m.openCompare()
	case key.Matches(msg, k.Back):
		return m, m.goBack(false)
	case key.Matches(msg, k.Forward):
		return m, m.goBack(true)
	case m.focus != focusLinks && key.Matches(msg, k.Jump):
		n := int(msg.Code - '1')
		it, ok := m.related.Item(n)
		if !ok {
			if m.related.IsIndexing() {
				m.setStatus("Related stories come when the library is indexed.", false)
			} else if m.related.IsLoading() {
				m.setStatus("Still finding related stories…", false)
			} else {
				m.setStatus(fmt.Sprintf("No related story %d.", n+1), false)
			}
			return m, nil
		}
		return m, m.act(jumpIntent{it.ID}) // read, as r then enter reads it
	case key.Matches(msg, k.Related):
		if m.article.Article() != nil {
			m.setFocus(focusRelated)
		}
		return m, nil
	case m.focus != focusLinks && key.Matches(msg, k.Link, k.Copy):
		// The links list opens what it has chosen; elsewhere o and y
		// ask for a link's number, or take the only one.
		return m, m.startPrompt(key.Matches(msg, k.Copy))
	case key.Matches(msg, k.Links):
		return m.openLinks()
	case key.Matches(msg, k.Switch):
		if m.focus == focusList {
			if m.article.Article() != nil {
				m.setFocus(focusArticle)
			}
		} else {
			m.setFocus(focusList)
		}
		return m, nil
	}

	var cmd tea.Cmd
	var in intent
	switch m.focus {
	case focusList:
		if key.Matches(msg, m.keys.Bottom) && m.moreToShow() {
			// The last of every result, not of those in so far.
			m.list, cmd, in = m.list.Update(msg)
			last, _ := m.list.Selected()
			all := m.search.All(m.src, last)
			return m, tea.Batch(cmd, m.act(in), all)
		}
		m.list, cmd, in = m.list.Update(msg)
	case focusArticle:
		m.article, cmd, in = m.article.Update(msg)
	case focusRelated:
		m.related, cmd, in = m.related.Update(msg)
	case focusLinks:
		m.links, cmd, in = m.links.Update(msg)
	}
	return m, tea.Batch(cmd, m.act(in))
}

// step shows the article d headlines down the list (up when d < 0),
// where it was left, keeping the focus where it is.
func (m *app) step(d int) tea.Cmd {
	id, ok := m.list.ID(m.list.Cursor() + d)
	if !ok {
		if d > 0 {
			m.setStatus("That was the last article in the list.", false)
		} else {
			m.setStatus("That was the first article in the list.", false)
		}
		return nil
	}
	if m.focus == focusLinks || m.focus == focusRelated {
		m.setFocus(focusArticle)
	}
	m.list.MoveTo(m.list.Cursor() + d)
	return tea.Batch(m.visit(id, true), m.moreResults())
}

// filtered says the list is kept to part of the articles: a feed (F), a
// section (#), unread (u) or saved (S) only.
func (m app) filtered() bool {
	return m.state.feed != "" || m.arrange.section != "" || m.state.unread || m.state.saved
}

// unfilter takes every filter off the list: esc or q in a filtered list
// goes back to all articles, as from a search (q quit the reader from a
// feed's list, and esc did nothing).
func (m *app) unfilter() tea.Cmd {
	m.state.feed, m.arrange.section, m.state.unread, m.state.saved = "", "", false, false
	m.setStatus("All articles again.", false)
	return m.refilter()
}

// backOut goes back one level: from the links or related stories to the
// article, from the article to the list, from search results to every
// article.
func (m *app) backOut() tea.Cmd {
	switch m.focus {
	case focusLinks, focusRelated:
		m.setFocus(focusArticle)
	case focusArticle:
		if m.article.HasFind() {
			m.article.ClearFind()
			return nil
		}
		m.setFocus(focusList)
	case focusList:
		if m.search.Showing() {
			return m.restoreList()
		}
	}
	return nil
}

// openLinks lists the article's links to choose from; those it will not
// open are listed too, marked.
func (m app) openLinks() (tea.Model, tea.Cmd) {
	a := m.article.Article()
	if a == nil {
		return m, nil
	}
	links := articleLinks(a.Links)
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
	if !m.search.Showing() {
		m.before = savedList{cursor: m.list.Cursor(), id: id}
	}
	m.search.Open()
	m.mode = modeSearch
	m.setFocus(focusList)
	m.setListHeader()
	return m, m.search.Warm(m.src, m.renders.lane.cmd)
}

// handleSearchKey takes the keys, pastes and other input of the query line.
func (m app) handleSearchKey(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	var in intent
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Results) {
		// Up and down move through the results while typing.
		m.list, cmd, in = m.list.Update(msg)
	} else {
		m.search, cmd, in = m.search.Update(msg)
	}
	return m, tea.Batch(cmd, m.act(in))
}

// restoreList leaves search: all articles again, the selection as it was
// before `/` (restoreItems).
func (m *app) restoreList() tea.Cmd {
	m.search.Leave()
	m.mode = modeBrowse
	cmd := m.restoreItems()
	m.setListHeader()
	m.relayout()
	return cmd
}

// restoreItems fills the list with every article again, on the row
// selected before the search began: leaving a search goes back to where
// the reader was in the list, as newsboat's and nom's do, with that
// row's article beside it, as wherever the list has the cursor (esc
// from a result being read goes to the results first). Where that row
// is not listed now (a filter set under the results), on the article
// being read (its story's row when it is a version under its lead),
// else at the row's place.
func (m *app) restoreItems() tea.Cmd {
	defer m.relist()()
	m.hitsIndexing = false // no results shown
	cur, reading := m.currentID()
	keep := m.before.id
	m.list.SetItems(m.listItems(), "")
	found, onStory := m.selectRow(keep)
	if !found && reading {
		keep = cur
		found, onStory = m.selectRow(keep)
	}
	if !found {
		m.list.MoveTo(m.before.cursor)
	}
	id, ok := m.list.Selected()
	switch {
	case !ok:
		// Nothing listed (a filter lets none through): no article beside
		// the empty list, as the filter leaves none (refilter), not the
		// result the search showed.
		return m.show("", 0)
	case reading && (id == cur || onStory && keep == cur):
		return nil // the version read stays in the pane, on its story's row
	}
	return m.visit(id, true)
}

// selectRow moves the list's cursor to id's row, or to its story's when
// id is a version the list shows under its lead (onStory).
func (m *app) selectRow(id string) (found, onStory bool) {
	if m.list.Select(id) {
		return true, false
	}
	if a, ok := head(m.src, id); ok && m.list.SelectStory(a.Story) {
		return true, true
	}
	return false, false
}

// startPrompt starts choosing a link to open (or copy) by its number; an
// article of one link (or none) has it opened, or says so, at once.
func (m *app) startPrompt(copyOnly bool) tea.Cmd {
	a := m.article.Article()
	if a == nil || len(articleLinks(a.Links)) <= 1 {
		return m.firstLink(copyOnly)
	}
	m.prompt = linkPrompt{on: true, copy: copyOnly}
	return nil
}

// promptKey takes a key of the link prompt; done is false for a key that
// leaves the prompt and is to do what it does elsewhere.
func (m *app) promptKey(msg tea.KeyPressMsg) (cmd tea.Cmd, done bool) {
	p := &m.prompt
	a := m.article.Article()
	if a == nil {
		*p = linkPrompt{}
		return nil, false
	}
	links := articleLinks(a.Links)
	switch {
	case msg.Code >= '0' && msg.Code <= '9' && msg.Mod == 0:
		p.typed = typeDigit(p.typed, int(msg.Code-'0'), len(links))
		return nil, true
	case key.Matches(msg, m.keys.Close):
		*p = linkPrompt{}
		return nil, true
	case key.Matches(msg, m.keys.Open) || p.copy && key.Matches(msg, m.keys.Copy) || !p.copy && key.Matches(msg, m.keys.Link):
		n, copyOnly := p.typed, p.copy
		*p = linkPrompt{}
		if n == 0 {
			return m.firstLink(copyOnly), true
		}
		if n > len(links) {
			m.setStatus(fmt.Sprintf("No link [%d]: this article has %s.", n, plural(len(links), "link")), true)
			return nil, true
		}
		return m.useLink(links[n-1], copyOnly), true
	}
	*p = linkPrompt{}
	return nil, false
}

// promptLine is what the status line says while the link prompt is open.
func (p linkPrompt) line() string {
	verb := "open"
	if p.copy {
		verb = "copy"
	}
	typed := ""
	if p.typed > 0 {
		typed = fmt.Sprint(p.typed)
	}
	return fmt.Sprintf("%s link: %s_", verb, typed) // the help bar has the keys
}

// firstLink opens (or copies) the first link of the article being read,
// the first the reader would open if there is one.
func (m *app) firstLink(copyOnly bool) tea.Cmd {
	a := m.article.Article()
	if a == nil {
		m.setStatus("No article open.", false)
		return nil
	}
	var l linkEntry
	if first, ok := firstLink(a.Links); ok {
		l = linkEntry{url: first, safe: true}
	} else if all := articleLinks(a.Links); len(all) > 0 {
		l = all[0]
	}
	return m.useLink(l, copyOnly)
}

// useLink opens or copies l. Only http, https and mailto links are opened
// or copied; any other is refused with a word of why.
func (m *app) useLink(l linkEntry, copyOnly bool) tea.Cmd {
	verb := "opened"
	if copyOnly {
		verb = "copied"
	}
	switch {
	case l.url == "" && copyOnly:
		m.setStatus("This article has no link to copy.", false)
		return nil
	case l.url == "":
		m.setStatus("This article has no link to open.", false)
		return nil
	case !l.safe:
		m.setStatus(refusal(l.url, verb), true)
		return nil
	case copyOnly:
		m.setStatus("Copied "+l.url, false)
		return tea.SetClipboard(l.url)
	}
	m.setStatus("Opening "+l.url+"…", false)
	if m.openIn != nil {
		return m.openIn(l.url)
	}
	return openCmd(m.open, l.url)
}

func (m app) handleWheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	if m.mode == modeCompare && !m.lay.small {
		m.compare = m.compare.Update(msg)
		return m, nil
	}
	if m.lay.small {
		return m, nil
	}
	if m.mode == modeFeeds {
		return m.feedsInput(msg)
	}
	if m.mode == modeHelp || m.mode == modeProblems {
		switch msg.Button {
		case tea.MouseWheelDown:
			m.wheelSheet(3)
		case tea.MouseWheelUp:
			m.wheelSheet(-3)
		}
		return m, nil
	}
	x, y := msg.X, msg.Y
	var cmd tea.Cmd
	var in intent
	switch {
	case m.lay.showList && m.lay.list.contains(x, y):
		m.list, cmd, in = m.list.Update(msg)
	case m.lay.showArticle && m.lay.article.contains(x, y):
		m.article, cmd, in = m.article.Update(msg)
	case m.lay.showArticle && m.lay.related.contains(x, y):
		if m.focus == focusLinks {
			m.links, cmd, in = m.links.Update(msg)
		} else {
			m.related, cmd, in = m.related.Update(msg)
		}
	}
	return m, tea.Batch(cmd, m.act(in))
}

func (m app) handleClick(msg tea.MouseClickMsg) (tea.Model, tea.Cmd) {
	if m.lay.small || m.mode == modeHelp || m.mode == modeCompare || m.mode == modeProblems || msg.Button != tea.MouseLeft {
		return m, nil
	}
	if m.mode == modeFeeds {
		return m.feedsInput(msg)
	}
	x, y := msg.X, msg.Y
	// Panes see the row of the click within themselves.
	within := func(r rect) tea.MouseClickMsg {
		c := msg
		c.X, c.Y = x-r.x, y-r.y
		return c
	}
	var cmd tea.Cmd
	var in intent
	switch {
	case m.lay.showList && m.lay.list.contains(x, y):
		if m.mode != modeSearch {
			m.setFocus(focusList)
		}
		m.list, cmd, in = m.list.Update(within(m.lay.list))
	case m.lay.showArticle && m.lay.related.contains(x, y) && m.focus == focusLinks:
		m.links, cmd, in = m.links.Update(within(m.lay.related))
	case m.lay.showArticle && m.lay.related.contains(x, y):
		m.related, cmd, in = m.related.Update(within(m.lay.related))
	case m.lay.showArticle && (m.lay.article.contains(x, y) || m.lay.crumb.contains(x, y)):
		if m.mode != modeSearch && m.article.Article() != nil {
			m.setFocus(focusArticle)
		}
	}
	return m, tea.Batch(cmd, m.act(in))
}
