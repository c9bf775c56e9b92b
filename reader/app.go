package reader

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
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
	modeBrowse   mode = iota
	modeSearch        // the query line has every key
	modeHelp          // full help over the panes
	modeCompare       // a story's versions compared, over the panes
	modeProblems      // every problem loading met, over the panes
	modeFeeds         // the feed picker (c), over the panes
)

const (
	wideMin         = 100 // columns from which list and article sit side by side
	minWidth        = 20  // below this (or minHeight) only "terminal too small"
	minHeight       = 6
	renderCacheSize = 256
	// denseBelow is the terminal height under which the list shows one
	// row a headline unless the reader chose otherwise (d).
	denseBelow = 32
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
	// crumb is the row above the article for the breadcrumb or the find
	// line, where one is shown (crumbShown); crumbRoom: the column is
	// tall enough for it.
	crumb     rect
	crumbRoom bool
	article   rect
	rule      rect
	related   rect
	// listRoom is the rows under the rule for related stories or links,
	// even when there are no related stories to fill them.
	listRoom int
}

// app is the root model, the only one that returns a tea.View. It owns the
// layout, focus and mode, routes messages to the panes and turns their
// intents (select, jump, open a link, search) into store queries and
// render commands. What is asked of the store and of glamour, and what
// came back, is kept by two types of their own: the render queue and the
// related cache.
type app struct {
	src     Source
	loaded  int
	total   int
	loading bool
	updates <-chan SourceMsg
	// settle calls Options.Settled at the first pause in the keys once
	// the store is whole (settle.go).
	settle *settling
	// touched turns true at the first key or click: until then the reader
	// follows the top of the list as snapshots arrive (with --sort date,
	// the newest story, not the seed that happened to load first).
	touched bool
	// paged: the reader opened on a library's first page (Paging), the
	// newest headlines already; the snapshots of the load after it keep
	// the article read beside the list, touched or not. Once the load is
	// done it is false again: new headlines an update brings go on top
	// of the list, which an untouched reader follows.
	paged    bool
	styleOpt string
	isDark   bool
	noColor  bool

	width, height int
	lay           layout
	// listShift is how far < and > have moved the list's edge from where
	// the width puts it; denseChosen: d has chosen the list's density.
	listShift   int
	denseChosen bool
	focus       focus
	mode        mode
	prevMode    mode       // to return to from help
	sheetTop    int        // the first line of the help or problems shown (sheet.go)
	prompt      linkPrompt // o or y waiting for a link's number

	// listWidth is the settings' width of the list (0: two fifths).
	listWidth int
	// colors are the settings' colours: [0] on dark, [1] on light.
	colors [2]map[string]string

	keys   *keyMap
	styles *Styles
	help   help.Model

	list    listModel
	article articleModel
	related relatedModel
	links   linksModel
	search  searchModel
	compare compareModel
	feeds   feedsModel
	// hitsIndexing: the results the list shows came from a snapshot
	// whose index was not built yet (so there were none, for now).
	hitsIndexing bool
	// before is the list's selection when a search began (not a second
	// `/` over results), to go back to when the search is left.
	before savedList

	// arrange is the list's order and section, chosen with T and #.
	arrange arrangement

	history History
	// places is where each article was left, this session: it opens there
	// again however it is reached (list, trail, search, jump).
	places  map[string]int
	renders *renderQueue
	rel     *relatedCache
	// first is what newApp's first show asked for, returned by Init;
	// watching is the timer of the periodic update and the following of
	// the library, started by newApp, returned by Init too.
	first    tea.Cmd
	watching tea.Cmd
	// firstDwell is the dwell of newApp's first show, started by Init
	// (through state.wait, which tests replace after newApp); seq 0 is
	// none. starting is true while newApp makes that show.
	firstDwell dwellMsg
	starting   bool
	// dwellID is the article the last dwell started is for; relisting
	// is true while a filter, a sort, a search or a snapshot puts
	// another article in the pane: no dwell for that (dwell.go).
	dwellID   string
	relisting bool

	status    string
	statusErr bool
	// statusSeq numbers the statuses posted (a key's clearing too);
	// acceptSeq is the one enter posted with results kept, which the
	// results of its search, finished, may post again with why they are
	// not quite what it asked: never over a status posted since.
	statusSeq, acceptSeq int
	// statusShort says what status says in fewer columns, longest
	// first, shown where status does not fit (none: status is cut);
	// setStatusOr and setStatusIn set it.
	statusShort []string
	// problems is what ! lists and the status line counts (problems.go:
	// joinProblems): kept, the session's problems (loading, a full text,
	// following), cleaned, once each; updateErr, what the reader's last
	// update met beyond its feeds; feedsFailed, the feeds whose last
	// update failed (the library's answer or the reader's update,
	// whichever is newer; feedsAsked counts the updates, so an answer
	// asked before one is not taken).
	problems, kept, updateErr, feedsFailed []string
	feedsAsked                             int
	// fullTextFailed is the line kept of each article whose full text
	// (f) failed last: a later f that works, or fails otherwise, takes
	// it out of kept.
	fullTextFailed map[string][]string

	open opener
	// openIn hands the terminal to a link's opener until it quits (a
	// text browser); nil: open starts it apart from the terminal.
	openIn func(link string) tea.Cmd

	// state is reading state: marks, filters, updates (library.go).
	state readingState
	// expanded holds the stories whose versions the list shows (V);
	// expandGen numbers each set of them.
	expanded  map[string]bool
	expandGen int
	// srcGen numbers the snapshots src has held; lists keeps what the
	// list is made of, for one of them.
	srcGen int
	lists  *listCache
	// prefetchSeq numbers the prefetches asked for: only the latest runs.
	prefetchSeq int
	// frame is the last view drawn, for a message that changes nothing on
	// screen (view.go).
	frame *lastFrame
	// head is the first screens of the best result of a search, rendered
	// in the search's command, while takeHits shows it (best.go).
	head *renderedMsg
}

