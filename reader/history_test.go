package reader

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func trailIDs(h History) []string {
	var ids []string
	for _, e := range h.Trail() {
		ids = append(ids, e.ID)
	}
	return ids
}

func jump(id string) Entry { return Entry{ID: id, Title: id} }
func pick(id string) Entry { return Entry{ID: id, Title: id, FromList: true} }

func TestHistory(t *testing.T) {
	tests := []struct {
		name  string
		steps func(h History) History
		trail []string
		len   int
	}{
		{"empty", func(h History) History { return h }, nil, 0},
		{"visits", func(h History) History {
			return h.Visit(pick("a")).Visit(jump("b")).Visit(jump("c"))
		}, []string{"a", "b", "c"}, 3},
		{"revisit current is a no-op", func(h History) History {
			return h.Visit(jump("a")).Visit(jump("a"))
		}, []string{"a"}, 1},
		{"list moves replace each other", func(h History) History {
			return h.Visit(pick("a")).Visit(pick("b")).Visit(pick("c"))
		}, []string{"c"}, 1},
		{"list move after a jump starts a fresh trail", func(h History) History {
			return h.Visit(pick("a")).Visit(jump("b")).Visit(pick("c")).Visit(pick("d"))
		}, []string{"d"}, 1},
		{"list move after back drops the forward entries too", func(h History) History {
			h = h.Visit(pick("a")).Visit(jump("b")).Visit(jump("c"))
			h, _, _ = h.Back()
			return h.Visit(pick("d"))
		}, []string{"d"}, 1},
		{"back", func(h History) History {
			h = h.Visit(pick("a")).Visit(jump("b")).Visit(jump("c"))
			h, _, _ = h.Back()
			return h
		}, []string{"a", "b"}, 3},
		{"back past the start stays", func(h History) History {
			h = h.Visit(pick("a")).Visit(jump("b"))
			for range 5 {
				h, _, _ = h.Back()
			}
			return h
		}, []string{"a"}, 2},
		{"forward undoes back", func(h History) History {
			h = h.Visit(pick("a")).Visit(jump("b")).Visit(jump("c"))
			h, _, _ = h.Back()
			h, _, _ = h.Back()
			h, _, _ = h.Forward()
			return h
		}, []string{"a", "b"}, 3},
		{"forward at the end stays", func(h History) History {
			h = h.Visit(pick("a")).Visit(jump("b"))
			h, _, _ = h.Forward()
			return h
		}, []string{"a", "b"}, 2},
		{"branch after back drops the forward entries", func(h History) History {
			h = h.Visit(pick("a")).Visit(jump("b")).Visit(jump("c"))
			h, _, _ = h.Back()
			h, _, _ = h.Back()
			return h.Visit(jump("x"))
		}, []string{"a", "x"}, 2},
		{"list move after back replaces the list entry", func(h History) History {
			h = h.Visit(pick("a")).Visit(jump("b"))
			h, _, _ = h.Back()
			return h.Visit(pick("z"))
		}, []string{"z"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.steps(History{})
			if got := trailIDs(h); !slices.Equal(got, tt.trail) {
				t.Errorf("trail = %v, want %v", got, tt.trail)
			}
			if h.Len() != tt.len {
				t.Errorf("len = %d, want %d", h.Len(), tt.len)
			}
		})
	}
}

func TestHistoryBackRestoresScroll(t *testing.T) {
	h := History{}.Visit(pick("a")).SetScroll(17).Visit(jump("b")).SetScroll(3)
	h, e, ok := h.Back()
	if !ok || e.ID != "a" || e.Scroll != 17 {
		t.Fatalf("back = %+v %v, want a at line 17", e, ok)
	}
	h, e, ok = h.Forward()
	if !ok || e.ID != "b" || e.Scroll != 3 {
		t.Fatalf("forward = %+v %v, want b at line 3", e, ok)
	}
	if _, _, ok := h.Forward(); ok {
		t.Fatal("forward at the end moved")
	}
}

