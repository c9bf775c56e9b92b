package reader

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// nested is Markdown with quotes and then lists nested depth deep, n
// paragraphs or items in all, as ../shared/bad-inputs/deep-nesting.md.
func nested(depth, n int) string {
	var b strings.Builder
	b.WriteString("# Nested\n\n")
	for l := range n {
		d := min(l, depth-1) + 1
		q := strings.Repeat("> ", d)
		fmt.Fprintf(&b, "%s quote level %d\n%s\n", q, l, q)
	}
	b.WriteString("\n")
	for l := range n {
		fmt.Fprintf(&b, "%s- item %d\n", strings.Repeat("  ", min(l, depth-1)), l)
	}
	return b.String()
}

// depthAndCost is how deep md nests and what it costs, as glamour will
// parse it.
func depthAndCost(md string) (int, int) {
	doc, _ := safe.Parse(md)
	m := meter{budget: 1 << 40, src: []byte(md), cut: -1}
	m.walk(doc, 0)
	return m.deepest, 1<<40 - m.budget
}

func TestBoundMarkdownNesting(t *testing.T) {
	tests := []struct {
		name, md string
		keep     []string // text that must survive the flattening
	}{
		{"quotes and lists 200 deep", nested(200, 90), []string{"quote level 0", "quote level 89", "item 0", "item 7", "item 8", "item 89"}},
		{"one line of lists", strings.Repeat("- ", 300) + "deep\n", []string{"deep"}},
		{"one line of numbered lists", strings.Repeat("1. ", 300) + "deep\n", []string{"deep"}},
		{"quotes in lists in quotes", strings.Repeat("> - ", 150) + "deep\n\n> after\n", []string{"deep", "after"}},
		{"lists in quotes", strings.Repeat(">", 50) + " text\n" + strings.Repeat(">", 50) + " - a\n" + strings.Repeat(">", 50) + "   - b\n", []string{"text", "a", "b"}},
		{"code deep down", strings.Repeat("> ", 20) + "```go\n" + strings.Repeat("> ", 20) + "  if x {\n" + strings.Repeat("> ", 20) + "```\n", []string{"```go", "  if x {"}},
		{"references", strings.Repeat("> ", 20) + "see [the report][r]\n\n[r]: https://example.com/r \"Title\"\n", []string{"[the report][r]", "[r]: <https://example.com/r>"}},
		{"tables and headings", strings.Repeat("> ", 12) + "# Head\n\n" + strings.Repeat("> ", 12) + "| a | b |\n" + strings.Repeat("> ", 12) + "|---|---|\n" + strings.Repeat("> ", 12) + "| c | d |\n", []string{"# Head", "| c | d |"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, dropped := boundMarkdown(tt.md)
			if dropped != 0 {
				t.Errorf("dropped %d bytes", dropped)
			}
			if d, _ := depthAndCost(out); d > safe.MaxNesting {
				t.Fatalf("still %d deep:\n%s", d, out)
			}
			for _, k := range tt.keep {
				if !strings.Contains(out, k) {
					t.Errorf("lost %q:\n%s", k, out)
				}
			}
		})
	}
	// The deepest allowed is left as it is, list items at the bottom level
	// stay list items.
	md := nested(safe.MaxNesting, 40)
	if out, _ := boundMarkdown(md); out != md {
		t.Errorf("%d deep was rewritten", safe.MaxNesting)
	}
	out, _ := boundMarkdown(nested(200, 40))
	if !strings.Contains(out, strings.Repeat(" ", 2*(safe.MaxNesting-1))+"- item 30\n") {
		t.Errorf("items below the last level are not its siblings:\n%s", out)
	}
}

// Ordinary articles reach glamour exactly as written.
func TestBoundMarkdownLeavesArticlesAlone(t *testing.T) {
	for _, a := range seedSource(t).List() {
		if out, dropped := boundMarkdown(a.Body); out != a.Body || dropped != 0 {
			t.Errorf("%s changed", a.ID)
		}
	}
	for _, a := range tricky() {
		if out, _ := boundMarkdown(a.Body); out != a.Body {
			t.Errorf("%s changed: %q", a.ID, out)
		}
	}
}

