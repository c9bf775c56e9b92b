package ingest

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lede-reader/lede/store/safe"
)

// FuzzParseSource feeds arbitrary bytes through what any source goes
// through (decode, detect, parse as text, Markdown, HTML or a feed), as a
// file, and as an HTTP body of each content type. The seed corpus under
// testdata/fuzz/FuzzParseSource holds one small input of each kind.
func FuzzParseSource(f *testing.F) {
	f.Add([]byte("---\ntitle: T\ndate: 2025-01-02\n---\n# H\n\n[x](javascript:1) &#27;[2J"), "note.md", "")
	f.Add([]byte(`<rss version="2.0"><channel><title>T</title><item><title>A</title><description>&lt;p&gt;x&lt;/p&gt;</description></item><item><title>B`), "feed", "application/rss+xml")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[null,{"title":"x","content_html":"<b>y</b>"}]}`), "feed.json", "")
	f.Add([]byte(`<html><head><title>T</title></head><body><article><p>Text &#x1b;]0;x&#7; <a href="/a">a</a></p></article></body></html>`), "-", "text/html")
	f.Fuzz(func(t *testing.T, data []byte, name, ctype string) {
		watchdog := time.AfterFunc(10*time.Second, func() {
			panic(fmt.Sprintf("parseSource has taken 10 s on %q (%q, %q)", data, name, ctype))
		})
		arts, errs := parseSource(origin{name: name, contentType: ctype}, data)
		watchdog.Stop()
		for _, e := range errs {
			msg := e.Error()
			if strings.Contains(msg, "internal error") {
				t.Fatalf("a parser panicked: %s", msg)
			}
			if strings.Contains(msg, "\n") || safe.Text(msg) != msg {
				t.Fatalf("error is not one clean line: %q", msg)
			}
		}
		for _, a := range arts {
			for _, s := range append([]string{a.Title, a.Section, a.Source, a.Body}, a.Links...) {
				if !utf8.ValidString(s) || safe.Text(s) != s {
					t.Fatalf("unsanitized text %q", s)
				}
			}
			for _, l := range a.Links {
				if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "mailto:") {
					t.Fatalf("link %q", l)
				}
			}
			if safe.Defuse(a.Body) != a.Body {
				t.Fatalf("live reference in %q", a.Body)
			}
			for _, s := range []string{a.Title, a.Section, a.Source} {
				if safe.Field(s) != s {
					t.Fatalf("not a one-line field: %q", s)
				}
			}
		}
	})
}
