package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
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
