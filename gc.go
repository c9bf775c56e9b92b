package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// gcQuietBelow is the heap a command may grow to without collecting.
const gcQuietBelow = 512 << 20

// tuneGC: a command runs for milliseconds and allocates mostly what it
// keeps, so collecting garbage while loading only costs time: no
// collection until the heap reaches gcQuietBelow. A store bigger than
// that (100,000 articles are ~500 MB live) must not make every allocation
// collect against a fixed limit, as a constant soft limit did (40
// collections back to back at 100k, each scanning the whole heap; 300,000
// small feed items took 6.9 s of CPU instead of 4.4): at the
// first collection the bound starts to follow the store, as GOGC=100
// does, the heap growing to twice what is live before the next. GOGC or
// GOMEMLIMIT in the environment win over all of this.
func tuneGC() {
	if userGC() {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(gcQuietBelow)
	onFirstGC(collectAsUsual)
}

// collectAsUsual: collect when the heap doubles what is live, with no
// fixed limit, for a big store and for the reader, a long-running program
// (whose frames' garbage must not wait for a fixed limit either).
func collectAsUsual() {
	if userGC() {
		return
	}
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
}

// onFirstGC calls f once, after the first collection (on the finalizer
// goroutine).
func onFirstGC(f func()) {
	sentinel := new([16]byte) // big enough not to share a tiny-alloc block
	runtime.SetFinalizer(sentinel, func(*[16]byte) { f() })
}

// userGC: the person running lede has set the collector themselves.
func userGC() bool { return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" }
