package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFrontMatterWins: title, date, source, url and tags from the front
// matter; the text's own heading stays in the body when it differs.
func TestFrontMatterWins(t *testing.T) {
	arts, errs := LoadPath(filepath.Join(sharedDir(t, "bad-inputs"), "markdown-front-matter.md"))
	if len(arts) != 1 || len(errs) != 0 {
		t.Fatalf("%d articles, %q", len(arts), messages(errs))
	}
	a := arts[0]
	checks := []struct{ what, got, want string }{
		{"title", a.Title, "Front Matter: Title Wins"},
		{"source", a.Source, "Example Wire"},
		{"date", a.Published.Format(time.RFC3339), "2025-02-20T00:00:00Z"},
		{"links", strings.Join(a.Links, " "), "https://example.com/story https://example.com"},
		{"body", a.Body, "# A Different H1\n\nBody text about **sovereignty** and a link\\[2\\].\n\nTags: mexico, security\n\nLinks:\n\n- \\[1\\] <https://example.com/story>\n- \\[2\\] <https://example.com>"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
}

func TestMarkdownArticles(t *testing.T) {
	tests := []struct {
		name, text      string
		title, body     string
		date, links     string
		errs            string
		section, source string
		wordsAtLeast    int
	}{
		{
			name:  "h1 is the title",
			text:  "# My Note\n\nSome *text* with <https://example.org/x> and [mail](mailto:me@example.org).\n",
			title: "My Note", body: "Some *text* with example.org\\[1\\] and mail\\[2\\].\n\nLinks:\n\n- \\[1\\] <https://example.org/x>\n- \\[2\\] <mailto:me@example.org>",
			links: "https://example.org/x mailto:me@example.org", errs: "[]", source: "note.md", wordsAtLeast: 5,
		},
		{
			name:  "setext heading",
			text:  "My Note\n=======\n\nBody.",
			title: "My Note", body: "Body.", links: "", errs: "[]", source: "note.md",
		},
		{
			name:  "no heading: the opening sentence",
			text:  "Cartel violence rose sharply. Officials said so.\n",
			title: "Cartel violence rose sharply", body: "Cartel violence rose sharply. Officials said so.", errs: "[]", source: "note.md",
		},
		{
			name:  "dangerous links become text",
			text:  "# T\n\n[click](javascript:alert(1)) <javascript:alert(2)> [f](file:///etc/passwd) ![img](https://example.org/i.png) <script>alert(3)</script>\n",
			title: "T", body: "click javascript:alert(2) f\n\n\\[image: img\\]\\[1\\]\n\nLinks:\n\n- \\[1\\] <https://example.org/i.png>", links: "https://example.org/i.png", errs: "[]", source: "note.md",
		},
		{
			name:  "entities that would decode into controls are defused",
			text:  "# T\n\nA &#27;[2J b &#x9b;31m c &#033;[0m d &eacute; e &amp;#27; f\n",
			title: "T", body: "A &amp;#27;[2J b ›31m c ![0m d é e &amp;#27; f", errs: "[]", source: "note.md",
		},
		{
			name:  "front matter, date and time, author, section, keywords as a string",
			text:  "---\ntitle: Field Notes\ndate: 2024-11-05T08:30:00-06:00\nauthor: Ana\nsection: Travel\ntags: oaxaca, food\n---\n\nWe ate well.",
			title: "Field Notes", body: "By Ana\n\nWe ate well.\n\nTags: oaxaca, food", date: "2024-11-05T08:30:00-06:00",
			errs: "[]", section: "Travel", source: "note.md",
		},
		{
			name:  "front matter with a date nobody can read",
			text:  "---\ntitle: X\ndate: the day after\n---\nBody.",
			title: "X", body: "Body.", errs: `[front matter date "the day after" not understood]`, source: "note.md",
		},
		{
			name:  "front matter with no closing line: one line says so, and what else is wrong",
			text:  "---\ntitle: X\ndate: the day after\n\nBody.",
			title: "X", body: "Body.", errs: `[front matter has no closing '---' line (read up to the first blank line); front matter date "the day after" not understood]`, source: "note.md",
		},
		{
			name:  "front matter that is not YAML",
			text:  "---\n: : :\n  - [\n---\n# Heading\n\nBody.",
			title: "Heading", body: "Body.", errs: "[front matter left out: yaml: did not find expected key]", source: "note.md",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, errs := parseSource(origin{name: "note.md"}, []byte(tt.text))
			if len(arts) != 1 {
				t.Fatalf("%d articles, %q", len(arts), messages(errs))
			}
			a := arts[0]
			date := ""
			if !a.Published.IsZero() {
				date = a.Published.Format(time.RFC3339)
			}
			checks := []struct{ what, got, want string }{
				{"title", a.Title, tt.title}, {"body", a.Body, tt.body}, {"date", date, tt.date},
				{"links", strings.Join(a.Links, " "), tt.links}, {"errors", fmt.Sprint(messages(errs)), tt.errs},
				{"section", a.Section, tt.section}, {"source", a.Source, tt.source},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
				}
			}
			if a.Words < tt.wordsAtLeast {
				t.Errorf("%d words", a.Words)
			}
			checkSafe(t, arts, errs)
		})
	}
}
