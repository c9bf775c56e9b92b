package library

import (
	"path/filepath"
	"testing"
	"time"
)

// An update whose feeds failed counts as an update for when the next is
// due, in this process and the next: the reader started after an update
// that failed everywhere (offline) waits its interval as after one that
// went well, instead of trying again at every start.
func TestLastUpdateCountsAFailedTry(t *testing.T) {
	clock := time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)
	nowMu.Lock()
	nowFn = func() time.Time { return clock }
	nowMu.Unlock()
	defer func() { nowMu.Lock(); nowFn = time.Now; nowMu.Unlock() }()

	fs := newFeedServer(t)
	fs.set("/a.xml", item{guid: "a1", title: "First", body: "One."})
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/a.xml"}); err != nil {
		t.Fatal(err)
	}
	if last, err := l.LastUpdate(ctx); err != nil || !last.Equal(clock) {
		t.Fatalf("after the add at %v: last update %v (%v)", clock, last, err)
	}
	fs.mu.Lock()
	delete(fs.feeds, "/a.xml") // 404 from now on
	fs.mu.Unlock()
	nowMu.Lock()
	clock = clock.Add(34 * time.Minute)
	nowMu.Unlock()
	feeds, _ := l.Feeds(ctx)
	if outs := l.Update(ctx, loader(), feeds, nil); outs[0].Err == nil {
		t.Fatalf("update of a feed gone: %+v, want it failed", outs[0])
	}
	l.Close()
	l, err = Open(path) // the next run
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if last, err := l.LastUpdate(ctx); err != nil || !last.Equal(clock) {
		t.Fatalf("after a failed update at %v, the next run's last update: %v (%v)", clock, last, err)
	}
}
