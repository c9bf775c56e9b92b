package reader

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// headerLine is the list's header as drawn.
func headerLine(m app) string {
	line := strings.Split(screen(m), "\n")[0]
	if m.lay.list.w < m.width {
		line = string([]rune(line)[:m.lay.list.w])
	}
	return strings.TrimSpace(line)
}

// The header counts what the list holds (it counted the whole library:
// "6 articles · 20 unread · 0 saved · in My Local" with all 6 read), and
// names its filters and its order in words that stay whole at 120x40 and
// at 60x20 ("· newest …", "· by sour…" were cut).
func TestHeaderCountsWhatIsListed(t *testing.T) {
	src := newFake(12)
	marks := map[string]Mark{}
	for i, a := range src.arts {
		a.Feed = []string{"My Local News", "Elsewhere"}[i%2]
		if i%2 == 0 {
			marks[a.ID] = Mark{Read: true}
		}
	}
	marks["a1"] = Mark{Saved: true}
	for _, sz := range [][2]int{{120, 40}, {60, 20}} {
		lib := &fakeLibrary{feeds: []string{"My Local News", "Elsewhere"}, marks: maps.Clone(marks)}
		m, _ := startLib(t, src, lib, sz[0], sz[1])
		if h := headerLine(m); h != "12 articles · 6 unread · 1 saved" {
			t.Fatalf("%dx%d: header %q", sz[0], sz[1], h)
		}
		m = drive(t, m, press("F"))
		if h := headerLine(m); h != "6 articles · 0 unread · from My Local News" && h != "6 articles · 0 unread · 0 saved · from My Local News" {
			t.Fatalf("%dx%d: header of one feed, all read: %q", sz[0], sz[1], h)
		}
		m = drive(t, m, press("T"))
		if h := headerLine(m); !strings.HasSuffix(h, "· from My Local News · newest first") || !strings.HasPrefix(h, "6 articles") && !strings.HasPrefix(h, "0 unread") {
			t.Fatalf("%dx%d: header of one feed, newest first: %q", sz[0], sz[1], h)
		}
		m = drive(t, m, press("m")) // one read → unread: counted at once
		if u, _ := m.counts(); u != 1 {
			t.Fatalf("%dx%d: after m, %d unread counted, want 1", sz[0], sz[1], u)
		}
		m = drive(t, m, keys("F", "u")...)
		if h := headerLine(m); strings.Contains(h, "…") || !strings.HasPrefix(h, "6 ") || !strings.Contains(h, "unread") ||
			!strings.HasSuffix(h, " · from Elsewhere · newest first") {
			t.Fatalf("%dx%d: header of the unread of another feed: %q", sz[0], sz[1], h)
		}
	}
}

// An empty filter says what it let through in words ("Nothing · saved."
// was said), and leaves no article beside the empty list; the filter off,
// the article left is back.
func TestEmptyFilter(t *testing.T) {
	lib := &fakeLibrary{}
	m, _ := startLib(t, newFake(4), lib, 120, 40)
	m = drive(t, m, keys("j", "enter", "tab", "S")...)
	s := screen(m)
	if !strings.Contains(s, "Nothing saved.") || !strings.Contains(s, "S again: all articles.") {
		t.Fatalf("an empty saved filter:\n%s", s)
	}
	if reading(m) != "" || strings.Contains(s, "Paragraph 1 of story 1") {
		t.Fatalf("beside the empty list, the article %q is still shown:\n%s", reading(m), s)
	}
	if h := headerLine(m); h != "0 articles · saved only" {
		t.Fatalf("header of the empty list: %q", h)
	}
	m = drive(t, m, press("S"))
	if reading(m) != "a1" || selected(m) != "a1" {
		t.Fatalf("S again: reading %q, cursor on %q, want a1", reading(m), selected(m))
	}
	m = drive(t, m, keys("A", "u")...) // every article read, then unread only
	if s := screen(m); !strings.Contains(s, "Nothing unread.") || !strings.Contains(s, "u again: all articles.") {
		t.Fatalf("an empty unread filter:\n%s", s)
	}
}

