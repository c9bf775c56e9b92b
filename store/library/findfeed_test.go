package library

import (
	"strings"
	"testing"
)

// Feeds a piece of a name matches several of are listed one a line, with
// their addresses: names that hold commas stay apart, and a control in
// one never reaches the terminal.
func TestFindFeedListsOneALine(t *testing.T) {
	feeds := []Feed{
		{Name: "Bell Name", URL: "https://a.example/bell.xml"},
		{Name: "CRE: Technik, Kultur, Gesellschaft", URL: "https://cre.example/feed"},
		{Name: "Tech\x1b[2J Crunch", URL: "https://tc.example/feed"},
		{Name: "Moon", URL: "https://m.example/feed"},
	}
	_, err := FindFeed(feeds, "e")
	if err == nil {
		t.Fatal("an ambiguous piece found a feed")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "3 feeds") {
		t.Fatalf("not one feed a line:\n%s", err)
	}
	for k, want := range []string{"Bell Name  https://a.example/bell.xml", "CRE: Technik, Kultur, Gesellschaft  https://cre.example/feed", "https://tc.example/feed"} {
		if strings.TrimSpace(lines[k+1]) == "" || !strings.Contains(lines[k+1], want) {
			t.Errorf("line %d = %q, want %q in it", k+1, lines[k+1], want)
		}
	}
	if strings.Contains(err.Error(), "\x1b") {
		t.Errorf("a control reached the message: %q", err)
	}
	if f, err := FindFeed(feeds, "moo"); err != nil || f.Name != "Moon" {
		t.Errorf("one match: %v %v", f, err)
	}
}
