package reader

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// itemMark is a list item's start in plain text as glamour's notty style
// writes it: its indent, then a bullet or a number.
var itemMark = regexp.MustCompile(`^( *)(• |\d{1,9}\. )`)

// hangItems gives a plain text's list items a hanging indent: glamour
// wraps an item's text back to its bullet's column ("  • Autocomplete
// … address" then "  book"), which reads as a line of its own. An item's
// lines that wrapping made (those at the bullet's column, after a line
// the next word would not fit on) go under its text, wrapped again to
// width where they are then wider. A line that would have fitted on the
// one before it is no wrap (a code block's, a paragraph's) and stays.
func hangItems(lines []string, width int, m ansi.Method) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); {
		mk := itemMark.FindStringSubmatch(lines[i])
		if mk == nil {
			out = append(out, lines[i])
			i++
			continue
		}
		indent, lead := mk[1], mk[0]
		text := []string{strings.TrimSpace(lines[i][len(lead):])}
		// glamour wraps within its margins, the indent on either side.
		limit := width - 2*len(indent)
		j := i + 1
		for ; j < len(lines); j++ {
			l := lines[j]
			rest, ok := strings.CutPrefix(l, indent)
			if !ok || rest == "" || rest[0] == ' ' || itemMark.MatchString(l) {
				break
			}
			word, _, _ := strings.Cut(rest, " ")
			if m.StringWidth(lines[j-1])+1+m.StringWidth(word) <= limit {
				break // it would have fitted: not a wrap
			}
			text = append(text, strings.TrimSpace(rest))
		}
		if j == i+1 {
			out = append(out, lines[i])
			i++
			continue
		}
		hang := strings.Repeat(" ", m.StringWidth(lead))
		room := max(width-len(hang), minWrap)
		for k, l := range strings.Split(m.Wrap(strings.Join(text, " "), room, ""), "\n") {
			if k == 0 {
				out = append(out, lead+l)
			} else {
				out = append(out, hang+l)
			}
		}
		i = j
	}
	return out
}
