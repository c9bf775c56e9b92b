package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// lede list -n N prints the first N rows, as search and related take
// -n: from the library's quick path, the store (--sort), --stories and
// --json alike; -n 0 is all, and a negative N a usage error.
func TestListTakesN(t *testing.T) {
	freshLibrary(t)
	all, _, code := lede(t, "list")
	lines := strings.Split(strings.TrimSpace(all), "\n")
	if code != 0 || len(lines) < 4 {
		t.Fatalf("list: %d, %d lines", code, len(lines))
	}
	for _, args := range [][]string{{"list", "-n", "3"}, {"list", "--n=3"}, {"--sort", "title", "list", "-n3"}, {"list", "--stories", "-n", "3"}} {
		out, errs, code := lede(t, args...)
		if got := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(got) != 3 {
			t.Errorf("%v: %d %q %q, want 3 rows", args, code, out, errs)
		}
	}
	if out, _, _ := lede(t, "list", "-n", "3"); out != strings.Join(lines[:3], "\n")+"\n" {
		t.Errorf("list -n 3: %q, want the first 3 rows of list", out)
	}
	if out, _, _ := lede(t, "list", "-n", "0"); out != all {
		t.Errorf("list -n 0: %q, want all of them", out)
	}
	out, _, _ := lede(t, "list", "-n", "2", "--json")
	var arr []map[string]any
	if err := json.Unmarshal([]byte(out), &arr); err != nil || len(arr) != 2 {
		t.Errorf("list -n 2 --json: %v, %d rows, want 2", err, len(arr))
	}
	if _, _, code := lede(t, "list", "-n", "-1"); code != exitUsage {
		t.Errorf("list -n -1: exit %d, want %d", code, exitUsage)
	}
}
