package reader

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestMain lets the test binary stand in for lede: run with LEDE_TTY_HELPER
// set, it runs the reader on its terminal (see ttyHelper) instead of the
// tests, so the terminal tests drive the real Run in a real pty.
func TestMain(m *testing.M) {
	if mode := os.Getenv("LEDE_TTY_HELPER"); mode != "" {
		os.Exit(ttyHelper(mode))
	}
	prefetchDelay = 0 // drive runs every command, ticks too
	os.Exit(m.Run())
}

// ttyHelper runs the reader through run, as Run does, on three fake
// articles, with keys that make it panic: ! in Update, @ in View, # in a
// command. It reports what Run returned after Run returns, on the restored
// terminal, and exits as lede does: 128+N for a signal (with the
// goroutines' stacks for SIGQUIT), 1 for an error.
func ttyHelper(string) int {
	opts := fromEnv(Options{Style: StyleDark})
	a := newApp(newFake(3), opts)
	a.open = func(string) error { return nil }
	err := run(crashy{app: a}, opts)
	var sig *SignalError
	switch {
	case errors.As(err, &sig):
		fmt.Fprintf(os.Stderr, "lede: %v\n%s", err, sig.Dump)
		return sig.ExitCode()
	case err != nil:
		fmt.Fprintf(os.Stderr, "lede: %v\n", err)
		return 1
	}
	fmt.Fprintln(os.Stderr, "lede: bye")
	return 0
}

// crashy is the reader with keys that make it panic.
type crashy struct {
	app
	viewPanics bool
}

func (c crashy) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.Text {
		case "!":
			panic("boom in Update")
		case "@":
			c.viewPanics = true
			return c, nil
		case "#":
			return c, tea.Batch(func() tea.Msg { return nil }, func() tea.Msg { panic("boom in a command") })
		}
	}
	m, cmd := c.app.Update(msg)
	c.app = m.(app)
	return c, cmd
}

func (c crashy) View() tea.View {
	if c.viewPanics {
		panic("boom in View")
	}
	return c.app.View()
}

// A panic in Update or in a command, caught by the guard, quits like q and
// is kept to report.
func TestGuard(t *testing.T) {
	g := guard{m: crashy{app: start(t, newFake(2), 80, 24)}, s: &guardState{}}
	m, cmd := g.Update(press("!"))
	if c := m.(guard).crash; c == nil || c.where != "Update" || fmt.Sprint(c.value) != "boom in Update" || !strings.Contains(string(c.stack), "crashy.Update") {
		t.Fatalf("Update panic: %+v", c)
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("a panic in Update does not quit")
	}
	if _, ok := m.(guard).m.(crashy); !ok {
		t.Fatal("the model was lost")
	}

	_, cmd = g.Update(press("#"))
	batch, ok := cmd().(tea.BatchMsg)
	if !ok {
		t.Fatal("the batch was not kept")
	}
	var got tea.Msg
	for _, c := range batch {
		if c != nil {
			got = c()
		}
	}
	c, ok := got.(crash)
	if !ok || c.where != "a command" || fmt.Sprint(c.value) != "boom in a command" {
		t.Fatalf("command panic: %#v", got)
	}
	m, cmd = g.Update(c)
	if m.(guard).crash == nil {
		t.Fatal("the crash was not kept")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("a panic in a command does not quit")
	}
	// Everything else goes through as it was.
	m, _ = g.Update(press("j"))
	if selected(m.(guard).m.(crashy).app) != "a1" || m.(guard).crash != nil {
		t.Fatal("j did not go through")
	}
	// A panic in View leaves the last frame on screen (and, in a program,
	// sends the crash to Update).
	before := m.View()
	m, _ = m.Update(press("@"))
	if v := m.View(); v.Content != before.Content || !g.s.viewCrashed {
		t.Fatal("a panic in View did not keep the last frame")
	}
}
