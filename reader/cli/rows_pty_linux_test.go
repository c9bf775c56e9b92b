package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
