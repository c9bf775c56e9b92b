package reader

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// settlePause is how long the keys must pause, once the whole store is
// in, before work that can wait begins (Options.Settled). Such work (a
// large library's check reads every page of it: 0.9 s of CPU at
// 100,000 articles) takes a core for seconds; begun the moment the list
// was whole, it shared the machine's two cores with the first keys
// typed, and with the first Follow's pass over the copies, and those
// keys waited 12–43 ms for a core before their Update ran (a runtime
// trace at 100,000). A person types in bursts and reads between them.
const settlePause = time.Second

// settleMsg comes settlePause after it was asked for; keys is how many
// keys and clicks had come by then.
type settleMsg struct{ keys int }

// settling is what the reader knows of Options.Settled; shared by every
// copy of the app.
type settling struct {
	fn    func() // nil once called, or where there is none
	keys  int    // keys and clicks so far
	asked bool   // a settleMsg is on its way
}

// keyed counts a key or a click: a settleMsg asked for before it is no
// pause.
func (s *settling) keyed() { s.keys++ }

// askSettle asks for a settleMsg after settlePause, where Settled is
// still to be called, the store is whole and none is on its way.
func (m *app) askSettle() tea.Cmd {
	s := m.settle
	if s == nil || s.fn == nil || s.asked || m.loading {
		return nil
	}
	s.asked = true
	keys := s.keys
	return tea.Tick(settlePause, func(time.Time) tea.Msg { return settleMsg{keys: keys} })
}

// settled calls Settled, off the update loop, where no key or click came
// since the settleMsg was asked for; else it waits a pause again.
func (m *app) settled(msg settleMsg) tea.Cmd {
	s := m.settle
	s.asked = false
	if s.fn == nil {
		return nil
	}
	if msg.keys != s.keys {
		return m.askSettle()
	}
	fn := s.fn
	s.fn = nil
	return func() tea.Msg { fn(); return nil }
}
