package ingest

import (
	"os"
	"path/filepath"
	"testing"
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
