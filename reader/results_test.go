package reader

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
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

// A new snapshot that comes while the first search of a typed query is
// still on its way (waiting its frame, or running) runs that query again
// on the snapshot; its results are still a query typed, not results
// shown run again: the cursor goes to the best result, wherever it was
// before `/`, and enter opens that one.
func TestTypedQueryBestFirstAcrossASnapshot(t *testing.T) {
	m := start(t, newFake(12), 120, 40)
	m = drive(t, m, keys("j", "j", "j", "j", "j")...)
	if selected(m) != "a5" {
		t.Fatalf("before the search: cursor on %q, want a5", selected(m))
	}
	m = drive(t, m, press("/"))
	// The query typed, its searches not yet back.
	var pending []tea.Cmd
	for _, k := range typeText("number 1") {
		nm, cmd := m.Update(k)
		m = nm.(app)
		pending = append(pending, cmd)
	}
	m = drive(t, m, SourceMsg{Src: newFake(12), Loaded: 12, Total: 12, Done: true})
	// The searches the snapshot superseded come back late: dropped.
	for _, cmd := range pending {
		m = drive(t, m, runCmd(cmd)...)
	}
	if m.list.Len() != 3 {
		t.Fatalf("results of %q: %d, want 3\n%s", "number 1", m.list.Len(), screen(m))
	}
	if selected(m) != "a1" {
		t.Fatalf("cursor on %q, want the best result a1\n%s", selected(m), screen(m))
	}
	// The results shown, the line still open: another snapshot runs
	// them again, and the cursor stays on its result.
	m = drive(t, m, press("down"))
	m = drive(t, m, SourceMsg{Src: newFake(12), Loaded: 12, Total: 12, Done: true})
	if selected(m) != "a10" {
		t.Fatalf("results run again: cursor on %q, want a10 kept\n%s", selected(m), screen(m))
	}
	m = drive(t, m, press("up"), press("enter"), press("enter"))
	if reading(m) != "a1" {
		t.Fatalf("enter opened %q, want a1\n%s", reading(m), screen(m))
	}
}

// A query that matches nothing leaves no article beside its empty list,
// not the best result of the query typed before it (`/valeriax` kept
// "Valeria Márquez…" beside "0 matches"), nor its keys in the help bar.
func TestNoArticleBesideNoResults(t *testing.T) {
	m := start(t, newFake(12), 120, 30)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("number 1")...)
	if reading(m) != "a1" {
		t.Fatalf("%q: reading %q, want its best result a1", "number 1", reading(m))
	}
	m = drive(t, m, typeText("x")...)
	if m.list.Len() != 0 {
		t.Fatalf("%q: %d results, want none", "number 1x", m.list.Len())
	}
	if reading(m) != "" || strings.Contains(screen(m), "Opening paragraph") {
		t.Fatalf("no results, and %q beside them\n%s", reading(m), screen(m))
	}
	// It says so, not "Nothing to read yet.", as of an empty library.
	if s := screen(m); !strings.Contains(s, "No match to show.") || strings.Contains(s, "Nothing to read yet.") {
		t.Fatalf("beside no results:\n%s", s)
	}
	m = drive(t, m, press("enter"))
	lines := strings.Split(screen(m), "\n")
	if bar := lines[len(lines)-1]; strings.Contains(bar, "related") || strings.Contains(bar, "enter read") {
		t.Fatalf("no results kept, and the help bar offers an article's keys: %q", bar)
	}
}

// Results run again on a new snapshot take the article beside them
// along: the first result an update brings to a query that had none
// (`/platypus`, then an update with "Platypus Parsing Tips"), and the
// row the cursor goes to where its result left the results.
func TestResultsRunAgainFollowTheCursor(t *testing.T) {
	t.Run("none before", func(t *testing.T) {
		lib := &fakeLibrary{next: newFake(14), added: 2}
		m, _ := startLib(t, newFake(12), lib, 120, 30)
		m = drive(t, m, press("/"))
		m = drive(t, m, typeText("number 13")...)
		if m.list.Len() != 0 || reading(m) != "" {
			t.Fatalf("before the update: %d results, reading %q", m.list.Len(), reading(m))
		}
		m = drive(t, m, press("enter"), press("R"))
		if selected(m) != "a13" || reading(m) != "a13" {
			t.Fatalf("after the update: cursor on %q, reading %q; want both on a13\n%s", selected(m), reading(m), screen(m))
		}
	})
	t.Run("result gone", func(t *testing.T) {
		next := newFake(12)
		next.arts[11].Title = "Story eleven" // no longer a result of "number 1"
		lib := &fakeLibrary{next: next}
		m, _ := startLib(t, newFake(12), lib, 120, 30)
		m = drive(t, m, press("/"))
		m = drive(t, m, typeText("number 1")...)
		m = drive(t, m, keys("enter", "j", "j")...)
		if selected(m) != "a11" || reading(m) != "a11" {
			t.Fatalf("before the update: cursor on %q, reading %q", selected(m), reading(m))
		}
		m = drive(t, m, press("R"))
		if selected(m) != "a10" || reading(m) != "a10" {
			t.Fatalf("after the update: cursor on %q, reading %q; want both on a10\n%s", selected(m), reading(m), screen(m))
		}
	})
}

// A query typed while the library is being indexed is no query that
// matched nothing: beside the list that says the search runs once the
// index is done, the article pane does not say "No match to show."
// (seen on the 100,000-article library at 120x40, a query typed in the
// first seconds).
func TestNoMatchNotSaidWhileIndexing(t *testing.T) {
	m := start(t, headlinesIndexingOf(newFake(12)), 120, 40)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("story")...)
	s := screen(m)
	if !strings.Contains(s, "Indexing the library") || strings.Contains(s, "No match to show.") || !strings.Contains(s, "Results come once the library is indexed.") {
		t.Fatalf("a query typed while indexing:\n%s", s)
	}
}