func TestBoundMarkdownSize(t *testing.T) {
	// A 1 MB word is cut; the text around it stays.
	huge := "Before " + strings.Repeat("x", 1<<20) + " after.\n"
	out, dropped := boundMarkdown(huge)
	if dropped != 0 || len(out) > maxWordBytes+100 || !strings.HasPrefix(out, "Before xxx") || !strings.HasSuffix(out, "x… after.\n") {
		t.Errorf("huge word: %d bytes, dropped %d, ends %q", len(out), dropped, out[max(len(out)-20, 0):])
	}
	// Scripts without spaces are not words: a long run of CJK stays whole.
	cjk := strings.Repeat("東京都の会議が開かれた。", 200)
	if out, _ := boundMarkdown(cjk); out != cjk {
		t.Error("CJK text was cut as if it were one word")
	}
	// Many words: cut at a paragraph break, and how much was left out.
	long := strings.Repeat(strings.Repeat("A paragraph of a very long article, of ordinary words and length. ", 8)+"\n\n", 3000)
	out, dropped = boundMarkdown(long)
	if len(out) > maxRenderBytes || dropped == 0 || len(out)+dropped != len(long) || !strings.HasSuffix(out, "length. \n") {
		t.Errorf("long: %d bytes kept, %d dropped of %d", len(out), dropped, len(long))
	}
	// Many blocks: cut when the work would take too long.
	for _, md := range []string{strings.Repeat("- a\n", 20000), strings.Repeat("a\n\n", 20000), nested(200, 2000)} {
		out, dropped = boundMarkdown(md)
		if _, cost := depthAndCost(out); cost > maxRenderCost || dropped == 0 {
			t.Errorf("%q…: cost %d after the cut, %d dropped", md[:20], cost, dropped)
		}
	}
	a := &store.Article{ID: "l", Title: "Long", Body: strings.Repeat("- a\n", 20000)}
	if md := articleMarkdown(a, true); !strings.HasSuffix(md, "\n*(72 KB more of this article not shown: too long to lay out here.)*\n") {
		t.Errorf("no word of the cut:\n%s", md[max(len(md)-300, 0):])
	}
}

func TestCapWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"short words only", "short words only"},
		{strings.Repeat("y", maxWordBytes), strings.Repeat("y", maxWordBytes)},
		{strings.Repeat("y", maxWordBytes+1) + " z", strings.Repeat("y", maxWordBytes) + "… z"},
		{"a " + strings.Repeat("é", maxWordBytes) + "\nb", "a " + strings.Repeat("é", maxWordBytes/2) + "…\nb"},
		{strings.Repeat("w", 3*maxWordBytes) + " " + strings.Repeat("v", 3*maxWordBytes), strings.Repeat("w", maxWordBytes) + "… " + strings.Repeat("v", maxWordBytes) + "…"},
	}
	for _, tt := range tests {
		got := capWords(tt.in)
		if got != tt.want {
			t.Errorf("capWords(%d bytes) = %d bytes %q…", len(tt.in), len(got), got[max(len(got)-10, 0):])
		}
		if !utf8.ValidString(got) {
			t.Errorf("invalid UTF-8")
		}
	}
}

// The hostile files render in bounded time: nesting flattened, the huge
// word cut.
func TestBadInputsRenderBounded(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "bad-inputs")
	for _, name := range []string{"deep-nesting.md", "huge-line.txt"} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("no %s: %v", name, err)
		}
		md, _ := boundMarkdown(string(raw))
		if d, cost := depthAndCost(md); d > safe.MaxNesting || cost > maxRenderCost || len(md) > maxRenderBytes {
			t.Errorf("%s: depth %d, cost %d, %d bytes", name, d, cost, len(md))
		}
	}
}

// BenchmarkRenderNesting shows the cost of nesting is bounded: 200 levels
// cost what 8 do. The same 200 quotes and 200 list items, nested 8 and 200
// deep, and a 1 MB word.
func BenchmarkRenderNesting(b *testing.B) {
	huge, err := os.ReadFile(filepath.Join("..", "..", "shared", "bad-inputs", "huge-line.txt"))
	if err != nil {
		huge = []byte(strings.Repeat("x", 1_000_000))
	}
	for _, c := range []struct{ name, body string }{
		{"depth=8", nested(8, 200)},
		{"depth=200", nested(200, 200)},
		{"word=1MB", string(huge)},
	} {
		a := &store.Article{ID: "n", Title: "Nested", Body: c.body}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := RenderArticle(a, 80, StyleDark); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzBoundMarkdown: whatever the input, the bound holds: no panic, never
// deeper than safe.MaxNesting, the work within reach of the budget.
func FuzzBoundMarkdown(f *testing.F) {
	for _, s := range []string{
		nested(20, 30), "- - - - - - - - - - - x", "> - > - > - > - > - > - > - > - > - > - x",
		"1. a\n   1. b\n      1. c\n", "> ```\n> code\n> ```\n", "[a]: <b>\n\n" + strings.Repeat(">", 12) + " [a]",
		"Term\n: def\n\n" + strings.Repeat("> ", 10) + "Term\n" + strings.Repeat("> ", 10) + ": def", "| a |\n|---|\n| b |",
		strings.Repeat("    ", 30) + "- x", "<div>\n" + strings.Repeat("> ", 10) + "<p>x</p>\n</div>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		out, _ := boundMarkdown(md)
		if d, cost := depthAndCost(out); d > safe.MaxNesting || cost > 2*maxRenderCost {
			t.Fatalf("depth %d, cost %d:\n%q\n->\n%q", d, cost, md, out)
		}
	})
}