// A History is a value: changing a copy never changes the original, even
// where the two share a backing array.
func TestHistoryIsAValue(t *testing.T) {
	a := History{}.Visit(pick("a")).Visit(jump("b")).Visit(jump("c"))
	back, _, _ := a.Back()
	b := back.Visit(jump("x")).SetScroll(9)
	if got := trailIDs(a); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("original trail changed to %v", got)
	}
	if e, _ := a.Current(); e.Scroll != 0 {
		t.Fatalf("original scroll changed to %d", e.Scroll)
	}
	if got := trailIDs(b); !slices.Equal(got, []string{"a", "b", "x"}) {
		t.Fatalf("branch trail = %v", got)
	}
	c := a.SetScroll(5)
	if e, _ := a.Current(); e.Scroll != 0 {
		t.Fatalf("SetScroll on a copy changed the original")
	}
	if e, _ := c.Current(); e.Scroll != 5 {
		t.Fatalf("SetScroll lost")
	}
}

func TestHistoryBounded(t *testing.T) {
	var h History
	for i := range maxHistory + 50 {
		h = h.Visit(jump(string(rune('a'+i%26)) + string(rune('0'+i))))
	}
	if h.Len() != maxHistory {
		t.Fatalf("len = %d, want %d", h.Len(), maxHistory)
	}
	if !h.CanBack() || h.CanForward() {
		t.Fatal("want back possible, forward not")
	}
}

func TestHistoryRetitle(t *testing.T) {
	h := History{}.Visit(pick("a")).Visit(jump("b")).Visit(jump("c"))
	h, _, _ = h.Back() // at b
	h = h.Retitle(func(id string) (string, bool) {
		if id == "a" {
			return "", false
		}
		return "T-" + id, true
	})
	cur, ok := h.Current()
	if !ok || cur.ID != "b" || cur.Title != "T-b" {
		t.Fatalf("current = %+v", cur)
	}
	if got := trailIDs(h); !slices.Equal(got, []string{"b"}) {
		t.Fatalf("trail = %v", got)
	}
	if !h.CanForward() {
		t.Fatal("forward entry lost")
	}
}

// The trail never holds one article twice in a row: a list move back to the
// article before steps back to it, and an article dropped between two
// entries of the same one leaves one.
func TestHistoryNoRepeats(t *testing.T) {
	h := History{}.Visit(pick("a")).Visit(jump("b")).Visit(jump("a"))
	h = h.Retitle(func(id string) (string, bool) { return id, id != "b" })
	if got := trailIDs(h); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("retitle: %v", got)
	}
}

// The breadcrumb uses the room there is: the article's own title was cut
// at 32 columns in a pane of 150 ("Angie’s List Sets Price Range…").
func TestBreadcrumbUsesTheRoom(t *testing.T) {
	m := start(t, seedSource(t), 240, 40)
	m = drive(t, m, keys("j", "j", "enter", "1")...)
	a := m.article.Article()
	if a == nil || len(m.history.Trail()) != 2 {
		t.Fatalf("1 made no trail: %v", m.history.Trail())
	}
	// More of it than the 32 columns it was cut at.
	if crumb := m.breadcrumb(m.lay.crumb.w); !strings.Contains(crumb, a.Title[:min(len(a.Title), 50)]) {
		t.Fatalf("the breadcrumb in %d columns: %q", m.lay.crumb.w, ansi.Strip(crumb))
	}
}

