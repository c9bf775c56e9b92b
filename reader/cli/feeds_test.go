package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/library"
)

// TestMain points every XDG folder and HOME at a temporary directory, so
// no test reads or writes the real library; and lets the test binary
// stand in for lede when LEDE_AS_MAIN is set (the child-process tests).
func TestMain(m *testing.M) {
	if os.Getenv("LEDE_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	home, err := os.MkdirTemp("", "lede-test-home-")
	if err != nil {
		panic(err)
	}
	for _, v := range []string{"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"} {
		os.Setenv(v, filepath.Join(home, strings.ToLower(v)))
	}
	// A pipe's width is $COLUMNS where it is set: the tests' is 80.
	os.Unsetenv("COLUMNS")
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

// freshLibrary gives a test its own empty XDG_DATA_HOME.
func freshLibrary(t *testing.T) string {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	return library.DefaultPath()
}

// rssServer serves feeds on loopback: /feed/N has items "Story N.K" for K
// < items, each with a guid and a body of size bytes.
func rssServer(t *testing.T, items, size int, served func()) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := strings.TrimPrefix(r.URL.Path, "/feed/")
		if n == r.URL.Path {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %s</title>`, n)
		for k := range items {
			// Words of its own, so that no two items are versions of one story.
			var body strings.Builder
			for j := 0; body.Len() < size; j++ {
				fmt.Fprintf(&body, "w%dx%d ", k, j%97)
			}
			fmt.Fprintf(w, `<item><guid>%s-%d</guid><title>Story %s.%d</title><description>%s</description></item>`, n, k, n, k, body.String())
		}
		fmt.Fprint(w, `</channel></rss>`)
		if served != nil {
			served()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFollowFeedsCommands(t *testing.T) {
	freshLibrary(t)
	srv := rssServer(t, 3, 100, nil)
	out, errs, code := lede(t, "add", srv.URL+"/feed/1", "--tag", "world", "--tag", "daily")
	if code != 0 || out != "Feed 1\n" {
		t.Fatalf("add: code %d, out %q, err %q", code, out, errs)
	}
	// Nothing to do is no failure (as import of feeds followed already).
	if _, errs, code = lede(t, "add", srv.URL+"/feed/1"); code != 0 || !strings.Contains(errs, "subscribed already") {
		t.Fatalf("second add: code %d, %q", code, errs)
	}
	for _, bad := range [][]string{
		{"add", "ftp://example.com/feed"},
		{"remove", "nothing like it"},
		{"mark", "read", "no such article"},
		{"mark", "sideways", "Story"},
		{"prune", "--older-than", "soon"},
	} {
		_, errs, code := lede(t, bad...)
		if code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: code %d, stderr %q; want 2 and one line", bad, code, errs)
		}
	}
	// A file that is not there is a failure, as --load's is.
	for _, bad := range [][]string{
		{"add", "/no/such/feed.xml"},
		{"import", "/no/such/file"},
	} {
		_, errs, code := lede(t, bad...)
		if code != 1 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: code %d, stderr %q; want 1 and one line", bad, code, errs)
		}
	}
	lede(t, "add", srv.URL+"/feed/2", "--name", "Second")
	out, _, _ = lede(t, "feeds", "--json")
	var feeds []map[string]any
	if err := json.Unmarshal([]byte(out), &feeds); err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 2 || keysOf(feeds[0]) != "articles,full_text,name,tags,title,unread,updated,url" || feeds[0]["unread"] != 3.0 {
		t.Fatalf("feeds --json: %s", out)
	}
	if _, errs, code = lede(t, "mark", "read", "Story 1.0", "Story 1.1"); code != 0 {
		t.Fatalf("mark: %d %s", code, errs)
	}
	if _, errs, code = lede(t, "mark", "saved", "--all", "--feed", "Second"); code != 0 {
		t.Fatalf("mark --all: %d %s", code, errs)
	}
	lib, err := library.Open(library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := lib.Feeds(context.Background())
	st, _ := lib.States(context.Background())
	lib.Close()
	saved := 0
	for _, s := range st {
		if s.Saved {
			saved++
		}
	}
	if fs[0].Unread != 1 || saved != 3 {
		t.Fatalf("after marks: %s has %d unread (want 1), %d saved (want 3)", fs[0].Name, fs[0].Unread, saved)
	}
	// export, remove everything, import: the same subscriptions.
	opml, _, code := lede(t, "export")
	if code != 0 || !strings.Contains(opml, `<opml version="2.0">`) {
		t.Fatalf("export: %d %s", code, opml)
	}
	file := filepath.Join(t.TempDir(), "subs.opml")
	os.WriteFile(file, []byte(opml), 0o600)
	lede(t, "remove", "Feed 1")
	lede(t, "remove", srv.URL+"/feed/2")
	if out, _, _ = lede(t, "feeds", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("after remove: %s", out)
	}
	if out, errs, code = lede(t, "import", file); code != 0 || out != "imported 2 feeds; lede update fetches them\n" {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	// Again: nothing new, so nothing for lede update to fetch.
	if out, errs, code = lede(t, "import", file); code != 0 || out != "imported 0 feeds (2 followed already)\n" {
		t.Fatalf("import again: %d %q %q", code, out, errs)
	}
	if again, _, _ := lede(t, "export"); again != opml {
		t.Fatalf("export after import differs:\n%s\nwas\n%s", again, opml)
	}
	if out, _, code = lede(t, "update"); code != 0 {
		t.Fatalf("update: %d %s", code, out)
	}
}

func keysOf(m map[string]any) string { return keys(m) }

func TestUpdateExitCode(t *testing.T) {
	freshLibrary(t)
	srv := rssServer(t, 2, 50, nil)
	lede(t, "add", srv.URL+"/feed/ok")
	lede(t, "add", srv.URL+"/feed/bad")
	// The second feed's server goes away; the first still answers.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	lib, _ := library.Open(library.DefaultPath())
	lib.Subscribe(context.Background(), []library.Subscription{{URL: gone.URL + "/feed.xml", Name: "Gone"}})
	lib.Close()
	_, errs, code := lede(t, "update")
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if code != 1 || len(lines) != 2 || !strings.HasPrefix(lines[0], "lede: Gone: ") {
		t.Fatalf("update with a failing feed: code %d, stderr %q", code, errs)
	}
}

// ledeProcess runs the test binary as lede (see TestMain).
func ledeProcess(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "LEDE_AS_MAIN=1")
	return cmd
}

// A `lede update` killed with SIGKILL while it writes loses at most the
// feed it was writing: the library opens, sound, with every feed it
// finished whole, and every mark made before.
func TestUpdateKilledMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	if raceEnabled {
		// Left to the plain run: the detector would look at the child,
		// whose stderr no one reads and which is killed before it could
		// exit 66, and at this process's Subscribe, Update and Apply,
		// which other tests run under it. It was 27.5 s of reader/cli's
		// race run, 2.7 s plain.
		t.Skip("plain run only: the race detector's reports of a killed child are never read")
	}
	freshLibrary(t)
	var mu sync.Mutex
	served := 0
	killAt := make(chan struct{})
	srv := rssServer(t, 300, 1500, func() {
		mu.Lock()
		defer mu.Unlock()
		served++
		if served == 12 {
			close(killAt)
		}
	})
	ctx := context.Background()
	lib, err := library.Open(library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	var subs []library.Subscription
	for i := range 40 {
		subs = append(subs, library.Subscription{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i)})
	}
	if _, _, err := lib.Subscribe(ctx, subs); err != nil {
		t.Fatal(err)
	}
	// One feed read and marked before the update.
	feeds, _ := lib.Feeds(ctx)
	lib.Update(ctx, ingest.NewLoader(ingest.Options{}), feeds[:1], nil)
	arts, _ := lib.Articles(ctx)
	var marks []library.Change
	for _, a := range arts {
		marks = append(marks, library.Change{ID: a.ID, Mark: library.MarkRead}, library.Change{ID: a.ID, Mark: library.MarkPosition, Position: 7})
	}
	if err := lib.Apply(ctx, marks); err != nil {
		t.Fatal(err)
	}
	lib.Close()

	cmd := ledeProcess("update")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-killAt:
	case <-time.After(time.Minute):
		t.Fatal("the update never fetched 12 feeds")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	lib, err = library.Open(library.DefaultPath())
	if err != nil {
		t.Fatalf("the library does not open after SIGKILL: %v", err)
	}
	defer lib.Close()
	if lib.Recovered != "" {
		t.Fatalf("the library was damaged by SIGKILL: %s", lib.Recovered)
	}
	feeds, _ = lib.Feeds(ctx)
	whole := 0
	for _, f := range feeds {
		switch {
		case f.Articles == 300 && !f.Updated.IsZero():
			whole++
		case f.Articles == 0 && f.Updated.IsZero():
		default:
			t.Errorf("%s: %d articles, updated %v: half a feed was written", f.Name, f.Articles, f.Updated)
		}
	}
	st, _ := lib.States(ctx)
	for _, c := range marks {
		if s := st[c.ID]; !s.Read || s.Position != 7 {
			t.Fatalf("mark of %s lost: %+v", c.ID, s)
		}
	}
	t.Logf("%d of 40 feeds were whole when the update was killed", whole)
}

// Two processes marking at once both get through: each waits for the
// other's lock, neither fails with "database is locked", no mark is lost.
func TestTwoProcessesMarking(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	freshLibrary(t)
	srv := rssServer(t, 200, 100, nil)
	if _, errs, code := lede(t, "add", srv.URL+"/feed/a"); code != 0 {
		t.Fatal(errs)
	}
	var wg sync.WaitGroup
	outs := make([][]byte, 6)
	errs := make([]error, 6)
	for i := range 6 {
		state := []string{"read", "saved"}[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = ledeProcess("mark", state, "--all").CombinedOutput()
		}()
	}
	wg.Wait()
	for i := range outs {
		if errs[i] != nil || strings.Contains(string(outs[i]), "locked") {
			t.Fatalf("process %d: %v: %s", i, errs[i], outs[i])
		}
	}
	lib, _ := library.Open(library.DefaultPath())
	defer lib.Close()
	st, _ := lib.States(context.Background())
	n := 0
	for _, s := range st {
		if s.Read && s.Saved {
			n++
		}
	}
	if n != 200 {
		t.Fatalf("%d of 200 articles read and saved", n)
	}
}

// A damaged library costs one line and a fresh start, never the run.
func TestDamagedLibraryOneLine(t *testing.T) {
	path := freshLibrary(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	os.WriteFile(path, []byte(strings.Repeat("scribble ", 2000)), 0o600)
	out, errs, code := lede(t, "feeds", "--json")
	if code != 0 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "damaged") || strings.TrimSpace(out) != "[]" {
		t.Fatalf("code %d, out %q, stderr %q", code, out, errs)
	}
	if aside, _ := filepath.Glob(path + ".damaged-*"); len(aside) != 1 {
		t.Fatalf("moved aside: %v", aside)
	}
}

// A fresh machine gets the seeds, and no library file is made by reading.
func TestFreshMachineSeeds(t *testing.T) {
	path := freshLibrary(t)
	out, _, code := lede(t, "list")
	if code != 0 || strings.Count(out, "\n") != 9 {
		t.Fatalf("list on a fresh machine: %d\n%s", code, out)
	}
	lede(t, "feeds")
	lede(t, "export")
	if library.Exists(path) {
		t.Fatal("reading commands made a library")
	}
}

// With subscriptions, lede and lede list show the library, never the
// seeds; list --json carries the state, and filters by it.
func TestListShowsTheLibrary(t *testing.T) {
	freshLibrary(t)
	srv := rssServer(t, 3, 80, nil)
	lede(t, "add", srv.URL+"/feed/a", "--name", "Alpha")
	lede(t, "add", srv.URL+"/feed/b", "--name", "Beta")
	out, errs, code := lede(t, "list")
	if code != 0 || strings.Count(out, "\n") != 6 || strings.Contains(out, "Mexico") {
		t.Fatalf("list with subscriptions: %d %q\n%s", code, errs, out)
	}
	if bare, _, _ := lede(t); bare != out {
		t.Fatalf("lede (not a terminal) differs from lede list:\n%s", bare)
	}
	lede(t, "mark", "read", "Story a.0")
	lede(t, "mark", "saved", "Story b.2")
	js, _, _ := lede(t, "list", "--json")
	var arts []map[string]any
	if err := json.Unmarshal([]byte(js), &arts); err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]map[string]any{}
	for _, a := range arts {
		byTitle[a["title"].(string)] = a
	}
	a0, b2 := byTitle["Story a.0"], byTitle["Story b.2"]
	if a0["read"] != true || a0["saved"] != false || a0["feed"] != "Alpha" || a0["added"] == nil || b2["saved"] != true {
		t.Fatalf("list --json state: %v / %v", a0, b2)
	}
	// An exact ID needs no title search.
	if out, errs, code := lede(t, "mark", "unread", a0["id"].(string)); code != 0 || out != "marked 1 article unread\n" {
		t.Fatalf("mark by ID: %d %q %q", code, out, errs)
	}
	lede(t, "mark", "read", a0["id"].(string))
	count := func(args ...string) int {
		out, errs, code := lede(t, append([]string{"list"}, args...)...)
		if code != 0 {
			t.Fatalf("list %v: %d %s", args, code, errs)
		}
		return strings.Count(out, "\n")
	}
	if n := count("--unread"); n != 5 {
		t.Errorf("--unread: %d, want 5", n)
	}
	if n := count("--saved"); n != 1 {
		t.Errorf("--saved: %d, want 1", n)
	}
	if n := count("--stories", "--saved"); n != 1 {
		t.Errorf("--stories --saved: %d, want the saved article's story", n)
	}
	if n := count("--feed", "Beta", "--unread"); n != 3 {
		t.Errorf("--feed Beta --unread: %d, want 3", n)
	}
	// --load reads its source on its own; --no-state shows the seeds.
	if out, _, _ := lede(t, "--no-state", "list"); !strings.Contains(out, "Mexico") {
		t.Errorf("--no-state list shows no seeds:\n%s", out)
	}
	if _, errs, code := lede(t, "list", "--feed", "Gamma"); code != 2 || strings.Count(errs, "\n") != 1 {
		t.Errorf("--feed of no feed: %d %q", code, errs)
	}
}

// The reader's Library over the real one: marks set in one run are there
// in the next, after the library is closed as the run ends.
func TestReaderLibraryKeepsMarksAcrossRuns(t *testing.T) {
	freshLibrary(t)
	srv := rssServer(t, 2, 80, nil)
	lede(t, "add", srv.URL+"/feed/r")
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	state := o.readerState()
	marks := state.Marks()
	if len(marks) != 0 || len(state.Feeds()) != 1 {
		t.Fatalf("first run: %v marks, feeds %v", marks, state.Feeds())
	}
	lib, _ := o.libraryShown()
	arts, _ := lib.Articles(context.Background())
	state.SetMark(arts[0].ID, reader.Mark{}, reader.Mark{Read: true, Position: 42})
	state.SetMark(arts[1].ID, reader.Mark{}, reader.Mark{Saved: true})
	o.closeLibrary()

	o = newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	state = o.readerState()
	defer o.closeLibrary()
	marks = state.Marks()
	if m := marks[arts[0].ID]; !m.Read || m.Position != 42 {
		t.Fatalf("second run: %+v", m)
	}
	if m := marks[arts[1].ID]; !m.Saved || m.Read {
		t.Fatalf("second run: %+v", m)
	}
	if state.NewSince().IsZero() {
		t.Fatal("the second run does not know when the first began")
	}
}
