package reader

import (
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
)

// guard wraps the root model so that a panic in Update, View or a command
// quits the program as q does, restoring the terminal, and is reported
// after. Bubble Tea recovers panics too, but it ends the program as killed,
// and one in a batched command it reports while the screen is still the
// alternate one: the report vanishes with it.
type guard struct {
	m     tea.Model
	crash *crash
	s     *guardState
}

// guardState is what all copies of a guard share.
type guardState struct {
	p *tea.Program
	// last is the last frame View drew; after a panic in View it is drawn
	// again until the program has quit.
	last        tea.View
	viewCrashed bool
}

// crash is a recovered panic, sent as a message when it did not happen in
// Update.
type crash struct {
	where string
	value any
	stack []byte
}

func (g guard) Init() tea.Cmd { return guardCmd(g.m.Init()) }

func (g guard) Update(msg tea.Msg) (res tea.Model, cmd tea.Cmd) {
	if c, ok := msg.(crash); ok {
		if g.crash == nil {
			g.crash = &c
		}
		return g, tea.Quit
	}
	if g.crash != nil {
		return g, nil // quitting
	}
	defer func() {
		if r := recover(); r != nil {
			// Quit from the model as it was before the message: the last
			// frame is drawn from it.
			g.crash = &crash{where: "Update", value: r, stack: debug.Stack()}
			res, cmd = g, tea.Quit
		}
	}()
	m, cmd := g.m.Update(msg)
	g.m = m
	return g, guardCmd(cmd)
}

func (g guard) View() (v tea.View) {
	if g.s.viewCrashed {
		return g.s.last
	}
	defer func() {
		if r := recover(); r != nil {
			g.s.viewCrashed = true
			c := crash{where: "View", value: r, stack: debug.Stack()}
			if g.s.p != nil {
				go g.s.p.Send(c) // View runs in the event loop: Send would wait for itself
			}
			v = g.s.last
		}
	}()
	v = g.m.View()
	g.s.last = v
	return v
}

// guardCmd runs cmd, and the commands of a batch it returns, turning a
// panic into a crash message.
func guardCmd(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = crash{where: "a command", value: r, stack: debug.Stack()}
			}
		}()
		msg = cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for i := range b {
				b[i] = guardCmd(b[i])
			}
		}
		return msg
	}
}
