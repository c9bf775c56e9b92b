package reader

import (
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/store"
)

// TestSourceName: a seed file's number and hash are not shown; other names
// are as they are.
func TestSourceName(t *testing.T) {
	for in, want := range map[string]string{
		"000_3d89b93d965cac9c.txt":           "",
		"seeds/003_9ffa3803375eabb5.txt":     "",
		"bbc_3d89b93d965cac9c.html":          "bbc",
		"2024-report_ab12cd34ef56.md":        "report",
		"council.txt":                        "council.txt",
		"notes/2024-01-15.md":                "notes/2024-01-15.md",
		"deadbeefcafe.txt":                   "deadbeefcafe.txt",
		"TechCrunch":                         "TechCrunch",
		"https://a.example/3d89b93d965cac9c": "https://a.example/3d89b93d965cac9c",
	} {
		if got := sourceName(in); got != want {
			t.Errorf("sourceName(%q) = %q, want %q", in, got, want)
		}
	}
	a := &store.Article{Section: "Mexico", Source: "000_3d89b93d965cac9c.txt", Words: 264}
	if got := Byline(a); got != "Mexico · 264 words" {
		t.Errorf("byline %q", got)
	}
}

// TestAfterTitle: a title made of the opening sentence is not read twice.
func TestAfterTitle(t *testing.T) {
	for _, c := range []struct{ title, body, want string }{
		// Seed 003: the title is the sentence cut; the body goes on from the cut.
		{"Former U.S. President Donald Trump has reignited tensions between the United States and…",
			"Former U.S. President Donald Trump has reignited tensions between the United States and Mexico by designating six cartels. More.",
			"…Mexico by designating six cartels. More."},
		// The whole sentence is the title: the body goes on from the next.
		{"Rain came at last", "Rain came at last. Farmers \\*cheered\\*.\n\nMore.", "Farmers \\*cheered\\*.\n\nMore."},
		{"Costs rose 5% in 2024", "Costs rose 5% in 2024\\. Then fell.", "Then fell."},
		// Anything else is as it was.
		{"Rain came at last", "Rain came at last, said the farmers.", "Rain came at last, said the farmers."},
		{"Rain came at last", "Rain came at last.", "Rain came at last."},
		{"A different headline", "Rain came at last. More.", "Rain came at last. More."},
		{"Rain came…", "Rain came\n\nat last.", "Rain came\n\nat last."},
	} {
		if got := afterTitle(c.title, c.body); got != c.want {
			t.Errorf("afterTitle(%q, %q) = %q, want %q", c.title, c.body, got, c.want)
		}
	}
}

// TestArticleNotReadTwice: the rendered article goes on from its title.
func TestArticleNotReadTwice(t *testing.T) {
	a := &store.Article{ID: "x", Title: "Rain came at last", Body: "Rain came at last. Farmers cheered."}
	out, err := RenderArticle(a, 60, StyleNoTTY)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "Rain came at last") != 1 || !strings.Contains(out, "Farmers cheered.") {
		t.Errorf("rendered:\n%s", out)
	}
}

// A headline-only item (no body) says nothing of its size: "0 words" is
// noise on every row of a feed of headlines.
func TestBylineOfAHeadline(t *testing.T) {
	a := &store.Article{Title: "Fed official says weak data caused by weather", Source: "Los Angeles Times", Published: time.Date(2014, 3, 10, 16, 52, 0, 0, time.UTC)}
	for _, full := range []bool{true, false} {
		if got := byline(a, full); strings.Contains(got, "word") || !strings.Contains(got, "2014-03-10") {
			t.Errorf("byline(full=%v) = %q", full, got)
		}
	}
	a.Words = 12
	if got := Byline(a); !strings.Contains(got, "12 words") {
		t.Errorf("Byline = %q", got)
	}
}

// A feed's own item is named in the rows and the byline by the name its
// reader gave the feed (store.Article.Shown), an aggregator's by its
// outlet. The article's own page says too who publishes a feed renamed
// (the feed's own title), and only there: not for a feed named by its
// title, numbered or not.
func TestRowsNameTheFeedAsGiven(t *testing.T) {
	own := &store.Article{Title: "Sentry Calming Collar", Section: "Dogs", Source: "Pet Secret Shopper", Feed: "Pets", FeedsOwn: true, Body: "A collar."}
	outlet := &store.Article{Title: "Digest", Source: "Alpha Post", Feed: "Digest", Body: "A digest."}
	numbered := &store.Article{Title: "Leash laws", Source: "Pet Secret Shopper", Feed: "Pet Secret Shopper (2)", FeedsOwn: true, Body: "Laws."}
	for _, c := range []struct {
		a       *store.Article
		want    string
		article string
	}{{own, "Pets", "Pets (Pet Secret Shopper)"}, {outlet, "Alpha Post", "Alpha Post"}, {numbered, "Pet Secret Shopper (2)", "Pet Secret Shopper (2)"}} {
		if src, _ := columns(c.a); src != c.want {
			t.Errorf("the dense row of %q names %q, want %q", c.a.Title, src, c.want)
		}
		for _, full := range []bool{true, false} {
			if got := byline(c.a, full); !strings.Contains(got, c.want) || strings.Contains(got, c.want+" (") {
				t.Errorf("byline(full=%v) of %q = %q, want %q in it, alone", full, c.a.Title, got, c.want)
			}
		}
		out, err := RenderArticle(c.a, 100, StyleNoTTY)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, c.article) || strings.Contains(out, c.article+" (") {
			t.Errorf("the article's page of %q says:\n%s\nwant %q in it", c.a.Title, out, c.article)
		}
	}
}
