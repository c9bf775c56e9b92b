package cli

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Exit codes follow one rule (README, Command line): 0 done or nothing
// to do, 1 understood but failed, 2 the command line is wrong; and the
// lines say what is true.
func TestExitCodesFollowOneRule(t *testing.T) {
	freshLibrary(t)
	// Every command of the library, under --no-state, is one usage error,
	// said the same way, with nothing done and nothing printed.
	for _, args := range [][]string{
		{"feeds"}, {"feeds", "--json"}, {"update"}, {"add", "http://127.0.0.1:1/x.xml"}, {"fetch", "plex"},
		{"remove", "x"}, {"export"}, {"prune", "--older-than", "3d"}, {"import", "/no/such/file"},
		{"mark", "read", "mayoral"},
	} {
		out, errs, code := lede(t, append([]string{"--no-state"}, args...)...)
		if code != 2 || out != "" || errs != "lede: "+args[0]+" needs the library, which --no-state leaves out\n" {
			t.Errorf("--no-state %v: %d %q %q", args, code, out, errs)
		}
	}
	// A seed saved is in sight (list --saved, show): fetch says why it
	// cannot fetch it, not that nothing matches.
	mayoral := "mayoral-candidate-gunned-down-during-7243e1"
	if _, errs, code := lede(t, "fetch", "mayoral"); code != 2 || !strings.Contains(errs, mayoral+" is one of the articles that come with lede") {
		t.Errorf("fetch of a seed, no library: %d %q", code, errs)
	}
	lede(t, "mark", "saved", "mayoral")
	if out, _, _ := lede(t, "list", "--saved"); !strings.Contains(out, mayoral) {
		t.Fatalf("the saved seed is not listed:\n%s", out)
	}
	if _, errs, code := lede(t, "fetch", "mayoral"); code != 2 || !strings.Contains(errs, mayoral+" is one of the articles that come with lede") || strings.Contains(errs, "no article matches") {
		t.Errorf("fetch of a saved seed: %d %q", code, errs)
	}
	if _, errs, code := lede(t, "fetch", "no such story"); code != 2 || !strings.Contains(errs, "no article matches") {
		t.Errorf("fetch of nothing: %d %q", code, errs)
	}
	// A list that cannot be read is a failure; its entries that are no
	// feed's address are told for what they are.
	if _, errs, code := lede(t, "import", filepath.Join(t.TempDir(), "none.opml")); code != 1 || !strings.Contains(errs, "no such file") {
		t.Errorf("import of no file: %d %q", code, errs)
	}
	// A folder is what import cannot take: one line in lede's words.
	dir := t.TempDir()
	if _, errs, code := lede(t, "import", dir); code != 2 || errs != "lede: "+dir+" is a folder: import takes an OPML file or a newsboat urls file\n" {
		t.Errorf("import of a folder: %d %q", code, errs)
	}
	opml := filepath.Join(t.TempDir(), "subs.opml")
	os.WriteFile(opml, []byte(`<opml version="2.0"><body><outline text="Bad" xmlUrl="not a url"/><outline text="P" xmlUrl="/etc/passwd"/><outline text="Good" xmlUrl="http://127.0.0.1:1/feed.xml"/></body></opml>`), 0o600)
	_, errs, code := lede(t, "import", opml)
	if code != 0 || !strings.Contains(errs, `"not a url": not an address; left out`) || !strings.Contains(errs, `"/etc/passwd": a file on this computer`) {
		t.Errorf("import of entries that are no feed's: %d %q", code, errs)
	}
}

// fetch speaks of a seed only where the seed is in sight and nothing of
// the library is named: a piece of title two of the library's articles
// hold is "say which" though it names one seed too, and a seed not
// shown beside the library (none saved) is "no article matches".
func TestFetchSeedOnlyInSight(t *testing.T) {
	freshLibrary(t)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`)
	for k, title := range []string{"Beauty influencer shot dead during a live stream: police name a suspect", "Beauty influencer shot dead during stream: a vigil is held"} {
		fmt.Fprintf(&b, `<item><guid>w%d</guid><title>%s</title><link>http://127.0.0.1:1/%d</link><description>Report %d on the shooting.</description></item>`, k, title, k, k)
	}
	b.WriteString(`</channel></rss>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, b.String())
	}))
	t.Cleanup(srv.Close)
	if _, errs, code := lede(t, "add", srv.URL+"/wire.xml"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	_, errs, code := lede(t, "fetch", "beauty influencer shot dead")
	if code != exitUsage || !strings.HasPrefix(errs, "lede: 2 articles match") || strings.Contains(errs, "come with lede") {
		t.Errorf("fetch of a piece two articles hold: %d %q, want say which", code, errs)
	}
	_, errs, code = lede(t, "fetch", "mayoral candidate")
	if code != exitUsage || !strings.Contains(errs, "no article matches") || strings.Contains(errs, "come with lede") {
		t.Errorf("fetch of a seed not in sight: %d %q, want no article matches", code, errs)
	}
}
