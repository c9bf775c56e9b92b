package reader

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

// focus is the pane keys go to.
type focus int

const (
	focusList focus = iota
	focusArticle
	focusRelated
	focusLinks // choosing one of the article's links
)

// mode is what the whole screen is doing.
type mode int

const (
	modeBrowse mode = iota
	modeSearch      // the query line has every key
	modeHelp        // full help over the panes
)

const (
	wideMin         = 100 // columns from which list and article sit side by side
	minWidth        = 20  // below this (or minHeight) only "terminal too small"
	minHeight       = 6
	renderCacheSize = 256
)

// rect is a region of the screen, for mouse hits.
type rect struct{ x, y, w, h int }

func (r rect) contains(x, y int) bool {
	return r.w > 0 && r.h > 0 && x >= r.x && x < r.x+r.w && y >= r.y && y < r.y+r.h
}

// layout is where everything sits for the current size, focus and mode.
type layout struct {
	small, narrow bool
	bodyH         int
	// What is on screen: both on a wide terminal, one at a time on a
	// narrow one.
	showList, showArticle bool
	list                  rect
	crumb                 rect
	article               rect
	rule                  rect
	related               rect
}

// app is the root model, the only one that returns a tea.View. It owns the
// layout, focus and mode, routes messages to the panes and turns their
// intents (select, jump, back) into store queries and render commands.
type app struct {
	src     Source
	gen     int // bumped with every new snapshot; results of older ones are dropped
	loaded  int
	total   int
	loading bool
	updates <-chan SourceMsg
	// touched turns true at the first key or click: until then the reader
	// follows the top of the list as snapshots arrive (with --sort date,
	// the newest story, not the seed that happened to load first).
	touched  bool
	styleOpt string
	isDark   bool
	noColor  bool

	width, height int
	lay           layout
	focus         focus
	mode          mode
	prevMode      mode // to return to from help

	keys   *keyMap
	styles *Styles
	help   help.Model

	list    listModel
	article articleModel
	related relatedModel
	links   linksModel
	search  searchModel

	history History
	cache   *renderCache
	pending map[renderKey]bool // renders under way; true: in the foreground
	// relCache holds the related stories asked of the current snapshot, by
	// article; relPending those asked and not yet answered.
	relCache   map[string][]store.Related
	relPending map[string]bool

	// Search state: the query whose results the list shows, and the list as
	// it was before `/`, to restore on esc.
	searchSeq   int
	results     string
	showResults bool
	saved       *savedList

	status    string
	statusErr bool
	open      opener
}

type savedList struct {
	cursor int
	id     string
}

