package main

import "runtime/debug"

// tuneGC: a command runs for milliseconds and allocates mostly what it
// keeps, so collecting garbage while loading only costs time. A soft
// memory limit keeps a huge load in check.
func tuneGC() {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(512 << 20)
}

// collectAsUsual: the reader is a long-running program.
func collectAsUsual() {
	debug.SetGCPercent(100)
}