func newApp(src Source, opts Options) app {
	if src == nil {
		src = emptySource{}
	}
	keys := newKeyMap()
	keys.bind(opts.Keys)
	bg := newLane() // prefetch's renderings and related stories, one at a time
	m := app{
		src:      src,
		updates:  opts.Updates,
		loading:  opts.Updates != nil,
		styleOpt: opts.Style,
		isDark:   opts.Style != StyleLight,
		noColor:  opts.NoColor,
		keys:     &keys,
		help:     help.New(),
		renders:  newRenderQueue(renderCacheSize),
		places:   map[string]int{},
		rel:      newRelatedCache(bg),
		lists:    &listCache{},
		frame:    &lastFrame{},
		settle:   &settling{fn: opts.Settled},
	}
	m.renders.lane = bg
	m.open, m.openIn = openers(opts.Opener, opts.OpenerInTerminal)
	m.listWidth = opts.ListWidth
	m.colors = [2]map[string]string{opts.DarkColors, opts.LightColors}
	m.styles = paletteStyles(m.isDark, m.noColor, m.palette())
	m.list = newList(m.keys, m.styles)
	m.article = newArticle(m.keys, m.styles)
	m.related = newRelated(m.keys, m.styles)
	m.links = newLinks(m.keys, m.styles)
	m.search = newSearch(m.keys, m.styles)
	m.compare = newCompare(m.keys, m.styles)
	m.feeds = newFeeds(m.keys, m.styles)
	m.help.Styles = m.styles.Help
	m.state = newReading(opts.Context, opts.Library)
	m.list.stateOf = stateFunc(m.state, m.lists)
	// Updates every update interval, the first now if the last is old;
	// and what other processes change in the library shows as it does.
	m.watching = tea.Batch(m.askDue(), m.follow())
	if opts.Density == "dense" || opts.Density == "roomy" {
		m.denseChosen = true
		m.list.SetDense(opts.Density == "dense")
	}
	m.list.SetItems(m.listItems(), "")
	m.setFocus(focusList)
	m.setListHeader()
	m.addProblems(opts.Problems...)
	if len(opts.Intro) > 0 {
		m.setStatusIn(false, opts.Intro...)
	}
	if id, ok := m.list.Selected(); ok {
		m.history = m.history.Visit(m.entry(id, true))
		// No size yet: the render waits for the first WindowSizeMsg; the
		// related stories are asked for at once.
		m.starting = true
		m.first = m.show(id, m.position(id))
		m.starting = false
	}
	m.relayout()
	return m
}

