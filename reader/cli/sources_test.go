package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sources writes one source of every kind into a folder: a Markdown note
// with front matter, a saved page, an RSS feed and a JSON feed.
func sources(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"notes/water.md": "---\ntitle: Notes on the drought\ndate: 2025-06-05\n---\n\nReservoirs near Monterrey are at a fifth of capacity; Sheinbaum promised wells.\n",
		"notes/plain.md": "# Undated note\n\nNothing to say about Sheinbaum today.\n",
		"page.html": `<html><head><title>Dam at record low</title><meta property="article:published_time" content="2025-06-03T07:45:00Z"></head>
<body><article><h1>Dam at record low</h1><p>The El Cuchillo dam, which supplies Monterrey, held less than a fifth of its capacity on Tuesday, engineers said, and pumping from deeper intakes has begun.</p></article></body></html>`,
		"wire.xml": `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Rain reaches Chihuahua</title><link>https://wire.example/rain</link><pubDate>Sat, 07 Jun 2025 09:00:00 GMT</pubDate><description>Storms brought relief.</description></item>
<item><title>Another wire story</title><pubDate>Thu, 01 May 2025 09:00:00 GMT</pubDate><description>Older news.</description></item>
</channel></rss>`,
		"feed.json": `{"version":"https://jsonfeed.org/version/1.1","title":"Json Wire","items":[{"id":"1","title":"A JSON story","content_text":"Plain text.","date_published":"2025-06-06T12:00:00+02:00"}]}`,
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func titles(out string) []string {
	var ts []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		_, rest, _ := strings.Cut(l, "  ")
		title, _, _ := strings.Cut(rest, "  (")
		ts = append(ts, title)
	}
	return ts
}

func TestEveryKindOfSource(t *testing.T) {
	dir := sources(t)
	out, errs, code := lede(t, "--no-seeds", "--load", dir, "list")
	if code != 0 || errs != "" {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	want := "[A JSON story Undated note Notes on the drought Dam at record low Rain reaches Chihuahua Another wire story]"
	if got := fmt.Sprint(titles(out)); got != want {
		t.Errorf("as loaded (path order): %s", got)
	}
	if !strings.Contains(out, "Rain reaches Chihuahua  (Wire · 2025-06-07 · ") {
		t.Errorf("the list shows no date:\n%s", out)
	}

	js, _, _ := lede(t, "--no-seeds", "--load", dir, "list", "--json")
	var arts []map[string]any
	if err := json.Unmarshal([]byte(js), &arts); err != nil {
		t.Fatal(err)
	}
	dates := map[string]any{}
	for _, a := range arts {
		dates[a["title"].(string)] = a["published"]
	}
	for title, want := range map[string]any{
		"Rain reaches Chihuahua": "2025-06-07T09:00:00Z", "A JSON story": "2025-06-06T12:00:00+02:00",
		"Notes on the drought": "2025-06-05T00:00:00Z", "Dam at record low": "2025-06-03T07:45:00Z", "Undated note": nil,
	} {
		if w, ok := want.(string); ok {
			// In the user's local time, as every date (the one date rule).
			at, _ := time.Parse(time.RFC3339, w)
			want = at.Local().Format(time.RFC3339)
		}
		if dates[title] != want {
			t.Errorf("%s: published %v, want %v", title, dates[title], want)
		}
	}

	for _, tt := range []struct{ by, want string }{
		{"date", "[Rain reaches Chihuahua A JSON story Notes on the drought Dam at record low Another wire story Undated note]"},
		{"title", "[A JSON story Another wire story Dam at record low Notes on the drought Rain reaches Chihuahua Undated note]"},
	} {
		out, _, code := lede(t, "--no-seeds", "--load", dir, "--sort", tt.by, "list")
		if got := fmt.Sprint(titles(out)); code != 0 || got != tt.want {
			t.Errorf("--sort %s: %s", tt.by, got)
		}
	}
	js, _, _ = lede(t, "--no-seeds", "--load", dir, "--sort", "source", "list", "--json")
	arts = nil
	json.Unmarshal([]byte(js), &arts)
	var srcs []string
	for _, a := range arts {
		srcs = append(srcs, strings.TrimPrefix(a["source"].(string), dir+string(filepath.Separator)))
	}
	// Paths (here under /tmp) sort before names; ties keep load order.
	if got := fmt.Sprint(srcs); got != "[notes/plain.md notes/water.md page.html Json Wire Wire Wire]" {
		t.Errorf("--sort source: %s", got)
	}

	// With --seeds, related and search reach across seeds and sources alike.
	hits, _, _ := lede(t, "--seeds", "--load", dir, "search", "Sheinbaum", "-n", "0")
	if !strings.Contains(hits, "Notes on the drought") || !strings.Contains(hits, "Mexican President Claudia Sheinbaum") {
		t.Errorf("search across sources:\n%s", hits)
	}
	rel, _, _ := lede(t, "--seeds", "--load", dir, "related", "Notes on the drought", "-n", "3")
	if !strings.Contains(rel, "Dam at record low") {
		t.Errorf("related across sources:\n%s", rel)
	}
}

func TestSortUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"--sort", "size", "list"}, {"--timeout", "0s", "list"}, {"--timeout", "soon", "list"}} {
		_, errs, code := lede(t, args...)
		if code != 2 || !strings.HasPrefix(errs, "lede: ") {
			t.Errorf("%v: code %d, %q", args, code, errs)
		}
	}
}

