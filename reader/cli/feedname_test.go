package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The name a reader gives a feed (add --name) is the one the rows, the
// byline and --feed use, not the feed's own title, which JSON's
// "source" keeps; an aggregator's items, which name their outlets, keep
// naming them.
func TestGivenFeedNameIsShown(t *testing.T) {
	pets, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpora", "feeds", "feedjira__pet_atom.xml"))
	if err != nil {
		t.Skip("no ../shared/corpora/feeds:", err)
	}
	freshLibrary(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/pets.xml" {
			w.Header().Set("Content-Type", "application/atom+xml")
			w.Write(pets)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire Digest</title>`)
		for k, outlet := range []string{"Alpha Post", "Beta Times", "Gamma News"} {
			fmt.Fprintf(w, `<item><guid>g%d</guid><title>Digest %d</title><source url="https://o%d.example/rss">%s</source><description>Words %d of its own, k%d.</description></item>`, k, k, k, outlet, k, k)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	if out, errs, code := lede(t, "add", srv.URL+"/pets.xml", "--name", "Pets", "--tag", "animals"); code != 0 {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	if out, errs, code := lede(t, "add", srv.URL+"/digest.xml", "--name", "Digest"); code != 0 {
		t.Fatalf("add the digest: %d %q %q", code, out, errs)
	}
	out, errs, code := lede(t, "list", "--feed", "Pets")
	if code != 0 || strings.Count(out, "\n") != 10 {
		t.Fatalf("list --feed Pets: %d %q\n%s", code, errs, out)
	}
	for line := range strings.Lines(out) {
		if !strings.Contains(line, " · Pets · ") || strings.Contains(line, "Pet Secret") {
			t.Errorf("a row names the feed by its own title, not the name given:\n%s", line)
		}
	}
	// The article's page names it so too, with the feed's own title
	// beside the name given.
	if show, _, _ := lede(t, "show", "Sentry Calming", "--plain"); !strings.Contains(show, "Dogs · Pets (Pet Secret Shopper) · 2012-12-27") {
		t.Errorf("the byline names the feed by its own title, or not at all:\n%s", show)
	}
	if cmp, _, _ := lede(t, "compare", "Sentry Calming"); !strings.Contains(cmp, "Pets · ") || strings.Contains(cmp, "Pet Secret") {
		t.Errorf("compare names the feed by its own title:\n%s", cmp)
	}
	digest, _, _ := lede(t, "list", "--feed", "Digest")
	for _, outlet := range []string{"Alpha Post", "Beta Times", "Gamma News"} {
		if !strings.Contains(digest, "("+outlet+" · ") {
			t.Errorf("an aggregator's item does not name its outlet %s:\n%s", outlet, digest)
		}
	}
	js, _, _ := lede(t, "list", "--json", "--feed", "Pets")
	var arts []map[string]any
	if err := json.Unmarshal([]byte(js), &arts); err != nil {
		t.Fatal(err)
	}
	if len(arts) != 10 || arts[0]["source"] != "Pet Secret Shopper" || arts[0]["feed"] != "Pets" {
		t.Errorf("JSON: source is the feed's own title and feed the name given: %v", arts[0])
	}
}