func (m app) Init() tea.Cmd {
	var cmds []tea.Cmd
	if m.styleOpt == "" {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	cmds = append(cmds, waitUpdate(m.updates), m.first, m.watching, m.askFeedErrors(false), m.askSettle(), m.feedRowsAhead())
	if m.firstDwell.seq != 0 {
		cmds = append(cmds, m.state.wait(m.firstDwell))
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

// maxMeasure is the widest an article is set, however wide the pane: lines
// much longer than this are hard to read.
const maxMeasure = 100

func (m *app) setFocus(f focus) {
	if f == focusRelated && m.related.Len() == 0 {
		m.setStatus("No related stories here.", false)
		return
	}
	if f == focusLinks && m.lay.listRoom == 0 {
		m.setStatus("No room to list links here; "+m.keys.Link.Help().Key+" and a number open one.", false)
		return
	}
	m.focus = f
	m.list.SetFocused(f == focusList)
	m.article.SetFocused(f == focusArticle)
	m.related.SetFocused(f == focusRelated)
	m.relayout()
}

func (m *app) setStatus(s string, isErr bool) {
	m.status, m.statusErr, m.statusShort = s, isErr, nil
	m.statusSeq++
}

// setStatusOr posts s, or short where s does not fit the status line:
// a narrow terminal still says what happened, a wide one says it whole.
func (m *app) setStatusOr(s, short string, isErr bool) {
	m.setStatusIn(isErr, s, short)
}

// setStatusIn posts the first of forms (longest first) that fits the
// status line.
func (m *app) setStatusIn(isErr bool, forms ...string) {
	m.setStatus(forms[0], isErr)
	for _, f := range forms[1:] {
		if f != "" {
			m.statusShort = append(m.statusShort, f)
		}
	}
}

func (m app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.update(msg)
	if a, ok := next.(app); ok && a.lay.crumbRoom && a.crumbShown() != (a.lay.crumb.w > 0) {
		// A trail began or ended (a jump, back, a read from the list) or
		// the find line opened or closed: the row above the article is
		// the article's where neither is shown.
		a.relayout()
		a.frame.changed()
		return a, cmd
	}
	return next, cmd
}

func (m app) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.frame.changed() // what follows may change the screen, unless it says not
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		return m, m.resized()

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

	case tea.ModeReportMsg:
		// The terminal says whether it clusters graphemes: measure as it
		// draws, and render the article again if that changes its lines.
		if on, about := clustersFrom(msg); about && on != clusters.Load() {
			clusters.Store(on)
			m.relayout()
			if id, ok := m.currentID(); ok {
				return m, m.show(id, -1)
			}
		}
		return m, nil

	case tea.KeyPressMsg:
		m.setStatus("", false)
		m.touched = true
		m.settle.keyed()
		return dwellingIn(m.focus)(keepingPosition(m.handleKey(msg)))

	case compareMsg:
		if id, ok := m.currentID(); !ok || id != msg.id {
			if sel, ok := m.list.Selected(); !ok || sel != msg.id {
				return m, nil // the reader has moved on
			}
		}
		m.compare.Set(msg.c)
		m.mode = modeCompare
		m.relayout()
		return m, nil

	case tea.MouseWheelMsg:
		m.setStatus("", false)  // a message belongs to the moment it was made
		m.prompt = linkPrompt{} // and a link prompt to the keys typed into it
		m.touched = true
		m.settle.keyed()
		return keepingPosition(m.handleWheel(msg))

	case dwellMsg:
		if m.dwelt(msg) {
			m.markRead(msg.id)
			return m, nil
		}
		m.frame.unchanged()
		return m, nil

	case dueMsg:
		return m, m.dueAnswer(msg)

	case dueTickMsg:
		m.frame.unchanged()
		if msg.seq != m.state.due {
			return m, nil // a timer set before the last update
		}
		return m, m.askDue()

	case followedMsg:
		return m, tea.Batch(m.followed(msg), m.askFeedErrors(false))

	case feedErrorsMsg:
		m.takeFeedErrors(msg)
		return m, nil

	case updatedMsg:
		return m, m.updated(msg)

	case markedMsg:
		return m, m.marked(msg)

	case fullTextMsg:
		return m, m.fullText(msg)

	case tea.MouseClickMsg:
		m.setStatus("", false)
		m.prompt = linkPrompt{}
		m.touched = true
		m.settle.keyed()
		return dwellingIn(m.focus)(m.handleClick(msg))

	case renderedMsg:
		next := m.renders.Done(msg)
		wanted := msg.key == m.article.Wanted()
		if !wanted && (!msg.key.Head || msg.key.ID != m.article.Wanted().ID) {
			// A prefetch, or a rendering the reader has moved on from:
			// cached, not shown.
			m.frame.unchanged()
		}
		m.article.Rendered(msg)
		if wanted {
			return m, tea.Batch(next, m.prefetchSoon())
		}
		return m, next

	case relatedMsg:
		if !m.rel.Take(msg) {
			m.frame.unchanged()
			return m, nil // about an older snapshot
		}
		if msg.id != m.related.For() {
			m.frame.unchanged()
			return m, nil // a prefetch
		}
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
		}
		m.related.SetItems(msg.id, msg.items)
		if m.focus == focusRelated && m.related.Len() == 0 {
			m.setFocus(focusArticle)
		}
		m.relayout()
		if m.article.Ready() {
			return m, m.prefetchSoon() // the first related stories, now known
		}
		return m, nil

	case prefetchMsg:
		m.frame.unchanged() // prefetch asks for work; nothing shows yet
		if msg.seq != m.prefetchSeq {
			return m, nil // the reader has moved on: a newer one will come
		}
		return m, m.prefetch()

	case hitsMsg:
		if !m.search.Take(msg) {
			return m, nil // an older query: a newer one is on its way
		}
		if m.search.Finished(msg) && m.statusSeq == m.acceptSeq {
			m.resultsStatus(msg.query) // with why, where they are not quite what it asked
		}
		return m, m.takeHits(msg)

	case snippetsMsg:
		if !m.search.TakeSnippets(msg) {
			m.frame.unchanged()
			return m, nil // an older query's, or the results are gone
		}
		// The same hits, in the same order, now each with its snippet:
		// the selection stays where it is.
		id, _ := m.list.Selected()
		m.list.SetItems(hitItems(msg.hits, m.src), id)
		return m, nil

	case openedMsg:
		switch {
		case msg.err != nil:
			why := oneLine(msg.err.Error())
			m.setStatusOr("Could not open "+msg.link+": "+why, "Not opened: "+why, true)
		case msg.back != "":
			m.setStatus("Back from "+msg.back+".", false)
		default:
			m.setStatus("Opened "+msg.link, false)
		}
		return m, nil

	case SourceMsg:
		return m, tea.Batch(m.takeLoad(msg), waitUpdate(m.updates), m.follow(), m.askSettle(), m.feedRowsAhead())

	case feedRowsMsg:
		m.frame.unchanged()
		m.takeFeedRows(msg)
		return m, nil

	case updatesClosedMsg:
		m.updates, m.loading, m.state.ahead = nil, false, false
		m.setListHeader()
		return m, tea.Batch(m.follow(), m.askSettle())

	case settleMsg:
		m.frame.unchanged()
		return m, m.settled(msg)
	}

	if m.mode == modeSearch {
		return m.handleSearchKey(msg)
	}
	if _, paste := msg.(tea.PasteMsg); paste && m.mode == modeFeeds {
		return m.feedsInput(msg)
	}
	return m, nil
}

