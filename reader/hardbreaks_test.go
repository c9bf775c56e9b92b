package reader

import (
	"os"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// A hard line break (a <br> in a feed, two spaces or a backslash at a
// line's end) starts a new line on screen; a soft one is a space, as
// before; tables, lists, quotes and code blocks are laid out as before.
func TestHardLineBreaksKept(t *testing.T) {
	body := "Roses are red,  \nviolets are blue,\\\nsugar is sweet.\n\n" +
		"A paragraph wrapped\nat the source, its lines\n   joined.\n\n" +
		"> A quote wrapped\n> at the source.\n\n" +
		"| a | b |\n| --- | --- |\n| 1 | 2 |\n\n" +
		"- one\n  item\n- two\n\n" +
		"```\nx = 1\ny = 2\n```\n"
	out, err := RenderArticle(&store.Article{ID: "p", Title: "Poem", Body: body}, 70, StyleNoTTY)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{
		"Roses are red,", "violets are blue,", "sugar is sweet.",
		"A paragraph wrapped at the source, its lines joined.",
		"| A quote wrapped at the source.",
		"• one item", "x = 1", "y = 2",
	} {
		if !lines[want] {
			t.Errorf("no line %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "| b") || !strings.Contains(out, "--|--") {
		t.Errorf("the table is not laid out:\n%s", out)
	}
}

// The real case: a post whose code is lines ended by <br> keeps them.
func TestHardLineBreaksInAFeed(t *testing.T) {
	path := "../../shared/corpora/feeds/feedjira__TenderLovemaking.xml"
	if _, err := os.Stat(path); err != nil {
		t.Skip("no shared corpora")
	}
	arts, _ := ingest.LoadPath(path)
	for _, a := range arts {
		if !strings.HasPrefix(a.Title, "Cross Compiling Ruby Gems") {
			continue
		}
		out, err := RenderArticle(&a, 100, StyleNoTTY)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"namespace :build do\n", "puts \"downloading ruby\"\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("the code's line %q is not a line of its own:\n%s", want, out)
			}
		}
		return
	}
	t.Fatal("no article Cross Compiling Ruby Gems")
}
