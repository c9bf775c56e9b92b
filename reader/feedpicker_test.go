package reader

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// pickerRow is the picker's row that names name, "" where none does.
func pickerRow(m app, name string) string {
	for _, l := range strings.Split(screen(m), "\n") {
		if strings.Contains(l, name) {
			return l
		}
	}
	return ""
}

// c lists All feeds and every subscription with its unread and total
// rows; j and enter keep the list to the one under the cursor (the
// filter F sets), esc closes and changes nothing, / filters the names.
func TestFeedPicker(t *testing.T) {
	src := newFake(6)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two", "Empty"}, marks: map[string]Mark{"a0": {Read: true}, "a1": {Read: true}, "a3": {Read: true}}}
	for _, size := range [][2]int{{120, 40}, {60, 20}} {
		m, _ := startLib(t, src, lib, size[0], size[1])
		m = drive(t, m, press("c"))
		if m.mode != modeFeeds {
			t.Fatalf("%v: c did not open the picker:\n%s", size, screen(m))
		}
		for name, want := range map[string][]string{"All feeds": {"3", "6"}, "One": {"2", "3"}, "Two": {"1", "3"}, "Empty": {"0", "0"}} {
			if got := strings.Fields(pickerRow(m, name)); len(got) < 2 || got[len(got)-2] != want[0] || got[len(got)-1] != want[1] {
				t.Errorf("%v: the row of %s is %q, want %s unread of %s", size, name, pickerRow(m, name), want[0], want[1])
			}
		}
		if !strings.Contains(pickerRow(m, "All feeds"), "▌") {
			t.Errorf("%v: the cursor is not on All feeds, the list's filter:\n%s", size, screen(m))
		}
		esc := drive(t, m, press("j"), press("esc"))
		if esc.mode != modeBrowse || esc.state.feed != "" || esc.list.Len() != 6 {
			t.Errorf("%v: esc: mode %v, feed %q, %d rows", size, esc.mode, esc.state.feed, esc.list.Len())
		}
		m = drive(t, m, press("j"), press("j"), press("enter"))
		if m.mode != modeBrowse || m.state.feed != "Two" || m.list.Len() != 3 || !strings.Contains(headerLine(m), "from Two") {
			t.Fatalf("%v: j j enter: feed %q, %d rows, header %q", size, m.state.feed, m.list.Len(), headerLine(m))
		}
		// Again: the cursor starts on the feed shown, marked.
		m = drive(t, m, press("c"))
		if row := pickerRow(m, "Two"); !strings.Contains(row, "▌•") {
			t.Errorf("%v: reopened, the cursor is not on the feed shown: %q", size, row)
		}
		m = drive(t, m, append([]tea.Msg{press("/")}, append(typeText("ON"), press("enter"))...)...)
		if m.state.feed != "One" || m.list.Len() != 3 {
			t.Errorf("%v: / ON enter: feed %q, %d rows", size, m.state.feed, m.list.Len())
		}
		m = drive(t, m, press("c"), press("g"), press("enter"))
		if m.state.feed != "" || m.list.Len() != 6 {
			t.Errorf("%v: All feeds: feed %q, %d rows", size, m.state.feed, m.list.Len())
		}
	}
}

// The counts follow the marks: a story read since the picker last drew
// is one unread fewer, the next time it opens.
func TestFeedPickerCountsFollowMarks(t *testing.T) {
	src := newFake(4)
	for _, a := range src.arts {
		a.Feed = "One"
	}
	lib := &fakeLibrary{feeds: []string{"One"}}
	m, _ := startLib(t, src, lib, 120, 40)
	m = drive(t, m, press("c"))
	if f := strings.Fields(pickerRow(m, "One")); f[len(f)-2] != "4" {
		t.Fatalf("before: %q", pickerRow(m, "One"))
	}
	m = drive(t, m, press("esc"), press("m"), press("c"))
	if f := strings.Fields(pickerRow(m, "One")); f[len(f)-2] != "3" || f[len(f)-1] != "4" {
		t.Fatalf("m then c: %q, want 3 unread of 4", pickerRow(m, "One"))
	}
}

