package reader

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Reading by staying: an article counts as read once it is opened (enter,
// a click, a jump: act marks it at once), or once the reader has stayed
// with it dwellTime in the article pane with the keys there (after tab,
// n/p, [ and ], a click in it). A headline the list's cursor rests on is
// not read, however long it shows beside the list, nor is an article a
// filter, a sort, a search or a new snapshot put in the pane: the reader
// did not choose it.

// shown is called when id is put in the article pane: it starts the
// dwell that marks it read, unless it is the article shown already (a
// resize, a restyle, a new snapshot: its dwell runs on), or a re-listing
// put it there.
func (m *app) shown(id string) tea.Cmd {
	if !m.state.on() || id == "" || id == m.dwellID {
		return nil
	}
	m.dwellID = id
	if m.relisting {
		m.state.dwell++ // the dwell of the article before is stale
		return nil
	}
	return m.startDwell(id)
}

// startDwell starts counting dwellTime for article id.
func (m *app) startDwell(id string) tea.Cmd {
	m.state.dwell++
	d := dwellMsg{id: id, seq: m.state.dwell}
	if m.starting {
		m.firstDwell = d // Init starts it
		return nil
	}
	return m.state.wait(d)
}

// dwelt reports whether the dwell msg reads its article: still the one
// in the article pane, on screen, with the keys in the article's column
// all along (a move back to the list stops the dwell: see dwellingIn).
func (m app) dwelt(msg dwellMsg) bool {
	cur, ok := m.currentID()
	return ok && cur == msg.id && msg.seq == m.state.dwell && m.lay.showArticle && m.focus != focusList && m.touched
}

// dwellingIn, given the focus before a key or a click, starts the dwell
// of the article being read when the key took the reader from the list
// into the article's column (tab, a click in it), and stops any when it
// took them back to the list.
func dwellingIn(was focus) func(tea.Model, tea.Cmd) (tea.Model, tea.Cmd) {
	return func(res tea.Model, cmd tea.Cmd) (tea.Model, tea.Cmd) {
		m, ok := res.(app)
		if !ok || was == m.focus || !m.state.on() {
			return res, cmd
		}
		if m.focus == focusList {
			m.state.dwell++ // stale: the reader left the article
			return m, cmd
		}
		if was == focusList {
			if id, ok := m.currentID(); ok {
				m.dwellID = id
				return m, tea.Batch(cmd, m.startDwell(id))
			}
		}
		return m, cmd
	}
}

// relist marks what follows, until the func it gives is called, as a
// re-listing: an article it puts in the pane gets no dwell.
func (m *app) relist() func() {
	m.relisting = true
	return func() { m.relisting = false }
}

// dwellTime is how long an article stays in the article pane before it
// counts as read without being opened.
const dwellTime = 2 * time.Second

// dwellMsg: an article has been in the article pane for dwellTime.
type dwellMsg struct {
	id  string
	seq int
}

func waitDwell(d dwellMsg) tea.Cmd {
	return tea.Tick(dwellTime, func(time.Time) tea.Msg { return d })
}
