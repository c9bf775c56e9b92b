package main

import "runtime/debug"

// tuneGC: a command runs for milliseconds and allocates mostly what it
// keeps, so the collector runs rarely while loading (as cheap as none on
// the BBC corpus). Not off under a soft memory limit: a load whose live
// heap neared the limit collected without end (300,000 small items took
// 6.9 s of CPU instead of 4.4, super-linear in items).
func tuneGC() {
	debug.SetGCPercent(200)
}

// collectAsUsual: the reader is a long-running program.
func collectAsUsual() {
	debug.SetGCPercent(100)
}
