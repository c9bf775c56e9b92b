package reader

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// What glamour is given is bounded, so that no article, however hostile,
// makes a render take seconds. Glamour re-wraps the whole output of every
// quote and list once per level it is nested in (200 nested levels took
// half a second for 8 KB), spends about 0.1 ms on every block, and wraps a
// 1 MB word into 12,500 lines.
const (
	// maxNesting is how many quotes and lists may sit inside one another;
	// deeper ones are flattened into the deepest allowed.
	maxNesting = 8
	// maxRenderBytes is the most Markdown rendered: ~40,000 words.
	maxRenderBytes = 256 << 10
	// maxRenderCost is the most rendering work allowed, in units of about
	// 25 µs (see meter): 1,500 paragraphs, or 330 list items nested eight
	// deep, a quarter of a second at worst. The longest of 2,125 BBC
	// articles costs 296, the median 16.
	maxRenderCost = 6000
	// maxWordBytes is the longest run of non-space characters shown, in
	// scripts that put spaces between words (a pasted blob, base64, a
	// tracking URL); the rest of it is cut with an ellipsis.
	maxWordBytes = 1000
)

// boundMarkdown returns md cut down to what is worth rendering: long words
// cut, the whole cut at maxRenderBytes and maxRenderCost, nesting flattened
// below maxNesting. dropped is how many bytes of md were left out (0 when
// only words were cut or nesting flattened).
func boundMarkdown(md string) (out string, dropped int) {
	md = capWords(md)
	if len(md) > maxRenderBytes {
		cut := cutAt(md, maxRenderBytes)
		dropped = len(md) - cut
		md = md[:cut]
	}
	doc, refs := parseMarkdown(md)
	m := meter{budget: maxRenderCost, src: []byte(md), cut: -1}
	m.walk(doc, 0)
	if m.cut > 0 {
		// Whole blocks while the budget lasts; the link definitions kept,
		// which may come at the very end.
		dropped += len(md) - m.cut
		md = md[:m.cut]
		if len(refs) > 0 {
			md += "\n" + strings.Join(refs, "\n") + "\n"
		}
		if m.deepest > maxNesting {
			doc, refs = parseMarkdown(md)
		}
	}
	if m.deepest <= maxNesting {
		return md, dropped
	}
	w := mdWriter{src: []byte(md)}
	lines := w.children(doc, 0, false)
	// Reference definitions are not in the tree; without them reference
	// links would show as bracketed text.
	for _, r := range refs {
		lines = joinBlocks(lines, []string{r}, false)
	}
	return strings.Join(lines, "\n") + "\n", dropped
}

// parseMarkdown parses md as glamour will, and returns its link reference
// definitions written out again.
func parseMarkdown(md string) (ast.Node, []string) {
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

// mdParsers parse Markdown as glamour does (GFM and definition lists), to
// measure it before glamour sees it.
var mdParsers = sync.Pool{New: func() any {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser()
}}

// cutAt is where to cut md to at most n bytes: at the last paragraph
// break before n, else the last line break, else a character boundary.
func cutAt(md string, n int) int {
	if len(md) <= n {
		return len(md)
	}
	head := md[:n]
	if i := strings.LastIndex(head, "\n\n"); i > n/2 {
		return i + 1
	}
	if i := strings.LastIndexByte(head, '\n'); i > n/2 {
		return i + 1
	}
	for n > 0 && !utf8.RuneStart(md[n]) {
		n--
	}
	return n
}

// capWords cuts every run of more than maxWordBytes non-space characters,
// with an ellipsis. Runs in scripts written without spaces (Thai, CJK and
// everything from U+0E00 on) are not words and are left whole: the byte
// limit bounds them.
func capWords(md string) string {
	if len(md) <= maxWordBytes {
		return md
	}
	var b strings.Builder
	last, word, skipping := 0, -1, false // md[:last] is copied or skipped; word: start of the current one
	for i, r := range md {
		if r == ' ' || r == '\n' || r == '\t' || r >= 0x0E00 {
			word = -1
			if skipping {
				last, skipping = i, false
			}
			continue
		}
		if word < 0 {
			word = i
		}
		if !skipping && i+utf8.RuneLen(r)-word > maxWordBytes {
			b.WriteString(md[last:i])
			b.WriteString("…")
			skipping = true
		}
	}
	if b.Len() == 0 {
		return md
	}
	if !skipping {
		b.WriteString(md[last:])
	}
	return b.String()
}

// isContainer reports whether glamour renders n as a block of its own that
// re-wraps everything inside it: the cost of nesting.
func isContainer(n ast.Node) bool {
	switch n.(type) {
	case *ast.Blockquote, *ast.List, *east.DefinitionList:
		return true
	}
	return false
}

// meter walks a document in order, charging every block 1 plus the
// containers (at most maxNesting) it sits in, and finds where the budget
// runs out: the start of the line of the first block with text after that.
type meter struct {
	budget  int
	deepest int
	src     []byte
	cut     int // -1: all of it fits
}

func (m *meter) walk(n ast.Node, depth int) bool {
	if n.Type() == ast.TypeInline {
		return true // bytes bound inlines
	}
	if isContainer(n) {
		depth++
	}
	m.deepest = max(m.deepest, depth)
	// Glamour spends about 100 µs on a paragraph, a quarter of that on a
	// list item or a table row, and as much again for every level of
	// nesting around it.
	levels := 1 + min(depth, maxNesting)
	switch n.(type) {
	case *ast.Document:
	case *ast.Paragraph, *ast.Heading, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.ThematicBreak, *east.Table:
		m.budget -= 4 * levels
	default:
		if !isContainer(n) || depth <= maxNesting { // a flattened one costs nothing
			m.budget -= levels
		}
	}
	if m.budget < 0 {
		if l := n.Lines(); l != nil && l.Len() > 0 {
			at := l.At(0).Start
			for at > 0 && m.src[at-1] != '\n' {
				at--
			}
			if at > 0 {
				m.cut = at
				return false
			}
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if !m.walk(c, depth) {
			return false
		}
	}
	return true
}

// mdWriter writes a parsed document back as Markdown with no more than
// maxNesting containers inside one another. It is used only for documents
// nested deeper than that, so it favours simplicity over fidelity: the
// text of every leaf block is copied as written (inline markup and all),
// the containers around it are rebuilt.
type mdWriter struct{ src []byte }

// block writes n, a block at nesting depth depth, as lines.
func (w *mdWriter) block(n ast.Node, depth int) []string {
	switch n := n.(type) {
	case *ast.Blockquote:
		inner := w.children(n, min(depth+1, maxNesting), false)
		if depth >= maxNesting {
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
	w.items(l, min(level, maxNesting), level >= maxNesting, &items)
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
		if level > maxNesting {
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
