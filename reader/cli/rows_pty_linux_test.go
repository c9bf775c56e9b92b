package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lede-reader/lede/store/safe/termtest"
)

// ledeOnTerminal runs lede with its stdout a terminal cols wide, and
// gives what it printed there.
func ledeOnTerminal(t *testing.T, cols int, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	master, slave, err := termtest.OpenPTY(cols, 20)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer master.Close()
	read := make(chan []byte)
	go func() {
		var out bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				read <- out.Bytes()
				return
			}
		}
	}()
	var errb bytes.Buffer
	code = run(args, strings.NewReader(""), slave, &errb)
	slave.Close()
	out := <-read
	return strings.ReplaceAll(string(out), "\r\n", "\n"), errb.String(), code
}

// bbcTech is a folder of the BBC corpus, where ../shared has it.
func bbcTech(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "corpora", "bbc", "tech")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no ../shared/corpora/bbc:", err)
	}
	return dir
}

// On a terminal narrower than 80 columns, list, search and related print
// each row in lines that fit it: the title (cut with "…"), and under it
// the facts and the ID, whole. No line is wider than the terminal but an
// ID, which is never cut (it is what `lede show` takes).
func TestNarrowTerminalRows(t *testing.T) {
	bbc := bbcTech(t)
	for _, cols := range []int{60, 40} {
		for _, args := range [][]string{
			{"list"},
			{"list", "--stories"},
			{"search", "mexico"},
			{"related", "beauty"},
			{"related", "--all", "-n", "2"},
			{bbc, "list", "-n", "40"},
			{bbc, "search", "broadband", "-n", "5"},
			{"related", "Ink helps drive democracy", bbc},
		} {
			name := fmt.Sprint(cols, args)
			out, errs, code := ledeOnTerminal(t, cols, args...)
			if code != 0 || errs != "" || out == "" {
				t.Fatalf("%s: code %d, stderr %q, stdout %q", name, code, errs, out)
			}
			ids := idsOf(t, args)
			for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if cells(l) <= cols {
					continue
				}
				if id := strings.TrimSpace(l); !ids[id] {
					t.Errorf("%s: a line of %d columns:\n%q\nall:\n%s", name, cells(l), l, out)
				}
			}
			for id := range ids {
				if !lineOf(out, id) {
					t.Errorf("%s: the ID %s is on no line of its own:\n%s", name, id, out)
				}
			}
			if !slices.Contains(args, bbc) && !strings.Contains(out, "…\n") { // the seeds' long titles
				t.Errorf("%s: no title cut to fit:\n%s", name, out)
			}
		}
	}
}

// On a terminal of 80 columns or more, the rows are the one-line rows,
// byte for byte as to a pipe.
func TestRoomyTerminalRows(t *testing.T) {
	for _, cols := range []int{80, 120} {
		for _, args := range [][]string{{"list"}, {"search", "mexico"}, {"related", "beauty"}, {"feeds"}} {
			want, _, _ := lede(t, args...)
			got, _, _ := ledeOnTerminal(t, cols, args...)
			if got != want {
				t.Errorf("%v at %d columns:\n%s\nwant:\n%s", args, cols, got, want)
			}
		}
	}
}

// idsOf is every ID the command names, from its --json.
func idsOf(t *testing.T, args []string) map[string]bool {
	t.Helper()
	if slices.Contains(args, "--all") {
		out, _, _ := lede(t, args...) // its text names every article's ID
		ids := map[string]bool{}
		for _, l := range strings.Split(out, "\n") {
			f := strings.Fields(l)
			switch {
			case len(f) > 0 && !strings.HasPrefix(l, " "):
				ids[f[0]] = true
			case len(f) > 0 && strings.HasSuffix(l, ")") && strings.Contains(l, "  ("):
				ids[strings.TrimSuffix(l[strings.LastIndex(l, "  (")+3:], ")")] = true
			}
		}
		return ids
	}
	out, _, code := lede(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("%v --json: code %d", args, code)
	}
	type item struct {
		ID      string `json:"id"`
		Story   string `json:"story"`
		Related []item `json:"related"`
	}
	var items []item
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		var one item
		if err := json.Unmarshal([]byte(out), &one); err != nil {
			t.Fatalf("%v --json: %v", args, err)
		}
		items = one.Related
	}
	ids := map[string]bool{}
	for _, it := range items {
		if slices.Contains(args, "--stories") {
			ids[it.Story] = true
		} else {
			ids[it.ID] = true
		}
	}
	return ids
}

