package library

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
)

// Articles that arrive together (undated items of one fetch, the files
// of a folder) are listed in the order they came, newest fetch first: by
// Headlines, FirstHeadlines and Articles alike, read in parts or not,
// and the same after the library is opened again. Before, ties were
// broken by ID, which is the alphabetical order of their titles.
func TestArrivalOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // two parts
	defer func(n int64) { readInParts = n }(readInParts)
	readInParts = 1
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	nowMu.Lock()
	nowFn = func() time.Time { return clock }
	nowMu.Unlock()
	defer func() { nowMu.Lock(); nowFn = time.Now; nowMu.Unlock() }()

	fs := newFeedServer(t)
	first := []string{"Normal first item", "Evil item with a script", "AAAA shouting", "arabic text", "article two", "Zebra last"}
	var items []item
	for i, title := range first {
		items = append(items, item{guid: string(rune('a' + i)), title: title, body: "Text of " + title + "."})
	}
	fs.set("/one", items...)
	second := []string{"Yesterday's news", "Breaking", "Another"}
	items = nil
	for i, title := range second {
		items = append(items, item{guid: string(rune('a' + i)), title: title, body: "Text of " + title + "."})
	}
	fs.set("/two", items...)

	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/one"}); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour) // a later fetch: on top
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/two"}); err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(second), first...)
	check := func(when string) {
		t.Helper()
		heads, err := l.Headlines(ctx)
		if err != nil {
			t.Fatal(err)
		}
		arts, err := l.Articles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		top, err := l.FirstHeadlines(ctx, 4)
		if err != nil {
			t.Fatal(err)
		}
		var h, a, f []string
		for i := range heads {
			h = append(h, heads[i].Title)
		}
		for i := range arts {
			a = append(a, arts[i].Title)
		}
		for i := range top {
			f = append(f, top[i].Title)
		}
		if !slices.Equal(h, want) || !slices.Equal(a, want) || !slices.Equal(f, want[:4]) {
			t.Fatalf("%s:\nheadlines %q\narticles  %q\nfirst 4   %q\nwant      %q", when, h, a, f, want)
		}
	}
	check("as added")
	l.Close()
	if l, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	check("opened again")
	// An update that gives the items again keeps them where they were.
	feeds, _ := l.Feeds(ctx)
	clock = clock.Add(time.Hour)
	fs.set("/one", append([]item{{guid: "z", title: "A new one", body: "Text."}}, fs.feeds["/one"]...)...)
	for _, o := range l.Update(ctx, loader(), feeds, nil) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
	}
	want = append([]string{"A new one"}, want...)
	check("updated")
}

// The first page of a library whose newest fetch brought more undated
// items than the page holds (a folder or import of thousands, all listed
// at one time) reads that page, not every item of the fetch, and gives
// them in the order they came.
func TestFirstPageOfOneLargeFetch(t *testing.T) {
	fs := newFeedServer(t)
	var items []item
	var titles []string
	for i := range 60 {
		title := fmt.Sprintf("Item %02d of the fetch", 59-i) // IDs out of arrival order
		items = append(items, item{guid: fmt.Sprint(i), title: title, body: "Text of " + title + "."})
		titles = append(titles, title)
	}
	fs.set("/many", items...)
	l, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/many"}); err != nil {
		t.Fatal(err)
	}
	const page = 10
	before := headlineRowsRead.Load()
	top, err := l.FirstHeadlines(ctx, page)
	if err != nil {
		t.Fatal(err)
	}
	read := headlineRowsRead.Load() - before
	var got []string
	for i := range top {
		got = append(got, top[i].Title)
	}
	if !slices.Equal(got, titles[:page]) {
		t.Fatalf("first page %q\nwant       %q", got, titles[:page])
	}
	// The page's rows, and that date's again in arrival order: not all 60.
	if read > 2*page {
		t.Errorf("the first %d headlines read %d rows", page, read)
	}
}
