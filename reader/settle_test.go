package reader

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestSettledWaitsForAPause: Options.Settled is called once, only when
// the store is whole and no key or click came in the pause before: a
// key typed meanwhile puts it off to the next pause.
func TestSettledWaitsForAPause(t *testing.T) {
	called := 0
	ch := make(chan SourceMsg)
	m := newApp(newFake(5), Options{Style: StyleDark, Updates: ch, Settled: func() { called++ }})
	m.Init()
	update := func(msg tea.Msg) tea.Cmd {
		t.Helper()
		nm, cmd := m.Update(msg)
		m = nm.(app)
		return cmd
	}
	update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if m.settle.asked {
		t.Fatal("a pause asked for while the store loads")
	}
	update(SourceMsg{Src: newFake(7), Loaded: 1, Total: 2})
	if m.settle.asked {
		t.Fatal("a pause asked for before the load is done")
	}
	update(SourceMsg{Src: newFake(9), Loaded: 2, Total: 2, Done: true})
	if !m.settle.asked {
		t.Fatal("no pause asked for once the store is whole")
	}
	keys := m.settle.keys
	update(press("j")) // typed in the pause
	if cmd := update(settleMsg{keys: keys}); cmd == nil || !m.settle.asked {
		t.Fatal("a pause with a key in it is not waited again")
	}
	if called != 0 {
		t.Fatal("Settled called though a key came in the pause")
	}
	update(tea.MouseClickMsg{X: 3, Y: 3}) // and a click
	if called != 0 {
		t.Fatal("Settled called at a click")
	}
	if update(settleMsg{keys: keys + 1}); called != 0 || !m.settle.asked {
		t.Fatal("a pause with a click in it is not waited again")
	}
	cmd := update(settleMsg{keys: m.settle.keys})
	if called != 0 {
		t.Fatal("Settled called on the update loop, not by a command")
	}
	runCmd(cmd)
	if called != 1 {
		t.Fatalf("Settled called %d times after a pause, want 1", called)
	}
	if cmd := update(settleMsg{keys: m.settle.keys}); cmd != nil || m.settle.asked {
		t.Fatal("Settled asked for again")
	}
	update(press("k"))
	if called != 1 {
		t.Fatalf("Settled called %d times, want 1", called)
	}
}

// TestSettledWithoutLoad: a reader with nothing to load (the seeds, a
// store handed whole) asks for its pause at once; one with no Settled
// asks for none.
func TestSettledWithoutLoad(t *testing.T) {
	m := newApp(newFake(3), Options{Style: StyleDark, Settled: func() {}})
	m.Init()
	if !m.settle.asked {
		t.Fatal("no pause asked for with the store whole at start")
	}
	m = newApp(newFake(3), Options{Style: StyleDark})
	m.Init()
	if m.settle.asked {
		t.Fatal("a pause asked for with no Settled")
	}
}