// relatedMsg carries related stories back to Update, for article id in
// snapshot gen.
type relatedMsg struct {
	gen   int
	id    string
	items []store.Related
	err   error
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

func newApp(src Source, opts Options) app {
	if src == nil {
		src = emptySource{}
	}
	keys := newKeyMap()
	m := app{
		src:        src,
		updates:    opts.Updates,
		loading:    opts.Updates != nil,
		styleOpt:   opts.Style,
		isDark:     opts.Style != StyleLight,
		noColor:    opts.NoColor,
		keys:       &keys,
		help:       help.New(),
		cache:      newRenderCache(renderCacheSize),
		pending:    map[renderKey]bool{},
		relCache:   map[string][]store.Related{},
		relPending: map[string]bool{},
		open:       systemOpen,
	}
	m.styles = newStyles(m.isDark, m.noColor)
	m.list = newList(m.keys, m.styles)
	m.article = newArticle(m.keys, m.styles)
	m.related = newRelated(m.keys, m.styles)
	m.links = newLinks(m.keys, m.styles)
	m.search = newSearch(m.keys, m.styles)
	m.help.Styles = m.styles.Help
	m.list.SetItems(articleItems(src.List()), "")
	m.setFocus(focusList)
	m.setListHeader()
	if id, ok := m.list.Selected(); ok {
		m.history = m.history.Visit(m.entry(id, true))
		m.show(id, 0) // no size yet: the render waits for the first WindowSizeMsg
	}
	m.relayout()
	return m
}

func (m app) Init() tea.Cmd {
	var cmds []tea.Cmd
	if m.styleOpt == "" {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	cmds = append(cmds, waitUpdate(m.updates))
	if m.related.forID != "" && m.related.loading {
		cmds = append(cmds, relatedCmd(m.src, m.gen, m.related.forID))
	}
	return tea.Batch(cmds...)
}

// glamourStyle is the style articles are rendered in now.
func (m app) glamourStyle() string {
	if m.noColor {
		return styleMono
	}
	if m.isDark {
		return StyleDark
	}
	return StyleLight
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

// relatedCmd asks for the related stories of id unless they are known or
// on their way.
func (m *app) relatedCmd(id string) tea.Cmd {
	if _, ok := m.relCache[id]; ok || m.relPending[id] {
		return nil
	}
	m.relPending[id] = true
	return relatedCmd(m.src, m.gen, id)
}

// maxMeasure is the widest an article is set, however wide the pane: lines
// much longer than this are hard to read.
const maxMeasure = 100

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

func (m *app) setFocus(f focus) {
	if f == focusRelated && len(m.related.items) == 0 {
		m.setStatus("No related stories here.", false)
		return
	}
	if f == focusLinks && m.lay.related.h == 0 {
		m.setStatus("No room to list links here; o opens the first.", false)
		return
	}
	m.focus = f
	m.list.focused = f == focusList
	m.article.focused = f == focusArticle
	m.related.focused = f == focusRelated
	m.relayout()
}

func (m *app) setStatus(s string, isErr bool) { m.status, m.statusErr = s, isErr }

func (m *app) setListHeader() {
	n := len(m.list.items)
	switch {
	case m.mode == modeSearch && m.search.Query() == "":
		m.list.header = " Type to search"
	case m.showResults || m.mode == modeSearch:
		m.list.header = fmt.Sprintf(" %s for “%s”", matches(n), oneLine(m.results))
	default:
		m.list.header = " " + plural(n, "article")
	}
	switch {
	case n > 0:
		m.list.empty = nil
	case m.showResults || m.mode == modeSearch:
		m.list.empty = []string{"", "No matches for “" + oneLine(m.results) + "”.", "", "esc: all articles."}
	case m.loading:
		m.list.empty = []string{"", "Loading sources…"}
	default:
		m.list.empty = []string{"", "No articles to read.", "", "Load some with", "  lede --load FILE|DIR"}
	}
}

// relayout works out the layout for the current size, focus and mode and
// sizes the panes to it.
func (m *app) relayout() {
	w, h := m.width, m.height
	var l layout
	if w < minWidth || h < minHeight {
		l.small = true
		m.lay = l
		return
	}
	l.bodyH = h - 2 // status line, help bar
	l.narrow = w < wideMin
	col := rect{x: 0, y: 0, w: w, h: l.bodyH}
	if !l.narrow {
		lw := min(max(w*2/5, 32), 56)
		l.list = rect{0, 0, lw, l.bodyH}
		col = rect{x: lw + 1, y: 0, w: w - lw - 1, h: l.bodyH}
	}
	// The article column: breadcrumb, article, rule, related.
	// Related stories take a third of a tall column (five at most), a
	// quarter of a short one: the article comes first.
	relH := 0
	switch {
	case col.h >= 30:
		relH = min(relRows*5, col.h/3/relRows*relRows)
	case col.h >= 10:
		relH = col.h / 4 / relRows * relRows
	}
	top := 0
	if col.h >= 4 {
		l.crumb = rect{col.x, 0, col.w, 1}
		top = 1
	}
	artH := col.h - top - relH
	if col.h >= 4 {
		artH-- // the rule
	}
	l.article = rect{col.x, top, col.w, max(artH, 1)}
	if col.h >= 4 {
		l.rule = rect{col.x, top + l.article.h, col.w, 1}
	}
	l.related = rect{col.x, l.rule.y + 1, col.w, relH}
	l.showList, l.showArticle = true, true
	if l.narrow {
		l.showList = m.focus == focusList || m.mode == modeSearch
		l.showArticle = !l.showList
		if l.showList {
			l.list = rect{0, 0, w, l.bodyH}
		}
	}
	m.lay = l
	// A hidden article keeps its size, and so its rendering.
	m.list.SetSize(l.list.w, l.list.h)
	m.article.SetSize(l.article.w, l.article.h)
	m.related.SetSize(l.related.w, l.related.h)
	m.links.SetSize(l.related.w, l.related.h)
	m.search.SetWidth(l.list.w)
	m.help.SetWidth(w - 1) // the bar starts one column in
}

func (m app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		oldW := m.article.want.Width
		m.relayout()
		if id, ok := m.currentID(); ok && (m.wrapWidth() != oldW || !m.article.ready) {
			return m, m.show(id, -1)
		}
		return m, nil

	case tea.BackgroundColorMsg:
		if m.styleOpt != "" || msg.IsDark() == m.isDark {
			return m, nil
		}
		m.isDark = msg.IsDark()
		m.restyle()
		if id, ok := m.currentID(); ok {
			return m, m.show(id, -1)
		}
		return m, nil

	case tea.KeyPressMsg:
		m.status, m.statusErr = "", false
		m.touched = true
		return m.handleKey(msg)

	case tea.MouseWheelMsg:
		m.touched = true
		return m.handleWheel(msg)

	case tea.MouseClickMsg:
		m.touched = true
		return m.handleClick(msg)

	case renderedMsg:
		if msg.key.Head {
			m.article.Rendered(msg)
			return m, nil
		}
		delete(m.pending, msg.key)
		if msg.err == nil {
			m.cache.put(msg.key, msg.lines)
		}
		wanted := msg.key == m.article.want
		m.article.Rendered(msg)
		if wanted {
			return m, m.prefetch()
		}
		return m, nil

	case relatedMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		delete(m.relPending, msg.id)
		if msg.err != nil {
			if msg.id == m.related.forID {
				m.setStatus(msg.err.Error(), true)
			}
		} else {
			m.relCache[msg.id] = msg.items
		}
		if msg.id != m.related.forID {
			return m, nil // a prefetch
		}
		m.related.SetItems(msg.id, msg.items)
		if m.focus == focusRelated && len(m.related.items) == 0 {
			m.setFocus(focusArticle)
		}
		if m.article.ready {
			return m, m.prefetch() // the first related stories, now known
		}
		return m, nil

	case hitsMsg:
		if msg.seq != m.searchSeq {
			return m, nil // an older query: a newer one is on its way
		}
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
		}
		m.results = msg.query
		m.list.SetItems(hitItems(msg.hits, m.src.Get), "")
		m.list.cursor, m.list.offset = 0, 0
		m.setListHeader()
		if id, ok := m.list.Selected(); ok {
			return m, m.visit(id, true)
		}
		return m, nil

	case jumpMsg:
		return m, m.jump(msg.id)

	case openedMsg:
		if msg.err != nil {
			m.setStatus("Could not open "+msg.link+": "+msg.err.Error(), true)
		} else {
			m.setStatus("Opened "+msg.link, false)
		}
		return m, nil

	case SourceMsg:
		return m, tea.Batch(m.swapSource(msg), waitUpdate(m.updates))

	case updatesClosedMsg:
		m.updates, m.loading = nil, false
		m.setListHeader()
		return m, nil
	}

	if m.mode == modeSearch {
		return m.handleSearchKey(msg)
	}
	return m, nil
}

// currentID is the article in the article pane.
func (m app) currentID() (string, bool) {
	if m.article.art != nil {
		return m.article.art.ID, true
	}
	return "", false
}

func (m *app) restyle() {
	m.styles = newStyles(m.isDark, m.noColor)
	m.list.styles = m.styles
	m.article.styles = m.styles
	m.related.styles = m.styles
	m.links.styles = m.styles
	m.search.restyle(m.styles)
	m.help.Styles = m.styles.Help
}

// swapSource takes a new snapshot: the list is rebuilt, the selection and
// the article being read are kept by ID, results and related are asked
// again of the new snapshot.
func (m *app) swapSource(msg SourceMsg) tea.Cmd {
	src := msg.Src
	if src == nil {
		src = emptySource{}
	}
	m.src = src
	m.gen++
	m.loaded, m.total, m.loading = msg.Loaded, msg.Total, !msg.Done
	if msg.Err != nil {
		m.setStatus(oneLine(msg.Err.Error()), true)
	}
	var cmds []tea.Cmd
	keep, _ := m.list.Selected()
	if !m.touched {
		// Nobody has moved yet: stay on the top of the list, whatever it
		// now holds, and forget the article shown on its own.
		keep, m.history = "", History{}
		m.list.cursor = 0
	}
	q := m.results
	if m.mode == modeSearch {
		q = strings.TrimSpace(m.search.Query()) // typed since the last results
	}
	if (m.showResults || m.mode == modeSearch) && q != "" {
		m.searchSeq++
		cmds = append(cmds, searchCmd(m.src, m.searchSeq, q))
	} else {
		m.list.SetItems(articleItems(src.List()), keep)
	}
	m.setListHeader()
	m.history = m.history.Retitle(func(id string) (string, bool) {
		a, ok := m.src.Get(id)
		if !ok || a == nil {
			return "", false
		}
		return oneLine(a.Title), true
	})
	m.related.forID = "" // ask the new snapshot
	m.relCache, m.relPending = map[string][]store.Related{}, map[string]bool{}
	if cur, ok := m.history.Current(); ok {
		if _, ok := m.src.Get(cur.ID); ok {
			cmds = append(cmds, m.show(cur.ID, -1))
			return tea.Batch(cmds...)
		}
	}
	if id, ok := m.list.Selected(); ok {
		m.history = m.history.Visit(m.entry(id, true))
		cmds = append(cmds, m.show(id, 0))
	} else {
		cmds = append(cmds, m.show("", 0))
	}
	return tea.Batch(cmds...)
}

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

// View draws the whole screen: exactly height lines of exactly width
// columns.
func (m app) View() tea.View {
	v := tea.NewView(m.content())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	if m.mode == modeSearch && !m.lay.small {
		if c := m.search.Cursor(); c != nil {
			c.X += m.lay.list.x
			c.Y += m.lay.list.y
			v.Cursor = c
		}
	}
	return v
}

func (m app) content() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.lay.small {
		msg := fmt.Sprintf("terminal too small (need %dx%d)", minWidth, minHeight)
		return block([]string{m.styles.Error.Render(cut(msg, w, ""))}, w, h)
	}
	rows := make([]string, 0, h)
	if m.mode == modeHelp {
		full := m.help.FullHelpView(m.helpKeys().FullHelp())
		title := m.styles.Brand.Render(" lede") + m.styles.Hint.Render(" — keys")
		body := append([]string{title, ""}, indent(strings.Split(full, "\n"), " ")...)
		notes := "Mouse: the wheel scrolls the pane under it; a click picks a headline or a related story. " +
			"Related stories show their likeness as a bar and the words they share; [version] marks another " +
			"report of the same event. [ and ] walk the trail shown above the article."
		body = append(body, "")
		for _, l := range strings.Split(ansi.Wordwrap(notes, min(w-2, 90), ""), "\n") {
			body = append(body, " "+m.styles.Hint.Render(l))
		}
		rows = append(rows, strings.Split(block(body, w, m.lay.bodyH), "\n")...)
	} else {
		rows = append(rows, m.body()...)
	}
	rows = append(rows, m.statusLine(), block([]string{" " + m.help.ShortHelpView(m.helpKeys().ShortHelp())}, w, 1))
	return strings.Join(rows, "\n")
}

