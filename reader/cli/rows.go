package cli

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Rows on a narrow terminal. list, search and related print one line a
// row (ID, title, facts), which a terminal narrower than 80 columns wraps
// mid-word into a mess. There they print a row in lines that fit: the
// title (cut with "…" where it is too long) first, then the facts and the
// ID on lines of their own, indented under it. Output to a pipe or a
// file, and on a terminal of 80 columns or more, stays the one-line rows
// scripts read.

// roomyColumns is the width from which a terminal gets the one-line rows.
const roomyColumns = 80

// narrowWidth is the width of w where w is a terminal narrower than
// roomyColumns; 0 (the one-line rows) for a wider one, a pipe or a file,
// whatever $COLUMNS says.
func narrowWidth(w io.Writer) int {
	if cols := terminalColumns(w); cols < roomyColumns {
		return cols
	}
	return 0
}

// cellsOf is the columns a grapheme takes on whichever terminal shows it:
// one that clusters graphemes draws a family emoji joined with ZWJ in 2,
// one that does not in 8 (reader/width.go). The wider is taken, so that a
// line fits both.
func cellsOf(g string) int {
	return max(ansi.GraphemeWidth.StringWidth(g), ansi.WcWidth.StringWidth(g))
}

// nextGrapheme is the first grapheme of s and its columns (cellsOf): an
// ASCII byte followed by another (or nothing) is one of a column without
// segmenting, which a title mostly is (15 µs a row before, cut and
// wrapped, 1.5 s for 100,000 rows).
func nextGrapheme(s string) (string, int) {
	if s[0] < 0x80 && (len(s) == 1 || s[1] < 0x80) {
		return s[:1], 1
	}
	g, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	return g, cellsOf(g)
}

// cells is the columns s takes, as cellsOf measures them.
func cells(s string) int {
	n := 0
	for i := 0; i < len(s); {
		g, w := nextGrapheme(s[i:])
		n += w
		i += len(g)
	}
	return n
}

// fitLine is s cut to at most width columns, ending in "…" where it was
// cut: at the last space where that keeps more than half the room, else
// between graphemes (never in one).
func fitLine(s string, width int) string {
	if cells(s) <= width {
		return s
	}
	room := max(width-1, 0) // the "…"
	end, used, space := 0, 0, -1
	for i := 0; i < len(s); {
		g, w := nextGrapheme(s[i:])
		if used+w > room {
			break
		}
		if g == " " && used > room/2 {
			space = i
		}
		used += w
		i += len(g)
		end = i
	}
	if space >= 0 && end < len(s) && s[end] != ' ' {
		end = space
	}
	return strings.TrimRight(s[:end], " ,;:") + "…"
}

// wrapLines wraps s at spaces into lines of at most width columns, each
// after indent (counted in width); a word longer than a line is broken
// after a '/' or '-' in its second half, else between graphemes.
func wrapLines(s string, width int, indent string) []string {
	room := max(width-cells(indent), 1)
	var lines []string
	var line strings.Builder
	used := 0
	flush := func() {
		lines = append(lines, indent+line.String())
		line.Reset()
		used = 0
	}
	for _, word := range strings.Fields(s) {
		w := cells(word)
		if used > 0 && used+1+w > room {
			flush()
		}
		if used > 0 {
			line.WriteByte(' ')
			used++
		}
		for w > room-used { // a word wider than the line: break it
			head, headW := "", 0
			for i := 0; i < len(word); {
				g, gw := nextGrapheme(word[i:])
				if headW+gw > room-used {
					break
				}
				headW += gw
				i += len(g)
				head = word[:i]
			}
			if i := strings.LastIndexAny(head, "/-"); i+1 > len(head)/2 {
				head = head[:i+1] // a path or ID breaks after a '/' or '-'
				headW = cells(head)
			}
			if head == "" && used == 0 { // one grapheme wider than the room
				head, headW = nextGrapheme(word)
			}
			line.WriteString(head)
			used += headW
			flush()
			word = word[len(head):]
			w -= headW
		}
		line.WriteString(word)
		used += w
	}
	if used > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// printNarrowRow prints a row of the list in width columns: its title
// (cut to fit), then indented under it its facts (wrapped at spaces) and
// its ID (whole: it is what `lede show` takes).
func printNarrowRow(w io.Writer, width int, id, title, facts string) {
	var b strings.Builder
	b.WriteString(fitLine(title, width))
	b.WriteByte('\n')
	if strings.TrimSpace(facts) != "" {
		for _, l := range wrapFacts(facts, width, "  ") {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	b.WriteString("  " + id + "\n")
	io.WriteString(w, b.String())
}

// wrapFacts wraps facts joined by " · " into lines of width columns
// after indent, breaking between facts, and within one (wrapLines) only
// where it is wider than a line itself.
func wrapFacts(facts string, width int, indent string) []string {
	const sep, sepW = " · ", 3
	room := max(width-cells(indent), 1)
	var lines []string
	line, lineW := "", 0
	for _, f := range strings.Split(facts, sep) {
		fW := cells(f)
		switch {
		case line != "" && lineW+sepW+fW <= room:
			line += sep + f
			lineW += sepW + fW
			continue
		case line != "":
			lines = append(lines, indent+line)
		}
		line, lineW = f, fW
		if fW > room {
			broken := wrapLines(f, width, indent)
			lines = append(lines, broken[:len(broken)-1]...)
			line = strings.TrimPrefix(broken[len(broken)-1], indent)
			lineW = cells(line)
		}
	}
	return append(lines, indent+line)
}

// printNarrowHit prints a hit of search or related in width columns:
// its score and title (cut to fit) after indent, then indented under the
// title's line its ID (whole) and its lines of text (the snippet, or why
// it is related), wrapped at spaces.
func printNarrowHit(w io.Writer, width int, indent, score, title, id string, text ...string) {
	var b strings.Builder
	head := indent + score + "  "
	b.WriteString(head + fitLine(title, width-cells(head)) + "\n")
	under := indent + "  "
	b.WriteString(under + id + "\n")
	for _, t := range text {
		for _, l := range wrapLines(t, width, under) {
			b.WriteString(l + "\n")
		}
	}
	io.WriteString(w, b.String())
}
