// Package reader is lede's terminal UI: a headline list, the article
// rendered with glamour, related stories, search and a back/forward trail,
// on Bubble Tea v2.
//
// It reads articles through Source, a small interface over store.Store, so
// it never depends on how the store is built, and its tests run on a fake.
// Nothing here parses or indexes text; nothing in store/ knows about
// terminals.
//
// # Panes and the root
//
// The root model (app) holds the layout, the focus and the mode, and
// routes: a key goes to the focused pane unless it means the same
// everywhere (quit, help, search, back, jump to a related story), a wheel
// or click to the pane under it, with coordinates made relative to it.
// Each pane (listModel, articleModel, relatedModel, linksModel,
// searchModel) owns its state; the root changes it only through the pane's
// methods (SetItems, Select, Want, Rendered, SetSize, SetFocused…), never
// by writing its fields.
//
// A pane speaks to the root one way: its Update returns
//
//	(pane, tea.Cmd, intent)
//
// where the intent, if not nil, is what the user meant that the pane cannot
// do alone (selectIntent, readIntent, jumpIntent, linkIntent, queryIntent,
// acceptIntent, cancelIntent: see intent.go). The root acts on it in the
// same Update (app.act) and batches the pane's command with its own. An
// intent is a value, not a message through the event loop, so two quick
// moves can never arrive in the wrong order. Panes never see one another.
//
// Work off the update loop has types of its own, each with its own tests:
// renderQueue (glamour renderings: the one waited for in the foreground,
// prefetches one at a time in the background, those the cursor has left
// dropped; the LRU cache of renderings), relatedCache (related stories
// per snapshot, asked once), and searchModel's sequence numbers (results
// of an older query are dropped). Every result carries an id, and a result
// nobody waits for any more is kept, not shown.
package reader

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Source is what the reader needs of a store. *store.Store satisfies it. A
// Source must be read-only while the reader holds it (a store snapshot):
// the reader queries it from several goroutines without locks.
type Source interface {
	List() []*store.Article
	Get(id string) (*store.Article, bool)
	Search(query string, n int) []store.Hit
	Related(id string, n int) []store.Related
}

// SourceMsg hands the reader a new snapshot as sources finish loading.
// Send it on Options.Updates (or with tea.Program.Send); the reader swaps it
// in, keeps the article being read and the selection by ID, and shows
// Loaded/Total in the status line until Done.
type SourceMsg struct {
	Src           Source
	Loaded, Total int
	Done          bool
	// Err, if set, is shown in the status line (a source that failed to
	// load); the snapshot is still used.
	Err error
}

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

// emptySource stands in for a nil Source: the reader shows its empty
// state instead of dereferencing nil.
type emptySource struct{}

func (emptySource) List() []*store.Article            { return nil }
func (emptySource) Get(string) (*store.Article, bool) { return nil, false }
func (emptySource) Search(string, int) []store.Hit    { return nil }
func (emptySource) Related(string, int) []store.Related {
	return nil
}

// waitUpdate delivers the next snapshot from ch.
func waitUpdate(ch <-chan SourceMsg) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return updatesClosedMsg{}
		}
		return msg
	}
}

type updatesClosedMsg struct{}
