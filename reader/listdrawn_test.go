package reader

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The list is drawn again only when what it shows changed: a letter
// typed into the query line or a frame drawn for another pane leaves its
// rows as they were, and the same frame comes out; a move, new results,
// a mark, a resize or the density draw it again.
func TestListDrawnOnlyWhenChanged(t *testing.T) {
	lib := &fakeLibrary{}
	m := newApp(newFake(30), Options{Style: StyleDark, Library: lib})
	m.open = func(string) error { return nil }
	m.state.wait = func(dwellMsg) tea.Cmd { return nil }
	m = drive(t, m, runCmd(m.Init())...)
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	draws := func() int { return m.list.drawn.draws }
	same := func(what string) {
		t.Helper()
		before, frame := draws(), m.list.View()
		m.frame.changed() // the frame is drawn again, as for another pane
		_ = m.View()
		if draws() != before {
			t.Errorf("%s: the list was drawn again though it had not changed", what)
		}
		if m.list.View() != frame {
			t.Errorf("%s: the list's view changed though nothing it shows did", what)
		}
	}
	again := func(what string, msgs ...tea.Msg) {
		t.Helper()
		before, frame := draws(), m.list.View()
		m = drive(t, m, msgs...)
		if draws() == before || m.list.View() == frame {
			t.Errorf("%s: the list was not drawn again", what)
		}
	}
	same("at the start")
	again("j", press("j"))
	same("after j")
	again("m (marked read)", press("m"))
	again("d (dense)", press("d"))
	again("a resize", tea.WindowSizeMsg{Width: 110, Height: 30})
	m = drive(t, m, press("/"))
	again("results", typeText("story 1")...)
	before := draws()
	m = drive(t, m, press("0")) // "story 10": one result, the list redrawn once more
	if draws() == before {
		t.Error("new results: the list was not drawn again")
	}
	m = drive(t, m, press("backspace"), press("backspace"))
	before = draws()
	nm, _ := m.Update(press("x")) // a letter, before its results: the rows are the same
	m = nm.(app)
	_ = m.View()
	if draws() != before {
		t.Error("a letter typed: the list was drawn again before its results changed it")
	}
	// Results kept, their header says nothing of marks: a mark alone
	// changes the row.
	m = drive(t, m, press("backspace"), press("enter"))
	same("results kept")
	again("m on a result", press("m"))
}

// The related stories are drawn again only when what they show changed:
// a move to another article, their focus and cursor, a resize; not a
// frame drawn for another pane.
func TestRelatedDrawnOnlyWhenChanged(t *testing.T) {
	m := start(t, newFake(30), 120, 40)
	draws := func() int { return m.related.drawn.draws }
	if m.related.Len() == 0 {
		t.Fatal("no related stories to draw")
	}
	before, view := draws(), m.related.View()
	m.frame.changed()
	_ = m.View()
	if draws() != before || m.related.View() != view {
		t.Error("a frame for another pane drew the related stories again")
	}
	for _, step := range []struct {
		what string
		msgs []tea.Msg
	}{
		{"j (another article)", []tea.Msg{press("j")}},
		{"r (focus on them)", []tea.Msg{press("r")}},
		{"j among them", []tea.Msg{press("j")}},
		{"a resize", []tea.Msg{tea.WindowSizeMsg{Width: 110, Height: 34}}},
	} {
		before, view := draws(), m.related.View()
		m = drive(t, m, step.msgs...)
		if draws() == before || m.related.View() == view {
			t.Errorf("%s: the related stories were not drawn again", step.what)
		}
	}
}
