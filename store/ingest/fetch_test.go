package ingest

import (
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// These tests fetch from httptest servers on loopback, never the internet.

const testFeed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback News</title><link>http://loopback.example/</link>
<item><title>First from the wire</title><link>http://loopback.example/1</link><pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate><description>Reservoirs fell again.</description></item>
<item><title>Second from the wire</title><link>http://loopback.example/2</link><description>&lt;p&gt;Rain is forecast.&lt;/p&gt;</description></item>
</channel></rss>`

func fetchOne(t *testing.T, l *Loader, url string) ([]string, []string) {
	t.Helper()
	arts, errs := l.Load(context.Background(), url)
	var titles []string
	for _, a := range arts {
		titles = append(titles, a.Title)
	}
	for _, e := range errs {
		if !strings.HasPrefix(e.Error(), url+": ") {
			t.Errorf("error %q does not name the URL", e)
		}
	}
	return titles, messages(errs)
}

func TestFetch(t *testing.T) {
	var gotUA, gotAccept atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		gotUA.Store(r.UserAgent())
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, testFeed)
	})
	mux.HandleFunc("/gzip.xml", func(w http.ResponseWriter, r *http.Request) {
		gotAccept.Store(r.Header.Get("Accept-Encoding"))
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, testFeed)
		zw.Close()
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		fmt.Fprint(w, "<html><head><title>Caf\xe9 news</title></head><body><article><h1>Caf\xe9 news</h1><p>The caf\xe9 <a href=\"/menu\">menu</a> changed today, and the owners said so.</p></article></body></html>")
	})
	mux.HandleFunc("/mislabelled", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // a feed, whatever the server says
		fmt.Fprint(w, testFeed)
	})
	mux.HandleFunc("/image.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/hop/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/hop/%d", &n)
		if n == 0 {
			http.Redirect(w, r, "/feed.xml", http.StatusMovedPermanently)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	l := NewLoader(Options{Timeout: 5 * time.Second})

	tests := []struct {
		path   string
		titles string
		errs   string
	}{
		{"/feed.xml", "[First from the wire Second from the wire]", "[]"},
		{"/gzip.xml", "[First from the wire Second from the wire]", "[]"},
		{"/page", "[Café news]", "[]"},
		{"/mislabelled", "[First from the wire Second from the wire]", "[]"},
		{"/image.png", "[]", "[not a feed or a page: the server sent image/png]"},
		{"/missing", "[]", "[HTTP 404 Not Found]"},
		{"/loop", "[]", "[more than 5 redirects]"},
		{"/hop/4", "[First from the wire Second from the wire]", "[]"}, // 5 redirects: followed
		{"/hop/5", "[]", "[more than 5 redirects]"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			titles, errs := fetchOne(t, l, srv.URL+tt.path)
			if fmt.Sprint(titles) != tt.titles || fmt.Sprint(errs) != tt.errs {
				t.Errorf("%v %q; want %s %s", titles, errs, tt.titles, tt.errs)
			}
		})
	}
	if ua, _ := gotUA.Load().(string); !strings.HasPrefix(ua, "lede/") {
		t.Errorf("User-Agent %q does not name lede", ua)
	}
	if ae, _ := gotAccept.Load().(string); !strings.Contains(ae, "gzip") {
		t.Errorf("Accept-Encoding %q", ae)
	}
	// Links resolve against the URL the page came from.
	arts, _ := l.Load(context.Background(), srv.URL+"/page")
	if len(arts) != 1 || strings.Join(arts[0].Links, " ") != srv.URL+"/page "+srv.URL+"/menu" {
		t.Errorf("links %q", arts[0].Links)
	}
	arts, _ = l.Load(context.Background(), srv.URL+"/feed.xml")
	if got := arts[0].Published.UTC().Format(time.RFC3339); got != "2025-06-02T10:00:00Z" || arts[0].Source != "Loopback News" {
		t.Errorf("published %s, source %q", got, arts[0].Source)
	}
}

// TestFetchTimeout: a server that never answers costs the timeout and
// says so. (Were the timeout not applied, the fetch would wait for the
// server, which waits for the test to end: a hang, not a pass.)
func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	l := NewLoader(Options{Timeout: 200 * time.Millisecond})
	_, errs := fetchOne(t, l, srv.URL+"/slow.xml")
	if fmt.Sprint(errs) != "[timed out after 200ms (--timeout)]" {
		t.Errorf("errors %q", errs)
	}
}

// TestFetchTimeoutInBody: a server that sends headers, then stalls.
func TestFetchTimeoutInBody(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>T</title>`)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	_, errs := fetchOne(t, NewLoader(Options{Timeout: 200 * time.Millisecond}), srv.URL)
	if fmt.Sprint(errs) != "[timed out after 200ms (--timeout)]" {
		t.Errorf("errors %q", errs)
	}
}

// TestFetchConcurrently: several feeds are fetched at once. The server
// answers none until all four requests are in: fetched one after another,
// the first would wait for the last (the bound on that wait only keeps a
// broken build from hanging; it measures nothing).
func TestFetchConcurrently(t *testing.T) {
	const feeds = 4
	arrived := make(chan struct{}, feeds)
	all := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		if len(arrived) == feeds {
			once.Do(func() { close(all) })
		}
		select {
		case <-all:
		case <-time.After(time.Minute):
			http.Error(w, "not all requests arrived together", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, strings.ReplaceAll(testFeed, "Loopback News", r.URL.Path))
	}))
	defer srv.Close()
	var srcs []string
	for i := range feeds {
		srcs = append(srcs, fmt.Sprintf("%s/feed%d", srv.URL, i))
	}
	n := 0
	for r := range NewLoader(Options{Timeout: 2 * time.Minute}).LoadAll(context.Background(), srcs) {
		if len(r.Articles) != 2 || r.Articles[0].Source != fmt.Sprintf("/feed%d", r.Index) {
			t.Errorf("source %d: %d articles, %q", r.Index, len(r.Articles), messages(r.Errs))
		}
		n++
	}
	if n != feeds {
		t.Errorf("%d results", n)
	}
}

// TestFetchRefused: nothing listens.
func TestFetchRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, errs := fetchOne(t, NewLoader(Options{Timeout: time.Second}), url+"/feed.xml")
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "cannot connect: ") {
		t.Errorf("errors %q", errs)
	}
}
