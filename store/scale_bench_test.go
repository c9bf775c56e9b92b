package store_test

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/synth"
)

// The benchmark suite at scale: every cost that grows with the corpus, at
// N = 9 (the seeds) and 2,225 by default, and at the sizes LEDE_BENCH_N
// lists (a synthetic corpus from package synth, recombined from the BBC
// corpus when ../shared is there):
//
//	go test -run '^$' -bench Scale -benchmem ./store/                      # 9, 2,225
//	LEDE_BENCH_N=100000 go test -run '^$' -bench Scale -benchmem -benchtime 200x -timeout 1h ./store/
//
// Latencies are reported as p50/p99 over the operations run (-benchtime
// Nx sets how many), with the CPU time per query (cpu-ms/op), which a busy
// machine does not stretch; Build reports each stage's wall-clock and
// process CPU milliseconds (stage-ms, stage-cpu-ms).
// The README's growth table (Quality and speed) comes from these; the
// full history is in store/SPEED.md.

func benchSizes() []int {
	list := os.Getenv("LEDE_BENCH_N")
	if list == "" {
		list = "9,2225"
	}
	var out []int
	for _, f := range strings.Split(list, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

var (
	corpusMu sync.Mutex
	corpora  = map[int][]store.Article{}
	stores   = map[int]*store.Store{}
)

// corpus gives the articles of size n: the seeds for 9, else synthetic.
func corpus(tb testing.TB, n int) []store.Article {
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if arts, ok := corpora[n]; ok {
		return arts
	}
	var arts []store.Article
	if n == 9 {
		arts, _ = ingest.LoadFS(seeds.FS)
	} else {
		arts = synth.Articles(n)
	}
	corpora[n] = arts
	return arts
}

// built gives the store of size n, built once per process.
func built(tb testing.TB, n int) *store.Store {
	arts := corpus(tb, n)
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if st, ok := stores[n]; ok {
		return st
	}
	st := store.Build(arts)
	stores[n] = st
	return st
}

// eachSize runs f as a sub-benchmark per size.
func eachSize(b *testing.B, f func(b *testing.B, n int)) {
	for _, n := range benchSizes() {
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) { f(b, n) })
	}
}

// latencies collects the time of each operation for percentiles.
type latencies []time.Duration

// threadCPU is the CPU time the calling OS thread has used. On a machine
// shared with other work, wall-clock latencies stretch with the load, and
// the CPU a single-threaded query spends does not: benchmarks report both.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rusageThread is RUSAGE_THREAD (Linux).
const rusageThread = 1

// cpuPerOp reports the CPU time per operation of the loop it wraps,
// pinned to one OS thread: cpu := cpuPerOp(b); for b.Loop() {...}; cpu().
func cpuPerOp(b *testing.B) func() {
	runtime.LockOSThread()
	t0 := threadCPU()
	return func() {
		used := threadCPU() - t0
		runtime.UnlockOSThread()
		if b.N > 0 && used > 0 {
			b.ReportMetric(float64(used)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
	}
}

func (l *latencies) time(f func()) {
	t0 := time.Now()
	f()
	*l = append(*l, time.Since(t0))
}

func (l latencies) report(b *testing.B, ps ...int) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	for _, p := range ps {
		d := l[min(len(l)-1, len(l)*p/100)]
		b.ReportMetric(float64(d)/float64(time.Millisecond), fmt.Sprintf("p%d-ms", p))
	}
}

// BenchmarkScaleLoad: reading and parsing N articles from files (plain
// text, one folder per feed), as `lede DIR` does.
func BenchmarkScaleLoad(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		var load func() int
		want := n
		if n == 9 {
			want = 11 // files; Build merges copies to 9
			load = func() int { arts, _ := ingest.LoadFS(seeds.FS); return len(arts) }
		} else {
			dir := b.TempDir()
			parts, err := synth.New(synth.Default(), n).Write(dir, synth.Text)
			if err != nil {
				b.Fatal(err)
			}
			load = func() int {
				got := 0
				for _, p := range parts {
					arts, _ := ingest.LoadPath(p)
					got += len(arts)
				}
				return got
			}
		}
		b.ReportAllocs()
		for b.Loop() {
			if got := load(); got != want {
				b.Fatalf("loaded %d of %d", got, want)
			}
		}
	})
}

// BenchmarkScaleBuild: merging, indexing (analysis, postings, vectors,
// topics) and story grouping of N loaded articles, each stage reported,
// and the heap the finished store keeps.
func BenchmarkScaleBuild(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		arts := corpus(b, n)
		b.ReportAllocs()
		var st *store.Store
		for b.Loop() {
			st = store.Build(arts)
		}
		for _, s := range st.Stages() {
			b.ReportMetric(float64(s.Took)/float64(time.Millisecond), s.Name+"-ms")
			b.ReportMetric(float64(s.CPU)/float64(time.Millisecond), s.Name+"-cpu-ms")
		}
		var before, after runtime.MemStats
		st = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		st = store.Build(arts)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/(1<<20), "store-MB")
		b.ReportMetric(float64(st.PositionBytes())/(1<<20), "positions-MB")
		runtime.KeepAlive(st)
	})
}

// queries are a mix a reader types: a common word, names, a phrase, an
// exclusion, and words most articles hold.
var queries = []string{"election", "Blair Brown budget", `"interest rates"`, "mobile phone -music", "film award ceremony", "Yukos", "government year", "people new"}

// BenchmarkScaleSearch: a full search with snippets, 10 results.
func BenchmarkScaleSearch(b *testing.B) { benchSearches(b, queries) }

