package reader

import (
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/lede-reader/lede/store/safe"
)

// What glamour is given is bounded, so that no article, however hostile,
// makes a render take seconds. Glamour re-wraps the whole output of every
// quote and list once per level it is nested in (200 nested levels took
// half a second for 8 KB), spends about 0.1 ms on every block, and wraps a
// 1 MB word into 12,500 lines.
// Nesting deeper than safe.MaxNesting is flattened by the safety package.
const (
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
// below safe.MaxNesting. dropped is how many bytes of md were left out (0
// when only words were cut or nesting flattened).
func boundMarkdown(md string) (out string, dropped int) {
	md = capWords(md)
	if len(md) > maxRenderBytes {
		cut := cutAt(md, maxRenderBytes)
		dropped = len(md) - cut
		md = md[:cut]
	}
	md = safe.Flatten(md)
	doc, refs := safe.Parse(md)
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
		md = safe.Flatten(md) // a part can parse otherwise than the whole
	}
	return md, dropped
}

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

// meter walks a document in order, charging every block 1 plus the
// containers (at most safe.MaxNesting) it sits in, and finds where the budget
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
	if safe.IsContainer(n) {
		depth++
	}
	m.deepest = max(m.deepest, depth)
	// Glamour spends about 100 µs on a paragraph, a quarter of that on a
	// list item or a table row, and as much again for every level of
	// nesting around it.
	levels := 1 + min(depth, safe.MaxNesting)
	switch n.(type) {
	case *ast.Document:
	case *ast.Paragraph, *ast.Heading, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.ThematicBreak, *east.Table:
		m.budget -= 4 * levels
	default:
		if !safe.IsContainer(n) || depth <= safe.MaxNesting { // a flattened one costs nothing
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
