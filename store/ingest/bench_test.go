package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// BenchmarkLoadFeedCorpus: every file of ../shared/corpora/feeds, read,
// detected and parsed (about 1.9 MB, 30 feeds).
func BenchmarkLoadFeedCorpus(b *testing.B) {
	dir := sharedDir(b, "corpora", "feeds")
	for b.Loop() {
		LoadPath(dir)
	}
}

// BenchmarkParseSavedPage: readability and html-to-markdown on one page.
func BenchmarkParseSavedPage(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "saved-page.html"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		parseSource(origin{name: "page.html"}, data)
	}
}

// BenchmarkParseMarkdownNote: a note with front matter, through HTML and
// back.
func BenchmarkParseMarkdownNote(b *testing.B) {
	note := []byte("---\ntitle: Notes\ndate: 2025-06-05\ntags: [water]\n---\n\n# Notes\n\nReservoirs near **Monterrey** are at a fifth of capacity.\n\n- one\n- two\n\nSee [the commission](https://conagua.example/).\n")
	for b.Loop() {
		parseSource(origin{name: "note.md"}, note)
	}
}

// smallItemsFeed is an RSS feed of n tiny items (a title each, as a feed
// of one-line notices is), about 36 bytes an item.
func smallItemsFeed(n int) []byte {
	var b strings.Builder
	b.Grow(n*40 + 100)
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Small</title>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Notice %d</title></item>\n", i)
	}
	b.WriteString("</channel></rss>")
	return []byte(b.String())
}

// BenchmarkSmallItems: loading a feed of 10k, 100k and 300k tiny items
// (parse, then store.Build), reported per item, to show the cost linear in
// items (issue 9: 100k took 1.9 s, 300k 11.6 s). Run one size at a time,
// on a quiet machine:
//
//	go test -run '^$' -bench 'SmallItems' -benchtime 3x ./store/ingest
func BenchmarkSmallItems(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 300_000} {
		if testing.Short() && n > 10_000 {
			break // CI's pass over every benchmark (-short): the code is the same at each size
		}
		data := smallItemsFeed(n)
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				arts, errs := parseSource(origin{name: "small.xml"}, data)
				if len(arts) != n || len(errs) != 0 {
					b.Fatalf("%d items, %v", len(arts), errs)
				}
				if st := store.Build(arts); st.Len() != n {
					b.Fatalf("%d in the store", st.Len())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
		})
	}
}

// hostileMarkdown is Markdown that made goldmark's work grow faster than
// the text (issue 9): lists and quotes nested thousands deep, tens of
// thousands of reference definitions, thousands of backtick runs. At
// scale 1 the sizes of the issue; tests use a tenth or so.
func hostileMarkdown(scale float64) map[string]string {
	n := func(x int) int { return max(int(float64(x)*scale), 100) }
	var list, quotes, refs, ticks strings.Builder
	for i := range n(1000) {
		fmt.Fprintf(&list, "%s- level %d\n", strings.Repeat(" ", 2*i), i)
	}
	for i := range n(3000) {
		fmt.Fprintf(&quotes, "%s quote %d\n", strings.Repeat(">", i+1), i)
	}
	refs.WriteString("See [r1] and [r2].\n\n")
	for i := range n(50_000) {
		fmt.Fprintf(&refs, "[r%d]: https://example.com/%d\n", i, i)
	}
	for i := 1; i <= n(3000); i++ {
		ticks.WriteString(strings.Repeat("`", i) + " ")
	}
	return map[string]string{
		"list-deep": list.String(), "quotes-deep": quotes.String(),
		"refs": refs.String(), "backticks": ticks.String(),
	}
}

// BenchmarkHostileMarkdown: each of hostileMarkdown as a Markdown note,
// loaded: a list 1,000 deep, quotes 3,000 deep, 50,000 reference
// definitions, 3,000 backtick runs (issue 9: 6 s, 8.8 s, 15 s and 10 s).
//
//	go test -run '^$' -bench HostileMarkdown -benchtime 3x ./store/ingest
func BenchmarkHostileMarkdown(b *testing.B) {
	for name, md := range hostileMarkdown(1) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(md)))
			for b.Loop() {
				if arts, _ := parseSource(origin{name: name + ".md"}, []byte(md)); len(arts) != 1 {
					b.Fatal(len(arts))
				}
			}
		})
	}
}