func indent(lines []string, pad string) []string {
	for i := range lines {
		lines[i] = pad + lines[i]
	}
	return lines
}

func (m app) helpKeys() helpKeys {
	return helpKeys{k: m.keys, focus: m.focus, mode: m.mode, narrow: m.lay.narrow, results: m.showResults,
		empty: len(m.list.items) == 0}
}

// body draws the panes: bodyH rows.
func (m app) body() []string {
	l := m.lay
	var left, right []string
	if l.showList {
		lv := m.list.View()
		if m.mode == modeSearch {
			// The query line takes the list's header row, the count of
			// matches at its right.
			lv = m.search.View(m.matchCount()) + lv[strings.IndexByte(lv+"\n", '\n'):]
		}
		left = strings.Split(lv, "\n")
	}
	if !l.showList {
		left = nil
	}
	if l.showArticle {
		right = m.articleColumn()
	}
	rows := make([]string, l.bodyH)
	sep := m.styles.Separator.Render("│")
	for i := range rows {
		switch {
		case left != nil && right != nil:
			rows[i] = at(left, i, l.list.w) + sep + at(right, i, m.width-l.list.w-1)
		case left != nil:
			rows[i] = at(left, i, m.width)
		default:
			rows[i] = at(right, i, m.width)
		}
	}
	return rows
}

