package safe

import (
	"fmt"
	"strings"
	"testing"
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

func depthOf(md string) int {
	doc, _ := Parse(md)
	return Depth(doc)
}

func TestFlatten(t *testing.T) {
	deepList := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat(" ", 2*i) + "- level " + fmt.Sprint(i) + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name, md string
		keep     []string // text that must survive the flattening
	}{
		{"quotes and lists 200 deep", nested(200, 90), []string{"quote level 0", "quote level 89", "item 0", "item 7", "item 8", "item 89"}},
		{"a list 1,000 deep", deepList(1000), []string{"level 0", "level 500", "level 999"}},
		{"3,000 nested quotes", func() string {
			var b strings.Builder
			for i := range 3000 {
				b.WriteString(strings.Repeat(">", i) + " q" + fmt.Sprint(i) + "\n")
			}
			return b.String()
		}(), []string{"q0", "q1500", "q2999"}},
		{"one line of lists", strings.Repeat("- ", 300) + "deep\n", []string{"deep"}},
		{"one line of numbered lists", strings.Repeat("1. ", 300) + "deep\n", []string{"deep"}},
		{"tabs for indentation", func() string {
			var b strings.Builder
			for i := range 40 {
				b.WriteString(strings.Repeat("\t", i) + "* t" + fmt.Sprint(i) + "\n")
			}
			return b.String()
		}(), []string{"t0", "t39"}},
		{"quotes in lists in quotes", strings.Repeat("> - ", 150) + "deep\n\n> after\n", []string{"deep", "after"}},
		{"lists in quotes", strings.Repeat(">", 50) + " text\n" + strings.Repeat(">", 50) + " - a\n" + strings.Repeat(">", 50) + "   - b\n", []string{"text", "a", "b"}},
		{"code deep down", strings.Repeat("> ", 20) + "```go\n" + strings.Repeat("> ", 20) + "  if x {\n" + strings.Repeat("> ", 20) + "```\n", []string{"```go", "  if x {"}},
		{"references", strings.Repeat("> ", 20) + "see [the report][r]\n\n[r]: https://example.com/r \"Title\"\n", []string{"[the report][r]", "[r]: <https://example.com/r>"}},
		{"definition lists", strings.Repeat("> ", 10) + "Term\n" + strings.Repeat("> ", 10) + ": def\n", []string{"Term", "def"}},
		{"tables and headings", strings.Repeat("> ", 12) + "# Head\n\n" + strings.Repeat("> ", 12) + "| a | b |\n" + strings.Repeat("> ", 12) + "|---|---|\n" + strings.Repeat("> ", 12) + "| c | d |\n", []string{"# Head", "| c | d |"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Flatten(tt.md)
			if d := depthOf(out); d > MaxNesting {
				t.Fatalf("still %d deep:\n%s", d, out)
			}
			for _, k := range tt.keep {
				if !strings.Contains(out, k) {
					t.Errorf("lost %q:\n%s", k, out[:min(len(out), 2000)])
				}
			}
		})
	}
	// The deepest allowed is left as it is, list items at the bottom level
	// stay list items.
	md := nested(MaxNesting, 40)
	if out := Flatten(md); out != md {
		t.Errorf("%d deep was rewritten", MaxNesting)
	}
	out := Flatten(nested(200, 40))
	if !strings.Contains(out, strings.Repeat(" ", 2*(MaxNesting-1))+"- item 30\n") {
		t.Errorf("items below the last level are not its siblings:\n%s", out)
	}
}

// The line scan is a true bound: whatever a document holds, no line opens
// more levels than maxLineDepth says, so Markdown it passes as shallow is
// shallow; and once capPrefixes has cut the lines, the depth goldmark sees
// is at most the cap.
func TestLineDepthBounds(t *testing.T) {
	for _, md := range []string{
		nested(20, 30), "- - - - - - - - - - - x", strings.Repeat("> - ", 40) + "x",
		"1. a\n   1. b\n      1. c\n         1. d\n", "\t- a\n\t\t- b\n\t\t\t- c\n",
		"Term\n: def\n  : inner\n", strings.Repeat("    ", 30) + "- x",
		"-\n  -\n    -\n      -\n        -\n          -\n            -\n              -\n                >-\n            \f\n                - i",
	} {
		if d, est := depthOf(md), maxLineDepth(md); d > est {
			t.Errorf("depth %d, line scan said %d:\n%s", d, est, md)
		}
		capped := capPrefixes(md, 4)
		if d := depthOf(capped); d > 4 {
			t.Errorf("capped to 4, still %d deep:\n%s", d, capped)
		}
	}
}

// What makes goldmark's work superlinear is taken apart before it parses:
// a paragraph of reference definitions becomes one paragraph each (the
// references still resolve), a paragraph with thousands of backtick runs
// loses its code spans; ordinary code spans stay.
func TestBoundWork(t *testing.T) {
	var refs strings.Builder
	refs.WriteString("See [r1] and [r2999].\n\n")
	for i := range 3000 {
		fmt.Fprintf(&refs, "[r%d]: https://x.y/%d\n", i, i)
	}
	out := boundWork(refs.String())
	if strings.Contains(out, "/0\n[r1]") || !strings.Contains(out, "/0\n\n[r1]:") {
		t.Errorf("definitions still one paragraph:\n%s", out[:300])
	}
	if _, defs := Parse(out); len(defs) != 3000 {
		t.Errorf("%d definitions", len(defs))
	}
	quoted := "> [a]: https://a.b\n> [b]: https://c.d\n"
	if got := boundWork(quoted); got != "> [a]: https://a.b\n>\n> [b]: https://c.d\n" {
		t.Errorf("quoted definitions: %q", got)
	}
	var ticks strings.Builder
	for i := 1; i <= 3000; i++ {
		ticks.WriteString(strings.Repeat("`", i) + " ")
	}
	if out := boundWork(ticks.String()); strings.Count(out, "\u02cb") != strings.Count(ticks.String(), "`") || strings.Contains(out, "`") {
		t.Error("backtick runs not taken apart")
	}
	plain := "Use `go test` and ``a ` b`` here.\n\n```\ncode ``` ``\n```\n" + strings.Repeat("`x` ", 100)
	if out := boundWork(plain); out != plain {
		t.Errorf("ordinary code spans changed:\n%s", out)
	}
}

// FuzzFlatten: whatever the input, the bound holds: no panic, never deeper
// than MaxNesting as glamour parses it. Crashers are kept under
// testdata/fuzz/FuzzFlatten (among them the 9-deep one issue 9 names).
func FuzzFlatten(f *testing.F) {
	for _, s := range []string{
		nested(20, 30), "- - - - - - - - - - - x", "> - > - > - > - > - > - > - > - > - > - x",
		"1. a\n   1. b\n      1. c\n", "> ```\n> code\n> ```\n", "[a]: <b>\n\n" + strings.Repeat(">", 12) + " [a]",
		"Term\n: def\n\n" + strings.Repeat("> ", 10) + "Term\n" + strings.Repeat("> ", 10) + ": def", "| a |\n|---|\n| b |",
		strings.Repeat("    ", 30) + "- x", "<div>\n" + strings.Repeat("> ", 10) + "<p>x</p>\n</div>",
		"-\n  -\n    -\n      -\n        -\n          -\n            -\n              -\n                >-\n            \f\n                - i",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		out := Flatten(md)
		if d := depthOf(out); d > MaxNesting {
			t.Fatalf("depth %d:\n%q\n->\n%q", d, md, out)
		}
	})
}
