package library

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lede-reader/lede/store"
)

// BenchmarkLetter times what a search letter's answer asks of the store
// a library starts (bodies read from the library, as the reader's are),
// at LEDE_BENCH_LIBRARY (a copy; skipped without one), each part alone:
//
//   - search: the query as typed so far, a letter at a time, with the
//     reader's 100 results and the snippets of a screen's 14 rows;
//   - related: an article's 10 related stories, after it was read (Get,
//     as the reader renders a best result first), of articles spread
//     over the store, each asked once in 1,000 (the reader keeps what it
//     asked, and a letter's new best result is one not asked before);
//   - answer: both, as the search's command makes them.
//
// cpu-ms/op is the CPU a letter spends (the query runs on one thread),
// p50-ms and p99-ms its wall clock.
//
//	LEDE_BENCH_LIBRARY=COPY/lede/library.db go test -run '^$' -bench Letter -benchtime 200x ./store/library
func BenchmarkLetter(b *testing.B) {
	st := letterStore(b)
	ctx := context.Background()
	var steps []string
	for _, q := range []string{"government minister said", "interest rates", "film award ceremony", "technology"} {
		for k := 1; k <= len(q); k++ {
			if q[k-1] != ' ' {
				steps = append(steps, q[:k]+"*")
			}
		}
	}
	st.Search(steps[0], 1) // the spellings table, built once
	best := func(q string) string {
		hits, _ := st.SearchSnippets(ctx, q, 100, 14)
		if len(hits) == 0 {
			return ""
		}
		return hits[0].ID
	}
	all := st.List()
	list := make([]*store.Article, 1000)
	for k := range list {
		list[k] = all[k*len(all)/len(list)]
	}
	related := func(id string) {
		st.Get(id)
		st.Related(id, 10)
	}
	for _, c := range []struct {
		name string
		op   func(i int)
	}{
		{"search", func(i int) { best(steps[i%len(steps)]) }},
		{"related", func(i int) { related(list[(i*7919)%len(list)].ID) }},
		{"answer", func(i int) {
			if id := best(steps[i%len(steps)]); id != "" {
				related(id)
			}
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			i := 0
			b.ReportAllocs()
			cpu := threadCPUPerOp(b)
			for b.Loop() {
				start := time.Now()
				c.op(i)
				took = append(took, time.Since(start))
				i++
			}
			cpu()
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

var (
	letterOnce   sync.Once
	letterStored *store.Store
)

// letterStore is the store of the library LEDE_BENCH_LIBRARY names, built
// once a process.
func letterStore(b *testing.B) *store.Store {
	l := benchLibrary(b)
	letterOnce.Do(func() {
		arts, err := l.Articles(ctx)
		if err != nil {
			b.Fatal(err)
		}
		letterStored = store.Build(arts)
	})
	if letterStored == nil {
		b.Fatal("no store")
	}
	return letterStored
}

// threadCPUPerOp reports the CPU time per operation of the loop it
// wraps, pinned to one OS thread (cpu-ms/op): a busy machine stretches
// the wall clock, not the CPU a single-threaded query spends.
func threadCPUPerOp(b *testing.B) func() {
	b.Helper()
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

// threadCPU is the CPU time the calling OS thread has used (Linux's
// RUSAGE_THREAD).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
