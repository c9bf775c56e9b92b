package reader

import (
	"errors"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/lede-reader/lede/store/safe"
)

// Options configure Run.
type Options struct {
	// Style is "dark", "light", or "" to ask the terminal for its
	// background colour (dark when it does not answer).
	Style string
	// Updates, if not nil, delivers new snapshots while the reader runs.
	// The reader stops listening when it is closed.
	Updates <-chan SourceMsg
	// NoColor draws without colour. Run also sets it when NO_COLOR is set
	// to anything non-empty (https://no-color.org).
	NoColor bool
	// Library, if not nil, keeps reading state across runs and follows
	// subscriptions: the list shows unread, saved and new, and the keys of
	// reading state work (m, s, A, z, u, S, F, R).
	Library Library
}

// Run runs the reader on the terminal until the user quits, and leaves the
// terminal as it found it: on q and ctrl+c, on SIGTERM and SIGINT, and on a
// panic in Update, View or a command. Every one of them quits the way q
// does; a panic is then returned as an error, with its stack, for the
// caller to print on the restored terminal.
func Run(src Source, opts Options) error {
	opts = fromEnv(opts)
	return run(newApp(src, opts), opts)
}

// fromEnv applies the environment to opts: NO_COLOR set to anything
// non-empty means no colour (https://no-color.org).
func fromEnv(opts Options) Options {
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	return opts
}

func run(m tea.Model, opts Options) error {
	popts := []tea.ProgramOption{tea.WithFPS(120), tea.WithFilter(quitOnInterrupt)}
	if opts.NoColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	g := guard{m: m, s: &guardState{}}
	p := tea.NewProgram(g, popts...)
	g.s.p = p
	final, err := p.Run()
	if g, ok := final.(guard); ok && g.crash != nil {
		// The value may quote what the reader was showing: cleaned, like
		// everything else it prints.
		return fmt.Errorf("reader: %s panicked: %s\n%s", g.crash.where, safe.Text(fmt.Sprint(g.crash.value)), g.crash.stack)
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	return err
}

// quitOnInterrupt makes SIGINT quit as q does. Bubble Tea would end the
// program as killed: no last frame, and its input reader closed while still
// reading (the race detector sees it).
func quitOnInterrupt(_ tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(tea.InterruptMsg); ok {
		return tea.QuitMsg{}
	}
	return msg
}
