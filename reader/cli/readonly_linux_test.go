package cli

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/lede-reader/lede/store/library"
)

// A library this user cannot write (file and folder read-only) shows
// what it holds, not the seeds; every write fails with one line saying
// it is read-only, exit 1, and the file is left as it was. Run as
// nobody when the test runs as root (root writes any file).
func TestReadOnlyLibrary(t *testing.T) {
	home, err := os.MkdirTemp("", "lede-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.Walk(home, func(p string, _ os.FileInfo, _ error) error { return os.Chmod(p, 0o755) })
		os.RemoveAll(home)
	})
	os.Chmod(home, 0o755)
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	srv := rssServer(t, 3, 100, nil)
	if _, errs, code := lede(t, "add", srv.URL+"/feed/1"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	// An article with a page, which lede fetch must not ask for.
	var pages atomic.Int32
	linked := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/page" {
			pages.Add(1)
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><head><title>Page</title></head><body><article><p>The whole story, far longer than its summary, as its page gives it.</p></article></body></html>")
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Linked</title><item><guid>l</guid><link>http://%s/page</link><title>Linked story</title><description>A summary.</description></item></channel></rss>`, r.Host)
	}))
	defer linked.Close()
	if _, errs, code := lede(t, "add", linked.URL+"/feed"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	if _, errs, code := lede(t, "mark", "saved", "Story 1.0"); code != 0 {
		t.Fatalf("mark: %d %s", code, errs)
	}
	path := library.DefaultPath()
	dir := filepath.Dir(path)
	for _, p := range []string{filepath.Join(home, "data"), dir} {
		os.Chmod(p, 0o755)
	}
	os.Chmod(path, 0o444)
	os.Chmod(dir, 0o555)
	before, _ := os.ReadFile(path)

	run := func(args ...string) (string, string, int) { return runNotOwner(t, home, args...) }
	out, errs, code := run("list")
	if code != 0 || errs != "" || strings.Count(out, "\n") != 4 || !strings.Contains(out, "Story 1.2") {
		t.Fatalf("list of a read-only library: %d %q\n%s", code, errs, out)
	}
	if out, _, _ = run("list", "--saved"); !strings.Contains(out, "Story 1.0") || strings.Count(out, "\n") != 1 {
		t.Fatalf("list --saved: %q", out)
	}
	for _, args := range [][]string{
		{"mark", "read", "Story 1.1"},
		{"mark", "read", "--all"},
		{"update"},
		{"add", srv.URL + "/feed/2"},
		{"remove", "Feed 1"},
		{"fetch", "Linked story"},
	} {
		_, errs, code := run(args...)
		if code != 1 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "library is read-only") {
			t.Errorf("%v: code %d, stderr %q; want 1 and one line saying it is read-only", args, code, errs)
		}
	}
	if n := pages.Load(); n != 0 {
		t.Errorf("lede fetch asked for the page %d times before saying the library is read-only", n)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the read-only library's file changed")
	}
}

// runNotOwner runs lede with home as its home, as a user who does not
// own the library: nobody when the test runs as root (root writes any
// file).
func runNotOwner(t *testing.T, home string, args ...string) (string, string, int) {
	t.Helper()
	if os.Geteuid() != 0 {
		return lede(t, args...)
	}
	bin := filepath.Join(home, "lede.test")
	if _, err := os.Stat(bin); err != nil {
		copyFile(t, os.Args[0], bin)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"LEDE_AS_MAIN=1", "HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "PATH=" + os.Getenv("PATH")}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
