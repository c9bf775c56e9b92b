package stream_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/stream"
)

var seedsProvider = stream.Provider{Name: "seeds", Load: func(context.Context) ([]store.Article, []error) {
	return ingest.LoadFS(seeds.FS)
}}

// folder writes n text articles into a temporary folder.
func folder(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		text := fmt.Sprintf("Story number %d\n\nWords about drought and reservoirs, %d of them.", i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// slowFeed serves one feed item once release is closed.
func slowFeed(t *testing.T, release <-chan struct{}) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>Slow</title><item><title>Late story</title><description>Words.</description></item></channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestFollow: the reader gets the providers' articles at once, then a
// snapshot per arrival (a fast source before a slow one), and the last
// says Done; store order is providers, then sources as given, or sorted.
func TestFollow(t *testing.T) {
	release := make(chan struct{})
	srv := slowFeed(t, release)
	dir := folder(t, 6)
	s := stream.Start(context.Background(), stream.Options{
		Providers: []stream.Provider{seedsProvider},
		Sources:   []string{srv.URL + "/slow.xml", dir},
		Sort:      "title",
		Timeout:   5 * time.Second,
		Follow:    true,
	})
	var snaps []stream.Snapshot
	for snap := range s.C {
		snaps = append(snaps, snap)
		if snap.Store == nil {
			t.Fatalf("snapshot %d without a store", len(snaps))
		}
		if !snap.Done && snap.Store.Len() > 9 {
			select {
			case <-release:
			default:
				close(release) // the folder is in: let the feed answer
			}
		}
	}
	first, last := snaps[0], snaps[len(snaps)-1]
	if first.Store.Len() != 9 || first.Done || first.Total != 2 {
		t.Errorf("first snapshot: %d articles, done %v, total %d; want the 9 seeds at once", first.Store.Len(), first.Done, first.Total)
	}
	if !last.Done || last.Loaded != last.Total || last.Store.Len() != 9+6+1 || last.Sourced != 7 {
		t.Fatalf("last: done %v, %d/%d, %d articles, %d from sources", last.Done, last.Loaded, last.Total, last.Store.Len(), last.Sourced)
	}
	sawFolderFirst := false
	for _, m := range snaps[:len(snaps)-1] {
		if m.Store.Len() == 9+6 && m.Sourced == 6 {
			sawFolderFirst = true
		}
	}
	if !sawFolderFirst {
		t.Error("no snapshot with the folder in before the slow feed")
	}
	list := last.Store.List()
	for i := 1; i < len(list); i++ {
		if store.Fold(list[i-1].Title) > store.Fold(list[i].Title) {
			t.Errorf("not sorted by title: %q before %q", list[i-1].Title, list[i].Title)
		}
	}
	if p := s.Problems(); len(p) != 0 {
		t.Errorf("problems: %v", p)
	}
}

// TestDrain: without Follow, one store is built, at the end; progress
// comes before it without one, and only when the counts change.
func TestDrain(t *testing.T) {
	release := make(chan struct{})
	srv := slowFeed(t, release)
	dir := folder(t, 3)
	s := stream.Start(context.Background(), stream.Options{
		Providers: []stream.Provider{seedsProvider},
		Sources:   []string{dir, srv.URL + "/slow.xml"},
		Tick:      time.Millisecond,
	})
	var progress []stream.Snapshot
	last := stream.Drain(s, func(snap stream.Snapshot) {
		if !snap.Done {
			progress = append(progress, snap)
			if snap.Sourced == 3 { // the folder is in; now the feed
				select {
				case <-release:
				default:
					close(release)
				}
			}
		}
	})
	if !last.Done || last.Store == nil || last.Store.Len() != 9+3+1 || last.Sourced != 4 {
		t.Fatalf("last: %+v", last)
	}
	if got := last.Store.List()[0].Title; !strings.HasPrefix(got, "Tensions Rise") {
		t.Errorf("providers first in store order: %q", got)
	}
	if len(progress) == 0 {
		t.Fatal("no progress before the end")
	}
	for i, p := range progress {
		if p.Store != nil {
			t.Errorf("progress %d carries a store: built more than once", i)
		}
		if i > 0 && p.Loaded == progress[i-1].Loaded && p.Total == progress[i-1].Total && p.Sourced == progress[i-1].Sourced {
			t.Errorf("progress %d repeats %d/%d", i, p.Loaded, p.Total)
		}
	}
}

// TestProblemsInSourceOrder: every problem, providers' first, then each
// source's in the order given, whatever order they finish in; sources
// that fail leave Sourced at zero.
func TestProblemsInSourceOrder(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release // answers after the missing file has failed
		http.NotFound(w, r)
	}))
	defer srv.Close()
	bad := stream.Provider{Name: "broken", Load: func(context.Context) ([]store.Article, []error) {
		return nil, []error{errors.New("broken: provider failed")}
	}}
	missing := filepath.Join(t.TempDir(), "missing")
	s := stream.Start(context.Background(), stream.Options{
		Providers: []stream.Provider{bad},
		Sources:   []string{srv.URL + "/gone.xml", missing},
		Follow:    true,
	})
	var last stream.Snapshot
	for snap := range s.C {
		if snap.Err != nil && strings.Contains(snap.Err.Error(), "missing") {
			close(release)
		}
		last = snap
	}
	var got []string
	for _, p := range s.Problems() {
		got = append(got, p.Error())
	}
	want := []string{"broken: provider failed", srv.URL + "/gone.xml: HTTP 404 Not Found", missing + ": no such file or directory"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("problems %q, want %q", got, want)
	}
	if !last.Done || last.Sourced != 0 || last.Store.Len() != 0 {
		t.Errorf("last: done %v, %d from sources", last.Done, last.Sourced)
	}
}

