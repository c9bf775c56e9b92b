package reader

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A key and what it sets off (prefetches, their renderings, related
// stories for articles not on screen) draw the screen fewer times than
// there are messages: those that change nothing give the frame drawn
// before (checkRedraw, in drive, holds each such frame to a fresh one).
func TestSettledKeyReusesTheFrame(t *testing.T) {
	m := start(t, seedSource(t), 120, 40)
	m = drive(t, m, press("j")) // the neighbours prefetched
	msgs, before := 0, m.frame.draws
	m = settle(m, press("j"), func(m app, msg tea.Msg) {
		checkRedraw(t, m, msg)
		msgs++
	})
	drawn := m.frame.draws - before
	if drawn < 1 || drawn >= msgs {
		t.Fatalf("j and what it set off: %d messages, %d frames drawn afresh; want at least one and fewer than the messages", msgs, drawn)
	}
}

// A message that changes nothing, handled after one that did but before
// the screen was drawn, does not hide the change.
func TestUnchangedKeepsAnEarlierChange(t *testing.T) {
	f := &lastFrame{have: true}
	f.changed()
	f.changed()
	f.unchanged()
	if !f.dirty {
		t.Fatal("a change before an unchanged message, with no view between, was lost")
	}
	f.dirty = false // drawn
	f.changed()
	f.unchanged()
	if f.dirty {
		t.Fatal("a message that changes nothing, after a drawn frame, asks for a new one")
	}
}
