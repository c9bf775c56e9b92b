package ingest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lede-reader/lede/store/safe"
)

// What a source says of itself and an error quotes (an XML root's name, a
// content type) is bounded, cut with an ellipsis: an element named with
// 5,000 letters gave a 5,135-byte error line. The message around it stays
// whole. Whatever a parser quotes, a Problem's line is bounded too.
func TestLongNamesInErrorsAreCut(t *testing.T) {
	long := strings.Repeat("a", 5000)
	path := filepath.Join(t.TempDir(), "longroot.xml")
	if err := os.WriteFile(path, []byte(`<?xml version="1.0"?><`+long+`>x</`+long+`>`), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/type" {
			w.Header().Set("Content-Type", "image/"+long)
			w.Write([]byte("x"))
			return
		}
		http.ServeFile(w, r, path)
	}))
	t.Cleanup(srv.Close)
	l := NewLoader(Options{})
	for _, src := range []string{path, srv.URL + "/longroot.xml", srv.URL + "/type"} {
		_, errs := l.Load(context.Background(), src)
		if len(errs) == 0 {
			t.Fatalf("%s: no error", src)
		}
		msg := errs[len(errs)-1].Error()
		if n := utf8.RuneCountInString(msg); n > len(src)+200 || !strings.Contains(msg, "a…") {
			t.Errorf("%s: %d runes, the name not cut: %.300q", src, n, msg)
		}
		if strings.HasSuffix(src, ".xml") && !strings.HasSuffix(msg, ">, not <rss>, <rdf:RDF> or <feed>") {
			t.Errorf("%s: the message around the name is cut: %.300q", src, msg)
		}
	}
	p := &Problem{Source: "x.xml", Err: errors.New("XML syntax error: element <" + long + "> closed by </b>")}
	if n := utf8.RuneCountInString(p.Error()); n > safe.MaxMessage {
		t.Errorf("a parser's complaint quoting a long name: %d runes", n)
	}
}

// A refused connection says so once: "cannot connect: connection
// refused", not "cannot connect: connect: connection refused".
func TestRefusedSaysConnectOnce(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL + "/feed.xml"
	srv.Close()
	_, errs := NewLoader(Options{}).Load(context.Background(), u)
	if len(errs) == 0 {
		t.Fatal("no error from a closed port")
	}
	if msg := errs[0].Error(); msg != u+": cannot connect: connection refused" {
		t.Errorf("closed port: %q", msg)
	}
}
