// Package reader is lede's terminal UI: a headline list, the article
// rendered with glamour, related stories, search and a back/forward trail,
// on Bubble Tea v2.
//
// It reads articles through Source, a small interface over store.Store, so
// it never depends on how the store is built, and its tests run on a fake.
// Nothing here parses or indexes text; nothing in store/ knows about
// terminals.
package reader

import (
	"errors"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/lede-reader/lede/store"
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

// Run runs the reader on the terminal until the user quits. The terminal is
// restored on quit, ctrl+c, and on a panic (Bubble Tea recovers it and
// returns an error).
func Run(src Source, opts Options) error {
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	popts := []tea.ProgramOption{tea.WithFPS(120)}
	if opts.NoColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(newApp(src, opts), popts...)
	_, err := p.Run()
	if errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	return err
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
