package reader

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Addresses that stand alone — the whole body of a headline-only feed
// item, an item of the closing Links list — are laid out here, not by
// glamour: its wrapper breaks a word at any hyphen, and one longer than
// the line wherever the line ends ("…/1664/E", then "NTERTAINMENTLIFE";
// "…-parenthood-", then "propaganda-…"). An address that fits on a line
// stays whole on one; a longer one breaks after a "/" (or "?", "&", "#",
// "="), each piece under the first, and only where it has none of those
// within a line, at the line's end.

// heldURL is the stand-in glamour lays out for the i-th address held:
// an autolink too, so that it takes the links' style, and short enough
// never to be broken.
func heldURL(i int) string { return "https://lede.invalid/" + strconv.Itoa(i) }

// holdURLs replaces each address in md that stands alone on its line
// (`<URL>`, a bare URL, or a list item's `<URL>` at its end) by a
// stand-in, and gives the addresses held, in order.
func holdURLs(md string) (string, []string) {
	if !strings.Contains(md, "://") {
		return md, nil
	}
	var held []string
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		body := strings.TrimSpace(l)
		lead := l[:strings.Index(l, body)]
		switch {
		case strings.HasPrefix(body, "- \\[") && strings.HasSuffix(body, ">"):
			// The closing Links list: "- \[N\] <URL>".
			at := strings.LastIndex(body, " <")
			if at < 0 || !isURL(body[at+2:len(body)-1]) {
				continue
			}
			held = append(held, body[at+2:len(body)-1])
			lines[i] = lead + body[:at] + " <" + heldURL(len(held)-1) + ">"
		case strings.HasPrefix(body, "<") && strings.HasSuffix(body, ">") && isURL(body[1:len(body)-1]):
			held = append(held, body[1:len(body)-1])
			lines[i] = lead + "<" + heldURL(len(held)-1) + ">"
		case isURL(body) && !strings.ContainsAny(body, `\<>[]()*_`):
			held = append(held, body)
			lines[i] = lead + "<" + heldURL(len(held)-1) + ">"
		}
	}
	return strings.Join(lines, "\n"), held
}

// isURL says s is one http(s) address, no spaces in it.
func isURL(s string) bool {
	return (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) && len(s) > len("https://") &&
		!strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' })
}

// placeURLs puts the addresses held back where glamour laid out their
// stand-ins, in lines no wider than width: the first piece where the
// stand-in stands, in its style, the others under it.
func placeURLs(lines []string, held []string, width int, m ansi.Method) []string {
	if len(held) == 0 {
		return lines
	}
	out := make([]string, 0, len(lines)+len(held))
	for _, l := range lines {
		i, at := heldIn(l, len(held))
		if i < 0 {
			out = append(out, l)
			continue
		}
		stand := heldURL(i)
		before := l[:at]
		col := m.StringWidth(before)
		pieces := breakURL(held[i], max(width-col, 8), m)
		out = append(out, before+pieces[0]+l[at+len(stand):])
		style := sgrBefore(before)
		for _, p := range pieces[1:] {
			if style != "" {
				p = style + p + "\x1b[m"
			}
			out = append(out, strings.Repeat(" ", col)+p)
		}
	}
	return out
}

// heldIn finds a stand-in in line l: which, and its byte offset; -1 if
// none. The highest number first, so that /1 is not found inside /12.
func heldIn(l string, n int) (int, int) {
	if !strings.Contains(l, "lede.invalid/") {
		return -1, -1
	}
	for i := n - 1; i >= 0; i-- {
		s := heldURL(i)
		if at := strings.Index(l, s); at >= 0 {
			if end := at + len(s); end == len(l) || l[end] < '0' || l[end] > '9' {
				return i, at
			}
		}
	}
	return -1, -1
}

// sgrBefore is the run of SGR sequences that ends s: the style of what
// follows it.
func sgrBefore(s string) string {
	end := len(s)
	start := end
	for start > 0 && s[start-1] == 'm' {
		k := strings.LastIndex(s[:start], "\x1b[")
		if k < 0 || strings.Trim(s[k+2:start-1], "0123456789;:") != "" {
			break
		}
		start = k
	}
	return s[start:end]
}

// breakURL cuts u into pieces no wider than w: after the last "/", "?",
// "&", "#" or "=" that keeps a piece within w (and past its first
// quarter, so no piece is a sliver), else after a "-", "." or "_" so, else
// at w.
func breakURL(u string, w int, m ansi.Method) []string {
	var pieces []string
	for m.StringWidth(u) > w {
		rs := []rune(u)
		fit, cut, word := 0, -1, -1
		for k, col := 0, 0; k < len(rs); k++ {
			col += m.StringWidth(string(rs[k]))
			if col > w {
				break
			}
			fit = k + 1
			switch {
			case col <= w/4:
			case strings.ContainsRune("/?&#=", rs[k]):
				cut = k + 1
			case strings.ContainsRune("-._", rs[k]):
				word = k + 1
			}
		}
		switch {
		case cut >= 0:
		case word >= 0:
			cut = word
		default:
			cut = max(fit, 1)
		}
		pieces = append(pieces, string(rs[:cut]))
		u = string(rs[cut:])
	}
	return append(pieces, u)
}