func TestStdinSource(t *testing.T) {
	for _, args := range [][]string{{"-"}, {"-", "list"}, {"list", "-"}, {"--load", "-", "list"}} {
		var out, errs bytes.Buffer
		code := run(args, strings.NewReader("# From a Pipe\n\nPiped words about Sheinbaum."), &out, &errs)
		if code != 0 || errs.Len() != 0 || !strings.Contains(out.String(), "From a Pipe  (stdin · ") || strings.Count(out.String(), "\n") != 1 {
			t.Errorf("%v: code %d, %q, %q", args, code, out.String(), errs.String())
		}
	}
}

func TestURLSources(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<rss version="2.0"><channel><title>Loopback</title><item><title>Served over HTTP</title><description>Words.</description></item></channel></rss>`)
		case "/slow.xml":
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	out, errs, code := lede(t, "--no-seeds", "--timeout", "200ms", srv.URL+"/feed.xml", srv.URL+"/gone.xml", srv.URL+"/slow.xml")
	if code != 0 || !strings.Contains(out, "Served over HTTP  (Loopback · 1 word)") {
		t.Errorf("code %d, out %q", code, out)
	}
	wantErrs := "lede: " + srv.URL + "/gone.xml: HTTP 404 Not Found\nlede: " + srv.URL + "/slow.xml: timed out after 200ms (--timeout)\n"
	if errs != wantErrs {
		t.Errorf("stderr %q, want %q (in source order, no progress line off a terminal)", errs, wantErrs)
	}
	// Nothing loaded: the source's line says why, and no line more.
	_, errs, code = lede(t, "--no-seeds", "--load", srv.URL+"/gone.xml", "list")
	if want := "lede: " + srv.URL + "/gone.xml: HTTP 404 Not Found\n"; code != 1 || errs != want {
		t.Errorf("nothing loaded: code %d, %q, want 1 and %q", code, errs, want)
	}
	// An empty folder has no line of its own: "nothing loaded" says why.
	_, errs, code = lede(t, "--no-seeds", "--load", t.TempDir(), "list")
	if code != 1 || errs != "lede: nothing loaded\n" {
		t.Errorf("an empty folder: code %d, %q, want 1 and nothing loaded", code, errs)
	}
	// Beside a folder of two problems (a line each), the empty folder
	// still has none of its own: sources are counted, not lines.
	bad, empty := t.TempDir(), t.TempDir()
	for _, name := range []string{"a.json", "b.xml"} {
		if err := os.WriteFile(filepath.Join(bad, name), []byte{0, 1, 2}, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, errs, code = lede(t, "--no-seeds", "--load", bad, "--load", empty, "list")
	if code != 1 || strings.Count(errs, "\n") != 3 || !strings.HasSuffix(errs, "\nlede: nothing loaded\n") {
		t.Errorf("two problems and an empty folder: code %d, %q, want 1, a line each and nothing loaded", code, errs)
	}
}

// TestBBCCorpus: 2,225 files less the exact duplicates, and the one
// Latin-1 file keeps its pound sign.
func TestBBCCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpora", "bbc")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no %s", dir)
	}
	load, want := dir, 2125
	if raceEnabled {
		// one section: the folder is still read on every core, at a fifth
		// of the cost under the race detector
		load, want = filepath.Join(dir, "tech"), 347
	}
	out, errs, code := lede(t, "--no-seeds", "--load", load, "list")
	if n := strings.Count(out, "\n"); code != 0 || errs != "" || n != want {
		t.Errorf("code %d, %d articles, stderr %q", code, n, errs)
	}
	show, _, _ := lede(t, "--no-seeds", "--load", filepath.Join(dir, "sport", "199.txt"), "show", "Mutu", "--plain")
	if !strings.Contains(show, "£15.8m") {
		t.Errorf("no pound sign:\n%s", show)
	}
}

// --seeds adds the seeds on purpose: where every source named fails, the
// failures are said and the seeds still show, exit 0; without it, exit 1.
func TestSeedsWhenEverySourceFails(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such")
	out, errs, code := lede(t, missing, "--seeds", "list")
	if code != 0 || !strings.Contains(out, "Sheinbaum") || !strings.Contains(errs, "no such file or directory") {
		t.Errorf("--seeds beside a failed source: code %d\n%s\n%s", code, out, errs)
	}
	out, _, code = lede(t, missing, "list")
	if code != 1 || out != "" {
		t.Errorf("a failed source alone: code %d\n%s", code, out)
	}
}
