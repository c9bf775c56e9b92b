package safe

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxNesting is how many quotes and lists may sit inside one another in a
// body; deeper ones are flattened into the deepest allowed. A renderer's
// cost grows with depth: glamour re-wraps the whole output of every quote
// and list once per level it is nested in (200 nested levels took half a
// second for 8 KB, minutes styled), and goldmark itself takes seconds to
// parse a thousand levels. No article needs more than a few.
const MaxNesting = 8

// preCap is the most levels a line may open before any Markdown parser
// sees it (see capPrefixes): far more than any article, few enough that
// goldmark's work stays linear.
const preCap = 4 * MaxNesting

// Flatten returns md with quotes, lists and definition lists nested at most
// MaxNesting deep, as goldmark and glamour will parse it, doing work linear
// in the size of md. Markdown that cannot nest that deep (nearly all of
// it, told by a scan of its lines) comes back unchanged, unparsed.
// Otherwise every line's container prefix is first cut to a bound
// (capPrefixes), then the document is parsed and written back with the
// containers past MaxNesting flattened into the deepest allowed (list
// items hoisted, quotes merged); should that still nest too deep, its
// lines become plain paragraphs.
func Flatten(md string) string {
	md = boundWork(md)
	if maxLineDepth(md) <= MaxNesting {
		return md
	}
	md = capPrefixes(md, preCap)
	for range 3 {
		doc, refs := Parse(md)
		if Depth(doc) <= MaxNesting {
			return md
		}
		md = rewrite(md, doc, refs)
	}
	if doc, _ := Parse(md); Depth(doc) <= MaxNesting {
		return md
	}
	return paragraphs(md)
}

// Parse parses md as glamour will (GFM and definition lists), and returns
// its link reference definitions written out again: they are not in the
// tree, and a rewrite without them would show reference links as
// bracketed text.
func Parse(md string) (ast.Node, []string) {
	pc := parser.NewContext()
	p := mdParsers.Get().(parser.Parser)
	doc := p.Parse(text.NewReader([]byte(md)), parser.WithContext(pc))
	mdParsers.Put(p)
	var refs []string
	for _, r := range pc.References() {
		ref := fmt.Sprintf("[%s]: <%s>", r.Label(), r.Destination())
		if t := r.Title(); len(t) > 0 {
			ref += " (" + strings.NewReplacer("(", `\(`, ")", `\)`).Replace(string(t)) + ")"
		}
		refs = append(refs, ref)
	}
	return doc, refs
}

// mdParsers parse Markdown as glamour does (GFM and definition lists).
var mdParsers = sync.Pool{New: func() any {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser()
}}

// IsContainer reports whether glamour renders n as a block of its own that
// re-wraps everything inside it: what nesting counts.
func IsContainer(n ast.Node) bool {
	switch n.(type) {
	case *ast.Blockquote, *ast.List, *east.DefinitionList:
		return true
	}
	return false
}

// Depth is how many containers sit inside one another in doc, at most.
func Depth(doc ast.Node) int {
	deepest := 0
	var visit func(n ast.Node, depth int)
	visit = func(n ast.Node, depth int) {
		if n.Type() == ast.TypeInline {
			return
		}
		if IsContainer(n) {
			depth++
			deepest = max(deepest, depth)
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			visit(c, depth)
		}
	}
	visit(doc, 0)
	return deepest
}

// rewrite writes doc (parsed from md) back with no more than MaxNesting
// containers inside one another.
func rewrite(md string, doc ast.Node, refs []string) string {
	w := mdWriter{src: []byte(md)}
	lines := w.children(doc, 0, false)
	for _, r := range refs {
		lines = joinBlocks(lines, []string{r}, false)
	}
	return strings.Join(lines, "\n") + "\n"
}

