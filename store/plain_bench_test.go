package store_test

import (
	"path/filepath"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// BenchmarkPlainTextFeeds: Markdown to plain text over the bodies of the
// shared corpus's feeds (code samples, entities), as the index reads them.
func BenchmarkPlainTextFeeds(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpora", "feeds", "*.xml"))
	if len(files) == 0 {
		b.Skip("no ../shared/corpora/feeds")
	}
	var bodies []string
	for _, f := range files {
		arts, _ := ingest.LoadPath(f)
		for _, a := range arts {
			bodies = append(bodies, a.Body)
		}
	}
	for b.Loop() {
		for _, md := range bodies {
			store.PlainText(md)
		}
	}
}
