package cli

import (
	"context"
	"testing"
	"time"

	"github.com/lede-reader/lede/store/library"
)

// A hangup while A is still being worked out writes the batch, and the
// mark saved after it ("s" while "Marking…" shows): Flush alone stops at
// the batch's place and both were lost.
func TestHangupWritesHeldBatchAndMarksAfter(t *testing.T) {
	lib, err := library.Open(freshLibrary(t))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	lib.Queue(library.Change{ID: "before", Mark: library.MarkRead})
	fill := lib.Hold()
	lib.Queue(library.Change{ID: "after", Mark: library.MarkSaved})
	go func() {
		time.Sleep(100 * time.Millisecond) // the batch, still being worked out
		fill([]library.Change{{ID: "batch", Mark: library.MarkRead}})
	}()
	if err := flushHungUp(lib); err != nil {
		t.Fatal(err)
	}
	// What the file holds now, as a process ending here leaves it.
	other, err := library.Open(library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	st, err := other.States(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !st["before"].Read || !st["batch"].Read || !st["after"].Saved {
		t.Errorf("written on hangup: %+v", st)
	}
}