// paragraphs is the last resort: every line of md a paragraph of its own,
// its container markers gone and its text escaped where it would start a
// block.
func paragraphs(md string) string {
	var paras []string
	for l := range strings.SplitSeq(md, "\n") {
		l = strings.TrimLeft(l, " \t>")
		if l = strings.TrimSpace(l); l != "" {
			if strings.ContainsRune("-+*:#=|`~", rune(l[0])) {
				l = `\` + l
			}
			paras = append(paras, l)
		}
	}
	return strings.Join(paras, "\n\n") + "\n"
}

// mdWriter writes a parsed document back as Markdown with no more than
// MaxNesting containers inside one another. It is used only for documents
// nested deeper than that, so it favours simplicity over fidelity: the
// text of every leaf block is copied as written (inline markup and all),
// the containers around it are rebuilt.
type mdWriter struct{ src []byte }

// block writes n, a block at nesting depth depth, as lines.
func (w *mdWriter) block(n ast.Node, depth int) []string {
	switch n := n.(type) {
	case *ast.Blockquote:
		inner := w.children(n, min(depth+1, MaxNesting), false)
		if depth >= MaxNesting {
			return inner // flattened into the container around it
		}
		for i, l := range inner {
			if l == "" {
				inner[i] = ">"
			} else {
				inner[i] = "> " + l
			}
		}
		return inner
	case *ast.List:
		return w.list(n, depth)
	case *east.DefinitionList:
		// Terms and descriptions as plain paragraphs: a definition list is
		// only rewritten in an over-deep document.
		return w.children(n, depth, false)
	case *east.DefinitionTerm:
		return w.leaf(n)
	case *east.DefinitionDescription:
		return w.children(n, depth, n.IsTight)
	case *ast.Heading:
		lines := w.leaf(n)
		for i := range lines {
			lines[i] = strings.TrimSpace(lines[i])
		}
		return []string{strings.Repeat("#", n.Level) + " " + strings.Join(lines, " ")}
	case *ast.ThematicBreak:
		return []string{"***"}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return w.code(n)
	case *ast.HTMLBlock:
		lines := w.raw(n)
		if n.HasClosure() {
			lines = append(lines, strings.TrimRight(string(n.ClosureLine.Value(w.src)), "\r\n"))
		}
		return lines
	case *east.Table:
		return w.table(n)
	}
	if n.Lines() != nil && n.Lines().Len() > 0 {
		return w.leaf(n) // paragraphs and text blocks
	}
	return w.children(n, depth, false)
}

// children writes the blocks in n, at depth.
func (w *mdWriter) children(n ast.Node, depth int, tight bool) []string {
	var lines []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		lines = joinBlocks(lines, w.block(c, depth), tight)
	}
	return lines
}

// joinBlocks appends block b to lines, after a blank line unless tight.
func joinBlocks(lines, b []string, tight bool) []string {
	if len(b) == 0 {
		return lines
	}
	if len(lines) > 0 && !tight {
		lines = append(lines, "")
	}
	return append(lines, b...)
}

// leaf is the text of a leaf block, line by line, as written. Lines after
// the first are indented four columns: a paragraph's continuation may hold
// what would start a block of its own on a line of its own (`>`, `-`),
// and an indented line never does.
func (w *mdWriter) leaf(n ast.Node) []string {
	segs := n.Lines()
	lines := make([]string, 0, segs.Len())
	for i := range segs.Len() {
		s := segs.At(i)
		l := strings.TrimLeft(strings.TrimRight(string(s.Value(w.src)), "\r\n"), " ")
		if i > 0 && l != "" {
			l = "    " + l
		}
		if i == 0 && strings.HasPrefix(l, ":") {
			// Flattened next to a paragraph, a paragraph that opens with a
			// colon would become a definition, one level deeper.
			l = `\` + l
		}
		lines = append(lines, l)
	}
	return lines
}

// raw is the text of a block with its indentation kept.
func (w *mdWriter) raw(n ast.Node) []string {
	segs := n.Lines()
	lines := make([]string, 0, segs.Len())
	for i := range segs.Len() {
		s := segs.At(i)
		l := strings.TrimRight(string(s.Value(w.src)), "\r\n")
		if s.Padding > 0 {
			l = strings.Repeat(" ", s.Padding) + l
		}
		lines = append(lines, l)
	}
	return lines
}

// code writes a code block fenced (an indented one would change meaning
// inside a rebuilt list), with a fence longer than any in it.
func (w *mdWriter) code(n ast.Node) []string {
	body := w.raw(n)
	fence := 3
	for _, l := range body {
		t := strings.TrimLeft(l, " ")
		run := len(t) - len(strings.TrimLeft(t, "`"))
		fence = max(fence, run+1)
	}
	open := strings.Repeat("`", fence)
	if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
		open += strings.ReplaceAll(string(f.Info.Segment.Value(w.src)), "`", "")
	}
	return append(append([]string{open}, body...), strings.Repeat("`", fence))
}

func (w *mdWriter) table(n *east.Table) []string {
	var lines []string
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, strings.Join(w.leaf(c), " "))
		}
		lines = append(lines, "| "+strings.Join(cells, " | ")+" |")
		if _, ok := row.(*east.TableHeader); ok {
			lines = append(lines, "|"+strings.Repeat(" --- |", len(cells)))
		}
	}
	return lines
}

// list writes l at depth. The last list level allowed takes the items of
// every list nested in it as items of its own, in order; a list deeper
// still (inside a flattened quote) becomes paragraphs that start with its
// markers as text.
func (w *mdWriter) list(l *ast.List, depth int) []string {
	level := depth + 1
	var items [][]string
	w.items(l, min(level, MaxNesting), level >= MaxNesting, &items)
	var lines []string
	for i, body := range items {
		marker := string(l.Marker)
		if l.IsOrdered() {
			start := l.Start
			if start+len(items) > 999_999_999 {
				start = 1
			}
			marker = strconv.Itoa(start+i) + marker
		}
		if level > MaxNesting {
			marker = `\` + marker
			if l.IsOrdered() {
				marker = marker[1:len(marker)-1] + `\` + marker[len(marker)-1:]
			}
			lines = joinBlocks(lines, prefixed(body, marker+" ", ""), false)
			continue
		}
		lines = joinBlocks(lines, prefixed(body, marker+" ", strings.Repeat(" ", len(marker)+1)), l.IsTight)
	}
	return lines
}

// items collects the items of l, their blocks written at depth; with hoist,
// the items of lists inside them follow as items of their own.
func (w *mdWriter) items(l *ast.List, depth int, hoist bool, out *[][]string) {
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		var body []string
		var nested []*ast.List
		for c := it.FirstChild(); c != nil; c = c.NextSibling() {
			if sub, ok := c.(*ast.List); ok && hoist {
				nested = append(nested, sub)
				continue
			}
			body = joinBlocks(body, w.block(c, depth), l.IsTight)
		}
		*out = append(*out, body)
		for _, sub := range nested {
			w.items(sub, depth, hoist, out)
		}
	}
}

// prefixed puts first before the first line and rest before the others
// (blank lines stay blank).
func prefixed(lines []string, first, rest string) []string {
	if len(lines) == 0 {
		return []string{strings.TrimRight(first, " ")}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		switch {
		case i == 0:
			out[i] = first + l
		case l == "":
			out[i] = ""
		default:
			out[i] = rest + l
		}
	}
	return out
}
