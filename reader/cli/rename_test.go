package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/lede-reader/lede/store/library"
)

// A feed that changes its title with the same items is renamed by lede
// update (the only way a feed's name changes but remove and add), and
// the open reader shows the new name on its articles and in F's feeds,
// through Follow's look and through its own update: each item carries
// its feed's title as its source, so the rows change with it and the
// library counts the change (an update that wrote only what changed
// must still write the source: it fails without it).
func TestFollowSeesAFeedRenamed(t *testing.T) {
	for _, how := range []string{"follow", "update"} {
		t.Run(how, func(t *testing.T) {
			freshLibrary(t)
			var mu sync.Mutex
			title := "Harbour Times"
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				name := title
				mu.Unlock()
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>
<item><guid>tide</guid><title>Spring tide floods the quay</title><description>The quay was under water for an hour at noon.</description></item>
</channel></rss>`, name)
			}))
			defer srv.Close()
			o, r, lib := readerOn(t, srv.URL+"/feed")
			ctx := context.Background()
			d, err := lib.Digest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			o.lib.read(d)
			mu.Lock()
			title = "The Harbour Times"
			mu.Unlock()
			var feeds []string
			var got string
			switch how {
			case "follow":
				if _, errs, code := lede(t, "update"); code != 0 {
					t.Fatal(errs)
				}
				c, err := r.changes(ctx)
				if err != nil || c.Src == nil {
					t.Fatalf("a feed renamed elsewhere made no snapshot (%v)", err)
				}
				feeds, got = c.Feeds, c.Src.List()[0].Feed
			case "update":
				snap, _, err := r.Update(ctx)
				if err != nil || snap.Src == nil {
					t.Fatalf("the reader's update that renamed a feed made no snapshot (%v)", err)
				}
				feeds, got = r.Feeds(), snap.Src.List()[0].Feed
			}
			if got != "The Harbour Times" || !slices.Equal(feeds, []string{"The Harbour Times"}) {
				t.Fatalf("after the rename: the article's feed %q, feeds %v", got, feeds)
			}
		})
	}
}

// A feed given a name of its own elsewhere (lede rename while the reader
// is open) changes no article the library counts, yet every row, byline
// and F of its articles says its name: Follow's look, which the rename's
// write wakes, sees the feeds' names changed and makes a snapshot with
// the new one (the reader showed the old name until its next update or
// restart).
func TestFollowSeesARename(t *testing.T) {
	freshLibrary(t)
	o, r, lib := readerOn(t, rssServer(t, 2, 100, nil).URL+"/feed/a")
	ctx := context.Background()
	d, err := lib.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o.lib.read(d)
	was := r.Feeds()
	if len(was) != 1 {
		t.Fatalf("feeds at start: %v", was)
	}
	if _, errs, code := lede(t, "rename", was[0], "Quay News"); code != 0 {
		t.Fatal(errs)
	}
	c, err := r.changes(ctx)
	if err != nil || c.Src == nil {
		t.Fatalf("a feed renamed elsewhere made no snapshot (%v)", err)
	}
	if got := c.Src.List()[0].Feed; got != "Quay News" || !slices.Equal(c.Feeds, []string{"Quay News"}) {
		t.Fatalf("after the rename: the article's feed %q, feeds %v", got, c.Feeds)
	}
	if c, err := r.changes(ctx); err != nil || c.Src != nil {
		t.Fatalf("a look with nothing changed since made a snapshot (%v)", err)
	}
}

// TestRenameSeenOnceThoughNamesFailed: where a snapshot's own read of the
// feeds' names fails, the look that found them renamed keeps the names
// it read: the next look builds no snapshot again for the same rename.
func TestRenameSeenOnceThoughNamesFailed(t *testing.T) {
	freshLibrary(t)
	o, r, lib := readerOn(t, rssServer(t, 2, 100, nil).URL+"/feed/a")
	ctx := context.Background()
	d, err := lib.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o.lib.read(d)
	was := r.Feeds()
	if _, errs, code := lede(t, "rename", was[0], "Quay News"); code != 0 {
		t.Fatal(errs)
	}
	snapshotFeedNames = func(*library.Library, context.Context) ([]string, error) {
		return nil, errors.New("names not read")
	}
	defer func() { snapshotFeedNames = (*library.Library).FeedNames }()
	c, err := r.changes(ctx)
	if err != nil || c.Src == nil || !slices.Equal(c.Feeds, []string{"Quay News"}) {
		t.Fatalf("a feed renamed elsewhere: snapshot %v, feeds %v (%v)", c.Src != nil, c.Feeds, err)
	}
	if c, err := r.changes(ctx); err != nil || c.Src != nil {
		t.Fatalf("the same rename made a snapshot again (%v)", err)
	}
}
