package reader

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
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

// Once the load after a first page is done, snapshots bring new headlines
// as they do to any reader: one nobody has moved follows the top (the
// newest, read beside the list), one who moved keeps the cursor and the
// article on what they were on; at the list's top, the new rows show above
// it.
func TestAfterTheFirstPageNewOnTop(t *testing.T) {
	full := newFake(30)
	newer := newFake(32) // a30, a31: new on top, as newest
	newer.arts = append(newer.arts[30:], newer.arts[:30]...)
	for _, c := range []struct {
		name     string
		moves    []string
		sel, rd  string
		newShown bool
	}{
		{"untouched", nil, "a30", "a30", true},
		{"at the top", []string{"j", "k"}, "a0", "a0", true},
		{"further down", []string{"j", "j", "j"}, "a3", "a3", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := start(t, firstPage{headlinesIndexingOf(&fakeSource{arts: full.arts[:10]}), 30}, 120, 30)
			m = drive(t, m, SourceMsg{Src: headlinesIndexingOf(&fakeSource{arts: full.arts})})
			m = drive(t, m, SourceMsg{Src: full, Loaded: 1, Total: 1, Done: true})
			m = drive(t, m, keys(c.moves...)...)
			m = drive(t, m, SourceMsg{Src: newer, Loaded: 1, Total: 1, Done: true})
			if selected(m) != c.sel || reading(m) != c.rd {
				t.Fatalf("after two new on top: on %s, reading %s; want on %s, reading %s", selected(m), reading(m), c.sel, c.rd)
			}
			if rows := strings.Join(listRows(m), "\n"); strings.Contains(rows, "Story number 31") != c.newShown {
				t.Fatalf("the new headlines shown: %v, want %v:\n%s", !c.newShown, c.newShown, rows)
			}
		})
	}
}

// When the whole list arrives after the first page, the cursor stays on
// the article it was on, wherever that now is (far down the list, as
// where the rest regroup it into a story row), and the list scrolls to
// show it: the selected row's marker is among the rows drawn, with the
// filter on (u pressed while the page loads) or off, roomy and dense.
func TestWholeListShowsTheCursor(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {60, 20}} {
		for _, filter := range []bool{false, true} {
			t.Run(fmt.Sprintf("%dx%d filter %v", size[0], size[1], filter), func(t *testing.T) {
				full := newFake(300)
				page := firstPage{headlinesIndexingOf(&fakeSource{arts: full.arts[:40]}), 300}
				m := start(t, page, size[0], size[1])
				if filter {
					m = drive(t, m, keys("u")...)
				}
				// The rest put a0, the article open, 60 rows down.
				arts := append(append(append([]*store.Article{}, full.arts[1:60]...), full.arts[0]), full.arts[60:]...)
				m = drive(t, m, SourceMsg{Src: headlinesIndexingOf(&fakeSource{arts: arts})})
				if selected(m) != "a0" {
					t.Fatalf("the rest moved the cursor to %s, want a0", selected(m))
				}
				var marked []string
				for _, r := range listRows(m) {
					if strings.Contains(r, "▌") {
						marked = append(marked, r)
					}
				}
				if len(marked) == 0 || !strings.Contains(strings.Join(marked, "\n"), "Story number 0") {
					t.Fatalf("the selected row (story 0, row 60) is off screen:\n%s", strings.Join(listRows(m), "\n"))
				}
			})
		}
	}
}
