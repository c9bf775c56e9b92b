package reader

import "testing"

func TestScroller(t *testing.T) {
	keys := newKeyMap()
	var s scroller
	s.SetPage(3)
	s.SetLen(10)
	steps := []struct {
		key            string
		cursor, offset int
	}{
		{"j", 1, 0}, {"j", 2, 0}, {"j", 3, 1}, {"k", 2, 1}, {"G", 9, 7}, {"g", 0, 0},
		{"space", 3, 1}, {"b", 0, 0}, {"k", 0, 0}, {"pgdown", 3, 1},
	}
	for _, st := range steps {
		if !s.Key(press(st.key), &keys) {
			t.Fatalf("%s: not a movement key", st.key)
		}
		if s.Cursor() != st.cursor || s.Offset() != st.offset {
			t.Fatalf("after %s: cursor %d offset %d, want %d %d", st.key, s.Cursor(), s.Offset(), st.cursor, st.offset)
		}
	}
	if s.Key(press("x"), &keys) {
		t.Fatal("x moved")
	}
	// The wheel scrolls the view, not the cursor, within bounds.
	s.MoveTo(0)
	s.ScrollBy(100)
	if s.Offset() != 7 || s.Cursor() != 0 {
		t.Fatalf("scroll: offset %d cursor %d", s.Offset(), s.Cursor())
	}
	// Fewer items: the cursor stays within them; none: at 0.
	s.MoveTo(9)
	s.SetLen(4)
	if s.Cursor() != 3 || s.Offset() != 1 {
		t.Fatalf("shrunk: cursor %d offset %d", s.Cursor(), s.Offset())
	}
	s.SetLen(0)
	if s.Cursor() != 0 || s.Offset() != 0 {
		t.Fatalf("empty: cursor %d offset %d", s.Cursor(), s.Offset())
	}
	// A taller page pulls the view up to show as much as fits.
	s.SetLen(10)
	s.MoveTo(9)
	s.SetPage(5)
	if s.Offset() != 5 {
		t.Fatalf("taller page: offset %d", s.Offset())
	}
}