// A story of several versions is one row, in its feed and in All feeds,
// as the header counts it: the seeds' eight stories of nine articles.
func TestFeedPickerCountsStories(t *testing.T) {
	arts, _ := ingest.LoadFS(seeds.FS)
	if len(arts) == 0 {
		t.Skip("no seeds")
	}
	for i := range arts {
		arts[i].Feed = "Other"
		if strings.Contains(arts[i].Title, "Influencer") {
			arts[i].Feed = "Mexico" // both versions of one story
		}
	}
	st := store.Build(arts)
	lib := &fakeLibrary{feeds: []string{"Mexico", "Other"}}
	m, _ := startLib(t, st, lib, 120, 40)
	m = drive(t, m, press("c"))
	if f := strings.Fields(pickerRow(m, "Mexico")); f[len(f)-1] != "1" {
		t.Errorf("Mexico: %q, want its one story", pickerRow(m, "Mexico"))
	}
	if f := strings.Fields(pickerRow(m, "All feeds")); f[len(f)-1] != "8" || f[len(f)-2] != "8" {
		t.Errorf("All feeds: %q, want 8 of 8, as the header's %q", pickerRow(m, "All feeds"), headerLine(drive(t, m, press("esc"))))
	}
	if !strings.Contains(pickerRow(m, "unread"), "stories") {
		t.Errorf("the counts' heads: %q", pickerRow(m, "unread"))
	}
}

// A feed's name is a line of text, however hostile: controls gone, cut
// to the width with an ellipsis, every frame within the terminal.
func TestFeedPickerHostileNames(t *testing.T) {
	long := "A feed whose name goes on " + strings.Repeat("and on ", 30)
	evil := "Evil\x1b[2J\x1b]52;c;aGk=\x07\u202eName\r\nInjected"
	src := newFake(4)
	src.arts[0].Feed, src.arts[1].Feed = long, evil
	lib := &fakeLibrary{feeds: []string{long, evil, "世界のニュース世界のニュース世界のニュース世界のニュース"}}
	for _, size := range [][2]int{{120, 40}, {60, 20}, {24, 8}} {
		m, _ := startLib(t, src, lib, size[0], size[1])
		m = drive(t, m, press("c"), press("j"))
		v := m.View().Content
		if strings.Contains(ansi.Strip(v), "\x1b") || strings.Contains(v, "\x07") || strings.Contains(v, "\u202e") {
			t.Errorf("%v: a control of a name reached the screen: %q", size, v)
		}
		if row := pickerRow(m, "A feed whose"); size[0] >= 60 && (!strings.Contains(row, "on and on") || !strings.Contains(row, "…")) {
			t.Errorf("%v: the long name is not cut with an ellipsis:\n%s", size, screen(m))
		}
		m = drive(t, m, press("enter"))
		if m.state.feed != long || m.list.Len() != 1 {
			t.Errorf("%v: picked %q, %d rows", size, m.state.feed, m.list.Len())
		}
	}
}

// ? names the key, with the library's keys.
func TestFeedPickerInHelp(t *testing.T) {
	m, _ := startLib(t, newFake(3), &fakeLibrary{feeds: []string{"One"}}, 120, 40)
	if h := screen(drive(t, m, press("?"))); !regexp.MustCompile(`c +choose a feed`).MatchString(h) || !regexp.MustCompile(`F +next feed`).MatchString(h) {
		t.Fatalf("? does not name c:\n%s", h)
	}
}

// Without a library (--no-state) there are no feeds to pick: c says so.
func TestFeedPickerWithoutLibrary(t *testing.T) {
	m := start(t, newFake(3), 120, 40)
	m = drive(t, m, press("c"))
	if m.mode != modeBrowse || !strings.Contains(screen(m), "No library") {
		t.Fatalf("c without a library:\n%s", screen(m))
	}
}

// A click on a feed's row picks it; the wheel moves the cursor.
func TestFeedPickerMouse(t *testing.T) {
	src := newFake(4)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two"}}
	m, _ := startLib(t, src, lib, 120, 40)
	m = drive(t, m, press("c"), tea.MouseWheelMsg{X: 10, Y: 5, Button: tea.MouseWheelDown})
	if !strings.Contains(pickerRow(m, "One"), "▌") {
		t.Fatalf("the wheel did not move the cursor to One:\n%s", screen(m))
	}
	m = drive(t, m, tea.MouseClickMsg{X: 10, Y: 3, Button: tea.MouseLeft}) // header, All feeds, One, Two
	if m.mode != modeBrowse || m.state.feed != "Two" || m.list.Len() != 2 {
		t.Fatalf("a click on Two: mode %v, feed %q, %d rows", m.mode, m.state.feed, m.list.Len())
	}
}

