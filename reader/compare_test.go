package reader

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

// At 60 columns the compare pane's verdict is a whole sentence, wrapped,
// and no line is wider than the pane.
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
	for _, l := range strings.Split(view, "\n") {
		if lipgloss.Width(l) > 60 {
			t.Errorf("line %d wide: %q", lipgloss.Width(l), l)
		}
	}
}
