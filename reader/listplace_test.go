package reader

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// markedRow is the screen row of the list's cursor, -1 where none shows.
func markedRow(m app) int {
	for i, r := range listRows(m) {
		if strings.Contains(r, "▌") {
			return i
		}
	}
	return -1
}

// When the rest of a library comes after its first page and the article
// the cursor is on has moved off the screen, the list keeps that row
// where it was on screen, under the reader's eyes: it landed on the
// page's last row, the screen filled with the rows that came before it.
// Moved within the screen, the rows stay where they are.
func TestWholeListKeepsTheCursorsRow(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {60, 20}} {
		for _, moved := range []int{60, 2} {
			t.Run(fmt.Sprintf("%dx%d moved %d", size[0], size[1], moved), func(t *testing.T) {
				full := newFake(300)
				page := firstPage{headlinesIndexingOf(&fakeSource{arts: full.arts[:40]}), 300}
				m := start(t, page, size[0], size[1])
				// The cursor a few rows down, so that the row kept is
				// not the screen's first whatever it is.
				const at = 3
				m = drive(t, m, press("j"), press("j"), press("j"))
				before := markedRow(m)
				if before <= 0 || selected(m) != "a3" {
					t.Fatalf("j j j: the cursor on %s, screen row %d:\n%s", selected(m), before, screen(m))
				}
				arts := append(append(append(append([]*store.Article{}, full.arts[:at]...), full.arts[at+1:at+1+moved]...), full.arts[at]), full.arts[at+1+moved:]...)
				m = drive(t, m, SourceMsg{Src: headlinesIndexingOf(&fakeSource{arts: arts})})
				if selected(m) != "a3" {
					t.Fatalf("the rest moved the cursor to %s, want a3", selected(m))
				}
				got := markedRow(m)
				if moved >= m.list.perPage() && got != before {
					t.Fatalf("a3 moved %d rows down, off the screen: its row is on screen row %d, was %d\n%s", moved, got, before, strings.Join(listRows(m), "\n"))
				}
				if moved < m.list.perPage() && got <= before {
					t.Fatalf("a3 moved %d rows down, within the screen: on screen row %d, was %d", moved, got, before)
				}
				if moved < m.list.perPage() && m.list.scroll.Offset() != 0 {
					t.Fatalf("a3 moved within the screen and the list scrolled to %d", m.list.scroll.Offset())
				}
			})
		}
	}
}
