package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestGCFollowsTheStore: commands collect nothing below the quiet bound;
// from the first collection on, the bound is GOGC=100's, which follows
// the live heap, and no fixed limit is left.
func TestGCFollowsTheStore(t *testing.T) {
	defer usualPercent.Store(usualPercent.Swap(0)) // a reader run by another test set its own
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	oldPercent := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}()

	tuneGC()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("GOGC %d while loading, want off", got)
	}
	if got := debug.SetMemoryLimit(-1); got != gcQuietBelow {
		t.Fatalf("limit %d while loading, want %d", got, gcQuietBelow)
	}
	// Collect until the switch has happened (finalizers run on their own
	// goroutine after a cycle). Swapping -1 in reads the setting and
	// leaves it as it was until the switch; after it, 100 goes back.
	for i := 0; ; i++ {
		runtime.GC()
		if debug.SetGCPercent(-1) == 100 {
			break
		}
		if i == 1000 {
			t.Fatal("still no collection as usual after 1,000 collections")
		}
		runtime.Gosched()
	}
	debug.SetGCPercent(100)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit %d after the first collection, want none", got)
	}
}

// TestReaderGC: the reader collects when the heap grows by half what is
// live, with no fixed limit; GOGC or GOMEMLIMIT in the environment win.
func TestReaderGC(t *testing.T) {
	oldPercent := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}()
	defer usualPercent.Store(usualPercent.Load())
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	// As lede runs: every command tunes the collector first, and the
	// reader then sets its own; the first collection's switch keeps it.
	firstGCDone.Store(false)
	tuneGC()
	collectForReader()
	for i := 0; !firstGCDone.Load(); i++ {
		runtime.GC()
		if i == 1000 {
			t.Fatal("no first collection after 1,000 collections")
		}
		runtime.Gosched()
	}
	if got := debug.SetGCPercent(100); got != readerGCPercent {
		t.Errorf("reader GOGC %d, want %d", got, readerGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("reader limit %d, want none", got)
	}
	t.Setenv("GOGC", "80")
	collectForReader()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC=80 in the environment: the reader set %d", got)
	}
}
