package library

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// BenchmarkUpdate50Feeds times `lede update` of 50 feeds of 50 items each
// (2 KB a body) served on loopback, into a library on disk: "new" when
// every item is new (2,500 articles written, one transaction a feed),
// "unchanged" when every feed answers 304, "same" when every feed gives
// its items again as they were (a server without ETag or Last-Modified:
// 2,500 items read and compared, none written; wal-B is how large the
// write-ahead log grew from empty over one update).
//
//	go test -run '^$' -bench Update50Feeds -benchtime 5x ./store/library
func BenchmarkUpdate50Feeds(b *testing.B) {
	body := strings.Repeat("Words of a news story, as a feed carries them. ", 40)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		if r.URL.Query().Get("same") == "" {
			w.Header().Set("ETag", `"1"`)
		}
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title>`, r.URL.Path)
		for k := range 50 {
			fmt.Fprintf(w, `<item><guid>%s-%d</guid><title>Story %d of %s</title><description>%s</description></item>`, r.URL.Path, k, k, r.URL.Path, body)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer srv.Close()
	subs := make([]Subscription, 50)
	for i := range subs {
		subs[i] = Subscription{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i)}
	}
	setup := func(b *testing.B, query string) *Library {
		l, err := Open(filepath.Join(b.TempDir(), FileName))
		if err != nil {
			b.Fatal(err)
		}
		subs := slices.Clone(subs)
		for i := range subs {
			subs[i].URL += query
		}
		if _, _, err := l.Subscribe(ctx, subs); err != nil {
			b.Fatal(err)
		}
		return l
	}
	check := func(b *testing.B, outs []Outcome, added int) {
		for _, o := range outs {
			if o.Err != nil || o.Added != added {
				b.Fatalf("%s: added %d, %v", o.Feed.URL, o.Added, o.Err)
			}
		}
	}
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			l := setup(b, "")
			feeds, _ := l.Feeds(ctx)
			b.StartTimer()
			check(b, l.Update(ctx, ingest.NewLoader(ingest.Options{}), feeds, nil), 50)
			b.StopTimer()
			l.Close()
			b.StartTimer()
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		l := setup(b, "")
		defer l.Close()
		feeds, _ := l.Feeds(ctx)
		l.Update(ctx, ingest.NewLoader(ingest.Options{}), feeds, nil)
		feeds, _ = l.Feeds(ctx)
		for b.Loop() {
			outs := l.Update(ctx, ingest.NewLoader(ingest.Options{}), feeds, nil)
			for _, o := range outs {
				if !o.Unchanged {
					b.Fatalf("%s changed", o.Feed.URL)
				}
			}
		}
	})
	b.Run("same", func(b *testing.B) {
		l := setup(b, "?same=1")
		defer l.Close()
		feeds, _ := l.Feeds(ctx)
		check(b, l.Update(ctx, ingest.NewLoader(ingest.Options{}), feeds, nil), 50)
		// Rows written, as SQLite counts them on the connection every
		// write of the library goes through.
		written := func() float64 {
			l.writeMu.Lock()
			defer l.writeMu.Unlock()
			var n int64
			if err := l.wconn.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&n); err != nil {
				b.Fatal(err)
			}
			return float64(n)
		}
		wal, rows := 0.0, 0.0
		for b.Loop() {
			b.StopTimer()
			if _, err := l.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				b.Fatal(err)
			}
			was := written()
			b.StartTimer()
			check(b, l.Update(ctx, ingest.NewLoader(ingest.Options{}), feeds, nil), 0)
			b.StopTimer()
			rows += written() - was
			if info, err := os.Stat(l.path + "-wal"); err == nil {
				wal += float64(info.Size())
			}
			b.StartTimer()
		}
		b.ReportMetric(wal/float64(b.N), "wal-B/op")
		b.ReportMetric(rows/float64(b.N), "rows/op")
	})
	// The write alone: the 50 feeds' items, fetched once, saved again
	// as they were (one transaction a feed), without the fetch and the
	// parse that "same" times with it.
	b.Run("same-write", func(b *testing.B) {
		l := setup(b, "?same=1")
		defer l.Close()
		feeds, _ := l.Feeds(ctx)
		check(b, l.Update(ctx, ingest.NewLoader(ingest.Options{}), feeds, nil), 50)
		l.background.Wait() // the analyses the update saves, out of the timing
		got := make([]fetched, len(feeds))
		for i, f := range feeds {
			var err error
			if got[i], err = read(ctx, ingest.NewLoader(ingest.Options{}), f); err != nil {
				b.Fatal(err)
			}
		}
		for b.Loop() {
			for i, f := range feeds {
				if err := l.tx(ctx, func(tx *sql.Tx) error { _, err := save(ctx, tx, f, got[i]); return err }); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// startStore keeps the last store BenchmarkStart built alive, so that a
// heap profile (-memprofile) shows what a started store holds.
var startStore *store.Store

// BenchmarkStart times what a start from the library costs before the
// store answers related and search: reading every article with its
// prepared analysis, and building the store. It runs on the library at
// LEDE_BENCH_LIBRARY (a copy: opening migrates it, and a first load saves
// the analyses it made), and is skipped without one.
//
//	LEDE_BENCH_LIBRARY=/tmp/copy-100k/lede/library.db go test -run '^$' -bench Start -benchtime 1x -memprofile /tmp/heap.prof ./store/library
func BenchmarkStart(b *testing.B) {
	l := benchLibrary(b)
	if path := os.Getenv("LEDE_BENCH_PEAKPROFILE"); path != "" {
		defer peakProfile(b, path)()
	}
	for b.Loop() {
		startStore = nil
		start := time.Now()
		arts, err := l.Articles(ctx)
		if err != nil {
			b.Fatal(err)
		}
		read := time.Since(start)
		startStore = store.Build(arts)
		b.ReportMetric(read.Seconds(), "read-s")
		for _, s := range startStore.Stages() {
			name := strings.ReplaceAll(s.Name, " ", "-") // "kept index": a unit has no spaces
			b.ReportMetric(s.Took.Seconds(), name+"-s")
			b.ReportMetric(s.CPU.Seconds(), name+"-cpu-s")
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
	b.ReportMetric(float64(startStore.PositionBytes())/(1<<20), "positions-MB")
	// What the store of the library answers with its bodies in the
	// library: an article read (Get, as the reader and show ask, each a
	// different article), and searches with their snippets, p50 and p99.
	arts := startStore.List()
	p := func(name string, n int, f func(i int)) {
		took := make([]time.Duration, n)
		for i := range n {
			start := time.Now()
			f(i)
			took[i] = time.Since(start)
		}
		slices.Sort(took)
		b.ReportMetric(float64(took[n/2].Microseconds())/1000, name+"-p50-ms")
		b.ReportMetric(float64(took[n*99/100].Microseconds())/1000, name+"-p99-ms")
	}
	p("get", 1000, func(i int) {
		id := arts[i*len(arts)/1000].ID
		if a, ok := startStore.Get(id); !ok || a.Body == "" {
			b.Fatalf("%s: no body", id)
		}
	})
	queries := []string{"election", "Blair Brown budget", `"interest rates"`, "mobile phone -music", "film award ceremony", "Yukos", "government year", "people new"}
	p("search", 200, func(i int) { startStore.Search(queries[i%len(queries)], 10) })
	// Quoted phrases, each checked in the text of the best candidates
	// until ten hold it (a body read and made plain per candidate); the
	// last three few or no articles hold, though many hold their words.
	phrases := []string{`"interest rates"`, `"prime minister"`, `"world cup"`, `"chief executive"`, `"last year" government`,
		`"year government"`, `"feed reader"`, `"the year of the government"`}
	p("phrase", 200, func(i int) { startStore.Search(phrases[i%len(phrases)], 10) })
	// Each phrase alone, 25 times (phrase-year-government-p50-ms …).
	for _, q := range append(phrases, `"new year"`, `"people said"`, `"governs"`) {
		name := "phrase-" + strings.Join(strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) }), "-")
		p(name, 25, func(int) { startStore.Search(q, 10) })
	}
	p("related", 200, func(i int) { startStore.Related(arts[i*len(arts)/200].ID, 10) })
}

// peakProfile writes a heap profile to path whenever the live heap, as
// the last collection found it, is the largest yet (looked at every
// 100 ms): the profile of the start at its peak, which -memprofile (the
// heap at the benchmark's end) does not give. The function it returns
// stops it and reports the peak (peak-live-MB).
//
//	LEDE_BENCH_PEAKPROFILE=/tmp/peak.prof LEDE_BENCH_LIBRARY=… go test -run '^$' -bench 'Start$' -benchtime 1x ./store/library
func peakProfile(b *testing.B, path string) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	var peak uint64
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > peak {
				peak = live
				f, err := os.Create(path)
				if err != nil {
					b.Error(err)
					return
				}
				if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
					b.Error(err)
				}
				f.Close()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		b.ReportMetric(float64(peak)/(1<<20), "peak-live-MB")
	}
}

// benchLibrary opens the library LEDE_BENCH_LIBRARY names, closed when
// the benchmark ends; the benchmark is skipped without one.
func benchLibrary(b *testing.B) *Library {
	path := os.Getenv("LEDE_BENCH_LIBRARY")
	if path == "" {
		b.Skip("LEDE_BENCH_LIBRARY names no library")
	}
	l, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	return l
}

// BenchmarkHeadlines reads what the reader opens on from the library
// LEDE_BENCH_LIBRARY names: the first page of headlines, and then every
// headline, each timed (first-ms, all-s) with the heap every headline
// holds (all-MB).
func BenchmarkHeadlines(b *testing.B) {
	l := benchLibrary(b)
	for b.Loop() {
		start := time.Now()
		first, err := l.FirstHeadlines(ctx, 1000)
		if err != nil || len(first) == 0 {
			b.Fatalf("%d headlines: %v", len(first), err)
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "first-ms")
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start = time.Now()
		all, err := l.Headlines(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "all-s")
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "all-MB")
		b.ReportMetric(float64(len(all)), "headlines")
		runtime.KeepAlive(all)
	}
}
