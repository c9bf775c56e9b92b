package reader

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// The sizes a reviewer read the list at: wide, the common terminal, narrow.
var reviewSizes = [][2]int{{120, 40}, {80, 24}, {60, 20}}

// setDense puts the list in the dense (true) or roomy mode, as d does.
func setDense(m app, dense bool) app {
	m.denseChosen = true
	m.list.SetDense(dense)
	m.relayout()
	m.setListHeader()
	return m
}

// A row shows both of its article's states: a saved article that is
// unread kept only its star ("★ Title"), the star in the unread dot's
// place, and read as read. In every list mode, at every size.
func TestRowShowsSavedAndUnread(t *testing.T) {
	lib := &fakeLibrary{marks: map[string]Mark{
		"a0": {Saved: true},             // unread and saved
		"a1": {Read: true, Saved: true}, // read and saved
		"a3": {Read: true},              // read
	}}
	want := []struct{ star, dot bool }{{true, true}, {true, false}, {false, true}, {false, false}}
	for _, sz := range reviewSizes {
		for _, dense := range []bool{false, true} {
			m, _ := startLib(t, newFake(4), lib, sz[0], sz[1])
			m = setDense(m, dense)
			for i, w := range want {
				row := rowOf(t, m, "Story number "+string(rune('0'+i)))
				if star, dot := strings.Contains(row, "★"), strings.Contains(row, "•"); star != w.star || dot != w.dot {
					t.Errorf("%dx%d dense %v: a%d's row %q: star %v, dot %v; want %v, %v", sz[0], sz[1], dense, i, row, star, dot, w.star, w.dot)
				}
			}
		}
	}
}

// The header names the filters while the rest of a large library loads:
// under u it was "1000 of 100000 articles · loading the rest… ·…", the
// filter cut off; the loading part gives way first.
func TestPageHeaderKeepsTheFilters(t *testing.T) {
	full := newFake(60)
	for _, sz := range reviewSizes {
		page := firstPage{headlinesIndexingOf(&fakeSource{arts: full.arts}), 100000}
		m, _ := startLib(t, page, &fakeLibrary{}, sz[0], sz[1])
		if h := headerLine(m); !strings.Contains(h, "loading") {
			t.Errorf("%dx%d: the first page's header does not say the rest are loading: %q", sz[0], sz[1], h)
		}
		u := drive(t, m, press("u"))
		if h := headerLine(u); !strings.Contains(h, "unread only") || !strings.Contains(h, "loading") {
			t.Errorf("%dx%d: under u while loading: %q, want the filter and the loading named", sz[0], sz[1], h)
		}
		us := drive(t, u, press("S"))
		if h := headerLine(us); !strings.Contains(h, "unread only · saved only") {
			t.Errorf("%dx%d: under u and S while loading: %q", sz[0], sz[1], h)
		}
	}
}

// A dense row's title takes the columns the row leaves blank: the source
// column kept room for another row's "2 versions" on every row, and
// titles stopped ~12 columns short ("…Mexico and US Over Dr…" at 60x20,
// column 68 of 80).
func TestDenseTitleTakesTheRoomLeft(t *testing.T) {
	for _, sz := range reviewSizes {
		m := setDense(start(t, seedSource(t), sz[0], sz[1]), true)
		w := m.lay.list.w
		rows := strings.Split(ansi.Strip(strings.Join(listRows(m), "\n")), "\n")
		var badge bool
		for _, r := range rows {
			r = strings.TrimRight(string([]rune(r)[:min(len([]rune(r)), w)]), " ")
			badge = badge || strings.HasSuffix(r, "versions")
			if strings.HasSuffix(r, "…") && textWidth(r) < w-1 {
				t.Errorf("%dx%d: a title cut at column %d of %d: %q", sz[0], sz[1], textWidth(r), w, r)
			}
		}
		if !badge && w >= 60 { // a list narrower has no source column
			t.Errorf("%dx%d: no row says how many versions tell its story:\n%s", sz[0], sz[1], strings.Join(rows, "\n"))
		}
	}
}

