package reader

import (
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
)

// lane runs the reader's background work — what prefetch asks for: the
// renderings and related stories of what the reader may want next — one
// job at a time, so that it never holds more than one of the process's
// threads. On two cores the other stays free for what a key waits on:
// reading the key, Update and View, and Bubble Tea's frame ticker and
// renderer. Go switches between goroutines that keep a core busy only every
// 10 ms, so a key that came while two prefetches ran (a rendering and a
// related query, as each move in the list asked for both at once) waited
// for one of them, and the ticker's flush with it.
//
// Work the reader waits for (the article shown, its related stories, a
// search) does not take the lane.
type lane struct {
	slot chan struct{}
	// waiting counts jobs waiting for the slot (tests watch it).
	waiting atomic.Int32
}

func newLane() *lane { return &lane{slot: make(chan struct{}, 1)} }

// cmd is c run in the lane: it waits until no other background job runs.
// A nil lane runs c as it is.
func (l *lane) cmd(c tea.Cmd) tea.Cmd {
	if l == nil || c == nil {
		return c
	}
	return func() tea.Msg {
		l.waiting.Add(1)
		l.slot <- struct{}{}
		l.waiting.Add(-1)
		defer func() { <-l.slot }() // a panic in c frees the lane too
		return c()
	}
}
