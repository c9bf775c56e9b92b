package reader

import (
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

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
