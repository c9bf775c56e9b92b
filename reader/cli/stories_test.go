package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/store"
)

func TestListStories(t *testing.T) {
	js, errs, code := lede(t, "list", "--stories", "--json")
	if code != 0 || errs != "" {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	var stories []map[string]any
	if err := json.Unmarshal([]byte(js), &stories); err != nil {
		t.Fatal(err)
	}
	if len(stories) != 8 { // nine articles, two of them one story
		t.Fatalf("%d stories, want 8", len(stories))
	}
	for _, s := range stories {
		if got := keys(s); got != "sources,story,title,versions" {
			t.Fatalf("story fields %s", got)
		}
	}
	beauty := stories[1]
	if vs := beauty["versions"].([]any); len(vs) != 2 || beauty["story"] != "beauty-influencer-shot-dead-during-6f0666" || vs[0] != beauty["story"] {
		t.Errorf("the influencer story: %v", beauty)
	}
	out, _, _ := lede(t, "list", "--stories")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 8 || !strings.Contains(lines[1], "2 versions · 1 source") {
		t.Errorf("list --stories:\n%s", out)
	}
	if out, _, _ := lede(t, "list"); strings.Count(out, "\n") != 9 {
		t.Errorf("plain list is no longer one row per article:\n%s", out)
	}
}

func TestCompare(t *testing.T) {
	js, errs, code := lede(t, "compare", "Valeria Márquez Killed", "--json")
	if code != 0 || errs != "" {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	var c struct {
		Story    string `json:"story"`
		Versions []struct {
			ID, Title, Source string
		} `json:"versions"`
		Disagreements []struct {
			Kind   string   `json:"kind"`
			Values []string `json:"values"`
		} `json:"disagreements"`
	}
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		t.Fatal(err)
	}
	if c.Story != "beauty-influencer-shot-dead-during-6f0666" || len(c.Versions) != 2 {
		t.Errorf("story %q, %d versions", c.Story, len(c.Versions))
	}
	if len(c.Disagreements) == 0 || c.Disagreements[0].Kind != "date" || strings.Join(c.Disagreements[0].Values, "/") != "May 13, 2025/May 14" {
		t.Errorf("disagreements %+v, want the date May 13 / May 14", c.Disagreements)
	}
	out, _, code := lede(t, "compare", "Beauty Influencer", "--width", "60")
	if code != 0 || !strings.Contains(out, "date    May 13, 2025 / May 14") || !strings.Contains(out, "[2] ") || !strings.Contains(out, "{") {
		t.Errorf("compare:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if len([]rune(l)) > 60 {
			t.Errorf("line wider than 60: %q", l)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("escape sequences in plain output")
	}
	if _, _, code := lede(t, "compare", "no such story"); code != 2 {
		t.Errorf("unknown ref: exit %d", code)
	}
	if out, _, _ := lede(t, "compare", "Seven Youths"); !strings.Contains(out, "nothing to compare") {
		t.Errorf("a lone article:\n%s", out)
	}
}

// A version's line of compare ends at a separator, never with one (it
// said "TechCrunch · 2 Nov 2011 17:25 ·", the ID on the next line), and
// gives its day as lede list and the reader do: 2011-11-02 17:25.
func TestCompareLinesEndAtASeparator(t *testing.T) {
	c := store.Comparison{Story: "angie-s-list", Total: 1, Versions: []store.VersionInfo{{
		ID: "angie-s-list-sets-price-range-ipo-at-11-1f5300", Title: "Angie’s List Sets Price Range IPO",
		Source: "TechCrunch", Published: time.Date(2011, 11, 2, 17, 25, 0, 0, time.Local),
	}}}
	for _, w := range []int{60, 80, 120} {
		var b strings.Builder
		printComparison(&b, c, w, false)
		out := b.String()
		if !strings.Contains(out, "TechCrunch · 2011-11-02 17:25") {
			t.Errorf("%d columns: no day as lede list gives it:\n%s", w, out)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.HasSuffix(strings.TrimSpace(l), "·") || strings.HasPrefix(strings.TrimSpace(l), "·") || len([]rune(l)) > w {
				t.Errorf("%d columns: %q", w, l)
			}
		}
	}
}
