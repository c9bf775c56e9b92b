package store

import "runtime/debug"

// How a build keeps its peak down. Most of what a build allocates it
// keeps, save one thing: the terms of every article as read (or decoded
// from the library's analyses), 450 MB at 100,000 articles, which the
// postings are built from and which then die all at once. The collector
// paces itself on what was live at its last cycle, which a build's
// growth keeps behind: left to it, that dead half gigabyte stays in the
// heap until the heap doubles, while vectors, topics and stories are
// allocated beside it, and the process peaked at 1.34 GB for a store
// of 590 MB. Collected at once, their space is what the vectors and the
// rest are allocated in.

// collectFrom is the size of a transient from which a build collects as
// soon as it dies: a collection of a store that size costs tens of
// milliseconds, against hundreds of megabytes of peak; below it (the
// seeds, a few thousand articles) the collector's own pacing is as good.
const collectFrom = 128 << 20

// released tells the build has just let go of bytes of its own working
// data: a big transient is collected at once.
func released(bytes int) {
	if bytes >= collectFrom {
		debug.FreeOSMemory()
	}
}