func (m app) matchCount() string {
	if !m.showResults {
		return ""
	}
	return matches(len(m.list.items)) + " "
}

// matches counts results; the store is asked for maxHits, so that many
// means there may be more.
func matches(n int) string {
	switch {
	case n == 1:
		return "1 match"
	case n >= maxHits:
		return fmt.Sprintf("%d+ matches", maxHits)
	}
	return fmt.Sprintf("%d matches", n)
}

func at(lines []string, i, w int) string {
	if i < len(lines) {
		return lines[i]
	}
	return strings.Repeat(" ", max(w, 0))
}

// articleColumn is breadcrumb, article, rule and related, bodyH rows.
func (m app) articleColumn() []string {
	l := m.lay
	w := l.article.w
	var rows []string
	if l.crumb.w > 0 {
		rows = append(rows, block([]string{m.breadcrumb(w)}, w, 1))
	}
	rows = append(rows, strings.Split(m.article.View(), "\n")...)
	if l.rule.w > 0 {
		rows = append(rows, m.rule(w))
	}
	if l.related.h > 0 {
		if m.focus == focusLinks {
			rows = append(rows, strings.Split(m.links.View(), "\n")...)
		} else {
			rows = append(rows, strings.Split(m.related.View(), "\n")...)
		}
	}
	return rows
}

