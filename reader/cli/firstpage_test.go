package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/stream"
)

// smallPages makes a library of more than n articles open on the first
// page of n headlines, for the test.
func smallPages(t *testing.T, n int) {
	q, p := quickFrom, firstPage
	quickFrom, firstPage = n+1, n
	t.Cleanup(func() { quickFrom, firstPage = q, p })
}

func headTitles(src reader.Source) []string {
	var out []string
	for _, a := range src.List() {
		out = append(out, a.Title)
	}
	return out
}

// The reader opens on the first page of a large library's headlines
// before the rest are read (they wait until it has opened: a barrier,
// not a clock), and is then handed every headline, in the same order
// after the page, and the store last.
func TestReaderOpensOnFirstPage(t *testing.T) {
	freshLibrary(t)
	srv := rssServer(t, 12, 40, nil)
	lede(t, "add", srv.URL+"/feed/p")
	smallPages(t, 4)
	opened := make(chan struct{})
	read := readHeadlines
	readHeadlines = func(l *library.Library, ctx context.Context) ([]store.Article, error) {
		select {
		case <-opened:
		case <-time.After(time.Minute): // a bound on a hang, not a measure
			t.Error("every headline was read before the reader opened")
		}
		return read(l, ctx)
	}
	t.Cleanup(func() { readHeadlines = read })

	var page []string
	var msgs []reader.SourceMsg
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	o.interactive = true
	o.openReader = func(src reader.Source, opts reader.Options) error {
		page = headTitles(src)
		if p, ok := src.(reader.Paging); !ok || p.Of() != 12 {
			t.Errorf("the first page does not say it is 4 of 12 articles")
		}
		close(opened)
		for m := range opts.Updates {
			msgs = append(msgs, m)
		}
		return nil
	}
	if code := o.execute(nil); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if len(page) != 4 {
		t.Fatalf("opened on %d headlines, want the first page of 4", len(page))
	}
	t.Logf("%d snapshots after the first page", len(msgs))
	if len(msgs) == 0 {
		t.Fatal("no snapshot followed the first page")
	}
	last := msgs[len(msgs)-1]
	st, ok := last.Src.(*store.Store)
	if !last.Done || !ok || st.Len() != 12 {
		t.Fatalf("the last snapshot: done %v, %T, %d articles", last.Done, last.Src, len(last.Src.List()))
	}
	all := headTitles(st)
	if strings.Join(all[:4], "\n") != strings.Join(page, "\n") {
		t.Fatalf("the first page %q is not the start of the list %q", page, all)
	}
	for i, m := range msgs[:len(msgs)-1] {
		if _, isStore := m.Src.(*store.Store); isStore {
			t.Fatalf("snapshot %d is a store before the last", i)
		}
		if m.Done || strings.Join(headTitles(m.Src), "\n") != strings.Join(all, "\n") {
			t.Fatalf("the headlines handed over (done %v): %q, want %q", m.Done, headTitles(m.Src), all)
		}
		if p, ok := m.Src.(reader.Paging); ok && p.Of() != 0 {
			t.Fatalf("every headline still says it is a page of %d", p.Of())
		}
	}
}

// forward hands the reader every headline only while the store is not
// in: after the store they would take its place with less.
func TestForwardHeadlinesBeforeTheStore(t *testing.T) {
	hs := &headlines{list: []*store.Article{{ID: "x"}}}
	st := store.Build(nil)
	for _, storeFirst := range []bool{false, true} {
		snaps := make(chan stream.Snapshot)
		heads := make(chan reader.Source, 1)
		updates := make(chan reader.SourceMsg)
		var last stream.Snapshot
		go func() {
			last = forward(context.Background(), &stream.Stream{C: snaps}, heads, updates, stream.Snapshot{})
			close(updates)
		}()
		var msgs []reader.SourceMsg
		collected := make(chan []reader.SourceMsg)
		collect := func() {
			for m := range updates {
				msgs = append(msgs, m)
			}
			collected <- msgs
		}
		if storeFirst {
			snaps <- stream.Snapshot{Store: st, Done: true}
			msgs = append(msgs, <-updates)
			go collect()
			heads <- hs
			// More snapshots, each a chance for forward to take the
			// headlines it must drop.
			for range 16 {
				snaps <- stream.Snapshot{Store: st, Done: true}
			}
		} else {
			heads <- hs
			msgs = append(msgs, <-updates)
			go collect()
			snaps <- stream.Snapshot{Store: st, Done: true}
		}
		close(snaps)
		msgs = <-collected
		if !last.Done {
			t.Errorf("store first %v: forward gave a last snapshot not done", storeFirst)
		}
		for i, m := range msgs {
			if m.Src == reader.Source(hs) && (storeFirst || i > 0) {
				t.Fatalf("store first %v: the headlines handed on as snapshot %d of %d", storeFirst, i, len(msgs))
			}
		}
		if l := msgs[len(msgs)-1]; l.Src != reader.Source(st) || !l.Done {
			t.Errorf("store first %v: the last snapshot handed on is %T, done %v", storeFirst, l.Src, l.Done)
		}
		if !storeFirst && (len(msgs) != 2 || msgs[0].Src != reader.Source(hs) || msgs[0].Done) {
			t.Errorf("the headlines were not handed on before the store: %d snapshots, the first %T", len(msgs), msgs[0].Src)
		}
	}
}

// An article of the first page is read with its text and links while
// the store of the library is built behind it, not a line saying the
// text comes later: at 100,000 articles that store takes a minute after
// a change, and the text is in the library already.
func TestFirstPageReadsTheText(t *testing.T) {
	freshLibrary(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Texts</title>`)
		for k := range 6 {
			fmt.Fprintf(w, `<item><guid>t-%d</guid><title>Story %d</title><link>https://example.com/story/%d</link><description>The text of story number %d, whole.</description></item>`, k, k, k, k)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	lede(t, "add", srv.URL+"/feed")
	smallPages(t, 4)
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	o.interactive = true
	checked := false
	o.openReader = func(src reader.Source, opts reader.Options) error {
		if _, ok := src.(*headlines); !ok {
			t.Errorf("the reader opened on %T, not the first page of headlines", src)
		}
		for _, h := range src.List() {
			a, ok := src.Get(h.ID)
			if !ok {
				t.Fatalf("Get(%s): not there", h.ID)
			}
			n := strings.TrimPrefix(a.Title, "Story ")
			if want := "The text of story number " + n + ", whole."; !strings.Contains(a.Body, want) {
				t.Errorf("%s: body %q, want the text %q", a.Title, a.Body, want)
			}
			if want := "https://example.com/story/" + n; len(a.Links) == 0 || a.Links[0] != want {
				t.Errorf("%s: links %q, want %s", a.Title, a.Links, want)
			}
			if again, _ := src.Get(h.ID); again != a {
				t.Errorf("%s: read again, not kept", a.Title)
			}
			checked = true
		}
		for range opts.Updates {
		}
		return nil
	}
	if code := o.execute(nil); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !checked {
		t.Fatal("no headline was read")
	}
}
