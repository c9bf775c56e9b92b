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
	"github.com/lede-reader/lede/store/safe"
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
	// Got is what the response held (zero when there was none to read):
	// a feed you can follow, or a page or document you can only read.
	Got Kind
	// Redirect is the address the server redirected to, where it did
	// (after every redirect, as read); empty when it answered at the
	// address asked. Moved: every redirect on the way was permanent
	// (301, 308), so the feed lives at Redirect now (RFC 7538: a client
	// that keeps the address ought to keep the new one).
	Redirect string
	Moved    bool
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
	redirect, moved := redirected(rawURL, resp)
	if resp.StatusCode == http.StatusNotModified && (v.ETag != "" || v.LastModified != "") {
		return Fetched{NotModified: true, Validators: v, Redirect: redirect, Moved: moved}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return problem(fmt.Errorf("HTTP %s", safe.Quoted(resp.Status)))
	}
	ctype := resp.Header.Get("Content-Type")
	if !readableType(ctype) {
		return problem(fmt.Errorf("not a feed or a page: the server sent %s", safe.Quoted(mediaType(ctype))))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(l.opts.Limits.FeedBytes)+1))
	if err != nil {
		return problem(l.netError(err))
	}
	arts, errs, got := parseKind(origin{name: rawURL, contentType: ctype, base: resp.Request.URL, limits: l.opts.Limits}, data)
	return Fetched{
		Articles: arts,
		Errs:     errs,
		Got:      got,
		Redirect: redirect,
		Moved:    moved,
		Validators: Validators{
			ETag:         validator(resp.Header.Get("ETag")),
			LastModified: validator(resp.Header.Get("Last-Modified")),
		},
	}
}

// redirected gives the address resp was read from when a redirect led
// there, and whether every redirect on the way was permanent.
func redirected(asked string, resp *http.Response) (string, bool) {
	if resp.Request == nil || resp.Request.Response == nil {
		return "", false
	}
	moved := true
	for r := resp.Request; r != nil && r.Response != nil; r = r.Response.Request {
		if c := r.Response.StatusCode; c != http.StatusMovedPermanently && c != http.StatusPermanentRedirect {
			moved = false
		}
	}
	u := resp.Request.URL.String()
	if u == asked {
		return "", false // a redirect back to where it started
	}
	return u, moved
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

// Kind is what a fetched source held. Reading takes any kind (a page is
// an article); following takes only a feed: a captive portal's login
// page or a "200 OK" error page at a feed's address is a failure of that
// feed, not an article.
type Kind struct {
	// Feed: RSS, Atom or JSON Feed. Page: a web page.
	Feed, Page bool
	// Name says what it was, for a message: "a feed", "an HTML page",
	// "plain text", "Markdown", "an XML document that is not a feed".
	Name string
	// FeedLinks are the feeds a page names as its own (<link
	// rel="alternate" type="application/rss+xml" href=…> and the like,
	// as browsers and feed readers discover them), made absolute against
	// the page's address (or its <base href>), in the page's order,
	// each once.
	FeedLinks []string
}

// kindName is what a source of format f is called in a message.
func (f format) kindName() string {
	switch f {
	case formatXMLFeed, formatJSONFeed:
		return "a feed"
	case formatHTML:
		return "an HTML page"
	case formatMarkdown:
		return "Markdown"
	case formatXML:
		return "an XML document that is not a feed"
	}
	return "plain text"
}