// A search left (esc, or enter then esc) for an empty filtered list
// leaves no article beside it, as the filter did: the search's result
// stayed in the pane, and s saved it, and two seconds there read it.
func TestEmptyFilterAfterSearch(t *testing.T) {
	for _, ks := range [][]string{{"esc"}, {"enter", "esc"}} {
		lib := &fakeLibrary{}
		m, dwells := startLib(t, newFake(4), lib, 120, 40)
		m = drive(t, m, keys("S", "/", "s", "t", "o", "r", "y")...)
		m = drive(t, m, keys(ks...)...)
		s := screen(m)
		if !strings.Contains(s, "Nothing saved.") {
			t.Fatalf("%v: not back on the empty saved list:\n%s", ks, s)
		}
		if reading(m) != "" || strings.Contains(s, "Paragraph 1 of story") {
			t.Fatalf("%v: beside the empty list, the article %q is still shown:\n%s", ks, reading(m), s)
		}
		*dwells = nil
		m = drive(t, m, keys("tab", "s")...)
		for _, d := range *dwells {
			m = drive(t, m, d)
		}
		for id, mk := range lib.marks {
			if mk.Saved || mk.Read {
				t.Fatalf("%v: tab, s and a while: %s marked %+v, though no article is shown", ks, id, mk)
			}
		}
	}
}

// A search is of every article, whatever the list is kept to, and says
// so: its header ("in all articles"), the status line once its results
// are kept, and what esc goes back to: the list as it was, under its
// filter (the status line said "esc shows all articles", and esc went
// back to the feed's four).
func TestSearchSaysItIsOfAllArticles(t *testing.T) {
	src := newFake(12)
	for i, a := range src.arts {
		a.Feed = []string{"Evil Feed", "Elsewhere"}[i%2]
	}
	for _, sz := range [][2]int{{120, 40}, {60, 20}} {
		lib := &fakeLibrary{feeds: []string{"Evil Feed", "Elsewhere"}}
		m, _ := startLib(t, src, lib, sz[0], sz[1])
		m = drive(t, m, keys("F", "/", "s", "t", "o", "r", "y", "enter")...)
		s := screen(m)
		if h := headerLine(m); !strings.HasPrefix(h, "12 matches for “story”") {
			t.Fatalf("%dx%d: not every article's results: %q", sz[0], sz[1], h)
		}
		if sz[0] == 120 && !strings.Contains(s, "12 matches for “story” in all articles") {
			t.Fatalf("%dx%d: the header does not say the results are of all articles:\n%s", sz[0], sz[1], s)
		}
		if !strings.Contains(s, "back to the list") || sz[0] == 120 && !strings.Contains(s, "back to the list (from Evil Feed)") || strings.Contains(s, "esc shows all articles") {
			t.Fatalf("%dx%d: the status line does not say what esc goes back to:\n%s", sz[0], sz[1], s)
		}
		m = drive(t, m, keys("esc")...)
		if h := headerLine(m); !strings.Contains(h, "from Evil Feed") || !strings.HasPrefix(h, "6 ") {
			t.Fatalf("%dx%d: esc went back to %q, not the feed's list", sz[0], sz[1], h)
		}
	}
}

// runOnlyLibrary keeps marks for the run only, as lede --no-state does.
type runOnlyLibrary struct{ fakeLibrary }

func (*runOnlyLibrary) RunOnly() bool { return true }

// With marks that last this run only, a save says so ("Saved: it stays
// until you unsave it" was said with --no-state, which keeps nothing).
func TestSaveSaysWhatLasts(t *testing.T) {
	for _, c := range []struct {
		lib  Library
		want string
	}{
		{&fakeLibrary{}, "Saved: it stays until you unsave it (s)."},
		{&runOnlyLibrary{}, "Saved for this run only: nothing is kept once lede quits."},
	} {
		m, _ := startLib(t, newFake(3), c.lib, 120, 40)
		m = drive(t, m, press("s"))
		if !strings.Contains(screen(m), c.want) {
			t.Fatalf("%T: s says\n%s\nwant %q", c.lib, screen(m), c.want)
		}
	}
}

// Where the counts and the names are wider than the list, the count of
// articles gives way and unread stays, as README says.
func TestHeaderKeepsUnreadWhenNarrow(t *testing.T) {
	src := newFake(12)
	for _, a := range src.arts {
		a.Feed = "A Rather Long Feed Name"
	}
	lib := &fakeLibrary{feeds: []string{"A Rather Long Feed Name"}}
	m, _ := startLib(t, src, lib, 120, 40)
	m = drive(t, m, press("F"))
	if h := headerLine(m); h != "12 unread · from A Rather Long Feed Name" {
		t.Fatalf("header of one feed at 120 columns: %q", h)
	}
}

