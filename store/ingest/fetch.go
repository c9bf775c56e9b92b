package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/lede-reader/lede/store"
)

// DefaultTimeout bounds an HTTP fetch when no other is given.
const DefaultTimeout = 10 * time.Second

// MaxRedirects is how many redirects a fetch follows.
const MaxRedirects = 5

// UserAgent names lede to the servers it fetches from.
var UserAgent = "lede/1 (terminal news reader; +https://github.com/lede-reader/lede)"

// NewClient makes the HTTP client lede fetches with: timeout covers the
// whole exchange, body included; at most MaxRedirects are followed. The
// transport asks for gzip and undoes it.
func NewClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return fmt.Errorf("more than %d redirects", MaxRedirects)
			}
			return nil
		},
	}
}

// fetch reads an http or https URL and parses what it holds.
func (l *Loader) fetch(ctx context.Context, rawURL string) ([]store.Article, []error) {
	r := l.FetchFeed(ctx, rawURL, Validators{})
	return r.Articles, r.Errs
}

// readableType: content types that may hold text lede reads. Anything
// else (images, audio, archives) is refused without parsing it; a missing
// or generic type is sniffed.
func readableType(ctype string) bool {
	t := mediaType(ctype)
	switch {
	case t == "", strings.HasPrefix(t, "text/"), strings.HasSuffix(t, "+xml"),
		strings.HasSuffix(t, "+json"), strings.HasSuffix(t, "/xml"), strings.HasSuffix(t, "/json"),
		t == "application/octet-stream", t == "application/gzip", t == "application/x-gzip",
		t == "application/xhtml+xml", t == "application/rss+xml", t == "application/atom+xml":
		return true
	}
	return false
}

// netError says in a few words why a fetch failed: the URL is named by
// the Problem already.
func (l *Loader) netError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return errors.New("cancelled")
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("timed out after %v (--timeout)", l.opts.Timeout)
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return fmt.Errorf("no such host %s", dnsErr.Name)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		why := opErr.Err
		var sys *os.SyscallError
		if errors.As(why, &sys) && sys.Err != nil {
			why = sys.Err // "connection refused", not "connect: connection refused"
		}
		return fmt.Errorf("cannot connect: %v", why)
	}
	return err
}
