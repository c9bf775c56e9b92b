package cli

import (
	"io"
	"math"
	"os"
	"path/filepath"
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
	if percent, limit := gcSettings(); percent != 100 || limit != memoryBound() {
		t.Errorf("GOGC %d, limit %d after the first collection; want 100 and the machine's bound %d", percent, limit, memoryBound())
	}
}

// TestReaderGC: the reader, as `lede` opens it (Main's tuning, then
// runReader), collects when the heap grows by half what is live, with no
// fixed limit, before and after the first collection's switch; GOGC or
// GOMEMLIMIT in the environment win.
func TestReaderGC(t *testing.T) {
	keepGC(t)
	switched := tuneGC() // as Main does, before any command
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
	want := settings{readerGCPercent, memoryBound()}
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

// TestMemoryBound: two thirds of the machine's memory, or of the control
// group's limit where lower; none where neither is known.
func TestMemoryBound(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	meminfo := write("meminfo", "MemFree:         1000 kB\nMemTotal:       24683560 kB\nMemAvailable:   2000 kB\n")
	for _, c := range []struct {
		meminfo, cgroup string
		want            int64
	}{
		{meminfo, write("none", "max\n"), 24683560 << 10},
		{meminfo, write("lower", "8589934592\n"), 8 << 30},
		{meminfo, write("higher", "99999999999999\n"), 24683560 << 10},
		{filepath.Join(dir, "missing"), write("only", "4294967296\n"), 4 << 30},
		{filepath.Join(dir, "missing"), filepath.Join(dir, "missing"), 0},
		{write("garbled", "MemTotal: lots\n"), filepath.Join(dir, "missing"), 0},
	} {
		if got := machineMemory(c.meminfo, c.cgroup); got != c.want {
			t.Errorf("%s, %s: %d bytes, want %d", filepath.Base(c.meminfo), filepath.Base(c.cgroup), got, c.want)
		}
	}
	if _, err := os.Stat("/proc/meminfo"); err == nil {
		if b := memoryBound(); b <= 0 || b == math.MaxInt64 || b > machineMemory("/proc/meminfo", "/sys/fs/cgroup/memory.max") {
			t.Errorf("bound %d on a machine with /proc/meminfo", b)
		}
	}
}