// # under a feed goes through the sections that feed's articles are in,
// not every section of the library ("0 articles · from Business Desk ·
// in Sport Wire", most of the sections empty), and the section it keeps
// to shows in the header, whole, beside a long feed name and an order
// (it was cut: "…newest first…").
func TestSectionsOfTheFilteredList(t *testing.T) {
	src := newFake(12)
	feeds := []string{"CRE: Technik, Kultur, Gesellschaft und mehr", "Elsewhere"}
	secs := []string{"Netzpolitik", "Sport Wire", "Business Desk"}
	for i, a := range src.arts {
		a.Feed = feeds[i%2]
		a.Section = secs[i%3]
		if i%2 == 1 {
			a.Section = "Elsewhere Only"
		}
	}
	for _, sz := range [][2]int{{120, 40}, {60, 20}} {
		lib := &fakeLibrary{feeds: feeds}
		m, _ := startLib(t, src, lib, sz[0], sz[1])
		m = drive(t, m, keys("F", "T")...)
		var seen []string
		for range 4 {
			m = drive(t, m, press("#"))
			seen = append(seen, m.arrange.section)
			h := headerLine(m)
			if m.arrange.section == "" {
				continue
			}
			if m.list.Len() == 0 {
				t.Fatalf("%dx%d: # kept to %q, where the feed has nothing:\n%s", sz[0], sz[1], m.arrange.section, screen(m))
			}
			if !strings.HasSuffix(h, "in "+m.arrange.section) || !strings.Contains(h, "unread") || !strings.Contains(h, "from CRE") {
				t.Fatalf("%dx%d: header %q does not name the section whole, the feed and the unread", sz[0], sz[1], h)
			}
		}
		if want := []string{"", "Business Desk", "Netzpolitik", "Sport Wire"}; seen[3] != "" || !slices.Equal(slices.Sorted(slices.Values(seen)), want) {
			t.Fatalf("%dx%d: # went through %q, want %q", sz[0], sz[1], seen, want)
		}
	}
}

// The header gives way in one order whatever the feed's name (a count
// of none saved, the count of rows, the count saved, then the order,
// then the feed's name is shortened, then the unread count): for feeds
// of every length of name, a header that shows any count shows the
// unread, and a feed's name is cut only where no count but the unread
// is left ("30 articles · from CRE: Technik, Kultur, Gesel…" lost its
// unread count and cut the name).
func TestHeaderGivesWayInOneOrder(t *testing.T) {
	names := []string{"BBC", "Valley Gazette", "Tagesschau Inland und Ausland", "CRE: Technik, Kultur, Gesellschaft und noch viel mehr dazu"}
	src := newFake(16)
	for i, a := range src.arts {
		a.Feed = names[i%len(names)]
	}
	for _, sz := range [][2]int{{120, 40}, {60, 20}, {40, 12}} {
		lib := &fakeLibrary{feeds: names, marks: map[string]Mark{"a0": {Saved: true}}}
		m, _ := startLib(t, src, lib, sz[0], sz[1])
		m = drive(t, m, press("T"))
		for range names {
			m = drive(t, m, press("F"))
			h := headerLine(m)
			feed := oneLine(m.state.feed)
			whole := strings.Contains(h, "from "+feed)
			counts := strings.Contains(h, "articles") || strings.Contains(h, "saved")
			if counts && !strings.Contains(h, "unread") {
				t.Errorf("%dx%d, %s: a count shows, not the unread: %q", sz[0], sz[1], feed, h)
			}
			if !whole && (counts || strings.Contains(h, "…") && !strings.Contains(h, "unread") && strings.Contains(h, "newest first")) {
				t.Errorf("%dx%d, %s: the name is cut while a count or the order stays: %q", sz[0], sz[1], feed, h)
			}
			if textWidth(h) > m.lay.list.w && m.lay.list.w > 0 {
				t.Errorf("%dx%d: header wider than the list: %q", sz[0], sz[1], h)
			}
		}
	}
}

// The list's header keeps a column clear at its right, as at its left:
// one as wide as the list ran into the divider ("…from Google│"); its
// shorter form is drawn instead.
func TestHeaderKeepsClearOfTheDivider(t *testing.T) {
	keys := newKeyMap()
	l := newList(&keys, newStyles(true, true))
	l.SetSize(20, 5)
	l.SetHeader(" "+strings.Repeat("x", 19), []string{"none"}, " short form")
	first := []rune(ansi.Strip(strings.Split(l.View(), "\n")[0]))
	if len(first) != 20 || first[19] != ' ' || !strings.HasPrefix(string(first), " short form") {
		t.Fatalf("the header %q", string(first))
	}
}

