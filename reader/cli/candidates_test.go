package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A reference that names several articles of one title (a wire story
// two feeds carry, each in its own words) lists each with its feed and
// date, which tell them apart, beside the ID to give instead: read from
// the library (no store) and from a store (--sort) alike.
func TestCandidatesToldApart(t *testing.T) {
	freshLibrary(t)
	// Dates are local time, as every date lede writes: a zone that is
	// not UTC tells a candidate's date from its UTC spelling.
	was := time.Local
	time.Local = time.FixedZone("JST", 9*3600)
	t.Cleanup(func() { time.Local = was })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		desk := strings.Trim(r.URL.Path, "/")
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>http://example.com/</link>
<item><title>Winter freeze keeps oil above $50</title><guid>%s-1</guid><pubDate>Mon, 30 Nov 2026 0%d:15:00 GMT</pubDate>
<description>As told by the %s: the cold snap held prices up for a third week.</description></item></channel></rss>`,
			desk, desk, len(desk)%10, desk)
	}))
	t.Cleanup(srv.Close)
	for _, desk := range []string{"markets", "energy"} {
		if _, errs, code := lede(t, "add", srv.URL+"/"+desk, "--name", strings.ToUpper(desk[:1])+desk[1:]); code != 0 {
			t.Fatalf("add %s: %d %s", desk, code, errs)
		}
	}
	for _, args := range [][]string{{"show", "winter freeze"}, {"--sort", "date", "show", "winter freeze"}} {
		_, errs, code := lede(t, args...)
		lines := strings.Split(strings.TrimSpace(errs), "\n")
		if code != exitUsage || len(lines) != 3 {
			t.Fatalf("%v: %d %q, want exit 2 and two candidates", args, code, errs)
		}
		for _, want := range []string{"  (Markets · 2026-11-30 16:15)", "  (Energy · 2026-11-30 15:15)"} {
			if !strings.Contains(errs, "Winter freeze keeps oil above $50"+want+"\n") {
				t.Errorf("%v: no line ending %q:\n%s", args, want, errs)
			}
		}
	}
}
