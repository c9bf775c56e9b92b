package reader

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func trailOf(m app) []string {
	var ids []string
	for _, e := range m.history.Trail() {
		ids = append(ids, e.ID)
	}
	return ids
}

func noRepeats(t *testing.T, m app) {
	t.Helper()
	trail := trailOf(m)
	for i := 1; i < len(trail); i++ {
		if trail[i] == trail[i-1] {
			t.Fatalf("the trail holds %s twice in a row: %v", trail[i], trail)
		}
	}
}

// Every article keeps its place for the session, whatever happens around
// it: moving away in the list and back, a search typed and cancelled, a
// jump and back, at a wide and a narrow size.
func TestNeverLoseYourPlace(t *testing.T) {
	for _, tc := range []struct {
		w, h      int
		toList    string // the key from the article to the list
		toArticle []string
	}{
		{120, 40, "tab", nil},
		{80, 24, "esc", []string{"enter"}},
	} {
		t.Run(fmt.Sprintf("%dx%d", tc.w, tc.h), func(t *testing.T) {
			m := start(t, newFake(12), tc.w, tc.h)
			m = drive(t, m, keys("j", "j", "j", "j", "j", "j", "j", "enter", "space", "space")...)
			place := m.article.offset
			if reading(m) != "a7" || place == 0 {
				t.Fatalf("reading %s at %d", reading(m), place)
			}
			back := func(what string) {
				t.Helper()
				if reading(m) != "a7" || m.article.offset != place {
					t.Fatalf("%s: reading %s at %d, want a7 at %d", what, reading(m), m.article.offset, place)
				}
				noRepeats(t, m)
			}
			m = drive(t, m, press(tc.toList), press("j"), press("k"))
			m = drive(t, m, keys(tc.toArticle...)...)
			back("list away and back")

			if m.focus == focusArticle {
				m = drive(t, m, press("esc")) // / in the article finds in it
			}
			m = drive(t, m, press("/"))
			m = drive(t, m, typeText("number 3")...)
			if reading(m) != "a3" {
				t.Fatalf("search: reading %s", reading(m))
			}
			m = drive(t, m, press("esc"))
			m = drive(t, m, keys(tc.toArticle...)...)
			back("search cancelled")

			m = drive(t, m, press("1"), press("j"), press("["))
			back("jump and back")

			// The first [ after all that goes somewhere else, or says
			// there is nowhere: never back to the same article.
			before, n := reading(m), len(trailOf(m))
			m = drive(t, m, press("["))
			if n > 1 && reading(m) == before || n == 1 && m.status != "Nothing further back." {
				t.Fatalf("[ from %s (trail of %d): reading %s, status %q", before, n, reading(m), m.status)
			}
		})
	}
}

// A click on another headline keeps the place of the one left, too.
func TestPlaceKeptAcrossClicks(t *testing.T) {
	m := start(t, newFake(6), 120, 40)
	m = drive(t, m, keys("enter", "space")...)
	place := m.article.offset
	m = drive(t, m, tea.MouseClickMsg{Button: tea.MouseLeft, X: 2, Y: 1 + itemHeight}) // a1
	if reading(m) != "a1" {
		t.Fatalf("click: reading %s", reading(m))
	}
	m = drive(t, m, tea.MouseClickMsg{Button: tea.MouseLeft, X: 2, Y: 1})
	if reading(m) != "a0" || m.article.offset != place {
		t.Fatalf("back by click: reading %s at %d, want a0 at %d", reading(m), m.article.offset, place)
	}
}

// The scroll position is in the status line, not on the rule above the
// related stories; an article with none says so in the rule, one line, and
// gives the rows to the article.
func TestRuleAndPosition(t *testing.T) {
	f := newFake(3)
	f.related["a1"] = nil
	f.arts[1].Links = []string{"https://example.com/one"}
	m := start(t, f, 60, 20)
	m = drive(t, m, press("enter"), press("j"))
	lines := strings.Split(screen(m), "\n")
	rule, status := "", lines[len(lines)-2]
	for _, l := range lines {
		if strings.HasPrefix(l, "─ ") {
			rule = l
		}
	}
	pos := m.article.Position()
	if pos == "" || strings.Contains(rule, pos) || !strings.Contains(status, pos) {
		t.Fatalf("position %q: rule %q, status %q", pos, rule, status)
	}
	m = drive(t, m, press("esc"), press("j"), press("enter"))
	if reading(m) != "a1" || !strings.Contains(screen(m), "─ No related stories. ─") || m.lay.related.h != 0 {
		t.Fatalf("reading %s, related rows %d:\n%s", reading(m), m.lay.related.h, screen(m))
	}
	if want := m.lay.bodyH - 1; m.lay.article.h != want {
		t.Fatalf("article %d rows, want %d (all but the rule: no trail, no breadcrumb's row)", m.lay.article.h, want)
	}
	// The links still have room there.
	m = drive(t, m, press("L"))
	if m.focus != focusLinks || !strings.Contains(screen(m), "https://example.com/one") {
		t.Fatalf("L: focus %v status %q:\n%s", m.focus, m.status, screen(m))
	}
}