// benchSearches times searches for qs in turn, 10 results each.
func benchSearches(b *testing.B, qs []string) {
	eachSize(b, func(b *testing.B, n int) {
		st := built(b, n)
		var l latencies
		i := 0
		b.ReportAllocs()
		cpu := cpuPerOp(b)
		for b.Loop() {
			l.time(func() { st.Search(qs[i%len(qs)], 10) })
			i++
		}
		cpu()
		l.report(b, 50, 99)
	})
}

// phrases are quoted phrases, alone and with a word: each is checked in
// the text of the best candidates until ten hold it. The last three few
// or no articles hold though many hold their words (at 100,000 synthetic
// articles, 83,781 hold "year" and "government"): they bound what a
// phrase costs when its candidates cannot stop at ten.
var phrases = []string{`"interest rates"`, `"prime minister"`, `"world cup"`, `"chief executive"`, `"last year" government`,
	`"year government"`, `"feed reader"`, `"the year of the government"`}

// BenchmarkScalePhrase: searches with phrases, 10 results.
func BenchmarkScalePhrase(b *testing.B) { benchSearches(b, phrases) }

// typed are searches as a reader types them: each prefix of the last word
// is a prefix* query (what the reader sends).
var typed = []string{"government", "film award", "minister", "technology"}

// typedSteps are the queries of typed, a letter at a time from the second.
func typedSteps() []string {
	var steps []string
	for _, q := range typed {
		for k := 2; k <= len(q); k++ {
			if q[k-1] != ' ' {
				steps = append(steps, q[:k]+"*")
			}
		}
	}
	return steps
}

// BenchmarkScalePrefix: searching as one types, a query per letter; the
// first query on a store also builds the spellings table (first-ms).
func BenchmarkScalePrefix(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		st := built(b, n)
		steps := typedSteps()
		var l latencies
		first := time.Duration(-1)
		i := 0
		b.ReportAllocs()
		cpu := cpuPerOp(b)
		for b.Loop() {
			l.time(func() { st.Search(steps[i%len(steps)], 10) })
			if first < 0 {
				first = l[0]
			}
			i++
		}
		cpu()
		l.report(b, 50, 99)
		b.ReportMetric(float64(first)/float64(time.Millisecond), "first-ms")
	})
}

// BenchmarkScaleTyped: the reader's search as one types, a query per
// letter as BenchmarkScalePrefix, with the reader's 100 results: every
// snippet made at once (all), or those of a screen's rows only (screen:
// the 14 of the list at 120x40), the rest left to Snippets.
func BenchmarkScaleTyped(b *testing.B) {
	for _, c := range []struct {
		name     string
		snippets int
	}{{"all", 100}, {"screen", 14}} {
		b.Run(c.name, func(b *testing.B) {
			eachSize(b, func(b *testing.B, n int) {
				st := built(b, n)
				steps := typedSteps()
				st.Search(steps[0], 1) // the spellings table, built once
				ctx := context.Background()
				var l latencies
				i := 0
				b.ReportAllocs()
				cpu := cpuPerOp(b)
				for b.Loop() {
					l.time(func() { _, _ = st.SearchSnippets(ctx, steps[i%len(steps)], 100, c.snippets) })
					i++
				}
				cpu()
				l.report(b, 50, 99)
			})
		})
	}
}

// BenchmarkScaleRelated: the 10 most related stories of articles spread
// over the store; top10-agree is the share of the full ranking's 10 best
// that they hold, over 100 articles.
func BenchmarkScaleRelated(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		st := built(b, n)
		agree := agreement(st, n)
		list := st.List()
		var l latencies
		i := 0
		b.ReportAllocs()
		cpu := cpuPerOp(b)
		for b.Loop() {
			id := list[(i*7919)%len(list)].ID
			l.time(func() { st.Related(id, 10) })
			i++
		}
		cpu()
		l.report(b, 50, 99)
		b.ReportMetric(agree, "top10-agree") // after the loop, which clears metrics
	})
}

// BenchmarkScaleRelatedAsk: Related at the reader's asks, the pane's nine
// rows (n=9) against the 27 it asks for so that nine stories remain once
// the versions of one story fold into a row (reader/related.go).
func BenchmarkScaleRelatedAsk(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		st := built(b, n)
		list := st.List()
		for _, ask := range []int{9, 27} {
			b.Run("n="+strconv.Itoa(ask), func(b *testing.B) {
				var l latencies
				i := 0
				b.ReportAllocs()
				cpu := cpuPerOp(b)
				for b.Loop() {
					id := list[(i*7919)%len(list)].ID
					l.time(func() { st.Related(id, ask) })
					i++
				}
				cpu()
				l.report(b, 50, 99)
			})
		}
	})
}

var agreements sync.Map // N → relatedAgreement, which a benchmark run twice would measure twice

func agreement(st *store.Store, n int) float64 {
	if a, ok := agreements.Load(n); ok {
		return a.(float64)
	}
	a := relatedAgreement(st, 100)
	agreements.Store(n, a)
	return a
}

// TestScaleCorpusFolder writes a synthetic corpus for whole-process
// timings when LEDE_SYNTH_DIR names a folder (LEDE_SYNTH_N articles,
// 100,000 by default); it is skipped otherwise. The synthcorpus command
// does the same.
func TestScaleCorpusFolder(t *testing.T) {
	dir := os.Getenv("LEDE_SYNTH_DIR")
	if dir == "" {
		t.Skip("LEDE_SYNTH_DIR not set")
	}
	n := 100_000
	if s := os.Getenv("LEDE_SYNTH_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	parts, err := synth.New(synth.Default(), n).Write(filepath.Clean(dir), synth.Format(cmp.Or(os.Getenv("LEDE_SYNTH_FORMAT"), "txt")))
	if err != nil {
		t.Fatal(err)
	}
	t.Log(synth.LoadCommand(parts))
}
