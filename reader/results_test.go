package reader

import (
	"strings"
	"testing"
)

// Results shown when a new snapshot comes (an update, R's or another
// process's) are the same query run again: the cursor stays on its
// result and the article being read stays, as they do in the list; a
// new result that came with the update is not shown, nor read.
func TestResultsKeptAcrossAnUpdate(t *testing.T) {
	for _, reads := range []bool{false, true} {
		name := "cursor"
		if reads {
			name = "reading"
		}
		t.Run(name, func(t *testing.T) {
			next := newFake(14)
			// The two new ones first, as the newest: "number 1" finds
			// a12 and a13 before the others.
			next.arts = append(next.arts[12:], next.arts[:12]...)
			lib := &fakeLibrary{next: next, added: 2}
			m, dwells := startLib(t, newFake(12), lib, 120, 40)
			m = drive(t, m, press("/"))
			m = drive(t, m, typeText("number 1")...)
			m = drive(t, m, keys("enter", "j", "j")...)
			if selected(m) != "a11" || !strings.Contains(screen(m), "result 3 of 3") {
				t.Fatalf("before the update: cursor on %q\n%s", selected(m), screen(m))
			}
			if reads {
				m = drive(t, m, press("enter"))
			}
			m = drive(t, m, press("R"))
			if m.list.Len() != 5 {
				t.Fatalf("the update's results: %d, want 5", m.list.Len())
			}
			if selected(m) != "a11" || reading(m) != "a11" {
				t.Fatalf("after the update: cursor on %q, reading %q; want both on a11\n%s", selected(m), reading(m), screen(m))
			}
			if !strings.Contains(screen(m), "result 5 of 5") {
				t.Fatalf("the status line does not say the result kept:\n%s", screen(m))
			}
			for _, d := range *dwells {
				m = drive(t, m, d)
			}
			for _, id := range []string{"a12", "a13"} {
				if lib.mark(id).Read {
					t.Fatalf("%s, new with the update, marked read", id)
				}
			}
			// A query typed anew starts at its best result.
			if reads {
				m = drive(t, m, press("esc")) // to the list: / there searches
			}
			m = drive(t, m, press("/"))
			m = drive(t, m, typeText("number 13")...)
			if selected(m) != "a13" || reading(m) != "a13" {
				t.Fatalf("a new query: cursor on %q, reading %q, want a13", selected(m), reading(m))
			}
		})
	}
}
