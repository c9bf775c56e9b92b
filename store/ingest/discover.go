package ingest

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lede-reader/lede/store/safe"
)

// Feed discovery: a page names its feeds in its head, and a person who
// gives lede a site's address means the site's feed.

// feedTypes are the media types a <link rel="alternate"> names a feed
// by. application/json is what JSON Feed used before it had its own,
// and what WordPress's REST API (not a feed) is also linked by: a
// wp-json address is left out.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/rdf+xml":   true,
	"application/feed+json": true,
	"application/json":      true,
}

// maxFeedLinks bounds what a page may make lede remember of it.
const maxFeedLinks = 20

// feedLinks finds the feeds a page names as its alternates, with the
// tokenizer alone (the links are in the head, and a page too deep for
// the tree parser still has them).
func feedLinks(text string, page *url.URL) []string {
	z := html.NewTokenizer(strings.NewReader(text))
	base := page
	var links []string
	seen := map[string]bool{}
	for len(links) < maxFeedLinks {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if (a != atom.Link && a != atom.Base) || !hasAttr {
			continue
		}
		attrs := map[string]string{}
		for {
			k, v, more := z.TagAttr()
			if _, ok := attrs[string(k)]; !ok {
				attrs[string(k)] = strings.TrimSpace(string(v))
			}
			if !more {
				break
			}
		}
		if a == atom.Base {
			// The first <base href> is what relative links resolve
			// against.
			if u, err := url.Parse(attrs["href"]); err == nil && attrs["href"] != "" && base == page {
				base = page.ResolveReference(u)
			}
			continue
		}
		if !hasToken(attrs["rel"], "alternate") || !feedTypes[mediaType(attrs["type"])] {
			continue
		}
		href := attrs["href"]
		if mediaType(attrs["type"]) == "application/json" && strings.Contains(href, "wp-json") {
			continue
		}
		u, ok := safe.Link(href, base)
		if !ok || strings.HasPrefix(u, "mailto:") || seen[u] {
			continue
		}
		seen[u] = true
		links = append(links, u)
	}
	return links
}

// hasToken: a space-separated attribute (rel) holds word, in any case.
func hasToken(list, word string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, word) {
			return true
		}
	}
	return false
}
