package cli

import (
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// TestCompareNamesSources: compare names a version's source as the reader
// does, without a seed file's number and hash.
func TestCompareNamesSources(t *testing.T) {
	var b strings.Builder
	printComparison(&b, store.Comparison{Story: "s", Total: 1, Versions: []store.VersionInfo{
		{ID: "a-1", Title: "A", Source: "000_3d89b93d965cac9c.txt"},
	}}, 80, false)
	if out := b.String(); strings.Contains(out, "3d89b93d965cac9c") || !strings.Contains(out, "      a-1") {
		t.Errorf("compare printed:\n%s", out)
	}
}
