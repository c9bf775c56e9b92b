package library

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

// lede add of a web page follows the feed the page names as its own (the
// first of several, saying which), and refuses a page that names none.
func TestAddPageFollowsItsFeed(t *testing.T) {
	feed, name := techCrunch(t)
	s := newSwapServer(t)
	s.put("/feed.xml", "application/rss+xml", feed)
	s.put("/atom", "application/atom+xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Comments</title>
<entry><id>c1</id><title>A comment</title><content>Words.</content></entry></feed>`)
	s.put("/html", "text/html", `<!doctype html><html><head><title>A site</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Posts" href="/feed.xml">
</head><body><h1>Welcome</h1><p>The front page of a site, with a few words on it.</p></body></html>`)
	s.put("/two", "text/html; charset=utf-8", `<html><head><title>Two</title>
<link rel="Alternate" type="application/atom+xml" href="atom">
<link rel="alternate" type="application/rss+xml" href="feed.xml">
</head><body><p>A page naming two feeds.</p></body></html>`)
	s.put("/none", "text/html", `<html><head><title>Login required</title></head><body><h1>Please log in to the Wi-Fi</h1></body></html>`)

	l := openTemp(t)
	out, err := l.Add(ctx, loader(), Subscription{URL: s.URL + "/html"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Feed.URL != s.URL+"/feed.xml" || out.Feed.Name != name || out.Added < 2 {
		t.Fatalf("add of a page subscribed %+v, %d articles", out.Feed, out.Added)
	}
	if len(out.Warnings) == 0 || !strings.Contains(out.Warnings[0].Error(), "following the feed it names, "+s.URL+"/feed.xml") {
		t.Fatalf("no word of the feed followed: %v", out.Warnings)
	}
	feeds, _ := l.Feeds(ctx)
	if len(feeds) != 1 || feeds[0].URL != s.URL+"/feed.xml" {
		t.Fatalf("feeds: %+v", feeds)
	}
	if _, ok := byTitle(t, l)["Welcome"]; ok {
		t.Fatal("the page itself became an article")
	}
	// The same page again: its feed is followed already.
	if _, err := l.Add(ctx, loader(), Subscription{URL: s.URL + "/html"}); !errors.Is(err, ErrSubscribed) {
		t.Fatalf("the page's feed twice: %v", err)
	}

	// Two feeds, relative to the page: the first, and the others named.
	out, err = l.Add(ctx, loader(), Subscription{URL: s.URL + "/two"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Feed.URL != s.URL+"/atom" || out.Feed.Name != "Comments" {
		t.Fatalf("add of a page of two feeds subscribed %+v", out.Feed)
	}
	if w := out.Warnings[0].Error(); !strings.Contains(w, "the first of the 2 feeds") || !strings.Contains(w, s.URL+"/feed.xml") {
		t.Fatalf("warning: %s", w)
	}

	// None: refused, one line, nothing subscribed.
	_, err = l.Add(ctx, loader(), Subscription{URL: s.URL + "/none"})
	if err == nil || !strings.Contains(err.Error(), "not a feed: got an HTML page that names no feed") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("add of a page without feeds: %v", err)
	}
	if feeds, _ := l.Feeds(ctx); len(feeds) != 2 {
		t.Fatalf("%d feeds after refusing a page", len(feeds))
	}
}

// A followed address that now gives a page naming feeds of its own (a
// library made when lede took a page as a feed) fails at each update
// saying which feed to follow instead and how: one clean line, though
// the page's links are the network's. A page that names none fails as
// before.
func TestFollowedPageNamesItsFeed(t *testing.T) {
	feed, _ := techCrunch(t)
	s := newSwapServer(t)
	s.put("/site", "application/rss+xml", feed)
	l := openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: s.URL + "/site"}); err != nil {
		t.Fatal(err)
	}
	s.put("/site", "text/html", `<html><head><title>A site</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="/a&#x1b;[31mtom&#10;x">
</head><body><h1>Welcome</h1><p>The front page of a site, with a few words on it.</p></body></html>`)
	feeds, _ := l.Feeds(ctx)
	outs := l.Update(ctx, loader(), feeds, nil)
	site, feedURL := s.URL+"/site", s.URL+"/feed.xml"
	// The second link, with an escape and a line break in it, is no link.
	want := "not a feed: got an HTML page; it names the feed " + feedURL +
		" (lede remove " + site + ", then lede add " + feedURL + ")"
	err := outs[0].Err
	if err == nil || !strings.Contains(err.Error(), want) || strings.ContainsAny(err.Error(), "\n\x1b") {
		t.Fatalf("update of a page naming its feeds: %v\nwant %s", err, want)
	}
	if feeds, _ = l.Feeds(ctx); !strings.Contains(feeds[0].Error, want) || strings.ContainsAny(feeds[0].Error, "\n\x1b") {
		t.Fatalf("the feed's error: %q", feeds[0].Error)
	}

	// Two: the first, and how many.
	s.put("/site", "text/html", `<html><head>
<link rel="alternate" type="application/atom+xml" href="atom">
<link rel="alternate" type="application/rss+xml" href="feed.xml">
</head><body><p>A page naming two feeds.</p></body></html>`)
	outs = l.Update(ctx, loader(), feeds, nil)
	want = "it names 2 feeds, the first " + s.URL + "/atom (lede remove " + site + ", then lede add " + s.URL + "/atom)"
	if err := outs[0].Err; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("update of a page naming two feeds: %v\nwant %s", err, want)
	}

	s.put("/site", "text/html", portal)
	outs = l.Update(ctx, loader(), feeds, nil)
	if err := outs[0].Err; err == nil || strings.Contains(err.Error(), "names") || strings.Contains(err.Error(), "lede remove") {
		t.Fatalf("update of a page naming no feed: %v", err)
	}
}

// The address a page names for its feed is the network's: the lines that
// tell of following it, or of following it already, carry it bounded,
// as they carry the page's other addresses.
func TestPageFeedAddressBounded(t *testing.T) {
	feed, _ := techCrunch(t)
	s := newSwapServer(t)
	s.put("/feed.xml", "application/rss+xml", feed)
	long := "/feed.xml?" + strings.Repeat("a", 1500)
	s.put("/html", "text/html", `<html><head><title>A site</title>
<link rel="alternate" type="application/rss+xml" href="`+long+`">
</head><body><p>A page naming one feed at a long address.</p></body></html>`)

	l := openTemp(t)
	out, err := l.Add(ctx, loader(), Subscription{URL: s.URL + "/html"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Feed.URL != s.URL+long {
		t.Fatalf("subscribed %q, not the address the page names", out.Feed.URL)
	}
	if len(out.Warnings) == 0 || !strings.Contains(out.Warnings[0].Error(), "following the feed it names") {
		t.Fatalf("no word of the feed followed: %v", out.Warnings)
	}
	if w := out.Warnings[0].Error(); len(w) > 1000 {
		t.Errorf("the line that tells of the feed followed is %d bytes: %.120s…", len(w), w)
	}
	_, err = l.Add(ctx, loader(), Subscription{URL: s.URL + "/html"})
	if !errors.Is(err, ErrSubscribed) {
		t.Fatalf("the page's feed twice: %v", err)
	}
	if len(err.Error()) > 1000 {
		t.Errorf("the line that tells of the feed followed already is %d bytes", len(err.Error()))
	}
}

// A followed feed file that turns into an error page or a line of text
// (a sync gone wrong) fails as a URL's feed does: one line, its articles
// and its name as they were; the page never becomes an article. And lede
// add of a file that is not a feed refuses it, saying so: what lede
// follows on disk is a feed file or a folder.
func TestFeedFileTurnedPageFails(t *testing.T) {
	feed, name := techCrunch(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "f.xml")
	for _, c := range []struct{ body, got string }{
		{`<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>`, "not a feed: got an HTML page"},
		{"Error 503\n", "not a feed: got plain text"},
	} {
		if err := os.WriteFile(p, []byte(feed), 0o644); err != nil {
			t.Fatal(err)
		}
		l := openTemp(t)
		out, err := l.Add(ctx, loader(), Subscription{URL: p})
		if err != nil || out.Feed.Name != name {
			t.Fatalf("add: %v %q", err, out.Feed.Name)
		}
		before := byTitle(t, l)
		if err := os.WriteFile(p, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		feeds, _ := l.Feeds(ctx)
		outs := l.Update(ctx, loader(), feeds, nil)
		if outs[0].Err == nil || !strings.Contains(outs[0].Err.Error(), c.got) {
			t.Fatalf("update of %q: %v", c.body, outs[0].Err)
		}
		if hint := "(lede remove " + p + ", then lede " + p + " reads it)"; !strings.Contains(outs[0].Err.Error(), hint) {
			t.Fatalf("update of %q: %v, want the hint %s", c.body, outs[0].Err, hint)
		}
		if after := byTitle(t, l); len(after) != len(before) {
			t.Fatalf("%d articles after %q, %d before", len(after), c.body, len(before))
		}
		if feeds, _ = l.Feeds(ctx); feeds[0].Name != name {
			t.Fatalf("feed after %q: %+v", c.body, feeds[0])
		}
		_, err = l.Add(ctx, loader(), Subscription{URL: p + ".copy"})
		if err == nil {
			t.Fatal("add of a missing file")
		}
		cp := filepath.Join(dir, "page.txt")
		if err := os.WriteFile(cp, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Add(ctx, loader(), Subscription{URL: cp}); err == nil || !strings.Contains(err.Error(), c.got) || !strings.Contains(err.Error(), "lede add follows a feed file or a folder") {
			t.Fatalf("add of %q: %v", c.body, err)
		}
	}
}

// A file an older lede's add followed as an article (notes.md: lede add
// took any file then) keeps updating as one: it was never a feed, so it
// does not fail at every update as a feed file turned text would.
func TestFileFollowedAsArticleStillUpdates(t *testing.T) {
	l := openTemp(t)
	p := filepath.Join(t.TempDir(), "notes.md")
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("# My notes\n\nA first paragraph of notes, long enough to read.\n")
	// What an older lede's add left: the file followed, its article saved
	// by an update as it would have been by the add.
	if _, err := l.db.ExecContext(ctx, `INSERT INTO feeds (url, name, added) VALUES (?, ?, 1)`, p, p); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"", "# My notes\n\nA first paragraph of notes, and a second thought added since.\n"} {
		if text != "" {
			write(text)
		}
		feeds, err := l.Feeds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		outs := l.Update(ctx, loader(), feeds, nil)
		if outs[0].Err != nil || outs[0].Added != 1 {
			t.Fatalf("update %d of a file followed as an article: added %d, %v", i, outs[0].Added, outs[0].Err)
		}
	}
}
