package reader

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Drawing: the layout for the current size, focus and mode, and the frame
// — exactly height lines of exactly width columns.

func (m *app) setListHeader() {
	n := m.list.Len()
	results := m.search.Showing() || m.mode == modeSearch
	var header string
	var shorter, empty []string
	switch {
	case m.mode == modeSearch && m.search.Query() == "":
		header = " Type to search"
	case results && m.searchIndexing():
		header = fmt.Sprintf(" Searching for “%s” · indexing…", oneLine(m.search.Results()))
	case results:
		// A search is of every article, whatever the list was kept to.
		scope, _ := m.searchScope()
		header = fmt.Sprintf(" %s for “%s”", matches(n, m.moreToShow()), oneLine(m.search.Shown()))
		if note, _ := m.search.Note(); note != "" {
			header, shorter = header+" · "+note, []string{header}
		}
		if scope != "" {
			header, shorter = header+scope, append([]string{header}, shorter...)
		}
	case pageOf(m.src) > 0:
		header, shorter = m.pageHeader(len(m.src.List()), pageOf(m.src))
	default:
		header, shorter = m.listHeader()
	}
	switch {
	case n > 0:
	case results && m.searchIndexing():
		empty = []string{"", "Indexing the library: the search runs", "as soon as it is done."}
	case results:
		scope, leave := m.searchScope()
		empty = []string{"", "No matches for “" + oneLine(m.search.Results()) + "”" + scope + "."}
		if _, note := m.search.Note(); note != "" {
			empty = append(empty, note+".")
		}
		empty = append(empty, "", "esc: "+leave+".")
	case m.loading:
		empty = []string{"", "Loading sources…"}
	case m.emptyList() != nil:
		empty = m.emptyList()
	case m.state.on() && len(m.state.feeds) > 0 && m.state.updating:
		empty = []string{"", "Updating " + plural(len(m.state.feeds), "feed") + "…", "", "Their articles come when it is done."}
	case m.state.on() && len(m.state.feeds) > 0:
		// None came yet, or every one was pruned: an update brings what
		// the feeds carry now, never what was pruned.
		empty = []string{"", "No articles from the " + plural(len(m.state.feeds), "feed") + " you follow:", "none came yet, or all were pruned.", "",
			m.keys.Update.Help().Key + ": update them (what was pruned", "does not come back)."}
	default:
		empty = []string{"", "No articles to read.", "", "Load some with", "  lede --load FILE|DIR"}
	}
	m.list.SetHeader(header, empty, shorter...)
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
		// Two fifths of the width, more where the article is already as
		// wide as it is set; < and > move the edge.
		base := max(w*2/5, w-1-maxMeasure-4)
		if m.listWidth > 0 {
			base = m.listWidth
		}
		lw := min(max(base+m.listShift, 24), w-40)
		m.listShift = lw - base // presses past either end do not pile up
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
	l.listRoom = relH
	if m.focus != focusLinks && !m.related.IsLoading() {
		// As many rows as the stories there are: one story left two
		// empty rows under it at 60x20, eight at 120x40, the article's.
		// None: the rule says so, one line, not a block.
		relH = min(relH, m.related.Len()*relRows)
	}
	top := 0
	if col.h >= 4 {
		l.crumbRoom = true
		if m.crumbShown() {
			l.crumb = rect{col.x, 0, col.w, 1}
			top = 1
		}
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
	if !m.denseChosen {
		m.list.SetDense(h < denseBelow)
	}
	// A hidden article keeps its size, and so its rendering.
	m.list.SetSize(l.list.w, l.list.h)
	m.article.SetSize(l.article.w, l.article.h)
	m.related.SetSize(l.related.w, l.related.h)
	m.links.SetSize(l.related.w, l.related.h)
	m.search.SetWidth(l.list.w)
	m.search.SetShown(m.list.perPage() + 1) // the rows on screen and the one under
	m.compare.SetSize(w, l.bodyH)
	m.feeds.SetSize(w, l.bodyH)
	m.help.SetWidth(w - 1) // the bar starts one column in
}

// lastFrame keeps the view last drawn. Bubble Tea asks for a view after
// every message, and most of what a key sets off (a prefetch asked for,
// its renderings and related stories done, a dwell that marks nothing)
// changes nothing on screen: Update says so, and View gives the frame it
// drew before instead of drawing the list and the article column again
// (four of the six views a j asks for at 2,225 articles).
type lastFrame struct {
	view  tea.View
	have  bool
	dirty bool // an Update since the view was drawn may have changed it
	was   bool // dirty before the message being handled
	draws int  // views drawn afresh (BenchmarkKeyMoveSettled counts them)
}

// changed says the message being handled may change the screen, as every
// message may unless Update says unchanged.
func (f *lastFrame) changed() {
	if f != nil {
		f.was, f.dirty = f.dirty, true
	}
}

// unchanged says the message being handled changes nothing on screen.
func (f *lastFrame) unchanged() {
	if f != nil {
		f.dirty = f.was
	}
}

// View draws the whole screen: exactly height lines of exactly width
// columns.
func (m app) View() tea.View {
	if f := m.frame; f != nil && f.have && !f.dirty {
		return f.view
	}
	v := m.draw()
	if m.frame != nil {
		m.frame.view, m.frame.have, m.frame.dirty = v, true, false
		m.frame.draws++
	}
	return v
}

func (m app) draw() tea.View {
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
	if m.article.Finding() && m.lay.showArticle && !m.lay.small && m.mode == modeBrowse {
		if c := m.article.FindCursor(); c != nil {
			c.X = min(c.X+m.lay.crumb.x, m.width-1)
			c.Y += m.lay.crumb.y
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
		return block(tooSmall(w, h, m.styles.Error), w, h)
	}
	rows := make([]string, 0, h)
	if m.mode == modeHelp || m.mode == modeProblems {
		rows = append(rows, m.sheetView()...)
	} else if m.mode == modeCompare {
		rows = append(rows, strings.Split(m.compare.View(), "\n")...)
	} else if m.mode == modeFeeds {
		rows = append(rows, strings.Split(m.feeds.View(m.feedEntries(), m.state.feed, strings.TrimPrefix(plural(2, m.rowWord()), "2 ")), "\n")...)
	} else {
		rows = append(rows, m.body()...)
	}
	bar := m.helpKeys()
	bar.scrolls = m.sheetScrolls()
	rows = append(rows, m.statusLine(), block([]string{" " + m.help.ShortHelpView(m.fitBar(bar.ShortHelp()))}, w, 1))
	return strings.Join(rows, "\n")
}

// fitBar leaves out of the help bar, from its end, the keys it has no
// room for, keeping help, quit and the way back (esc: out of results, a
// filter, related, links): cut at the right, a narrow bar lost "? help"
// and "q quit" behind the keys before them, and a filtered list its
// "esc all articles".
func (m app) fitBar(b []key.Binding) []key.Binding {
	whole := m.help
	whole.SetWidth(0)
	keep := func(k key.Binding) bool {
		for _, x := range []key.Binding{m.keys.Help, m.keys.Quit, m.keys.QuitNow, m.keys.Close} {
			if slices.Equal(k.Keys(), x.Keys()) {
				return true
			}
		}
		return false
	}
	for textWidth(whole.ShortHelpView(b)) > m.help.Width() {
		i := len(b) - 1
		for i >= 0 && keep(b[i]) {
			i--
		}
		if i < 0 { // every key left is kept: the bar is cut, as before
			break
		}
		b = slices.Delete(slices.Clone(b), i, i+1)
	}
	return b
}

func (m app) helpKeys() helpKeys {
	back := "all articles"
	if scope, _ := m.searchScope(); scope != "" {
		back = "list"
	}
	return helpKeys{k: m.keys, focus: m.focus, mode: m.mode, narrow: m.lay.narrow, results: m.search.Showing(), back: back, filtered: m.filtered(),
		empty: m.list.Len() == 0, library: m.state.on(), prompt: m.prompt.on, copy: m.prompt.copy,
		finding: m.focus == focusArticle && m.article.Finding(), found: m.focus == focusArticle && m.article.HasFind() && !m.article.Finding(),
		filtering: m.mode == modeFeeds && m.feeds.filtering}
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

// searchIndexing: the search has not run on an index yet, the snapshot
// being indexed or the results shown from one that was (the new
// snapshot's search on its way): say so, not that nothing matches.
func (m app) searchIndexing() bool { return indexing(m.src) || m.hitsIndexing }

func (m app) matchCount() string {
	if !m.search.Showing() {
		if q := strings.TrimSpace(m.search.Query()); m.search.Active() && q != "" && !searchable(q) {
			return "keep typing " // one letter: nothing searched yet
		}
		return ""
	}
	if m.searchIndexing() {
		return "indexing… "
	}
	return matches(m.list.Len(), m.moreToShow()) + " "
}

// matches counts results; more: the store gave as many as it was asked
// for, and there may be more (the list asks for them as it is read down).
func matches(n int, more bool) string {
	switch {
	case more:
		return fmt.Sprintf("%d+ matches", n)
	case n == 1:
		return "1 match"
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
		if m.article.HasFind() {
			rows = append(rows, block([]string{m.article.FindLine(w)}, w, 1))
		} else {
			rows = append(rows, block([]string{m.breadcrumb(w)}, w, 1))
		}
	}
	art := m.article
	switch {
	case m.list.Len() > 0:
	case !m.search.Showing():
		// Beside a list the filters emptied: what the list says, not
		// "Nothing to read yet." as of an empty library.
		if e := m.emptyList(); len(e) > 1 {
			art.none = e[1]
		}
	case m.searchIndexing():
		art.none = "Results come once the library is indexed."
	default:
		// Beside a search that matched nothing: not an empty library.
		art.none = "No match to show."
	}
	rows = append(rows, strings.Split(art.View(), "\n")...)
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

// crumbShown says the article column has a row above the article: the
// find line, or a breadcrumb. Where neither is, the row is the
// article's (it was drawn blank: one of 18 rows of an article at 60x20).
func (m app) crumbShown() bool { return m.article.HasFind() || m.hasTrail() }

// hasTrail says something led to the article shown: a breadcrumb says
// what.
func (m app) hasTrail() bool {
	return len(m.history.Trail()) >= 2 && m.article.Article() != nil
}

// breadcrumb is the trail that led here, oldest first, cut at the left;
// none where nothing led here (an article read from the list alone): it
// would be the article's title, said again right above the title itself.
func (m app) breadcrumb(w int) string {
	s := m.styles
	trail := m.history.Trail()
	if !m.hasTrail() {
		return ""
	}
	sep := s.CrumbSep.Render(" › ")
	// Share the width among the titles that led here, within reason; the
	// article's own takes the rest (it was cut at 32 columns in a pane of
	// 150: "Angie’s List Sets Price Range…"); what still does not fit is
	// dropped from the oldest end.
	each := min(max((w-1-3*(len(trail)-1))/len(trail), 16), 32)
	parts := make([]string, len(trail))
	used := 1 + 3*(len(trail)-1)
	for i, e := range trail[:len(trail)-1] {
		t := shortTitle(e.Title, each)
		parts[i] = s.Crumb.Render(t)
		used += textWidth(t)
	}
	parts[len(trail)-1] = s.CrumbCur.Render(shortTitle(trail[len(trail)-1].Title, max(w-used, each)))
	lead := " "
	line := lead + strings.Join(parts, sep)
	for len(parts) > 1 && textWidth(line) > w {
		parts = parts[1:]
		line = lead + s.Crumb.Render("…") + sep + strings.Join(parts, sep)
	}
	return fit(line, w)
}

// shortTitle cuts a title at a word to at most n columns.
func shortTitle(t string, n int) string {
	if textWidth(t) <= n {
		return t
	}
	cut := cut(t, n-1, "")
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,:;—-") + "…"
}

// rule separates the article from its related stories, and says what the
// list under it is (or that there is none).
func (m app) rule(w int) string {
	s := m.styles
	label := " Related "
	if m.focus == focusLinks {
		label = fmt.Sprintf(" Links (%s opens, %s copies, %s leaves) ", m.keys.Open.Help().Key, m.keys.Copy.Help().Key, m.keys.Close.Help().Key)
	} else if m.focus == focusRelated {
		label = fmt.Sprintf(" Related (%s jumps, %s leaves) ", m.keys.Open.Help().Key, m.keys.Close.Help().Key)
	} else if m.related.Len() > 0 {
		label = " Related · 1-9 or " + m.keys.Related.Help().Key + " "
	} else if m.related.IsIndexing() {
		label = " Related · indexing… "
	} else if !m.related.IsLoading() && m.article.Article() != nil {
		label = " No related stories. "
	}
	left := s.Rule.Render("─") + s.RuleLabel.Render(label)
	fill := w - textWidth(left)
	if fill < 1 {
		return fit(left, w)
	}
	return left + s.Rule.Render(strings.Repeat("─", fill))
}

// statusLine says where the reader is: position in the list, search,
// loading progress, and the last message. A message comes first: where
// it does not fit, the line gives up, in turn, "· reading", the long form
// of the place in the list, the place itself, then what is at the right
// (the scroll position, progress, problems; a place fits again there);
// only then does it take the message's short form, or cut it. All of it
// is back at the next key, which clears the message.
func (m app) statusLine() string {
	s := m.styles
	brand := s.Brand.Render(" lede ")
	places := []string{""}
	if n := m.list.Len(); n > 0 {
		what := "result"
		if !m.search.Showing() {
			what = m.rowWord()
		}
		// Rows, as the header counts them: V's versions under their
		// lead are none ("article 47 of 61973" under "61972 stories").
		cur, rows := m.list.place()
		of := fmt.Sprint(rows)
		if m.moreToShow() {
			of += "+" // more come as the list is read down
		}
		at := fmt.Sprintf(" %s %d of %s", what, cur, of)
		places = []string{at, fmt.Sprintf(" %d/%s", cur, of), ""}
		if m.article.Article() != nil && m.focus != focusList {
			places = append([]string{at + " · reading"}, places...)
		}
	}
	var right, pos string
	if m.mode == modeHelp || m.mode == modeProblems {
		if p := m.sheetPosition(); p != "" {
			pos = s.Position.Render(p + " ")
		}
	} else if m.lay.showArticle {
		// Where the article is scrolled to, at the right as in a pager.
		if p := m.article.Position(); p != "" {
			pos = s.Position.Render(p + " ")
		}
	}
	right = pos
	var problems string
	if n := len(m.problems); n > 0 {
		// Apart from the place in the article: "2 problems · ! all" read
		// as one.
		problems = s.Error.Render(plural(n, "problem") + " · ! ")
		right = problems
		if pos != "" {
			right += s.Status.Render("│ ") + pos
		}
	}
	if m.loading {
		if indexing(m.src) {
			right = s.Progress.Render("indexing… ") + right
		} else if m.total > 0 {
			right = s.Progress.Render(fmt.Sprintf("loading %d/%d ", m.loaded, m.total)) + right
		} else {
			right = s.Progress.Render("loading… ") + right
		}
	}
	// What is at the right gives way in turn: the whole, the problems
	// alone (a message took them too: "1/1  │ Full text: no such
	// host…", the count of what failed gone), the place in the article
	// alone, nothing. The message takes its shorter forms before the
	// problems give way; the place in the list in words outlasts them all.
	rights := []string{right}
	if problems != "" && problems != right {
		rights = append(rights, problems)
	}
	kept := len(rights) // the rights tried with every form of the message
	if problems == "" {
		kept = 0
	}
	if pos != "" && pos != right {
		rights = append(rights, pos)
	}
	if right != "" {
		rights = append(rights, "")
	}
	msgs := []string{""} // the message, and its shorter forms
	var texts []string   // the same, unstyled
	if m.prompt.on {
		msgs = []string{s.Status.Render("  │ ") + s.Message.Render(m.prompt.line())}
	} else if m.status != "" {
		st := s.Message
		if m.statusErr {
			st = s.Error
		}
		texts = []string{oneLine(m.status)}
		for _, f := range m.statusShort {
			texts = append(texts, oneLine(f))
		}
		msgs = msgs[:0]
		for _, t := range texts {
			msgs = append(msgs, s.Status.Render("  │ ")+st.Render(t))
		}
	}
	// Two columns at least between the left and the right, so that
	// neither runs into the other.
	const gapMin = 2
	left := ""
	try := func(places []string, msg, r string) bool {
		for _, p := range places {
			l := brand + s.Status.Render(p) + msg
			need := textWidth(l)
			if r != "" {
				need += gapMin + textWidth(r)
			}
			if need <= m.width {
				left, right = l, r
				return true
			}
		}
		return false
	}
	// tryAll takes the first fit of the rights given with the message's
	// forms given, each with the places given: the rights give way first.
	// Given no forms, every form, and the message takes its shorter forms
	// before a right gives way (as it does before the problems give way).
	allMsgs := msgs
	tryAll := func(places, rights, msgs []string) bool {
		msgFirst := msgs == nil
		if msgFirst {
			msgs = allMsgs
		}
		for i := range len(rights) * len(msgs) {
			r, msg := rights[i/len(msgs)], msgs[i%len(msgs)]
			if !msgFirst {
				r, msg = rights[i%len(rights)], msgs[i/len(rights)]
			}
			if try(places, msg, r) {
				return true
			}
		}
		return false
	}
	// The place in the list in words ("story 3 of 31") stays longer than
	// the problems and the place in the article: after A at 100,000 the
	// status line kept "15 problems · ! │ 1–26/31 0%" and lost the place.
	// So first every right with the place in words, then with it shorter.
	whole := places
	if len(places) > 1 {
		whole = places[:len(places)-2] // without "3/31" and ""
	}
	// The message whole comes first still (README: it takes the place's
	// room on a narrow terminal), then the place in words, then what is
	// at the right; then as before, the place shorter or gone.
	if !tryAll(whole, rights, msgs[:1]) && !tryAll(places, rights[:kept], nil) {
		tryAll(places, rights[kept:], msgs)
	}
	if left == "" && len(texts) > 0 {
		// Nothing fits beside the name: the message in its place, the
		// first form that fits whole.
		st := s.Message
		if m.statusErr {
			st = s.Error
		}
		for _, t := range texts {
			if textWidth(t)+1 <= m.width {
				left, right = " "+st.Render(t), ""
				break
			}
		}
	}
	if left == "" { // nothing fits whole: the shortest form, cut
		left, right = brand+msgs[len(msgs)-1], ""
	}
	rw := textWidth(right)
	left = fit(left, max(m.width-rw, 0))
	gap := m.width - textWidth(left) - rw
	if gap < 0 {
		return fit(left, m.width)
	}
	return left + strings.Repeat(" ", gap) + right
}
