package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// One date rule: an article shows the same date and the same published
// time whether it was loaded for the run or read from the library: the
// user's local time. The JSON Feed's item is dated 22:05 at -07:00, a
// day later in UTC and later still at +09:00.
func TestOneDateRule(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpora", "feeds", "feedjira__json_feed.json"))
	if err != nil {
		t.Skip("no ../shared/corpora:", err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/feed+json")
		w.Write(data)
	}))
	defer srv.Close()
	if _, err := time.LoadLocation("Asia/Tokyo"); err != nil {
		t.Skip("no time zone data:", err)
	}
	freshLibrary(t)
	// A child process in Tokyo's time (+09:00): time.Local is the
	// process's, not to be changed under a running test.
	lede := func(t *testing.T, args ...string) (string, string, int) {
		cmd := ledeProcess(args...)
		cmd.Env = append(cmd.Env, "TZ=Asia/Tokyo")
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return out.String(), errb.String(), ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errb.String(), 0
	}
	const title = "James Dempsey and the Breakpoints"
	published := func(args ...string) (string, string) {
		t.Helper()
		out, errs, code := lede(t, append(args, "list", "--json")...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, errs)
		}
		var arts []struct {
			Title     string `json:"title"`
			Published string `json:"published"`
		}
		json.Unmarshal([]byte(out), &arts)
		text, _, _ := lede(t, append(args, "list")...)
		for _, line := range strings.Split(text, "\n") {
			if strings.Contains(line, title) {
				for _, a := range arts {
					if strings.HasPrefix(a.Title, title) {
						return a.Published, line
					}
				}
			}
		}
		t.Fatalf("%v: %q not listed:\n%s", args, title, text)
		return "", ""
	}
	loaded, loadedLine := published("--load", srv.URL+"/feed.json")
	if _, errs, code := lede(t, "add", srv.URL+"/feed.json"); code != 0 {
		t.Fatal(errs)
	}
	kept, keptLine := published()
	if loaded != "2017-06-03T14:05:47+09:00" || kept != loaded {
		t.Errorf("published: loaded %q, from the library %q; want both 2017-06-03T14:05:47+09:00", loaded, kept)
	}
	if !strings.Contains(loadedLine, "2017-06-03") || !strings.Contains(keptLine, "2017-06-03") {
		t.Errorf("dates listed:\n%s\n%s", loadedLine, keptLine)
	}
}
