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

// Candidates name where they are from as lede list does: a seed, a file
// called by a number and a hash, by its section, not its file's name
// ("000_3d89b93d965cac9c.txt"), or by its byline where it has no section.
// A REF only one candidate's title starts with names that one: from a
// store (the seeds) and from the library (no store) alike.
func TestCandidatesAsListNamesThem(t *testing.T) {
	freshLibrary(t)
	_, errs, code := lede(t, "show", "Trump")
	if code != exitUsage || strings.Contains(errs, ".txt") {
		t.Fatalf("show Trump: %d %q, want exit 2 and no file names", code, errs)
	}
	for _, want := range []string{"Inauguration  (Mexico)\n", "the United States and…  (1071 words)\n"} {
		if !strings.Contains(errs, want) {
			t.Errorf("show Trump: no line ending %q:\n%s", want, errs)
		}
	}
	out, errs, code := lede(t, "show", "tensions", "--plain")
	if code != 0 || !strings.Contains(out, "Tensions Rise Between Mexico") {
		t.Fatalf("show tensions: %d %q %q, want the one title that starts with it", code, out, errs)
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><link>http://example.com/</link>
<item><title>Tariffs stir tensions at the border</title><guid>1</guid><description>One.</description></item>
<item><title>Tensions ease in the north</title><guid>2</guid><description>Two.</description></item>
<item><title>Tensions flare in the south</title><guid>3</guid><description>Three.</description></item>
<item><title>Talks resume as tensions ease</title><guid>4</guid><description>Four.</description></item></channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	if _, errs, code := lede(t, "add", srv.URL); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	if out, errs, code := lede(t, "mark", "read", "tensions ease"); code != 0 || !strings.Contains(out, "marked 1 article") {
		t.Fatalf("mark read: %d %q %q, want the one title that starts with it", code, out, errs)
	}
	// Two titles start with it: every candidate is listed.
	_, errs, code = lede(t, "mark", "read", "tensions")
	if code != exitUsage || !strings.Contains(errs, "4 articles match") {
		t.Fatalf("mark read tensions: %d %q, want the four candidates", code, errs)
	}
}