// lineOf: s has a line that is id, indented.
func lineOf(s, id string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == id {
			return true
		}
	}
	return false
}

// To a pipe, whatever $COLUMNS says, the rows are the one-line rows
// scripts read, byte for byte: the narrow layout is for a terminal only.
func TestPipeRowsUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	for _, args := range [][]string{
		{"list"}, {"list", "--stories"}, {"search", "mexico"}, {"related", "beauty"}, {"related", "--all", "-n", "2"},
	} {
		want, _, _ := lede(t, args...)
		cmd := ledeProcess(args...)
		cmd.Env = append(cmd.Env, "COLUMNS=40")
		got, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if string(got) != want {
			t.Errorf("%v in a pipe with COLUMNS=40:\n%s\nwant:\n%s", args, got, want)
		}
	}
	out, _, _ := lede(t, "list")
	if first := strings.SplitN(out, "\n", 2)[0]; first != "tensions-rise-between-mexico-and-us-over-11d3e8  Tensions Rise Between Mexico and US Over Drug Trafficker Terrorism Designation Ahead of Trump's Inauguration  (Mexico · 264 words)" {
		t.Errorf("a pipe's first row: %q", first)
	}
}

// lede feeds on a terminal of 40 columns: a feed's name, then its
// address whole on a line of its own, then its facts and the tally
// wrapped to fit; a failure does not say the address again. To a pipe,
// the lines are as they were.
func TestNarrowFeeds(t *testing.T) {
	freshLibrary(t)
	var gone atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gone.Load() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>`+
			`<item><guid>1</guid><title>One</title><description>Words of one.</description></item>`+
			`<item><guid>2</guid><title>Two</title><description>Words of one.</description></item></channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	url := srv.URL + "/a-feed-with-a-rather-long-address.xml"
	if _, errs, code := lede(t, "add", url, "--name", "A feed with a long name to wrap", "--tag", "news"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	gone.Store(true)
	lede(t, "update")
	out, errs, code := ledeOnTerminal(t, 40, "feeds")
	if code != 0 || errs != "" {
		t.Fatalf("feeds: %d %q", code, errs)
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if cells(l) > 40 && strings.TrimSpace(l) != url {
			t.Errorf("a line of %d columns: %q\n%s", cells(l), l, out)
		}
	}
	if !lineOf(out, url) || strings.Count(out, srv.URL) != 1 || !strings.Contains(out, "failed: HTTP 404") {
		t.Errorf("the address whole once, the failure without it:\n%s", out)
	}
	piped, _, _ := lede(t, "feeds")
	if !strings.Contains(piped, "[news]  "+url+"\n") || !strings.Contains(piped, "failed: "+url+": HTTP 404") {
		t.Errorf("to a pipe, as before:\n%s", piped)
	}
}

// Help on a terminal wraps its flags' descriptions to the terminal's
// width (a line of 230 columns for --load before); to a pipe each flag
// is one line, as before.
func TestHelpFlagsWrapOnTerminal(t *testing.T) {
	for _, cmd := range []string{"list", "search", "show", "related", "add", "mark", "feeds"} {
		out, _, code := ledeOnTerminal(t, 60, cmd, "--help")
		_, flags, ok := strings.Cut(out, "\nFlags:\n")
		if code != 0 || !ok {
			t.Fatalf("%s --help: code %d\n%s", cmd, code, out)
		}
		for _, l := range strings.Split(flags, "\n") {
			if cells(l) > 60 {
				t.Errorf("%s --help at 60 columns: a line of %d: %q", cmd, cells(l), l)
			}
		}
		if (cmd == "list" || cmd == "search") && !strings.Contains(flags, "\n  -n N  ") {
			t.Errorf("%s --help: -n not as README has it:\n%s", cmd, flags)
		}
		piped, _, _ := lede(t, cmd, "--help")
		if !strings.Contains(piped, "--load SRC                load articles from SRC for this run (instead of the library or the seeds): a text, Markdown or HTML file, an RSS, Atom or JSON feed, a folder of them (read recursively), an http(s) URL, or - for standard input; repeatable\n") {
			t.Errorf("%s --help to a pipe: --load not on one line:\n%s", cmd, piped)
		}
	}
}
