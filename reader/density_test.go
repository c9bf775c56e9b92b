package reader

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Where the terminal is short the list shows one row a headline; d switches
// to the roomy list and back, and the choice holds across resizes.
func TestDenseList(t *testing.T) {
	m := start(t, newFake(40), 80, 24)
	if !m.list.Dense() {
		t.Fatal("80x24: not dense")
	}
	rows := m.lay.bodyH - 1 // the header
	if got := strings.Count(screen(m), "Story number"); got != rows {
		t.Fatalf("80x24 dense: %d headlines on screen, want %d", got, rows)
	}
	// One row a headline: j moves one row, a click picks the row clicked.
	m = drive(t, m, press("j"), press("j"))
	if selected(m) != "a2" {
		t.Fatalf("j j: %s", selected(m))
	}
	m = drive(t, m, tea.MouseClickMsg{Button: tea.MouseLeft, X: 3, Y: 1 + 5})
	if selected(m) != "a5" {
		t.Fatalf("click on the sixth row: %s", selected(m))
	}
	m = drive(t, m, press("d"))
	if m.list.Dense() || strings.Count(screen(m), "Story number") > rows/itemHeight+1 {
		t.Fatalf("d: dense %v\n%s", m.list.Dense(), screen(m))
	}
	m = drive(t, m, tea.WindowSizeMsg{Width: 80, Height: 20})
	if m.list.Dense() {
		t.Fatal("a resize undid the choice of d")
	}
	m = start(t, newFake(40), 120, 40)
	if m.list.Dense() {
		t.Fatal("120x40: dense")
	}
}

// The list's width follows the terminal, and < and > move its edge within
// bounds; the article is rendered again for its new width.
func TestListWidth(t *testing.T) {
	m := start(t, newFake(4), 120, 40)
	if m.lay.list.w != 48 {
		t.Fatalf("120 columns: list %d", m.lay.list.w)
	}
	wide := start(t, newFake(4), 220, 40)
	if wide.lay.list.w <= 56 || wide.wrapWidth() != maxMeasure {
		t.Fatalf("220 columns: list %d, article %d", wide.lay.list.w, wide.wrapWidth())
	}
	m = drive(t, m, press(">"), press(">"))
	if m.lay.list.w != 56 || m.article.Wanted().Width != m.wrapWidth() || !m.article.Ready() {
		t.Fatalf("> >: list %d, article wanted at %d for %d", m.lay.list.w, m.article.Wanted().Width, m.wrapWidth())
	}
	for range 40 {
		m = drive(t, m, press("<"))
	}
	if m.lay.list.w != 24 {
		t.Fatalf("< to the end: list %d", m.lay.list.w)
	}
	m = drive(t, m, press(">"))
	if m.lay.list.w != 28 {
		t.Fatalf("> after < past the end: list %d (presses piled up)", m.lay.list.w)
	}
	n := start(t, newFake(4), 80, 24)
	n = drive(t, n, press(">"))
	if n.status == "" {
		t.Fatal("> on a narrow terminal says nothing")
	}
}

// n and p (J and K) read the next and previous article without going back
// to the list, each where it was left, the focus staying on the article.
func TestNextArticleWhileReading(t *testing.T) {
	for _, w := range []int{120, 80} {
		m := start(t, newFake(5), w, 30)
		m = drive(t, m, press("enter"), press("space"))
		place := m.article.offset
		m = drive(t, m, press("n"))
		if reading(m) != "a1" || selected(m) != "a1" || m.focus != focusArticle || !m.lay.showArticle {
			t.Fatalf("%d: n: reading %s, selected %s, focus %v", w, reading(m), selected(m), m.focus)
		}
		m = drive(t, m, press("J"), press("K"), press("p"))
		if reading(m) != "a0" || m.article.offset != place || m.focus != focusArticle {
			t.Fatalf("%d: J K p: reading %s at %d (want a0 at %d), focus %v", w, reading(m), m.article.offset, place, m.focus)
		}
		m = drive(t, m, press("p"))
		if reading(m) != "a0" || !strings.Contains(m.status, "first article") {
			t.Fatalf("%d: p on the first: reading %s, status %q", w, reading(m), m.status)
		}
	}
}

// The dense list gives the year of a day outside the current one, as
// ls -l does; a day of this year is month and day.
func TestDenseDatesOfOtherYears(t *testing.T) {
	defer func(f func() time.Time) { now = f }(now)
	now = func() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) }
	src := newFake(3)
	src.arts[0].Published = time.Date(2009, 1, 16, 12, 0, 0, 0, time.UTC)
	src.arts[1].Published = time.Date(2026, 4, 9, 12, 0, 0, 0, time.UTC)
	src.arts[2].Published = time.Date(2011, 4, 9, 12, 0, 0, 0, time.UTC)
	m := start(t, src, 60, 20)
	if !m.list.Dense() {
		t.Fatal("60x20: not dense")
	}
	rows := map[string]string{}
	for _, l := range strings.Split(screen(m), "\n") {
		for _, id := range []string{"0", "1", "2"} {
			if strings.Contains(l, "number "+id) {
				rows[id] = l
			}
		}
	}
	for id, want := range map[string]string{"0": "Jan 16 2009", "1": "Apr  9", "2": "Apr  9 2011"} {
		if !strings.Contains(rows[id], want) {
			t.Errorf("row of story %s lacks %q: %q\n%s", id, want, rows[id], screen(m))
		}
	}
	if strings.Contains(rows["1"], "2026") {
		t.Errorf("this year's day gives its year: %q", rows["1"])
	}
}

// The dense list too narrow for its source column says a story's count
// of versions after its title where it fits whole, as the roomy list
// says "2 versions" (at 60x20 it said nothing), and leaves it out whole
// where the title would keep too little room.
func TestDenseRowSaysVersions(t *testing.T) {
	for _, c := range []struct {
		w    int
		want bool
	}{{60, true}, {40, true}, {30, false}, {26, false}} {
		m := start(t, seedSource(t), c.w, 20)
		if !m.list.Dense() {
			t.Fatalf("%dx20: the list is not dense", c.w)
		}
		row := rowOf(t, m, "Beauty Influencer")
		if got := strings.HasSuffix(strings.TrimSpace(row), "  2 versions"); got != c.want {
			t.Errorf("%dx20: the story's row %q: says 2 versions %v, want %v", c.w, row, got, c.want)
		}
		if !c.want && (strings.Contains(row, " 2 v") || strings.Contains(row, "versi")) {
			t.Errorf("%dx20: the count cut: %q", c.w, row)
		}
	}
}
