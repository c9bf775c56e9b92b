package library

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// redirectServer serves feeds at some paths and redirects others, each
// as the test says at the moment.
type redirectServer struct {
	*httptest.Server
	mu    sync.Mutex
	feeds map[string]string // path → RSS
	to    map[string]struct {
		path string
		code int
	}
}

func newRedirectServer(t *testing.T) *redirectServer {
	s := &redirectServer{feeds: map[string]string{}, to: map[string]struct {
		path string
		code int
	}{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if to, ok := s.to[r.URL.Path]; ok {
			http.Redirect(w, r, to.path, to.code)
			return
		}
		body, ok := s.feeds[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *redirectServer) redirect(from, to string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.to[from] = struct {
		path string
		code int
	}{to, code}
}

func (s *redirectServer) serve(path, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feeds[path] = body
	delete(s.to, path)
}

func urls(t *testing.T, l *Library) []string {
	t.Helper()
	feeds, err := l.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var us []string
	for _, f := range feeds {
		us = append(us, f.URL)
	}
	return us
}

// An address that redirects to a feed followed already (its old
// address, http to https, a short link) is that feed: refused as an
// exact duplicate is, naming it, not subscribed a second time.
func TestAddRedirectToAFollowedFeed(t *testing.T) {
	l := openTemp(t)
	srv := newRedirectServer(t)
	feed, name := techCrunch(t)
	srv.serve("/feed.xml", feed)
	srv.redirect("/old.xml", "/feed.xml", http.StatusMovedPermanently)
	srv.redirect("/short", "/old.xml", http.StatusFound)
	if _, err := l.Add(ctx, loader(), Subscription{URL: srv.URL + "/feed.xml"}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/old.xml", "/short"} {
		_, err := l.Add(ctx, loader(), Subscription{URL: srv.URL + path})
		if !errors.Is(err, ErrSubscribed) {
			t.Fatalf("add %s (redirects to the feed followed): %v, want ErrSubscribed", path, err)
		}
		if !strings.Contains(err.Error(), srv.URL+"/feed.xml") || !strings.Contains(err.Error(), name) {
			t.Errorf("add %s: %q names neither the feed's address nor its name", path, err)
		}
	}
	if got := urls(t, l); len(got) != 1 {
		t.Fatalf("feeds %v, want the one", got)
	}
}

// An address that moved permanently is followed where it moved to (so
// it is not fetched through the redirect at every update, nor lost when
// the old one goes), and says so; one redirected for now (302) is kept
// as given: the server may send it elsewhere tomorrow.
func TestAddMovedFeed(t *testing.T) {
	srv := newRedirectServer(t)
	feed, _ := techCrunch(t)
	srv.serve("/feed.xml", feed)
	srv.redirect("/old.xml", "/feed.xml", http.StatusMovedPermanently)
	srv.redirect("/now.xml", "/feed.xml", http.StatusFound)

	l := openTemp(t)
	out, err := l.Add(ctx, loader(), Subscription{URL: srv.URL + "/old.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Feed.URL != srv.URL+"/feed.xml" || len(out.Warnings) == 0 || !strings.Contains(out.Warnings[0].Error(), "moved permanently") {
		t.Fatalf("added at %s, warnings %v; want the new address, said", out.Feed.URL, out.Warnings)
	}
	if got := urls(t, l); len(got) != 1 || got[0] != srv.URL+"/feed.xml" {
		t.Fatalf("feeds %v", got)
	}

	l = openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: srv.URL + "/now.xml"}); err != nil {
		t.Fatal(err)
	}
	if got := urls(t, l); len(got) != 1 || got[0] != srv.URL+"/now.xml" {
		t.Fatalf("a 302 made the feeds %v", got)
	}
}

// A feed followed that starts redirecting permanently is followed at its
// new address from the next update, its articles, marks and name kept;
// where another subscription follows that address already, both stay
// and the line says how to drop the one that moved.
func TestFeedMovesPermanently(t *testing.T) {
	srv := newRedirectServer(t)
	feed, name := techCrunch(t)
	srv.serve("/feed.xml", feed)
	l := openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: srv.URL + "/feed.xml"}); err != nil {
		t.Fatal(err)
	}
	before := byTitle(t, l)
	var one string
	for _, a := range before {
		one = a.ID
		break
	}
	if err := l.Apply(ctx, []Change{{ID: one, Mark: MarkSaved}}); err != nil {
		t.Fatal(err)
	}

	srv.serve("/new.xml", feed)
	srv.redirect("/feed.xml", "/new.xml", http.StatusMovedPermanently)
	feeds, _ := l.Subscriptions(ctx)
	outs := l.Update(ctx, loader(), feeds, nil)
	if outs[0].Err != nil || outs[0].Added != 0 {
		t.Fatalf("update: %+v", outs[0])
	}
	if len(outs[0].Warnings) == 0 || !strings.Contains(outs[0].Warnings[0].Error(), "followed there from now on") {
		t.Fatalf("warnings %v: the move is not told", outs[0].Warnings)
	}
	feeds, _ = l.Subscriptions(ctx)
	if len(feeds) != 1 || feeds[0].URL != srv.URL+"/new.xml" || feeds[0].Name != name {
		t.Fatalf("after the move: %+v", feeds)
	}
	after := byTitle(t, l)
	if len(after) != len(before) {
		t.Fatalf("%d articles after the move, %d before", len(after), len(before))
	}
	for title, a := range before {
		if after[title].ID != a.ID {
			t.Fatalf("%q: ID %s became %s", title, a.ID, after[title].ID)
		}
	}
	if st, err := l.States(ctx); err != nil || !st[one].Saved {
		t.Fatalf("the saved article lost its mark: %v", err)
	}
	// The next update fetches the new address, no redirect, nothing said.
	outs = l.Update(ctx, loader(), feeds, nil)
	if outs[0].Err != nil || len(outs[0].Warnings) != 0 {
		t.Fatalf("second update: %+v", outs[0])
	}

	// A second subscription that moves onto the first: both stay, told.
	srv.serve("/mirror.xml", feed)
	if _, err := l.Add(ctx, loader(), Subscription{URL: srv.URL + "/mirror.xml", Name: "Mirror"}); err != nil {
		t.Fatal(err)
	}
	srv.redirect("/mirror.xml", "/new.xml", http.StatusPermanentRedirect)
	feeds, _ = l.Subscriptions(ctx)
	for _, o := range l.Update(ctx, loader(), feeds, nil) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		if o.Feed.Name == "Mirror" && (len(o.Warnings) == 0 || !strings.Contains(o.Warnings[0].Error(), "lede remove "+srv.URL+"/mirror.xml")) {
			t.Fatalf("mirror moved onto a followed feed: warnings %v", o.Warnings)
		}
	}
	if got := urls(t, l); len(got) != 2 {
		t.Fatalf("feeds %v, want both", got)
	}
}
