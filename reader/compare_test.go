package reader

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

// At 60 columns the compare pane's verdict is a whole sentence, wrapped,
// no line is wider than the pane, and versions without a source or a date
// are listed without blank lines between them.
func TestCompareVerdictWraps(t *testing.T) {
	keys := newKeyMap()
	m := newCompare(&keys, newStyles(true, true))
	m.SetSize(60, 20)
	m.Set(store.Comparison{Total: 2, Disagreements: []store.Disagreement{},
		Versions: []store.VersionInfo{{ID: "a", Title: "Fed's Charles Plosser sees high bar for change in pace of tapering"}, {ID: "b", Title: "Fed's Plosser: Taper pace may be too slow"}}})
	view := ansi.Strip(m.View())
	flat := strings.Join(strings.Fields(view), " ")
	if !strings.Contains(flat, "They agree on the dates, numbers and names they both state.") {
		t.Errorf("verdict cut:\n%s", view)
	}
	// Versions with neither source nor date (the seeds) leave no blank
	// line under their titles.
	lines := strings.Split(view, "\n")
	for k, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "[1]") && (k+1 == len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[k+1]), "[2]")) {
			t.Errorf("a line between the versions' titles:\n%s", view)
		}
	}
	for _, l := range lines {
		if lipgloss.Width(l) > 60 {
			t.Errorf("line %d wide: %q", lipgloss.Width(l), l)
		}
	}
}

// A version whose text could not be read says so under its title: its
// paragraphs are missing from the rows because they were not read, not
// because it lacks them.
func TestCompareSaysUnreadable(t *testing.T) {
	keys := newKeyMap()
	m := newCompare(&keys, newStyles(true, true))
	m.SetSize(60, 20)
	m.Set(store.Comparison{Total: 2, Disagreements: []store.Disagreement{},
		Versions: []store.VersionInfo{{ID: "a", Title: "Rail strike ends"}, {ID: "b", Title: "Rail strike over", Unreadable: "the library no longer holds it"}}})
	view := ansi.Strip(m.View())
	lines := strings.Split(view, "\n")
	for k, l := range lines {
		if strings.Contains(l, "[2] Rail strike over") {
			// Wrapped at 60 columns, whole.
			if k+2 >= len(lines) || !strings.Contains(strings.Join(strings.Fields(lines[k+1]+" "+lines[k+2]), " "), "Its text could not be read: the library no longer holds it.") {
				t.Errorf("the unreadable version is not marked under its title:\n%s", view)
			}
			return
		}
	}
	t.Errorf("no second version:\n%s", view)
}

// A story of more versions than are compared says which are, and where
// the rest are: "29 versions of one story (8 of them)" said neither.
func TestCompareSaysWhereTheRestAre(t *testing.T) {
	keys := newKeyMap()
	m := newCompare(&keys, newStyles(true, true))
	m.SetSize(120, 20)
	m.Set(store.Comparison{Total: 29, Disagreements: []store.Disagreement{},
		Versions: []store.VersionInfo{{ID: "a", Title: "One"}, {ID: "b", Title: "Two"}}})
	if view := ansi.Strip(m.View()); !strings.Contains(view, "29 versions of one story (2 compared; V in the list shows them all)") {
		t.Errorf("the head:\n%s", view)
	}
}

// The command line's intro (the seeds shown alone: what they are, and
// how to follow a feed) is the status line's message at start, in the
// form that fits, and goes at the next key.
func TestIntroAtStart(t *testing.T) {
	intro := []string{"These are lede's sample articles: lede add URL follows a feed · ? shows the keys", "Sample articles: lede add URL follows a feed"}
	for _, c := range []struct {
		w    int
		want string
	}{{120, intro[0]}, {60, intro[1]}} {
		m := newApp(seedSource(t), Options{Style: StyleDark, Intro: intro})
		m = drive(t, m, runCmd(m.Init())...)
		m = drive(t, m, tea.WindowSizeMsg{Width: c.w, Height: 20})
		if line := ansi.Strip(m.statusLine()); !strings.Contains(line, c.want) {
			t.Errorf("%d columns: %q", c.w, line)
		}
		m = drive(t, m, press("j"))
		if line := ansi.Strip(m.statusLine()); strings.Contains(line, "sample") || strings.Contains(line, "Sample") {
			t.Errorf("%d columns, after j: %q", c.w, line)
		}
	}
}
