package cli

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
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
// GOMEMLIMIT in the environment win over all of this. The channel is
// closed once the first collection has switched to that (nil when the
// environment set the collector): Main has no use for it, a test waits.
func tuneGC() <-chan struct{} {
	if userGC() {
		return nil
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(gcQuietBelow)
	return onFirstGC(collectAsUsual)
}

// collectAsUsual: collect when the heap doubles what is live, for a
// command's big store, and before it outgrows the machine (memoryBound).
func collectAsUsual() {
	if userGC() {
		return
	}
	percent := 100
	if p := usualPercent.Load(); p != 0 {
		percent = int(p)
	}
	debug.SetGCPercent(percent)
	debug.SetMemoryLimit(memoryBound())
}

// memoryBound is the heap past which the collector runs whatever GOGC
// allows: two thirds of the machine's memory (or of the control group's
// limit, where lower), none where neither is known. It binds only where
// doubling what is live would not fit: the first start of a library of
// 1,000,000 articles whose analyses were made again had 10 GB live, and
// GOGC=100 let its heap grow past 19 GB of a 24 GB machine, which went
// to swapping and the out-of-memory killer; a start of that library
// peaks at 9 GB, of 100,000 at 1.2 GB, where it changes nothing.
func memoryBound() int64 {
	total := machineMemory("/proc/meminfo", "/sys/fs/cgroup/memory.max")
	if total <= 0 {
		return math.MaxInt64
	}
	return total / 3 * 2
}

// machineMemory gives the memory the process may use, in bytes: the
// MemTotal of meminfo, or the control group's memory.max where that is
// lower; 0 where neither can be read.
func machineMemory(meminfo, cgroupMax string) int64 {
	var total int64
	if b, err := os.ReadFile(meminfo); err == nil {
		for line := range strings.Lines(string(b)) {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				if err == nil && kb > 0 {
					total = kb << 10
				}
				break
			}
		}
	}
	if b, err := os.ReadFile(cgroupMax); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
			total = n // "max" (no limit) does not parse
		}
	}
	return total
}

// usualPercent is the GOGC collectAsUsual sets when not 100: the
// reader's, once it runs (the first collection's switch comes after).
var usualPercent atomic.Int32

// onFirstGC calls f once, after the first collection (on the finalizer
// goroutine), and closes the channel it gives when f has run.
func onFirstGC(f func()) <-chan struct{} {
	done := make(chan struct{})
	sentinel := new([16]byte) // big enough not to share a tiny-alloc block
	runtime.SetFinalizer(sentinel, func(*[16]byte) { f(); close(done) })
	return done
}

// userGC: the person running lede has set the collector themselves.
func userGC() bool { return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" }

// readerGCPercent is the reader's GOGC. The reader runs for hours beside
// its store (650 MB live at 100,000 articles), and what its frames leave
// behind is small beside that: at GOGC=100 a session of keys let the heap
// grow to twice the store before collecting (1.36 GB peak at 100,000
// articles after 300 j and 20 searches); at 50 it grows by half (1.15 GB).
// The bound follows the store, and a collection of a mostly pointer-free
// store is tens of milliseconds, once in hundreds of keys.
const readerGCPercent = 50

// collectForReader: collect when the heap grows by half what is live,
// with no fixed limit but the machine's (a fixed one a rebuilt store, two
// stores live for a moment, would make collect back to back).
func collectForReader() {
	usualPercent.Store(readerGCPercent)
	collectAsUsual()
}