// resultsStatus is the status line of results kept (enter): what they
// are and how to leave them, with why they are not quite what the query
// asked, where they are not (searchModel.Note), where it fits.
func (m *app) resultsStatus(query string) {
	q := oneLine(query)
	var forms []string
	if _, note := m.search.Note(); note != "" {
		forms = append(forms, fmt.Sprintf("Results for “%s”: %s · esc: back to the list", oneLine(m.search.Shown()), note))
	}
	if scope, leave := m.searchScope(); scope != "" {
		forms = append(forms, fmt.Sprintf("Results for “%s”%s · esc: %s", q, scope, leave),
			fmt.Sprintf("Results for “%s” · esc: back to the list", q), fmt.Sprintf("“%s” · esc: back to the list", q))
	} else {
		forms = append(forms, fmt.Sprintf("Results for “%s” · esc shows all articles", q),
			fmt.Sprintf("“%s” · esc: all articles", q))
	}
	m.setStatusIn(false, forms...)
}

// resized lays the screen out again and renders the article again if its
// width changed.
func (m *app) resized() tea.Cmd {
	oldW := m.article.Wanted().Width
	m.relayout()
	if id, ok := m.currentID(); ok && (m.wrapWidth() != oldW || !m.article.Ready()) {
		return m.show(id, -1)
	}
	return nil
}

