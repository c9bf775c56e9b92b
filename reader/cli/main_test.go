package cli

import (
	"bytes"
	"encoding/json"
	"math"
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
	code = run(args, strings.NewReader(""), &out, &errb)
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
		// "published" is there where the source gave a date; "feed" and
		// "added" for articles of the library only; "read" and "saved"
		// always.
		if got := strings.Replace(keys(a), "published,", "", 1); got != "id,links,read,saved,section,source,story,title,versions,words" {
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
	// The widest --width lays out in time, every line within it.
	wide, _, code := lede(t, "show", "valeria", "--width", "1000")
	if code != 0 || !strings.Contains(wide, "Valeria Márquez, a 23-year-old Mexican beauty influencer, was fatally shot") {
		t.Errorf("--width 1000: %d\n%s", code, wide)
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
	if got := strings.Replace(keys(a), "published,", "", 1); got != "body,id,links,read,related,saved,section,source,story,title,versions,words" {
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
	// Scores have three decimals in JSON, as search's do.
	for _, r := range obj.Related {
		if r.Score != math.Round(r.Score*1000)/1000 {
			t.Errorf("related score %v is not rounded to three decimals", r.Score)
		}
	}
	text, _, _ := lede(t, "related", "Beauty Influencer")
	if !strings.Contains(text, "  0.617  [same story] Mexican Influencer Valeria") || !strings.Contains(text, "shares: ") {
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
	for _, h := range hits {
		if s := h["score"].(float64); s != math.Round(s*1000)/1000 {
			t.Errorf("search score %v is not rounded to three decimals", s)
		}
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
		// cobra's complaints about arguments, in lede's words
		{[]string{"show"}, "lede: show: REF is missing; usage: lede show REF [SRC...]\n"},
		{[]string{"search"}, "lede: search: QUERY is missing; usage: lede search QUERY...\n"},
		{[]string{"add"}, "lede: add: SOURCE is missing; usage: lede add SOURCE\n"},
		{[]string{"add", "a", "b"}, "lede: add takes SOURCE alone, not 2 arguments (a b); usage: lede add SOURCE\n"},
		{[]string{"feeds", "x"}, "lede: feeds takes no arguments, not \"x\"; usage: lede feeds\n"},
		{[]string{"--bogus"}, "unknown flag"},
		{[]string{"list", "--json=maybe"}, `--json "maybe": give true or false`},
		{[]string{"--load"}, "flag needs an argument"},
		{[]string{"related"}, "give one REF"},
		{[]string{"--seeds", "--no-seeds", "list"}, "not both"},
		{[]string{"search", "x", "-n", "many"}, `-n "many": give a whole number`},
		{[]string{"show", "valeria", "--width", "abc"}, `--width "abc": give a whole number`},
		{[]string{"related", "valeria", "-n", "99999999999999999999"}, `-n "99999999999999999999": too large a number`},
		{[]string{"--timeout", "3x", "list"}, `--timeout "3x": give a duration`},
		{[]string{"show", "valeria", "--width", "2147483647"}, "--width 2147483647: give 20 to 1000 columns"},
		{[]string{"show", "valeria", "--width", "1001"}, "give 20 to 1000 columns"},
		{[]string{"show", "valeria", "--width", "19"}, "give 20 to 1000 columns"},
		{[]string{"show", "valeria", "--width", "-1"}, "give 20 to 1000 columns"},
		{[]string{"compare", "Beauty", "--width", "5000"}, "give 20 to 1000 columns"},
	}
	for _, tt := range tests {
		_, errs, code := lede(t, tt.args...)
		if strings.Contains(errs, "strconv.") || strings.Contains(errs, "invalid syntax") {
			t.Errorf("%v: a parser's words reach the user: %q", tt.args, errs)
		}
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
	// Sources are read on their own, without the seeds.
	out, errs, code := lede(t, "--load", dir, "list")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "My Own Story") {
		t.Errorf("code %d, list:\n%s", code, out)
	}
	if !regexp.MustCompile(`(?m)^lede: .*empty\.txt: empty: no text$`).MatchString(errs) {
		t.Errorf("stderr %q", errs)
	}
	// --no-seeds changes nothing there; --seeds adds them on purpose.
	if out2, _, code := lede(t, "--no-seeds", "--load", dir, "list"); code != 0 || out2 != out {
		t.Errorf("--no-seeds: %q", out2)
	}
	out, _, code = lede(t, "--seeds", "--load", dir, "list")
	if code != 0 || strings.Count(out, "\n") != 10 || !strings.Contains(out, "Tensions Rise Between Mexico") {
		t.Errorf("--seeds: %q", out)
	}
	// Nothing loaded: one line per source, then exit 1; with --seeds,
	// asked for on purpose, the same lines, the seeds, exit 0.
	for _, args := range [][]string{
		{"--load", filepath.Join(dir, "missing"), "--load", filepath.Join(dir, "gone"), "list"},
		{"--no-seeds", "--load", filepath.Join(dir, "missing"), "--load", filepath.Join(dir, "gone"), "list"},
		{"--seeds", "--load", filepath.Join(dir, "missing"), "--load", filepath.Join(dir, "gone"), "list"},
	} {
		out, errs, code = lede(t, args...)
		want := "lede: " + filepath.Join(dir, "missing") + ": no such file or directory\nlede: " + filepath.Join(dir, "gone") + ": no such file or directory\n"
		wantCode, seeds := 1, args[0] == "--seeds"
		if seeds {
			wantCode = 0
		}
		if code != wantCode || errs != want || seeds != strings.Contains(out, "Tensions Rise Between Mexico") {
			t.Errorf("%v: code %d, stderr %q; want %d and %q\n%s", args, code, errs, wantCode, want, out)
		}
	}
	// No sources and --no-seeds: nothing to show, and nothing wrong.
	if out, errs, code := lede(t, "--no-seeds", "list"); code != 0 || out != "" || errs != "" {
		t.Errorf("--no-seeds alone: %d %q %q", code, out, errs)
	}
}

// TestWhereSourcesGo: one rule — sources before or after the command, -
// for standard input, REF first after show and related.
func TestWhereSourcesGo(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("My Own Story\n\nA body about Sheinbaum and sovereignty."), 0o644)
	want, _, code := lede(t, "--load", dir, "list")
	if code != 0 || !strings.Contains(want, "My Own Story") {
		t.Fatalf("--load: %d %q", code, want)
	}
	for _, args := range [][]string{
		{dir, "list"}, {"list", dir}, {dir}, {"--sort", "title", dir, "list"},
		{"--timeout", "5s", dir, "list"}, {"--no-seeds", dir, "list"}, {"--", dir},
	} {
		out, errs, code := lede(t, args...)
		if code != 0 || errs != "" || out != want {
			t.Errorf("%v: code %d, stderr %q, out %q", args, code, errs, out)
		}
	}
	for _, args := range [][]string{{dir, "show", "own story"}, {"show", "own story", dir}} {
		out, errs, code := lede(t, args...)
		if code != 0 || errs != "" || !strings.Contains(out, "sovereignty") {
			t.Errorf("%v: code %d, stderr %q, out %q", args, code, errs, out)
		}
	}
	for _, args := range [][]string{{dir, "related", "own story"}, {"related", "own story", dir}, {"related", "--all", dir}} {
		out, errs, code := lede(t, args...)
		if code != 0 || errs != "" || !strings.Contains(out, "(no related stories)") {
			t.Errorf("%v: code %d, stderr %q, out %q", args, code, errs, out)
		}
	}
	// search takes every word as its query: sources go before it.
	out, errs, code := lede(t, dir, "search", "sovereignty")
	if code != 0 || errs != "" || !strings.Contains(out, "My Own Story") {
		t.Errorf("search: code %d, stderr %q, out %q", code, errs, out)
	}
	// An argument that is not a command, before one, is a source, not an
	// unknown command.
	_, errs, code = lede(t, filepath.Join(dir, "nope"), "list")
	if code != 1 || !strings.Contains(errs, "nope: no such file or directory") {
		t.Errorf("missing source before the command: %d %q", code, errs)
	}
}

func TestHostileSourceNameIsSanitized(t *testing.T) {
	_, errs, _ := lede(t, "--no-seeds", "--load", "/nonexistent/\x1b]0;pwned\x07x", "list")
	if strings.ContainsAny(errs, "\x1b\x07") {
		t.Errorf("escape in stderr: %q", errs)
	}
}