// A row with a day but no source gives its title the source's columns,
// and its day stays in the days' column.
func TestDenseTitleTakesTheSourceColumn(t *testing.T) {
	defer func(n func() time.Time) { now = n }(now)
	now = func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }
	f := newFake(4)
	for i, a := range f.arts {
		a.Title = strings.Repeat("Long title of a story ", 5) + string(rune('0'+i))
		a.Published = time.Date(2026, 2, 10+i, 0, 0, 0, 0, time.UTC)
		a.Source = "feed/wire.txt" // "feed/3.txt", a number, names nothing in a row
		if i%2 == 1 {
			a.Source = ""
		}
	}
	m := setDense(start(t, f, 80, 24), true)
	rows := strings.Split(ansi.Strip(strings.Join(listRows(m), "\n")), "\n")[:4]
	for i, r := range rows {
		r = strings.TrimRight(r, " ")
		if !strings.HasSuffix(r, "Feb "+string(rune('0'+i))) && !strings.HasSuffix(r, "Feb 1"+string(rune('0'+i))) {
			t.Errorf("row %d does not end in its day, in the days' column: %q", i, r)
		}
		title := strings.TrimSpace(r[:strings.Index(r, "…")])
		if i%2 == 1 && textWidth(title) < textWidth(strings.TrimSpace(rows[0][:strings.Index(rows[0], "…")]))+4 {
			t.Errorf("a row with no source left its title in the source's width: %q\n%s", r, strings.Join(rows, "\n"))
		}
	}
}

// The header and the status line count the same thing: the status said
// "article 3 of 61972" under "61972 stories". Stories once grouped,
// articles while the first page lists them ungrouped.
func TestHeaderAndStatusSayOneUnit(t *testing.T) {
	m := start(t, seedSource(t), 120, 40)
	if h, s := headerLine(m), screen(m); !strings.HasPrefix(h, "8 stories") || !strings.Contains(s, "story 1 of 8") || strings.Contains(s, "article 1 of") {
		t.Errorf("grouped: header %q, screen:\n%s", h, s)
	}
	page := firstPage{headlinesIndexingOf(&fakeSource{arts: newFake(40).arts}), 300}
	p := start(t, page, 120, 40)
	if h, s := headerLine(p), screen(p); !strings.Contains(h, "40 of 300 articles") || !strings.Contains(s, "article 1 of 40") {
		t.Errorf("first page: header %q, screen:\n%s", h, s)
	}
}

// Where u and S leave nothing, the article pane says what the list says
// ("Nothing unread and saved."), not "Nothing to read yet.", as of an
// empty library.
func TestArticlePaneAgreesWithAnEmptyList(t *testing.T) {
	marks := map[string]Mark{}
	for i := range 4 {
		marks["a"+string(rune('0'+i))] = Mark{Read: true}
	}
	m, _ := startLib(t, newFake(4), &fakeLibrary{marks: marks}, 120, 40)
	m = drive(t, m, press("u"), press("S"))
	s := screen(m)
	if strings.Contains(s, "Nothing to read yet") || strings.Count(s, "Nothing unread and saved.") != 2 {
		t.Fatalf("the panes disagree:\n%s", s)
	}
}

// A row short of room drops its last fact whole rather than leave a lone
// "…" for it ("Dakota Collegiate · 2017-10-17 · 387 words · …") or cut a
// count ("455 wor…"); a name may be cut where enough of it shows; a file
// named by a number alone names nothing ("0099947.md").
func TestRowFactsFitWhole(t *testing.T) {
	facts := []string{"Dakota Collegiate", "2017-10-17", "387 words", "HuffPost Canada"}
	if got := fitFacts(facts, 44); got != "Dakota Collegiate · 2017-10-17 · 387 words" {
		t.Errorf("44 columns: %q", got)
	}
	if got := fitFacts(facts, 54); got != "Dakota Collegiate · 2017-10-17 · 387 words · HuffPost…" {
		t.Errorf("54 columns: %q", got)
	}
	if got := fitFacts([]string{"2 sources", "Sport Wire", "2026-01-02", "455 words"}, 44); got != "2 sources · Sport Wire · 2026-01-02" {
		t.Errorf("a count cut: %q", got)
	}
	if got := listSource("synth/sport-desk/0099947.md"); got != "" {
		t.Errorf("a number for a name: %q", got)
	}
	if got := listSource("https://news.example/feed.xml"); got != "news.example" {
		t.Errorf("a feed: %q", got)
	}
}