// act does what a pane's intent asks: every intent lands here.
func (m *app) act(in intent) tea.Cmd {
	switch in := in.(type) {
	case selectIntent:
		cmd := m.visit(in.id, true)
		if in.click {
			m.markRead(in.id)
		}
		return tea.Batch(cmd, m.moreResults())
	case readIntent:
		if a := m.article.Article(); a != nil {
			m.setFocus(focusArticle)
			m.markRead(a.ID)
		}
	case jumpIntent:
		cmd := m.jump(in.id)
		m.markRead(in.id)
		return cmd
	case linkIntent:
		return m.useLink(in.link, in.copy)
	case queryIntent:
		if in.query == "" || !searchable(in.query) {
			// Nothing to search yet (one letter): the list as it was,
			// and the header says to keep typing.
			m.search.ShowAll()
			cmd := m.restoreItems()
			m.setListHeader()
			return cmd
		}
		return m.search.Run(m.src, in.query, m.bestAhead())
	case acceptIntent:
		// The results of the last query typed may still be on their way:
		// they are kept when they come.
		if in.query == "" {
			return m.restoreList()
		}
		finish := m.search.Finish(m.src, in.query) // its last word whole, as lede search has it
		m.search.Keep()
		m.mode = modeBrowse
		m.setListHeader()
		m.relayout()
		m.resultsStatus(in.query)
		m.acceptSeq = m.statusSeq
		return finish
	case cancelIntent:
		return m.restoreList()
	}
	return nil
}

// currentID is the article in the article pane.
func (m app) currentID() (string, bool) {
	if a := m.article.Article(); a != nil {
		return a.ID, true
	}
	return "", false
}

// palette is the settings' colours for the background now.
func (m app) palette() map[string]string {
	if m.isDark {
		return m.colors[0]
	}
	return m.colors[1]
}

func (m *app) restyle() {
	m.styles = paletteStyles(m.isDark, m.noColor, m.palette())
	m.list.SetStyles(m.styles)
	m.article.SetStyles(m.styles)
	m.related.SetStyles(m.styles)
	m.links.SetStyles(m.styles)
	m.search.restyle(m.styles)
	m.compare.SetStyles(m.styles)
	m.feeds.SetStyles(m.styles)
	m.help.Styles = m.styles.Help
}

// takeLoad takes a snapshot the load brings: swapped in, unless the
// library made a newer one meanwhile (an update that ended while the
// load went on: takeSnapshot), which stays; then only how far the load
// is and the problems it met are taken.
func (m *app) takeLoad(msg SourceMsg) tea.Cmd {
	if !m.state.ahead {
		return m.swapSource(msg)
	}
	m.progress(msg)
	m.state.ahead = m.loading
	m.setListHeader()
	return nil
}

// progress takes what a snapshot says of the load: how far it is, and
// what went wrong.
func (m *app) progress(msg SourceMsg) {
	m.loaded, m.total, m.loading = msg.Loaded, msg.Total, !msg.Done
	if msg.Err != nil {
		m.setStatus(oneLine(msg.Err.Error()), true)
	}
	m.addProblems(msg.Problems...)
	m.addProblems(msg.Err)
}

