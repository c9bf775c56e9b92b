package reader

import (
	"strings"
	"testing"
)

// firstPage is the newest headlines of a large library, as lede opens
// it: no search, no related stories, and the count of the whole.
type firstPage struct {
	headlinesIndexing
	of int
}

func (p firstPage) Of() int { return p.of }

// listRows is the list pane as drawn, without its header.
func listRows(m app) []string {
	lines := strings.Split(m.list.View(), "\n")
	return lines[1:]
}

// The reader opens on the first page of a large library's headlines and
// says the rest are coming; when they come (and then the store), the
// cursor stays on its article and the rows on screen stay where they
// were: the page is the first of the whole list, in its order.
func TestFirstPageThenTheRest(t *testing.T) {
	full := newFake(300)
	page := firstPage{headlinesIndexingOf(&fakeSource{arts: full.arts[:40]}), 300}
	m := start(t, page, 120, 30)
	s := screen(m)
	if !strings.Contains(s, "40 of 300 articles · loading the rest…") {
		t.Fatalf("the first page does not say the rest are coming:\n%s", s)
	}
	if strings.Contains(s, "40 articles") {
		t.Fatalf("the first page is counted as the whole list:\n%s", s)
	}
	var js []string
	for range 33 {
		js = append(js, "j")
	}
	m = drive(t, m, keys(js...)...)
	if selected(m) != "a33" {
		t.Fatalf("on %s after 33 j, want a33", selected(m))
	}
	rows := listRows(m)
	if !strings.Contains(strings.Join(rows, "\n"), "Story number 33") || strings.Contains(strings.Join(rows, "\n"), "Story number 0\n") {
		t.Fatalf("the list did not scroll to a33:\n%s", strings.Join(rows, "\n"))
	}

	// Every headline: the same rows, the same cursor; the header counts
	// them all, and nothing says they are still coming.
	rest := headlinesIndexingOf(&fakeSource{arts: full.arts})
	m = drive(t, m, SourceMsg{Src: rest})
	if selected(m) != "a33" {
		t.Fatalf("the rest moved the cursor to %s", selected(m))
	}
	if got := listRows(m); strings.Join(got, "\n") != strings.Join(rows, "\n") {
		t.Fatalf("the rows moved when the rest came:\n%s\n--- before:\n%s", strings.Join(got, "\n"), strings.Join(rows, "\n"))
	}
	s = screen(m)
	if !strings.Contains(s, "300 articles") || strings.Contains(s, "loading the rest") {
		t.Fatalf("the header once every headline is in:\n%s", s)
	}
	// A key after it moves from where the cursor was.
	m = drive(t, m, keys("j")...)
	if selected(m) != "a34" {
		t.Fatalf("j after the rest: on %s, want a34", selected(m))
	}

	// Then the store: still there.
	m = drive(t, m, SourceMsg{Src: full, Loaded: 1, Total: 1, Done: true})
	if selected(m) != "a34" || reading(m) != "a34" {
		t.Fatalf("the store moved the cursor to %s (reading %s)", selected(m), reading(m))
	}
}

// Where nobody has moved, the list stays at its top as the rest come.
func TestFirstPageUntouched(t *testing.T) {
	full := newFake(100)
	m := start(t, firstPage{headlinesIndexingOf(&fakeSource{arts: full.arts[:10]}), 100}, 120, 30)
	m = drive(t, m, SourceMsg{Src: headlinesIndexingOf(&fakeSource{arts: full.arts})})
	if selected(m) != "a0" || reading(m) != "a0" {
		t.Fatalf("on %s (reading %s) once the rest came, want a0", selected(m), reading(m))
	}
}
