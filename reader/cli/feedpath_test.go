package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store/library"
)

// A feed called by its path (a file whose feed gives no title) is named
// once: in update's line of its failure ("lede: /tmp/x.xml: /tmp/x.xml:
// no such file" before) and in lede feeds ("/tmp/x.xml  /tmp/x.xml").
func TestFeedCalledByItsPathNamedOnce(t *testing.T) {
	freshLibrary(t)
	file := filepath.Join(t.TempDir(), "x.xml")
	if err := os.WriteFile(file, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><item><guid>1</guid><description>Some words.</description></item></channel></rss>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := lede(t, "add", file); code != 0 || strings.TrimSpace(out) != file {
		t.Fatalf("add: %d %q %s", code, out, errs)
	}
	out, _, _ := lede(t, "feeds")
	if first := strings.SplitN(out, "\n", 2)[0]; first != file {
		t.Errorf("feeds' first line %q, want the path once", first)
	}
	os.Remove(file)
	_, errs, code := lede(t, "update")
	if code != 1 || strings.Count(errs, file) != 1 || !strings.Contains(errs, "lede: "+file+": no such file or directory\n") {
		t.Errorf("update of a file gone: code %d, %q, want its path once", code, errs)
	}
}

// A feed called by its address is still named in a line whose message
// does not name it: a database error, a full-text page's failure (the
// page's address, not the feed's).
func TestFeedCalledByItsAddressNamedWhereTheMessageDoesNot(t *testing.T) {
	u := "https://site/feed.xml"
	f := library.Feed{Name: u, URL: u}
	for _, c := range []struct{ msg, want string }{
		{"database is locked", u + ": database is locked"},
		{"https://site/a: 404 Not Found", u + ": https://site/a: 404 Not Found"},
		{u + ": 404 Not Found", u + ": 404 Not Found"},
	} {
		if got := feedLine(f, errors.New(c.msg)); got != c.want {
			t.Errorf("feedLine(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}
