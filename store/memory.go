package store

import "runtime/debug"

// How a build keeps its peak down. Most of what a build allocates it
// keeps, save its working data, which dies in bulk: the terms of every
// article as read (or decoded from the library's analyses), 340 MB at
// 100,000 articles, once the postings are made from them; the tables of
// repeated sentences and the buffers of reading before that. The
// collector paces itself on what was live at its last cycle, and returns
// freed memory to the system slowly, while a build allocates its biggest
// blocks (postings, vectors) all at once, which freed small spans cannot
// hold: left to it, the dead half gigabyte stayed in the process while
// vectors, topics and stories were allocated beside it, and a start of
// the 100,000 library peaked at 1.34 GB for a store of 590 MB.

// settleFrom is the size of block from which a build returns its garbage
// to the system first (and of working data after which it does): a
// collection of a store that size costs tens of milliseconds, against
// hundreds of megabytes of peak; below it (the seeds, a few thousand
// articles) the collector's own pacing is as good.
var settleFrom = 128 << 20 // a var: tests lower it

// freeMemory returns the heap's free memory to the system (a var: tests
// count the calls).
var freeMemory = debug.FreeOSMemory

// settle returns the heap's free memory to the system when a build is
// about to allocate, or has just let go of, bytes at once.
func settle(bytes int) {
	if bytes >= settleFrom {
		freeMemory()
	}
}
