package reader

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestEndToEnd runs the reader as a real Bubble Tea program at 120x40 on
// the desk: read, follow a related story, search, keep the results, quit.
func TestEndToEnd(t *testing.T) {
	src := deskSource()
	m := newApp(src, Options{Style: StyleDark})
	m.open = func(string) error { return nil }
	tm := teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.Ascii),
			tea.WithEnvironment([]string{"TERM=xterm-256color", "LANG=C.UTF-8"}),
		),
	)
	// WaitFor consumes the output it reads: keep what came after the last
	// match, so a wait can find text drawn before it started, but never
	// text drawn before the previous wait was met (an earlier screen's).
	// waitFor waits for every one of whats, in any order.
	var seen []byte
	waitFor := func(whats ...string) {
		t.Helper()
		before := seen // b is all this wait has read so far
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			all := append(before[:len(before):len(before)], b...)
			end := 0
			for _, what := range whats {
				i := bytes.Index(all, []byte(what))
				if i < 0 {
					return false
				}
				end = max(end, i+len(what))
			}
			seen = all[end:]
			return true
		}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	waitFor("9 articles")
	waitFor("shares:") // related stories are in
	tm.Send(press("j"))
	// The renderer writes only the cells that change, so wait for text
	// that is new on screen: the second article's heading.
	waitFor("Ciarán: Ferries Cancelled as Gusts Reach 100 mph")
	// Its related stories are in: the other report comes first (the
	// first article's own, drawn before, do not count).
	waitFor("Storm Ciarán Brings Record Winds to the Channel Coa")
	tm.Send(press("1"))
	waitFor("›")          // the breadcrumb of the jump
	tm.Send(press("esc")) // to the list: / in the article finds within it
	tm.Send(press("/"))
	tm.Send(tea.PasteMsg{Content: "andes"}) // one query, not one per letter
	tm.Send(press("enter"))
	// The top result opens when the results are in (a search starts a
	// frame after its query, so frames of the list come before them):
	// wait for it rendered (its feed's address is in its rendered header
	// alone; its title shows before it is rendered) and for its related
	// stories, in either order: the renderer does not write a line again
	// that is already on screen.
	waitFor("science.example/atom", "related         Storm Ciarán Brings Record Winds")
	tm.Send(press("Q")) // q would leave the results first

	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(app)
	if final.mode != modeBrowse || !final.search.Showing() || final.search.Results() != "andes" {
		t.Fatalf("final: mode %v results %v %q", final.mode, final.search.Showing(), final.search.Results())
	}
	id, _ := final.currentID()
	if id != "frog" {
		t.Errorf("reading %q, want the frog story (the one result)", id)
	}
	// A search's result chosen starts a fresh trail, as an article
	// chosen from the list does: no breadcrumb of the jump before it.
	if final.history.Len() != 1 {
		t.Errorf("history has %d entries, want the result alone", final.history.Len())
	}
	golden(t, "e2e_120x40", ansi.Strip(final.View().Content))
}