// Where nothing led to the article but the list, the breadcrumb says
// nothing (it was the article's title, right above the title itself),
// and costs no row: the article's title is the column's first row, where
// a blank row was (one of 18 rows of an article at 60x20). A jump's
// trail takes the row back, and leaving it gives it up again.
func TestNoBreadcrumbWithoutATrail(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}, {60, 20}} {
		m := start(t, seedSource(t), sz[0], sz[1])
		m = drive(t, m, keys("j", "enter")...)
		title := m.article.Article().Title
		top := strings.Split(screen(m), "\n")[0] // the article column's: right of the list
		if i := strings.LastIndex(top, "│"); i >= 0 {
			top = top[i:]
		}
		if !strings.Contains(top, title[:20]) || m.lay.crumb.w != 0 || m.lay.article.y != 0 {
			t.Errorf("%dx%d: the article's title is not its first row (crumb %v, article at %d):\n%s", sz[0], sz[1], m.lay.crumb, m.lay.article.y, screen(m))
		}
		if crumb := m.breadcrumb(80); crumb != "" {
			t.Errorf("%dx%d: a breadcrumb with no trail: %q", sz[0], sz[1], ansi.Strip(crumb))
		}
		h := m.lay.article.h
		f := drive(t, m, press("/")) // find in the article: its line takes the row
		if f.lay.crumb.w == 0 || !strings.Contains(screen(f), "find: in this article") || f.lay.article.h != h-1 {
			t.Errorf("%dx%d: / in the article: crumb %v, %d rows:\n%s", sz[0], sz[1], f.lay.crumb, f.lay.article.h, screen(f))
		}
		if f = drive(t, f, press("esc")); f.lay.crumb.w != 0 || f.lay.article.h != h {
			t.Errorf("%dx%d: the find closed, crumb %v, %d rows, want %d", sz[0], sz[1], f.lay.crumb, f.lay.article.h, h)
		}
		m = drive(t, m, press("1")) // a related story: a trail of two
		if m.lay.crumb.w == 0 || m.lay.article.y != 1 || m.lay.article.h != h-1 {
			t.Errorf("%dx%d: after a jump, crumb %v, article at %d, %d rows (was %d)", sz[0], sz[1], m.lay.crumb, m.lay.article.y, m.lay.article.h, h)
		}
		if crumb := ansi.Strip(m.breadcrumb(m.lay.crumb.w)); !strings.Contains(crumb, "›") || !strings.Contains(screen(m), crumb) {
			t.Errorf("%dx%d: the trail's breadcrumb %q not drawn:\n%s", sz[0], sz[1], crumb, screen(m))
		}
		m = drive(t, m, press("[")) // back: the first of the trail, led to by nothing
		if m.lay.crumb.w != 0 || m.lay.article.h != h {
			t.Errorf("%dx%d: back to the article read from the list, crumb %v, %d rows, want %d", sz[0], sz[1], m.lay.crumb, m.lay.article.h, h)
		}
		m = drive(t, m, keys("]", "esc", "j", "enter")...) // from the list again: no trail
		if m.lay.crumb.w != 0 || m.lay.article.h != h {
			t.Errorf("%dx%d: read from the list after a trail, crumb %v, %d rows, want %d:\n%s", sz[0], sz[1], m.lay.crumb, m.lay.article.h, h, screen(m))
		}
	}
}

// Choosing an article from the list after following a related story starts
// a fresh trail: enter, 1, esc, j j j showed "Tensions Rise… › Mexico's
// Assertive… › Mexican President Claudia…" though the last was never
// reached from the one before, and [ went to "Mexico's Assertive".
func TestListPickStartsAFreshTrail(t *testing.T) {
	m := start(t, seedSource(t), 120, 40)
	m = drive(t, m, keys("enter", "1")...)
	if len(m.history.Trail()) != 2 {
		t.Fatalf("1 made no trail: %v", trailIDs(m.history))
	}
	jumped := m.article.Article().ID
	// Back and forward along the trail still work.
	m = drive(t, m, keys("[")...)
	if len(m.history.Trail()) != 1 || !m.history.CanForward() {
		t.Fatalf("[ left the trail %v", trailIDs(m.history))
	}
	m = drive(t, m, keys("]")...)
	if a := m.article.Article(); a == nil || a.ID != jumped {
		t.Fatalf("] did not return to the related story")
	}
	m = drive(t, m, keys("esc", "j", "j", "j")...)
	a := m.article.Article()
	if a == nil || a.ID == jumped {
		t.Fatal("j did not move to another article")
	}
	if got := trailIDs(m.history); len(got) != 1 || got[0] != a.ID {
		t.Fatalf("trail after list moves = %v, want only %s", got, a.ID)
	}
	if crumb := m.breadcrumb(m.lay.crumb.w); crumb != "" {
		t.Errorf("a breadcrumb for an article read from the list: %q", ansi.Strip(crumb))
	}
	m = drive(t, m, keys("[")...)
	if b := m.article.Article(); b == nil || b.ID != a.ID {
		t.Errorf("[ left the article read from the list for %v", b)
	}
}