// breadcrumb is the trail that led here, oldest first, cut at the left.
func (m app) breadcrumb(w int) string {
	s := m.styles
	trail := m.history.Trail()
	if len(trail) == 0 || m.article.art == nil {
		return ""
	}
	sep := s.CrumbSep.Render(" › ")
	// Share the width among the titles, within reason; what still does not
	// fit is dropped from the oldest end.
	each := min(max((w-1-3*(len(trail)-1))/len(trail), 16), 32)
	parts := make([]string, len(trail))
	for i, e := range trail {
		t := shortTitle(e.Title, each)
		if i == len(trail)-1 {
			parts[i] = s.CrumbCur.Render(t)
		} else {
			parts[i] = s.Crumb.Render(t)
		}
	}
	lead := " "
	line := lead + strings.Join(parts, sep)
	for len(parts) > 1 && ansi.StringWidth(line) > w {
		parts = parts[1:]
		line = lead + s.Crumb.Render("…") + sep + strings.Join(parts, sep)
	}
	return fit(line, w)
}

// shortTitle cuts a title at a word to at most n columns.
func shortTitle(t string, n int) string {
	if ansi.StringWidth(t) <= n {
		return t
	}
	cut := cut(t, n-1, "")
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,:;—-") + "…"
}

// rule separates the article from its related stories and carries the
// scroll position.
func (m app) rule(w int) string {
	s := m.styles
	label := " Related "
	if m.focus == focusLinks {
		label = " Links (enter opens, y copies, esc leaves) "
	} else if m.focus == focusRelated {
		label = " Related (enter jumps, esc leaves) "
	} else if len(m.related.items) > 0 {
		label = " Related · 1-9 or r "
	}
	pos := m.article.Position()
	if pos != "" {
		pos = " " + pos + " "
	}
	left := s.Rule.Render("─") + s.RuleLabel.Render(label)
	right := s.Position.Render(pos) + s.Rule.Render("─")
	fill := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if fill < 1 {
		return fit(left, w)
	}
	return left + s.Rule.Render(strings.Repeat("─", fill)) + right
}

// statusLine says where the reader is: position in the list, search,
// loading progress, and the last message.
func (m app) statusLine() string {
	s := m.styles
	var left string
	left = s.Brand.Render(" lede ")
	if n := len(m.list.items); n > 0 {
		what := "article"
		if m.showResults {
			what = "result"
		}
		left += s.Status.Render(fmt.Sprintf(" %s %d of %d", what, m.list.cursor+1, n))
	}
	if a := m.article.art; a != nil && m.focus != focusList {
		left += s.Status.Render(" · reading")
	}
	var right string
	if m.loading {
		if m.total > 0 {
			right = s.Progress.Render(fmt.Sprintf("loading %d/%d ", m.loaded, m.total))
		} else {
			right = s.Progress.Render("loading… ")
		}
	}
	if m.status != "" {
		st := s.Message
		if m.statusErr {
			st = s.Error
		}
		left += s.Status.Render("  │ ") + st.Render(oneLine(m.status))
	}
	rw := ansi.StringWidth(right)
	left = fit(left, max(m.width-rw, 0))
	gap := m.width - ansi.StringWidth(left) - rw
	if gap < 0 {
		return fit(left, m.width)
	}
	return left + strings.Repeat(" ", gap) + right
}
