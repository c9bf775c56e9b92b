package reader

import (
	"strings"
	"testing"
)

// Every result of a search is within reach: the list shows the first
// maxHits, and asks for more as its cursor nears the last of them (G,
// j, n in the article); the header and the status line say more may
// come ("100+ matches", "result 100 of 100+") until the last is in. It
// stopped at "result 100 of 100". A letter's search still asks for
// maxHits alone.
func TestEveryResultWithinReach(t *testing.T) {
	const n = 250
	src := newFake(n) // every one says "story"
	m := start(t, src, 120, 40)
	m = drive(t, m, keys("/", "s", "t", "o", "r", "y")...)
	if m.list.Len() != maxHits || !strings.Contains(screen(m), "100+ matches") {
		t.Fatalf("a letter's search: %d results\n%s", m.list.Len(), screen(m))
	}
	m = drive(t, m, keys("enter", "G")...)
	if m.list.Len() <= maxHits || m.list.Cursor() != maxHits-1 {
		t.Fatalf("G on the last of %d results: %d in the list, cursor at %d", maxHits, m.list.Len(), m.list.Cursor())
	}
	if s := screen(m); !strings.Contains(s, "result 100 of 200+") {
		t.Fatalf("the status line does not say more may come:\n%s", s)
	}
	for range 5 {
		m = drive(t, m, keys("G")...)
	}
	if m.list.Len() != n || m.list.Cursor() != n-1 {
		t.Fatalf("G again and again: %d in the list, cursor at %d; want all %d", m.list.Len(), m.list.Cursor(), n)
	}
	s := screen(m)
	if !strings.Contains(s, "250 matches for “story”") || !strings.Contains(s, "result 250 of 250") || strings.Contains(s, "250+") {
		t.Fatalf("every result in:\n%s", s)
	}
	// A new query asks for maxHits again.
	m = drive(t, m, keys("esc", "/", "s", "t", "o", "r")...)
	if m.list.Len() != maxHits {
		t.Fatalf("a letter after paging: %d results, want %d", m.list.Len(), maxHits)
	}
}
