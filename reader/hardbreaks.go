package reader

import (
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/lede-reader/lede/store/safe"
)

// joinSoftBreaks joins the lines of every paragraph that a soft line
// break ends, and keeps those a hard one ends (two spaces or a backslash
// at the end: a <br> in a feed's HTML), so that the renderer, told to keep
// a paragraph's line breaks, keeps only the hard ones. glamour otherwise
// turns every line break of a paragraph into a space (glamour#84): a poem
// or a block of code sent as lines with <br> read as one line. Tables,
// code blocks and headings are left as they are.
func joinSoftBreaks(md string) string {
	if !strings.Contains(md, "\n") {
		return md
	}
	doc, _ := safe.Parse(md)
	src := []byte(md)
	type cut struct{ from, to int } // md[from:to] becomes one space
	var cuts []cut
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
		default:
			return ast.WalkContinue, nil
		}
		lines := n.Lines()
		for i := 0; i+1 < lines.Len(); i++ {
			line, next := lines.At(i), lines.At(i+1)
			end := line.Stop
			for end > line.Start && (src[end-1] == '\n' || src[end-1] == '\r') {
				end--
			}
			text := src[line.Start:end]
			if hardBreak(text) || next.Start < end {
				continue
			}
			trimmed := end
			for trimmed > line.Start && src[trimmed-1] == ' ' {
				trimmed--
			}
			to := next.Start
			for to < next.Stop && (src[to] == ' ' || src[to] == '\t') {
				to++
			}
			cuts = append(cuts, cut{trimmed, to})
		}
		return ast.WalkSkipChildren, nil
	})
	if len(cuts) == 0 {
		return md
	}
	var b strings.Builder
	b.Grow(len(md))
	last := 0
	for _, c := range cuts {
		if c.from < last {
			continue
		}
		b.WriteString(md[last:c.from])
		b.WriteByte(' ')
		last = c.to
	}
	b.WriteString(md[last:])
	return b.String()
}

// hardBreak reports whether a paragraph's line ends in a hard line
// break: two spaces or more, or a backslash.
func hardBreak(line []byte) bool {
	n := len(line)
	return n >= 2 && line[n-1] == ' ' && line[n-2] == ' ' || n >= 1 && line[n-1] == '\\'
}