// TestNoSources: the providers' store, Done at once.
func TestNoSources(t *testing.T) {
	for _, follow := range []bool{false, true} {
		s := stream.Start(context.Background(), stream.Options{Providers: []stream.Provider{seedsProvider}, Follow: follow})
		var snaps []stream.Snapshot
		for snap := range s.C {
			snaps = append(snaps, snap)
		}
		if len(snaps) != 1 || !snaps[0].Done || snaps[0].Store.Len() != 9 {
			t.Errorf("follow %v: %d snapshots", follow, len(snaps))
		}
	}
	// None, and two: the one build takes what they gave in order.
	two := stream.Provider{Name: "two", Load: func(context.Context) ([]store.Article, []error) {
		return []store.Article{{Title: "One", Body: "The first."}, {Title: "Two", Body: "The second."}}, nil
	}}
	for _, ps := range [][]stream.Provider{nil, {two}, {seedsProvider, two}, {two, seedsProvider}} {
		last := stream.Drain(stream.Start(context.Background(), stream.Options{Providers: ps}), nil)
		want := 0
		for _, p := range ps {
			want += map[string]int{"seeds": 9, "two": 2}[p.Name]
		}
		if !last.Done || last.Store.Len() != want {
			t.Fatalf("%d providers: done %v, %d articles, want %d", len(ps), last.Done, last.Store.Len(), want)
		}
		if len(ps) > 0 && last.Store.List()[0].Title != map[string]string{"seeds": seedsFirst(t), "two": "One"}[ps[0].Name] {
			t.Errorf("%d providers: first %q", len(ps), last.Store.List()[0].Title)
		}
	}
}

// seedsFirst is the title of the seeds' first article.
func seedsFirst(t *testing.T) string {
	t.Helper()
	arts, _ := seedsProvider.Load(context.Background())
	return arts[0].Title
}

// TestCancel: cancelling stops the stream without a Done snapshot, and
// the slow fetch with it.
func TestCancel(t *testing.T) {
	srv := slowFeed(t, make(chan struct{})) // never answers
	ctx, cancel := context.WithCancel(context.Background())
	s := stream.Start(ctx, stream.Options{Sources: []string{srv.URL}, Follow: true, Timeout: time.Hour})
	first := <-s.C
	if first.Done || first.Store.Len() != 0 {
		t.Fatalf("first: %+v", first)
	}
	cancel()
	for snap := range s.C {
		if snap.Done {
			t.Error("Done after cancel")
		}
	}
}

// TestFollowRebuildsWhenItDoubles: past SmallStore a new store is built
// only when the articles waiting are at least as many as those built, so
// eight feeds arriving one by one cost four builds, not eight; the last
// snapshot has everything.
func TestFollowRebuildsWhenItDoubles(t *testing.T) {
	const feeds = 8
	release := make([]chan struct{}, feeds)
	for i := range release {
		release[i] = make(chan struct{})
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(r.URL.Path, "/%d", &i)
		select {
		case <-release[i]:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>F%d</title><item><title>Story %d</title><description>Words %d.</description></item></channel></rss>`, i, i, i)
	}))
	defer srv.Close()
	var sources []string
	for i := range feeds {
		sources = append(sources, fmt.Sprintf("%s/%d", srv.URL, i))
	}
	s := stream.Start(context.Background(), stream.Options{Sources: sources, Follow: true, SmallStore: 1, Timeout: time.Minute})
	var sizes []int // the store's size when each feed has arrived
	next := 0
	close(release[next])
	var last stream.Snapshot
	for snap := range s.C {
		last = snap
		if snap.Sourced > len(sizes) && len(sizes) < feeds-1 && !snap.Done { // the last may come with Done
			sizes = append(sizes, snap.Store.Len())
			if next++; next < feeds {
				close(release[next])
			}
		}
	}
	if got := fmt.Sprint(sizes); got != "[1 2 2 4 4 4 4]" {
		t.Errorf("store sizes as feeds arrive: %s, want [1 2 2 4 4 4 4]", got)
	}
	if !last.Done || last.Store.Len() != feeds || last.Sourced != feeds {
		t.Errorf("last: done %v, %d articles", last.Done, last.Store.Len())
	}
}