// Under u and S the header says each fact once: a count unread that is
// every row is what "unread only" says ("8 stories · 8 unread · 0 saved
// · unread only" on the seeds), a count saved under S the same; a row
// read since u kept it is counted ("8 stories · 7 unread").
func TestHeaderSaysEachFactOnce(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {60, 20}} {
		lib := &fakeLibrary{marks: map[string]Mark{}}
		m, _ := startLib(t, seedSource(t), lib, sz[0], sz[1])
		m = drive(t, m, press("u"))
		if h := headerLine(m); h != "8 stories · 0 saved · unread only" {
			t.Errorf("%dx%d: under u %q", sz[0], sz[1], h)
		}
		m = drive(t, m, keys("s", "u", "S")...)
		if h := headerLine(m); h != "1 story · 1 unread · saved only" {
			t.Errorf("%dx%d: under S %q", sz[0], sz[1], h)
		}
		m = drive(t, m, keys("S", "u", "m")...) // the first row read: u keeps it
		if h := headerLine(m); !strings.HasPrefix(h, "8 stories · 7 unread · ") || !strings.HasSuffix(h, "unread only") {
			t.Errorf("%dx%d: under u, one read since %q", sz[0], sz[1], h)
		}
	}
}

// headerFacts checks every form of the list's header, the long one and
// each shorter one a narrow list draws, against what the list holds: a
// count of rows is the rows', "N unread" the unread's, "N saved" the
// saved's, and a count said of the filter ("8 unread" under u, "1
// unread and saved") is the rows' where every row is what it says.
func headerFacts(t *testing.T, m app, what string) {
	t.Helper()
	header, shorter := m.listHeader()
	unread, saved := m.counts()
	rows := m.list.rowCount
	num := regexp.MustCompile(`(\d+) (stories|story|articles|article|unread and saved|unread|saved)\b`)
	for _, h := range append([]string{header}, shorter...) {
		for _, f := range num.FindAllStringSubmatch(h, -1) {
			n, _ := strconv.Atoi(f[1])
			want := rows
			switch f[2] {
			case "unread":
				want = unread
			case "saved":
				want = saved
			case "unread and saved":
				want = min(unread, saved)
				if unread != rows || saved != rows {
					want = -1
				}
			}
			if n != want {
				t.Errorf("%s: the header %q says %q: %d rows, %d unread, %d saved", what, h, f[0], rows, unread, saved)
			}
		}
	}
}

// A narrow list's header under u says the unread it holds, not its rows
// ("8 unread" of 8 rows, one of them read since u kept it, where the
// wide header said "8 stories · 7 unread"), and so under S, under both,
// under a feed, an order and a section, at 120x40 and 60x20.
func TestShortHeaderSaysWhatIsUnread(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {60, 20}} {
		lib := &fakeLibrary{marks: map[string]Mark{}}
		m, _ := startLib(t, seedSource(t), lib, sz[0], sz[1])
		at := func(what string) {
			t.Helper()
			headerFacts(t, m, fmt.Sprintf("%dx%d, %s", sz[0], sz[1], what))
		}
		at("all")
		m = drive(t, m, press("u"))
		at("u")
		m = drive(t, m, keys("T", "#")...)
		at("u, newest first, a section")
		m = drive(t, m, press("m")) // read: u keeps the row
		at("u, a row read since")
		m = drive(t, m, keys("#", "u", "s", "j", "s", "S")...)
		at("S")
		m = drive(t, m, press("s")) // unsaved: S keeps the row
		at("S, a row unsaved since")
		m = drive(t, m, press("u"))
		at("u and S, a row unsaved since")
		m = drive(t, m, keys("S", "u", "F")...)
		at("u, F")
		m = drive(t, m, press("m"))
		at("u, F, a row read since")
	}
	// Drawn: at 50 columns under u with a row read since.
	m, _ := startLib(t, seedSource(t), &fakeLibrary{marks: map[string]Mark{}}, 50, 20)
	m = drive(t, m, keys("u", "T", "m")...)
	if h := headerLine(m); h != "8 stories · 7 unread · unread only" {
		t.Errorf("50x20, u, one read since: header %q", h)
	}
}
