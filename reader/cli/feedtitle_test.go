package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// titledServer serves /f.xml on loopback: an RSS feed with the title
// asked (set) and two items of its own.
func titledServer(t *testing.T, title string) (url string, set func(string)) {
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		name := title
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>
<item><guid>tide</guid><title>Spring tide floods the quay</title><description>The quay was under water for an hour at noon.</description></item>
<item><guid>ferry</guid><title>Ferry back on its winter timetable</title><description>Four crossings a day until March.</description></item>
</channel></rss>`, name)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/f.xml", func(s string) { mu.Lock(); title = s; mu.Unlock() }
}

// feedsJSON is lede feeds --json, by name.
func feedsJSON(t *testing.T) map[string]map[string]any {
	t.Helper()
	out, errs, code := lede(t, "feeds", "--json")
	var feeds []map[string]any
	if err := json.Unmarshal([]byte(out), &feeds); code != 0 || err != nil {
		t.Fatalf("feeds --json: %d %v %s", code, err, errs)
	}
	byName := map[string]map[string]any{}
	for _, f := range feeds {
		byName[f["name"].(string)] = f
	}
	return byName
}

// A feed renamed keeps its own title, which each update sets as the feed
// gives it: lede feeds shows it beside the name ("--json": title), an
// article's page too, while the rows and --feed use the name. Renamed
// back (no NAME), the feed takes its title again and follows it.
func TestRenameKeepsTheFeedsTitle(t *testing.T) {
	freshLibrary(t)
	u, setTitle := titledServer(t, "Harbour Times")
	if out, errs, code := lede(t, "add", u); code != 0 || out != "Harbour Times\n" {
		t.Fatalf("add: %d %q %q", code, out, errs)
	}
	out, errs, code := lede(t, "rename", "Harbour", "Quay news")
	if code != 0 || out != "renamed Harbour Times to Quay news (Harbour Times)\n" {
		t.Fatalf("rename: %d %q %q", code, out, errs)
	}
	setTitle("The Harbour Times")
	if _, errs, code := lede(t, "update"); code != 0 {
		t.Fatalf("update: %d %q", code, errs)
	}
	f := feedsJSON(t)["Quay news"]
	if f == nil || f["title"] != "The Harbour Times" {
		t.Fatalf("feeds --json after an update: %v", feedsJSON(t))
	}
	if out, _, _ := lede(t, "feeds"); !strings.HasPrefix(out, "Quay news (The Harbour Times)  "+u+"\n") {
		t.Errorf("lede feeds:\n%s", out)
	}
	list, _, code := lede(t, "list", "--feed", "Quay news")
	if code != 0 || strings.Count(list, "(Quay news · ") != 2 || strings.Contains(list, "Harbour Times") {
		t.Errorf("list --feed: %d\n%s", code, list)
	}
	if show, _, _ := lede(t, "show", "Spring tide", "--plain"); !strings.Contains(show, "Quay news (The Harbour Times)") {
		t.Errorf("the article's page does not name the feed's title beside its name:\n%s", show)
	}
	if out, errs, code := lede(t, "rename", "Quay news"); code != 0 || out != "renamed Quay news to The Harbour Times, its own title\n" {
		t.Fatalf("rename back: %d %q %q", code, out, errs)
	}
	setTitle("Harbour Daily")
	lede(t, "update")
	if f := feedsJSON(t)["Harbour Daily"]; f == nil || f["title"] != "Harbour Daily" {
		t.Fatalf("named back, then updated: %v", feedsJSON(t))
	}
}

// A name another feed has is refused (a usage error, one line), and an
// unknown feed is one too.
func TestRenameRefuses(t *testing.T) {
	freshLibrary(t)
	a, _ := titledServer(t, "Alpha")
	b, _ := titledServer(t, "Beta")
	lede(t, "add", a)
	lede(t, "add", b)
	for _, args := range [][]string{{"rename", "Beta", "alpha"}, {"rename", "Gamma", "Delta"}, {"tag", "Beta"}} {
		if _, errs, code := lede(t, args...); code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: %d %q, want 2 and one line", args, code, errs)
		}
	}
	if f := feedsJSON(t)["Beta"]; f == nil {
		t.Fatalf("a refused rename renamed: %v", feedsJSON(t))
	}
}

// lede add of a feed followed already, with --name or --tag, renames it
// and adds the tags, saying so (exit 0), where it once ignored both;
// without them it says the feed is followed already. lede tag adds and
// drops tags.
func TestAddFollowedRenamesAndTags(t *testing.T) {
	freshLibrary(t)
	u, _ := titledServer(t, "Harbour Times")
	lede(t, "add", u, "--tag", "local")
	out, errs, code := lede(t, "add", u, "--name", "Brent", "--tag", "mac")
	if code != 0 || out != "renamed Harbour Times to Brent (Harbour Times)\nBrent: tagged [local, mac]\n" {
		t.Fatalf("add of a feed followed, with --name and --tag: %d %q %q", code, out, errs)
	}
	if _, errs, code := lede(t, "add", u); code != 0 || !strings.Contains(errs, "subscribed already") {
		t.Fatalf("add again: %d %q", code, errs)
	}
	if out, errs, code := lede(t, "tag", "Brent", "news", "--drop", "local"); code != 0 || out != "Brent: tagged [mac, news]\n" {
		t.Fatalf("tag: %d %q %q", code, out, errs)
	}
	f := feedsJSON(t)["Brent"]
	if f == nil || f["title"] != "Harbour Times" || fmt.Sprint(f["tags"]) != "[mac news]" {
		t.Fatalf("feeds --json: %v", f)
	}
}
