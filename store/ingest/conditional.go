package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/mmcdole/gofeed"

	"github.com/lede-reader/lede/store"
)

// Conditional fetches: a subscription remembers the validators its server
// last sent (ETag, Last-Modified) and sends them back, so a feed that has
// not changed costs one 304 and no parsing. Every fetch of a URL, a --load
// one included, goes through FetchFeed; a fetch with no validators is a
// plain GET.

// Validators are what a server said identifies the version it sent.
type Validators struct {
	ETag         string
	LastModified string
}

// Fetched is what one fetch gave.
type Fetched struct {
	Articles []store.Article
	// Errs are *Problems naming the URL; some only warn about a source
	// that still loaded in part.
	Errs []error
	// NotModified: the server answered 304 to the validators given; there
	// are no articles and the validators stay as they were.
	NotModified bool
	// Validators the server sent with this version, to send next time.
	Validators Validators
}

// acceptTypes asks for feeds first, then pages and text.
const acceptTypes = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.8, text/markdown;q=0.8, text/plain;q=0.7, */*;q=0.1"

// FetchFeed reads an http or https URL and parses what it holds, sending
// v as If-None-Match and If-Modified-Since when they are set. The limits
// of every fetch hold: the Loader's timeout, MaxRedirects, MaxFeedBytes,
// gzip undone by the transport.
func (l *Loader) FetchFeed(ctx context.Context, rawURL string, v Validators) Fetched {
	problem := func(err error) Fetched {
		return Fetched{Errs: []error{&Problem{Source: rawURL, Err: err}}, Validators: v}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil || !isURL(rawURL) {
		return problem(errors.New("not a URL lede can fetch"))
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", acceptTypes)
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return problem(l.netError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && (v.ETag != "" || v.LastModified != "") {
		return Fetched{NotModified: true, Validators: v}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return problem(fmt.Errorf("HTTP %s", resp.Status))
	}
	ctype := resp.Header.Get("Content-Type")
	if !readableType(ctype) {
		return problem(fmt.Errorf("not a feed or a page: the server sent %s", mediaType(ctype)))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(l.opts.Limits.FeedBytes)+1))
	if err != nil {
		return problem(l.netError(err))
	}
	arts, errs := parseSource(origin{name: rawURL, contentType: ctype, base: resp.Request.URL, limits: l.opts.Limits}, data)
	return Fetched{
		Articles: arts,
		Errs:     errs,
		Validators: Validators{
			ETag:         validator(resp.Header.Get("ETag")),
			LastModified: validator(resp.Header.Get("Last-Modified")),
		},
	}
}

// validator keeps a header value fit to send back: one line, printable
// ASCII, not absurdly long. Anything else is dropped (the next fetch is
// then a plain GET).
func validator(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 512 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return ""
		}
	}
	return s
}

// itemKey is a feed item's identity that outlives edits to its title and
// text: its guid (RSS guid, Atom id, JSON Feed id), else its link as the
// feed wrote it. The library scopes it to the feed.
func itemKey(it *gofeed.Item) string {
	if k := strings.TrimSpace(it.GUID); k != "" {
		return "guid:" + k
	}
	if k := strings.TrimSpace(it.Link); k != "" {
		return "link:" + k
	}
	return ""
}
