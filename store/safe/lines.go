package safe

import "strings"

// A scan of lines, before any parser: how deep a line can nest at most,
// and a cut of the lines that could nest absurdly deep. It reads only each
// line's container prefix (spaces, tabs, '>' and list or definition
// markers), so it costs one pass over the text.

// prefixToken is one part of a line's container prefix.
type prefixToken struct {
	start, end int // bytes of the line
	halves     int // 2 for '>' or a marker; 1 for each column of white space
}

// scanPrefix returns the container prefix of line as tokens, and how many
// levels it can open at most. Every container a line sits in shows on it:
// a quote as a '>', a list opened on this line as its marker, a list
// opened before as at least two columns of indentation (a list item's
// content sits at least two columns in). So the '>'s and markers, and half
// the columns of white space, bound how deep the line's content can be,
// whatever came before it; lazy continuation lines open nothing.
func scanPrefix(line string, toks []prefixToken) ([]prefixToken, int) {
	toks = toks[:0]
	total, col, i := 0, 0, 0
	for i < len(line) {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			start, cols := i, 0
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				n := 1
				if line[i] == '\t' {
					n = 4 - col%4
				}
				col += n
				cols += n
				i++
			}
			toks = append(toks, prefixToken{start, i, cols})
			total += cols
			continue
		case c == '>':
			toks = append(toks, prefixToken{i, i + 1, 2})
			total += 2
			i++
			col++
			continue
		case c == '-' || c == '*' || c == '+' || c == ':':
			if i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' {
				toks = append(toks, prefixToken{i, i + 1, 2})
				total += 2
				i++
				col++
				continue
			}
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
				toks = append(toks, prefixToken{i, j + 1, 2})
				total += 2
				col += j + 1 - i
				i = j + 1
				continue
			}
		}
		break
	}
	return toks, total / 2
}

// maxLineDepth is the most levels any line of md can open (scanPrefix).
func maxLineDepth(md string) int {
	deepest := 0
	var toks []prefixToken
	for line := range strings.SplitSeq(md, "\n") {
		var d int
		toks, d = scanPrefix(line, toks)
		deepest = max(deepest, d)
	}
	return deepest
}

// capPrefixes cuts the container prefix of every line that could open more
// than limit levels down to limit: the markers and indentation past it go,
// the line's text stays. Lines within the limit are not touched.
func capPrefixes(md string, limit int) string {
	var b strings.Builder
	var toks []prefixToken
	changed, first := false, true
	for line := range strings.SplitSeq(md, "\n") {
		if !first {
			b.WriteByte('\n')
		}
		first = false
		var d int
		toks, d = scanPrefix(line, toks)
		if d <= limit {
			b.WriteString(line)
			continue
		}
		changed = true
		halves, end := 0, 0
		for _, t := range toks {
			if halves+t.halves > 2*limit+1 {
				break
			}
			halves += t.halves
			end = t.end
		}
		b.WriteString(line[:end])
		rest := strings.TrimLeft(line[toks[len(toks)-1].end:], " \t")
		if end > 0 && line[end-1] != ' ' && line[end-1] != '\t' {
			b.WriteByte(' ')
		}
		b.WriteString(rest)
	}
	if !changed {
		return md
	}
	return b.String()
}

// Limits on what makes goldmark's work grow faster than the text.
const (
	// maxTickWork bounds backtick runs × bytes in one paragraph: goldmark
	// looks for the closer of every run of backticks to the paragraph's
	// end, so 3,000 runs of different lengths in 4.5 MB took 10 s.
	maxTickWork = 1 << 25
)

// boundWork rewrites what would make goldmark's work grow faster than the
// text, leaving ordinary Markdown as it is:
//   - consecutive link reference definitions get a blank line between
//     them (goldmark takes a paragraph of definitions apart one at a time,
//     copying the rest: 50,000 of them took 3 s, with blank lines 0.14 s);
//   - in a paragraph with so many backtick runs that finding their closers
//     would cost more than maxTickWork, every backtick becomes its
//     look-alike U+02CB (no code spans; escaping each instead made a node
//     of every one, 2 µs a byte all the way through ingest).
func boundWork(md string) string {
	if !strings.Contains(md, "]:") && strings.Count(md, "`") < 64 {
		return md
	}
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	changed := false
	start, ticks, bytes := 0, 0, 0 // the paragraph being read: out[start:]
	endPara := func() {
		if ticks > 64 && ticks*bytes > maxTickWork {
			for k := start; k < len(out); k++ {
				out[k] = strings.ReplaceAll(out[k], "`", "\u02cb")
			}
			changed = true
		}
		start, ticks, bytes = len(out), 0, 0
	}
	fence, prevDef := "", false
	for _, line := range lines {
		quote, rest := quotePrefix(line)
		switch f := fenceOf(rest); {
		case f != "" && (fence == "" || f[0] == fence[0] && len(f) >= len(fence)):
			endPara()
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
			prevDef = false
		case fence != "":
		case strings.TrimSpace(rest) == "":
			endPara()
			prevDef = false
		case isDefinitionLine(rest):
			if prevDef {
				out = append(out, strings.TrimRight(quote, " \t"))
				changed = true
				endPara()
			}
			prevDef = true
		default:
			prevDef = false
		}
		out = append(out, line)
		if fence == "" {
			ticks += tickRuns(line)
			bytes += len(line) + 1
		} else {
			start = len(out)
		}
	}
	endPara()
	if !changed {
		return md
	}
	return strings.Join(out, "\n")
}

// quotePrefix splits a line into its leading '>' markers and spaces, and
// the rest.
func quotePrefix(line string) (string, string) {
	i := 0
	for i < len(line) && (line[i] == '>' || line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return line[:i], line[i:]
}

// fenceOf is the fence a line opens or closes (``` or ~~~, or longer).
func fenceOf(rest string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(rest) && rest[n] == c {
			n++
		}
		if n >= 3 {
			return rest[:n]
		}
	}
	return ""
}

// isDefinitionLine: rest looks like a whole link reference definition,
// "[label]: destination".
func isDefinitionLine(rest string) bool {
	if !strings.HasPrefix(rest, "[") {
		return false
	}
	end := strings.Index(rest, "]:")
	return end > 1 && !strings.ContainsAny(rest[1:end], "[]") && strings.TrimSpace(rest[end+2:]) != ""
}

// tickRuns counts the runs of backticks in s.
func tickRuns(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' && (i == 0 || s[i-1] != '`') {
			n++
		}
	}
	return n
}