// swapSource takes a new snapshot: the list is rebuilt, the selection and
// the article being read are kept by ID, results and related are asked
// again of the new snapshot.
func (m *app) swapSource(msg SourceMsg) tea.Cmd {
	defer m.relist()()
	src := msg.Src
	if src == nil {
		src = emptySource{}
	}
	m.paged = m.paged || pageOf(m.src) > 0
	m.src = src
	m.srcGen++
	if msg.grouped {
		m.lists.groups, m.lists.groupsGen, m.lists.grouped = msg.groups, m.srcGen, true
	}
	m.rel.Reset()
	m.progress(msg)
	paged := m.paged
	m.paged = m.paged && m.loading // this snapshot ends the load: the page is behind
	var cmds []tea.Cmd
	keep, _ := m.list.Selected()
	if !m.touched && !paged {
		// Nobody has moved yet: stay on the top of the list, whatever it
		// now holds, and forget the article shown on its own. (After a
		// library's first page, which is the newest headlines already,
		// the article read beside it stays: the rest arriving changed
		// the article under the reader's eyes.)
		keep, m.history = "", History{}
		m.list.MoveTo(0)
	}
	if again := m.search.Again(m.src, m.bestAhead()); again != nil {
		cmds = append(cmds, again)
	} else {
		items := m.listItems()
		m.list.SetItemsInPlace(items, storyRow(items, m.src, keep))
	}
	m.setListHeader()
	m.history = m.history.Retitle(func(id string) (string, bool) {
		a, ok := head(m.src, id)
		if !ok || a == nil {
			return "", false
		}
		return oneLine(a.Title), true
	})
	m.related.Forget() // ask the new snapshot
	if cur, ok := m.history.Current(); ok {
		if _, ok := head(m.src, cur.ID); ok {
			cmds = append(cmds, m.show(cur.ID, -1))
			return tea.Batch(cmds...)
		}
	}
	if id, ok := m.list.Selected(); ok {
		m.history = m.history.Visit(m.entry(id, true))
		cmds = append(cmds, m.show(id, m.position(id)))
	} else {
		cmds = append(cmds, m.show("", 0))
	}
	return tea.Batch(cmds...)
}

// moreResults asks for more of a search's results once the list's
// cursor is within a screen of the last of them, where the search gave
// as many as it asked for (more may match): run again for twice as
// many, the cursor kept on its result (searchModel.More). A letter's
// search asks for maxHits alone; only reading down its results asks for
// more, each time twice as many, so that the last of N is a few runs
// away. Not while a query typed is on its way.
func (m *app) moreResults() tea.Cmd {
	if !m.moreToShow() || m.search.Active() && strings.TrimSpace(m.search.Query()) != m.search.Results() {
		return nil
	}
	page := m.list.perPage() // headlines, not lines
	if m.list.Cursor() < m.list.Len()-1-page {
		return nil
	}
	return m.search.More(m.src, m.list.Cursor()+page+1)
}

// moreToShow says the list shows a search's results, as many as it asked
// for: more may match (the header says "100+ matches").
func (m app) moreToShow() bool {
	return m.search.Showing() && m.search.Results() != "" && m.search.Full()
}

// takeHits shows the results of the latest query in the list.
func (m *app) takeHits(msg hitsMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus(msg.err.Error(), true)
	}
	m.search.Later(msg) // the snippets of rows off screen: with the prefetch
	defer m.relist()()  // a result in the pane is no article chosen
	m.takeAhead(msg.best)
	defer func() { m.head = nil }() // for this message's show alone
	// Results searched for on headlines still indexing were none: the
	// first search of the index built is the query's first results.
	wasIndexing := m.hitsIndexing
	m.hitsIndexing = indexing(m.src)
	if m.search.Rerun(msg) && !wasIndexing {
		// The same query on a new snapshot (an update, a change
		// elsewhere): the cursor stays on its result, or at its row,
		// and the article being read stays, as in the list. The
		// article beside the list follows a cursor its result left,
		// unless it is being read (in the article pane, a related
		// story, the links); no results, no article beside them.
		keep, _ := m.list.Selected()
		at := m.list.Cursor()
		m.list.SetItems(hitItems(msg.hits, m.src), keep)
		if sel, _ := m.list.Selected(); sel != keep {
			m.list.MoveTo(min(at, m.list.Len()-1))
		}
		if m.search.ToEnd(msg, keep) {
			m.list.MoveTo(m.list.Len() - 1) // G: the last of them all
		}
		m.setListHeader()
		id, ok := m.list.Selected()
		_, reading := m.currentID()
		switch {
		case !ok && (!reading || m.focus == focusList):
			return m.show("", 0)
		case ok && (!reading || id != keep && m.focus == focusList):
			return m.visit(id, true)
		}
		return m.prefetchSoon() // the snippets below: nothing else waits
	}
	// A query the reader typed: its best result first, or, where it has
	// none, no article beside the empty list (not the best result of
	// the query before it).
	m.list.SetItems(hitItems(msg.hits, m.src), "")
	m.list.MoveTo(0)
	m.setListHeader()
	if id, ok := m.list.Selected(); ok {
		return m.visit(id, true)
	}
	return m.show("", 0)
}
