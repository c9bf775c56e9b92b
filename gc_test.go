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
