package reader

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// scroller is a cursor over n items, of which page fit on screen from
// offset on. The headline list, the related stories and the links list all
// move with it, so moving, paging and keeping the cursor on screen are
// written once.
type scroller struct {
	cursor, offset int
	n, page        int
}

// SetLen says how many items there are; the cursor stays where it was,
// within them.
func (s *scroller) SetLen(n int) {
	s.n = max(n, 0)
	s.clamp()
}

// SetPage says how many items fit on screen.
func (s *scroller) SetPage(page int) {
	s.page = max(page, 1)
	s.clamp()
}

// Reset puts the cursor and the view back on the first item.
func (s *scroller) Reset() {
	s.cursor, s.offset = 0, 0
	s.clamp()
}

// MoveTo puts the cursor on item i (clamped), scrolling to show it.
func (s *scroller) MoveTo(i int) {
	s.cursor = i
	s.clamp()
}

// MoveBy moves the cursor d items down (up when d < 0).
func (s *scroller) MoveBy(d int) { s.MoveTo(s.cursor + d) }

// Wheel moves the cursor an item up or down for the mouse wheel, as the
// panes that choose with their cursor (the list, links, feeds) take it.
func (s *scroller) Wheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		s.MoveBy(-1)
	case tea.MouseWheelDown:
		s.MoveBy(1)
	}
}

// ScrollBy moves the view d items down without moving the cursor, as the
// mouse wheel does over a list one only looks through.
func (s *scroller) ScrollBy(d int) {
	s.offset = min(max(s.offset+d, 0), max(s.n-s.pageSize(), 0))
}

// Pin scrolls so that the cursor is on screen row row (as far as the
// items allow), the cursor staying on its item.
func (s *scroller) Pin(row int) {
	s.offset = s.cursor - min(max(row, 0), s.pageSize()-1)
	s.offset = min(max(s.offset, 0), max(s.n-s.pageSize(), 0))
}

// Key applies a movement key (up, down, page up and down, top, bottom) and
// reports whether msg was one.
func (s *scroller) Key(msg tea.KeyPressMsg, k *keyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		s.MoveBy(-1)
	case key.Matches(msg, k.Down):
		s.MoveBy(1)
	case key.Matches(msg, k.PageDown):
		s.MoveBy(s.pageSize())
	case key.Matches(msg, k.PageUp):
		s.MoveBy(-s.pageSize())
	case key.Matches(msg, k.Top):
		s.MoveTo(0)
	case key.Matches(msg, k.Bottom):
		s.MoveTo(s.n - 1)
	default:
		return false
	}
	return true
}

// Cursor is the index of the item under the cursor (0 when there are
// none).
func (s scroller) Cursor() int { return s.cursor }

// Offset is the index of the first item on screen.
func (s scroller) Offset() int { return s.offset }

func (s scroller) pageSize() int { return max(s.page, 1) }

func (s *scroller) clamp() {
	s.cursor = min(max(s.cursor, 0), max(s.n-1, 0))
	page := s.pageSize()
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+page {
		s.offset = s.cursor - page + 1
	}
	s.offset = min(max(s.offset, 0), max(s.n-page, 0))
}
