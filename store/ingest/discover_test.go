package ingest

import (
	"net/url"
	"slices"
	"testing"
)

func TestFeedLinks(t *testing.T) {
	page, _ := url.Parse("https://example.com/blog/post")
	tests := []struct {
		name, html string
		want       []string
	}{
		{"relative", `<link rel="alternate" type="application/rss+xml" href="/feed.xml">`, []string{"https://example.com/feed.xml"}},
		{"relative to the page", `<link rel="alternate" type="application/atom+xml" href="atom.xml">`, []string{"https://example.com/blog/atom.xml"}},
		{"base href", `<base href="https://cdn.example.org/site/"><link rel="alternate" type="application/rss+xml" href="rss">`, []string{"https://cdn.example.org/site/rss"}},
		{"order kept, each once", `<head><link rel="alternate" type="application/atom+xml" href="/a"><link rel="alternate" type="application/rss+xml" href="/b"><link rel="alternate" type="application/atom+xml" href="/a"><link rel="alternate" type="application/feed+json" href="/c.json"></head>`,
			[]string{"https://example.com/a", "https://example.com/b", "https://example.com/c.json"}},
		{"rel in any case, among others", `<LINK REL="home Alternate" TYPE="Application/RSS+XML; charset=utf-8" HREF="/r">`, []string{"https://example.com/r"}},
		{"not feeds", `<link rel="stylesheet" type="text/css" href="/s.css"><link rel="alternate" hreflang="fr" href="/fr/"><link rel="alternate" type="text/html" href="/m"><link rel="icon" type="application/rss+xml" href="/x">`, nil},
		{"wordpress's API is not a feed", `<link rel="alternate" type="application/json" href="https://example.com/wp-json/wp/v2/posts/1">`, nil},
		{"unsafe links left out", `<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"><link rel="alternate" type="application/rss+xml" href="file:///etc/passwd"><link rel="alternate" type="application/rss+xml" href="">`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := feedLinks("<html>"+tt.html+"<body><p>Text.</p></body></html>", page); !slices.Equal(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}
