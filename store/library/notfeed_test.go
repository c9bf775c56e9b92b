package library

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// swapServer serves, at each path, whatever the test put there last,
// with the content type given.
type swapServer struct {
	*httptest.Server
	mu    sync.Mutex
	files map[string][2]string // path → content type, body
}

func newSwapServer(t *testing.T) *swapServer {
	s := &swapServer{files: map[string][2]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		f, ok := s.files[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f[0])
		w.Write([]byte(f[1]))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *swapServer) put(path, ctype, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = [2]string{ctype, body}
}

// techCrunch is a real feed of 20 items from the shared corpora, or a
// small one of our own without them.
func techCrunch(t *testing.T) (feed, name string) {
	if b, err := os.ReadFile("../../../shared/corpora/feeds/feedjira__TechCrunch.xml"); err == nil {
		return string(b), "TechCrunch"
	}
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>TechCrunch</title>
<item><guid>1</guid><title>One</title><description>The first story.</description></item>
<item><guid>2</guid><title>Two</title><description>The second story.</description></item>
</channel></rss>`, "TechCrunch"
}

const portal = `<html><title>Login required</title><h1>Please log in to the Wi-Fi</h1><p>Your session has expired. Enter your room number and surname to continue browsing the internet.</p></html>`

// A followed feed whose address starts giving an HTML page (a captive
// portal, an error page sent as 200) fails as a feed: one line, its
// articles and its name as they were; the page never becomes an article.
func TestFeedTurnedPageFails(t *testing.T) {
	feed, name := techCrunch(t)
	for _, ctype := range []string{"text/html", "application/rss+xml", ""} {
		t.Run("as "+ctype, func(t *testing.T) {
			s := newSwapServer(t)
			s.put("/swap.xml", "application/rss+xml", feed)
			l := openTemp(t)
			out, err := l.Add(ctx, loader(), Subscription{URL: s.URL + "/swap.xml"})
			if err != nil || out.Feed.Name != name {
				t.Fatalf("add: %v %q", err, out.Feed.Name)
			}
			before := byTitle(t, l)
			s.put("/swap.xml", ctype, portal)
			feeds, _ := l.Feeds(ctx)
			outs := l.Update(ctx, loader(), feeds, nil)
			if outs[0].Err == nil || !strings.Contains(outs[0].Err.Error(), "not a feed: got an HTML page") || strings.Contains(outs[0].Err.Error(), "\n") {
				t.Fatalf("update of a page: %v", outs[0].Err)
			}
			after := byTitle(t, l)
			if len(after) != len(before) {
				t.Fatalf("%d articles after the page, %d before", len(after), len(before))
			}
			if _, ok := after["Please log in to the Wi-Fi"]; ok {
				t.Fatal("the portal's page became an article")
			}
			feeds, _ = l.Feeds(ctx)
			if feeds[0].Name != name || !strings.Contains(feeds[0].Error, "not a feed") {
				t.Fatalf("feed after the page: %+v", feeds[0])
			}
			// The feed back: it updates, the error goes.
			s.put("/swap.xml", "application/rss+xml", feed)
			if outs := l.Update(ctx, loader(), feeds, nil); outs[0].Err != nil {
				t.Fatal(outs[0].Err)
			}
			if feeds, _ = l.Feeds(ctx); feeds[0].Error != "" || feeds[0].Name != name {
				t.Fatalf("feed restored: %+v", feeds[0])
			}
		})
	}
}

// Plain text at a feed's address is not a feed either.
func TestFeedTurnedTextFails(t *testing.T) {
	s := newSwapServer(t)
	feed, _ := techCrunch(t)
	s.put("/f", "application/rss+xml", feed)
	l := openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: s.URL + "/f"}); err != nil {
		t.Fatal(err)
	}
	s.put("/f", "text/plain", "Service temporarily unavailable.\n\nPlease try again later.")
	feeds, _ := l.Feeds(ctx)
	if outs := l.Update(ctx, loader(), feeds, nil); outs[0].Err == nil || !strings.Contains(outs[0].Err.Error(), "not a feed: got plain text") {
		t.Fatalf("update of text: %v", outs[0].Err)
	}
	var np *notFeed
	if _, err := l.Add(ctx, loader(), Subscription{URL: s.URL + "/f?again"}); !errors.As(err, &np) {
		t.Fatalf("add of text: %v", err)
	}
}
