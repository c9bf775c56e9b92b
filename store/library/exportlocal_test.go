package library

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An export holds what lede import takes back, and other readers can
// fetch: the web feeds. A feed on disk (a file, a folder) is left out
// and given back to say so; it was written as a bare path, which import
// refuses and other readers take for a broken address.
func TestExportLeavesOutFeedsOnDisk(t *testing.T) {
	l := openTemp(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "feed.xml")
	feed, _ := techCrunch(t)
	if err := os.WriteFile(file, []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := newSwapServer(t)
	srv.put("/feed.xml", "application/rss+xml", titled("Web Feed", "w1"))
	for _, s := range []Subscription{{URL: file, Name: "On disk"}, {URL: srv.URL + "/feed.xml", Tags: []string{"news"}}} {
		if _, err := l.Add(ctx, loader(), s); err != nil {
			t.Fatal(err)
		}
	}
	feeds, err := l.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	left, err := WriteOPML(&out, feeds)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].URL != file {
		t.Fatalf("left out %+v, want the feed on disk", left)
	}
	if strings.Contains(out.String(), dir) {
		t.Fatalf("the export names the path:\n%s", out.String())
	}
	back, skipped, err := ReadSubscriptions(&out)
	if err != nil || len(skipped) != 0 || len(back) != 1 || back[0].URL != srv.URL+"/feed.xml" || back[0].Tags[0] != "news" {
		t.Fatalf("import of the export: %+v, skipped %q, %v", back, skipped, err)
	}
}
