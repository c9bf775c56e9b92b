package reader

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The seeds' two reports of the influencer's killing are one row, V shows
// the second under the first and hides it again, v compares them: the
// date they disagree on at the top, the versions side by side on a wide
// screen and stacked on a narrow one.
func TestStoriesInTheList(t *testing.T) {
	st := seedSource(t)
	m := start(t, st, 120, 40)
	if m.list.Len() != 8 || !strings.Contains(screen(m), "8 stories") {
		t.Fatalf("%d rows, want one per story (8):\n%s", m.list.Len(), screen(m))
	}
	beauty := "beauty-influencer-shot-dead-during-6f0666"
	valeria := "mexican-influencer-valeria-marquez-8d0c52"
	if m.list.indexOf(valeria) >= 0 {
		t.Error("the second version has a row of its own")
	}
	if !m.list.Select(beauty) {
		t.Fatal("the story's lead is not in the list")
	}
	m = drive(t, m, press("V"))
	if i := m.list.indexOf(valeria); i != m.list.indexOf(beauty)+1 {
		t.Fatalf("V: the second version at row %d, want under its lead", i)
	}
	if s := screen(m); !strings.Contains(s, "↳") || !strings.Contains(s, "8 stories") {
		t.Errorf("expanded:\n%s", s)
	}
	// The status line counts rows as the header does: the version under
	// its lead is its lead's row, and the rows after it keep their number
	// (it said "article 9 of 9" on the last under "8 stories").
	lead := m.list.indexOf(beauty) + 1
	for _, c := range []struct {
		key  string
		want int
	}{{"k", lead - 1}, {"j", lead}, {"j", lead}, {"G", 8}} {
		m = drive(t, m, press(c.key))
		if want := fmt.Sprintf("story %d of 8", c.want); !strings.Contains(screen(m), want) {
			t.Errorf("%s with V open: no %q\n%s", c.key, want, screen(m))
		}
	}
	m = drive(t, m, press("g"))
	m.list.Select(valeria)
	m = drive(t, m, press("V"))
	if m.list.Len() != 8 || selected(m) != beauty {
		t.Errorf("V again: %d rows, cursor on %q", m.list.Len(), selected(m))
	}

	m = drive(t, m, press("v"))
	if m.mode != modeCompare {
		t.Fatalf("v: mode %v", m.mode)
	}
	s := screen(m)
	for _, want := range []string{"Compare · 2 versions", "They disagree on", "date    May 13, 2025 / May 14", " │ "} {
		if !strings.Contains(s, want) {
			t.Errorf("compare lacks %q:\n%s", want, s)
		}
	}
	side := false
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "Valeria Marquez") && strings.Contains(l, "Valeria Márquez") {
			side = true
		}
	}
	if !side {
		t.Errorf("the versions are not side by side at 120 columns:\n%s", s)
	}
	m = drive(t, m, windowSize(80, 30))
	s = screen(m)
	if !strings.Contains(s, "[1] Valeria Marquez") || strings.Contains(s, " │ Valeria") {
		t.Errorf("not stacked at 80 columns:\n%s", s)
	}
	m = drive(t, m, press("j"), press("space"), press("G"))
	if !strings.Contains(screen(m), "[2]") {
		t.Errorf("the end of the comparison:\n%s", screen(m))
	}
	m = drive(t, m, press("esc"))
	if m.mode != modeBrowse {
		t.Errorf("esc: mode %v", m.mode)
	}

	m = drive(t, m, windowSize(120, 40))
	m.list.Select("seven-youths-killed-in-shooting-at-383e83")
	m = drive(t, m, press("v"))
	if m.mode == modeCompare || !strings.Contains(screen(m), "one version") {
		t.Errorf("v on a story of one version:\n%s", screen(m))
	}
}

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// Esc from kept results goes back to where the reader was in the list,
// as newsboat's and nom's do (README: "the list as it was"): the row
// selected before `/`, its article beside it, as everywhere the list has
// the cursor (the cursor went to the result read, here a version shown
// under its lead). Esc while typing goes back to the same row.
func TestLeavingResultsOnAVersion(t *testing.T) {
	st := seedSource(t)
	beauty := "beauty-influencer-shot-dead-during-6f0666"
	valeria := "mexican-influencer-valeria-marquez-8d0c52"
	for _, read := range []bool{false, true} {
		m := start(t, st, 120, 40)
		m = drive(t, m, press("G"))
		before := selected(m)
		if before == beauty {
			t.Fatal("the last row is the story's: the test says nothing")
		}
		m = drive(t, m, press("/"))
		m = drive(t, m, typeText("valeria")...)
		m = drive(t, m, press("enter"))
		for range m.list.Len() {
			if selected(m) == valeria {
				break
			}
			m = drive(t, m, press("j"))
		}
		if selected(m) != valeria || reading(m) != valeria {
			t.Fatalf("no result is the second version: cursor on %q, reading %q", selected(m), reading(m))
		}
		if read {
			m = drive(t, m, press("enter"), press("esc"))
		}
		m = drive(t, m, press("esc"))
		if m.search.Showing() {
			t.Fatalf("read=%v: esc left the results shown", read)
		}
		if selected(m) != before || reading(m) != before {
			t.Errorf("read=%v: esc from the results: cursor on %q, reading %q; want the row before / %q",
				read, selected(m), reading(m), before)
		}
	}

	m := start(t, st, 120, 40)
	m = drive(t, m, press("G"))
	before := selected(m)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("valeria")...)
	m = drive(t, m, press("down"), press("esc"))
	if selected(m) != before {
		t.Errorf("esc while typing: cursor on %q, want the row before / %q", selected(m), before)
	}
}

// Esc from kept results whose article read is not listed (read, under
// the unread filter) goes back to the row selected before `/`.
func TestLeavingResultsReadUnderUnread(t *testing.T) {
	lib := &fakeLibrary{}
	m, _ := startLib(t, newFake(6), lib, 120, 40)
	m = drive(t, m, keys("u", "j", "j", "j")...)
	if selected(m) != "a3" {
		t.Fatalf("u j j j: on %q", selected(m))
	}
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("number 1")...)
	m = drive(t, m, press("enter"), press("enter"), press("esc"), press("esc"))
	if !lib.mark("a1").Read {
		t.Fatal("the result was not read")
	}
	if m.search.Showing() || selected(m) != "a3" || reading(m) != "a3" {
		t.Errorf("esc from the results: showing %v, cursor on %q, reading %q; want a3, the row before /",
			m.search.Showing(), selected(m), reading(m))
	}
}

// A jump to a version the list shows under its lead puts the list's
// cursor on its story's row, and so do back and forward.
func TestJumpToAVersionFollowsInTheList(t *testing.T) {
	st := seedSource(t)
	m := start(t, st, 120, 40)
	beauty := "beauty-influencer-shot-dead-during-6f0666"
	valeria := "mexican-influencer-valeria-marquez-8d0c52"
	first := selected(m)
	if first == beauty {
		t.Fatal("the list starts on the story jumped to")
	}
	m.jump(valeria)
	if got := selected(m); got != beauty {
		t.Errorf("after the jump to a version the cursor is on %q, want its story's row %q", got, beauty)
	}
	m.goBack(false)
	if got := selected(m); got != first {
		t.Errorf("back: the cursor is on %q, want %q", got, first)
	}
	m.goBack(true)
	if got := selected(m); got != beauty {
		t.Errorf("forward to the version: the cursor is on %q, want its story's row %q", got, beauty)
	}
}