// Reopened on a feed below the first page, the picker scrolls to show
// it; a click picks the feed drawn on the row clicked, not the one that
// row would show from the top.
func TestFeedPickerClickAfterReopeningLow(t *testing.T) {
	src := newFake(30)
	var feeds []string
	for i, a := range src.arts {
		a.Feed = fmt.Sprintf("Feed%02d", i)
		feeds = append(feeds, a.Feed)
	}
	lib := &fakeLibrary{feeds: feeds}
	m, _ := startLib(t, src, lib, 60, 12)
	m = drive(t, m, press("c"), press("G"), press("enter"))
	if m.state.feed != "Feed29" {
		t.Fatalf("c G enter kept the list to %q", m.state.feed)
	}
	m = drive(t, m, press("c"))
	y := -1
	for i, l := range strings.Split(screen(m), "\n") {
		if strings.Contains(l, "Feed22") {
			y = i
		}
	}
	if y < 0 || !strings.Contains(pickerRow(m, "Feed29"), "▌") {
		t.Fatalf("reopened, the picker does not show Feed22 and the cursor on Feed29:\n%s", screen(m))
	}
	m = drive(t, m, tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft})
	if m.mode != modeBrowse || m.state.feed != "Feed22" {
		t.Fatalf("a click on the row showing Feed22 picked %q (mode %v)", m.state.feed, m.mode)
	}
}

// With a find's matches kept in the article, n and N typed in the open
// picker are the picker's: the match under the picker stays put.
func TestFeedPickerKeepsNFromTheFind(t *testing.T) {
	lib := &fakeLibrary{feeds: []string{"One"}}
	m, _ := startLib(t, newFake(3), lib, 120, 30)
	m = drive(t, m, press("enter"), press("/"))
	m = drive(t, m, typeText("paragraph 2")...)
	m = drive(t, m, press("enter"))
	if !m.article.HasFind() || m.focus != focusArticle {
		t.Fatalf("no find kept in the article: find %v, focus %v", m.article.HasFind(), m.focus)
	}
	first, _ := m.article.find.Current()
	m = drive(t, m, press("c"), press("n"), press("n"), press("N"), press("n"))
	if m.mode != modeFeeds {
		t.Fatalf("n in the picker closed it: mode %v", m.mode)
	}
	if now, _ := m.article.find.Current(); now != first {
		t.Fatalf("n N n in the picker moved the article's match from line %d to %d", first, now)
	}
}

