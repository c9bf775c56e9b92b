package main

import (
	"io"
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/lede-reader/lede/reader"
)

// gcSettings gives the collector's percent and limit, leaving them as
// they are.
func gcSettings() (percent int, limit int64) {
	percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

// keepGC restores the collector's settings, and the reader's percent,
// after a test that tunes them as lede does; and runs the test with
// neither GOGC nor GOMEMLIMIT in the environment.
func keepGC(t *testing.T) {
	t.Helper()
	oldPercent, oldLimit, oldUsual := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64), usualPercent.Swap(0)
	t.Cleanup(func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
		usualPercent.Store(oldUsual)
	})
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
}

// collectUntil collects until switched is closed (finalizers run on
// their own goroutine after a cycle).
func collectUntil(t *testing.T, switched <-chan struct{}) {
	t.Helper()
	for i := 0; ; i++ {
		runtime.GC()
		select {
		case <-switched:
			return
		default:
		}
		if i == 1000 {
			t.Fatal("no first collection's switch after 1,000 collections")
		}
		runtime.Gosched()
	}
}

// TestGCFollowsTheStore: commands collect nothing below the quiet bound;
// from the first collection on, the bound is GOGC=100's, which follows
// the live heap, and no fixed limit is left.
func TestGCFollowsTheStore(t *testing.T) {
	keepGC(t)
	switched := tuneGC()
	if percent, limit := gcSettings(); percent != -1 || limit != gcQuietBelow {
		t.Fatalf("GOGC %d, limit %d while loading; want off, %d", percent, limit, gcQuietBelow)
	}
	collectUntil(t, switched)
	if percent, limit := gcSettings(); percent != 100 || limit != math.MaxInt64 {
		t.Errorf("GOGC %d, limit %d after the first collection; want 100 and none", percent, limit)
	}
}

// TestReaderGC: the reader, as `lede` opens it (main's tuning, then
// runReader), collects when the heap grows by half what is live, with no
// fixed limit, before and after the first collection's switch; GOGC or
// GOMEMLIMIT in the environment win.
func TestReaderGC(t *testing.T) {
	keepGC(t)
	switched := tuneGC() // as main does, before any command
	type settings struct {
		percent int
		limit   int64
	}
	var opened, later settings
	o := newOptions(strings.NewReader(""), io.Discard, io.Discard)
	o.interactive = true // the bare command opens the reader
	o.openReader = func(reader.Source, reader.Options) error {
		opened.percent, opened.limit = gcSettings()
		collectUntil(t, switched)
		later.percent, later.limit = gcSettings()
		return nil
	}
	if code := o.execute(nil); code != 0 {
		t.Fatalf("lede: exit %d", code)
	}
	want := settings{readerGCPercent, math.MaxInt64}
	if opened != want || later != want {
		t.Errorf("the reader's GOGC and limit: %v when opened, %v after the first collection; want %v", opened, later, want)
	}
	t.Setenv("GOGC", "80")
	debug.SetGCPercent(100)
	collectForReader()
	if percent, _ := gcSettings(); percent != 100 {
		t.Errorf("GOGC=80 in the environment: the reader set %d", percent)
	}
}
