package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// lede runs the command line in-process, as a script would, with stdout
// not a terminal.
func lede(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func keys(m map[string]any) string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return strings.Join(k, ",")
}

func TestListSeeds(t *testing.T) {
	out, errs, code := lede(t, "list")
	if code != 0 || errs != "" {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 9 {
		t.Fatalf("%d lines, want the 9 seed articles:\n%s", len(lines), out)
	}
	if !strings.Contains(lines[0], "Tensions Rise Between Mexico and US") || !strings.Contains(lines[1], "2 versions") {
		t.Errorf("unexpected list:\n%s", out)
	}
	// Not a terminal: the bare command prints the same list.
	bare, _, code := lede(t)
	if code != 0 || bare != out {
		t.Errorf("`lede` with stdout not a terminal differs from `lede list`")
	}
}

func TestListJSONContract(t *testing.T) {
	out, _, code := lede(t, "list", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var arts []map[string]any
	if err := json.Unmarshal([]byte(out), &arts); err != nil {
		t.Fatal(err)
	}
	if len(arts) != 9 {
		t.Fatalf("%d articles", len(arts))
	}
	for _, a := range arts {
		// "published" is there where the source gave a date.
		if got := strings.Replace(keys(a), "published,", "", 1); got != "id,links,section,source,story,title,versions,words" {
			t.Errorf("article fields %s", got)
		}
	}
	if arts[6]["links"].([]any)[0] != "https://www.reuters.com/world/americas/mexico-was-not-consulted-us-designation-cartels-terrorist-organizations-2025-02-20/" {
		t.Errorf("links of 002: %v", arts[6]["links"])
	}
}

func TestShow(t *testing.T) {
	out, _, code := lede(t, "show", "valeria", "--width", "60")
	if code != 0 {
		t.Fatal(code)
	}
	if strings.ContainsRune(out, 0x1b) {
		t.Error("escape sequences in output to a non-terminal")
	}
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, "Mexican Influencer Valeria Márquez Killed") || !strings.Contains(flat, "2 versions") {
		t.Errorf("show output:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if n := len([]rune(l)); n > 60 {
			t.Errorf("line of %d columns at --width 60: %q", n, l)
		}
	}
	plain, _, _ := lede(t, "show", "valeria", "--plain")
	if strings.ContainsRune(plain, 0x1b) {
		t.Error("--plain has escape sequences")
	}

	js, _, code := lede(t, "show", "Assertive Stance", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var a map[string]any
	if err := json.Unmarshal([]byte(js), &a); err != nil {
		t.Fatal(err)
	}
	if got := strings.Replace(keys(a), "published,", "", 1); got != "body,id,links,related,section,source,story,title,versions,words" {
		t.Errorf("show --json fields %s", got)
	}
	if !strings.Contains(a["body"].(string), "## Key Insights") {
		t.Error("body is not the Markdown")
	}
	rel := a["related"].([]any)
	if len(rel) == 0 {
		t.Fatal("no related")
	}
	if got := keys(rel[0].(map[string]any)); got != "id,label,score,title,version,why" {
		t.Errorf("related fields %s", got)
	}
}

func TestRelated(t *testing.T) {
	out, _, code := lede(t, "related", "Beauty Influencer", "-n", "3", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var obj struct {
		ID, Title, Source string
		Related           []struct {
			ID, Title string
			Score     float64
			Why       []string
			Version   bool
		}
	}
	if err := json.Unmarshal([]byte(out), &obj); err != nil {
		t.Fatal(err)
	}
	if len(obj.Related) != 3 || !obj.Related[0].Version || !strings.Contains(obj.Related[0].Title, "Valeria") {
		t.Errorf("related: %+v", obj.Related)
	}
	text, _, _ := lede(t, "related", "Beauty Influencer")
	if !strings.Contains(text, "[version]") || !strings.Contains(text, "shares: ") {
		t.Errorf("text related:\n%s", text)
	}

	all, _, code := lede(t, "related", "--all", "-n", "2", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimSpace(all), "\n")
	if len(lines) != 9 {
		t.Fatalf("--all gave %d lines, want one per article", len(lines))
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line is not one JSON object: %q", l)
		}
		if keys(m) != "id,related,source,title" || len(m["related"].([]any)) != 2 {
			t.Errorf("line %s", l)
		}
	}
}

func TestSearch(t *testing.T) {
	out, _, code := lede(t, "search", "Marquez", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || keys(hits[0]) != "id,score,snippet,title" {
		t.Errorf("hits %v", hits)
	}
	none, errs, code := lede(t, "search", "zzzz", "--json")
	if code != 0 || strings.TrimSpace(none) != "[]" || errs != "" {
		t.Errorf("no match: %q %q %d", none, errs, code)
	}
	text, _, _ := lede(t, "search", "drone", "strikes")
	if !strings.Contains(text, "drone strikes") {
		t.Errorf("several words are one query:\n%s", text)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"show", "influencer"}, "2 articles match"},
		{[]string{"show", "no such story"}, "no article matches"},
		{[]string{"show"}, "accepts 1 arg"},
		{[]string{"--bogus"}, "unknown flag"},
		{[]string{"list", "extra"}, "unknown command"},
		{[]string{"related"}, "give one REF"},
		{[]string{"related", "x", "--all"}, "not both"},
		{[]string{"search", "x", "-n", "many"}, "invalid argument"},
	}
	for _, tt := range tests {
		_, errs, code := lede(t, tt.args...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: code %d, stderr %q; want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
	_, errs, _ := lede(t, "show", "influencer")
	if !strings.Contains(errs, "beauty-influencer-shot-dead-during-6f0666") {
		t.Errorf("candidates not listed: %q", errs)
	}
}

func TestLoadSources(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("My Own Story\n\nA body about Sheinbaum and sovereignty."), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	out, errs, code := lede(t, "--load", dir, "list")
	if code != 0 || strings.Count(out, "\n") != 10 {
		t.Errorf("code %d, list:\n%s", code, out)
	}
	if !regexp.MustCompile(`(?m)^lede: .*empty\.txt: empty: no text$`).MatchString(errs) {
		t.Errorf("stderr %q", errs)
	}
	out, _, code = lede(t, "--no-seeds", "--load", dir, "list")
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("--no-seeds: %q", out)
	}
	_, errs, code = lede(t, "--no-seeds", "--load", filepath.Join(dir, "missing"), "list")
	if code != 1 || !strings.Contains(errs, "missing: no such file or directory") || !strings.Contains(errs, "nothing loaded") {
		t.Errorf("nothing loaded: code %d, %q", code, errs)
	}
	// Bare arguments are sources too.
	out, _, code = lede(t, "--no-seeds", dir)
	if code != 0 || !strings.Contains(out, "My Own Story") {
		t.Errorf("bare source: %d %q", code, out)
	}
}

func TestHostileSourceNameIsSanitized(t *testing.T) {
	_, errs, _ := lede(t, "--no-seeds", "--load", "/nonexistent/\x1b]0;pwned\x07x", "list")
	if strings.ContainsAny(errs, "\x1b\x07") {
		t.Errorf("escape in stderr: %q", errs)
	}
}