// With a section chosen (#), the picker counts only its rows, as the
// list and the header do.
func TestFeedPickerCountsTheSection(t *testing.T) {
	src := newFake(6)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
		a.Section = "Sport"
		if i < 3 {
			a.Section = "World" // a0 (One), a1 (Two), a2 (One)
		}
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two"}}
	m, _ := startLib(t, src, lib, 120, 40)
	m = drive(t, m, press("#"))
	want := map[string]map[string]string{
		"World": {"All feeds": "3", "One": "2", "Two": "1"},
		"Sport": {"All feeds": "3", "One": "1", "Two": "2"},
	}[m.arrange.section]
	if want == nil || m.list.Len() != 3 {
		t.Fatalf("# chose %q, %d rows", m.arrange.section, m.list.Len())
	}
	m = drive(t, m, press("c"))
	for name, n := range want {
		if f := strings.Fields(pickerRow(m, name)); len(f) < 2 || f[len(f)-1] != n || f[len(f)-2] != n {
			t.Errorf("in %s, the row of %s is %q, want %s of %s", m.arrange.section, name, pickerRow(m, name), n, n)
		}
	}
	// Another section: counted again, not the last one's counts kept.
	m = drive(t, m, press("esc"), press("#"), press("c"))
	other := map[string]string{"World": "3", "Sport": "3", "": "6"}[m.arrange.section]
	if f := strings.Fields(pickerRow(m, "All feeds")); f[len(f)-1] != other || m.list.Len() != len(src.arts)/(1+btoi(m.arrange.section != "")) {
		t.Errorf("# again (%q): All feeds is %q, want %s, list %d rows", m.arrange.section, pickerRow(m, "All feeds"), other, m.list.Len())
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A feed picked with c while results show keeps the list under them to
// it, as F does, and says so: the results stay (a search is of every
// article) and esc goes back to the feed's list. Nothing on screen said
// what became of the results but the header's "in all articles".
func TestFeedPickedUnderResults(t *testing.T) {
	src := newFake(6)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two"}, marks: map[string]Mark{}}
	for _, size := range [][2]int{{120, 40}, {60, 20}} {
		m, _ := startLib(t, src, lib, size[0], size[1])
		m = drive(t, m, append(append(keys("/"), typeText("story")...), press("enter"))...)
		rows := m.list.Len()
		m = drive(t, m, keys("c", "j", "j", "enter")...)
		if m.state.feed != "Two" || !m.search.Showing() || m.list.Len() != rows {
			t.Fatalf("%v: feed %q, results showing %v, %d rows (want %d)", size, m.state.feed, m.search.Showing(), m.list.Len(), rows)
		}
		if h := headerLine(m); !strings.Contains(h, "in all articles") {
			t.Errorf("%v: header %q", size, h)
		}
		if s := screen(m); !strings.Contains(s, "esc: back to the list (from Two)") {
			t.Errorf("%v: no word of the results and the feed's list:\n%s", size, s)
		}
		m = drive(t, m, press("F")) // all feeds again: F says the same
		if s := screen(m); !strings.Contains(s, "esc: all articles") && !strings.Contains(s, "esc shows all articles") {
			t.Errorf("%v: F under results, no word:\n%s", size, s)
		}
		m = drive(t, m, press("esc"))
		if m.search.Showing() || m.list.Len() != 6 {
			t.Errorf("%v: esc: results showing %v, %d rows", size, m.search.Showing(), m.list.Len())
		}
	}
}

// The picker's rows by feed are worked out off the loop as the snapshot
// comes, not at the first c (29–49 ms of that key at 100,000 articles),
// and its counts are the same as worked out at c.
func TestFeedRowsWorkedOutAhead(t *testing.T) {
	src := newFake(6)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two"}, marks: map[string]Mark{"a0": {Read: true}}}
	m, _ := startLib(t, src, lib, 120, 40)
	if fr := m.lists.feedRows; !fr.ok || fr.gen != m.srcGen || len(fr.by["Two"]) != 3 {
		t.Fatalf("no rows by feed before c: ok %v, gen %d of %d, Two's %d", fr.ok, fr.gen, m.srcGen, len(fr.by["Two"]))
	}
	m = drive(t, m, press("c"))
	if got := strings.Fields(pickerRow(m, "One")); len(got) < 2 || got[len(got)-2] != "2" || got[len(got)-1] != "3" {
		t.Errorf("One's row: %q", pickerRow(m, "One"))
	}
}

// Leaving results after a feed was picked under them, where the row the
// list was on before / is not in that feed: the cursor goes to the
// article being read, a result of that feed, not to the old row's place.
func TestLeavingResultsAfterAFeedPicked(t *testing.T) {
	src := newFake(6)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two"}, marks: map[string]Mark{}}
	m, _ := startLib(t, src, lib, 120, 40)
	if selected(m) != "a0" { // feed One: not in Two
		t.Fatalf("the list starts on %q", selected(m))
	}
	m = drive(t, m, append(append(keys("/"), typeText("number 3")...), press("enter"))...)
	if reading(m) != "a3" { // feed Two
		t.Fatalf("the result read is %q", reading(m))
	}
	m = drive(t, m, keys("c", "j", "j", "enter", "esc")...)
	if m.search.Showing() || m.state.feed != "Two" || selected(m) != "a3" || reading(m) != "a3" {
		t.Errorf("esc after Two was picked: results %v, feed %q, cursor on %q, reading %q; want a3 both",
			m.search.Showing(), m.state.feed, selected(m), reading(m))
	}
}

// F under results with no subscriptions says so, and changes nothing:
// the note of results that stay did not take its place.
func TestFeedKeyUnderResultsWithoutFeeds(t *testing.T) {
	m, _ := startLib(t, newFake(6), &fakeLibrary{marks: map[string]Mark{}}, 120, 40)
	m = drive(t, m, append(append(keys("/"), typeText("story")...), press("enter"), press("F"))...)
	if s := screen(m); !strings.Contains(s, "No subscriptions to choose from") || strings.Contains(s, "The results stay") {
		t.Errorf("F under results, no subscriptions:\n%s", s)
	}
}

// While the index is built there are no results to stay: a feed picked
// meanwhile does not say they do.
func TestFeedPickedWhileIndexing(t *testing.T) {
	src := newFake(6)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two"}, marks: map[string]Mark{}}
	m, _ := startLib(t, headlinesIndexingOf(src), lib, 120, 40)
	m = drive(t, m, append(append(keys("/"), typeText("story")...), press("enter"))...)
	m = drive(t, m, keys("c", "j", "j", "enter")...)
	if m.state.feed != "Two" {
		t.Fatalf("feed %q", m.state.feed)
	}
	if s := screen(m); strings.Contains(s, "The results stay") || strings.Contains(s, "Results of all articles") {
		t.Errorf("results said to stay while indexing:\n%s", s)
	}
}
