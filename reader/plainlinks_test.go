package reader

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// Plain text (lede show --plain, a pipe) keeps every address of the
// closing Links list on one line at any width: glamour broke them at
// hyphens and dots (".../gmail-iphone-2." then "png"), which is no
// address to copy. The rest of the article wraps as before.
func TestPlainLinksNeverBroken(t *testing.T) {
	long := []string{
		"http://tctechcrunch2011.files.wordpress.com/2011/11/gmail-iphone-2.png",
		"http://techcrunch.com/2011/10/10/facebooks-ipad-app-is-finally-here-yes-for-real-this-time/",
		"http://tctechcrunch2011.files.wordpress.com/2011/11/ios2.png?w=100&h=70&crop=1",
	}
	var page strings.Builder
	page.WriteString(`<html><head><title>Gmail for iPhone</title></head><body><article><h1>Gmail for iPhone</h1>`)
	for i, u := range long {
		page.WriteString(`<p>Paragraph ` + strings.Repeat("with words enough to wrap a narrow column of text ", 3) + `and <a href="` + u + `">link ` + string(rune('a'+i)) + `</a>.</p>`)
	}
	page.WriteString(`</article></body></html>`)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.html"), []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	arts, errs := ingest.LoadPath(filepath.Join(dir, "page.html"))
	if len(arts) != 1 {
		t.Fatalf("parse: %d articles, %v", len(arts), errs)
	}
	a := &arts[0]
	if !strings.Contains(a.Body, store.LinksHeading) {
		t.Fatalf("no links list in the body:\n%s", a.Body)
	}
	for _, width := range []int{20, 40, 80} {
		out, err := RenderArticle(a, width, StyleNoTTY)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range long {
			if !strings.Contains(out, "] "+u+"\n") && !strings.HasSuffix(out, "] "+u) {
				t.Errorf("width %d: %s is not whole on a line:\n%s", width, u, out)
			}
		}
		if !strings.Contains(out, "\n  "+store.LinksHeading+"\n\n  • [") {
			t.Errorf("width %d: the list's heading and bullets are not as before:\n%s", width, out)
		}
		for _, l := range strings.Split(out, "\n") {
			if !strings.Contains(l, "://") && len([]rune(l)) > width {
				t.Errorf("width %d: a line of text not wrapped: %q", width, l)
			}
		}
	}
}
