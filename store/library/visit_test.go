package library

import (
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// "new" counts from the end of the last run: what arrived during a run
// (its updates, cron's) is not new at the next start.
func TestVisitCountsFromTheLastRunsEnd(t *testing.T) {
	var mu sync.Mutex
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) {
		mu.Lock()
		clock = clock.Add(d)
		mu.Unlock()
	}
	nowMu.Lock()
	nowFn = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	nowMu.Unlock()
	defer func() { nowMu.Lock(); nowFn = time.Now; nowMu.Unlock() }()

	fs := newFeedServer(t)
	fs.set("/one", item{guid: "a", title: "During the first run", body: "Text."})
	fs.set("/two", item{guid: "b", title: "During the second run", body: "Text."})
	path := filepath.Join(t.TempDir(), FileName)
	run := func(add string) (since time.Time, added map[string]time.Time) {
		l, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if since, err = l.Visit(ctx); err != nil {
			t.Fatal(err)
		}
		at(time.Minute)
		if add != "" {
			if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + add}); err != nil {
				t.Fatal(err)
			}
		}
		heads, _ := l.Headlines(ctx)
		added = map[string]time.Time{}
		for _, h := range heads {
			added[h.Title] = h.Added
		}
		at(time.Minute)
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		at(time.Hour)
		return since, added
	}
	if since, _ := run("/one"); !since.IsZero() {
		t.Fatalf("first run: since %v, want zero", since)
	}
	since, added := run("/two")
	if added["During the first run"].After(since) {
		t.Errorf("an article added during the last run is new at the next start (since %v, added %v)", since, added["During the first run"])
	}
	if !added["During the second run"].After(since) {
		t.Errorf("an article added during this run is not new in it")
	}
	since, added = run("")
	if added["During the second run"].After(since) {
		t.Errorf("at the third start, the second run's article is still new")
	}
}
