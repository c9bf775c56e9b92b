package reader

import (
	"regexp"
	"strconv"
	"strings"
)

// onlySGR keeps the colour and attribute sequences (CSI … m) of a rendered
// line and drops every other escape sequence. Glamour wraps links in OSC 8
// hyperlinks, with a random id, carrying a URL from the article: a styled
// article is to carry colour and nothing else, the same on every run. The
// link's text is printed all the same.
func onlySGR(l string) string {
	if strings.IndexByte(l, 0x1b) < 0 {
		return l
	}
	var b strings.Builder
	for i := 0; i < len(l); {
		if l[i] != 0x1b || i+1 >= len(l) {
			b.WriteByte(l[i])
			i++
			continue
		}
		switch l[i+1] {
		case '[': // CSI: parameters, then a final byte 0x40–0x7E
			j := i + 2
			for j < len(l) && (l[j] < 0x40 || l[j] > 0x7e) {
				j++
			}
			if j < len(l) && l[j] == 'm' {
				b.WriteString(l[i : j+1])
			}
			i = j + 1
		case ']', 'P', '_', '^', 'X': // strings, ended by BEL or ESC \
			j := i + 2
			for j < len(l) && l[j] != 0x07 && !(l[j] == 0x1b && j+1 < len(l) && l[j+1] == '\\') {
				j++
			}
			if j < len(l) && l[j] == 0x1b {
				j++
			}
			i = j + 1
		default:
			i += 2
		}
	}
	return b.String()
}

// trimPadding drops the spaces glamour pads every line to full width with,
// each wrapped in its own colour sequence: they make a rendered article
// several times larger than its text, and every frame pays for measuring
// them. Padding with a background colour (a heading's) is kept.
func trimPadding(l string) string {
	for {
		switch {
		case strings.HasSuffix(l, " "):
			l = l[:len(l)-1]
		case strings.HasSuffix(l, "\x1b[m"):
			rest := strings.TrimSuffix(l[:len(l)-3], " ")
			i := strings.LastIndex(rest, "\x1b[")
			if i < 0 || !strings.HasSuffix(rest, "m") || !plainForeground(rest[i+2:len(rest)-1]) {
				return l
			}
			l = rest[:i]
		default:
			return l
		}
	}
}

// plainForeground reports whether SGR parameters set at most a foreground
// colour (nothing visible on a space).
func plainForeground(params string) bool {
	if params == "" {
		return true
	}
	if !strings.HasPrefix(params, "38;") {
		return false
	}
	for _, c := range params {
		if c != ';' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// withoutColour drops the colour parameters of every SGR sequence in s
// (foreground, background and underline colours, in all their forms),
// keeping bold, italics, underline, reverse and resets; a sequence left
// with nothing to say is dropped.
func withoutColour(s string) string {
	if strings.IndexByte(s, 0x1b) < 0 {
		return s
	}
	return sgrSeq.ReplaceAllStringFunc(s, func(seq string) string {
		params := seq[2 : len(seq)-1]
		if params == "" || params == "0" {
			return seq
		}
		var keep []string
		parts := strings.Split(params, ";")
		for i := 0; i < len(parts); i++ {
			p := parts[i]
			head, _, colon := strings.Cut(p, ":")
			n, err := strconv.Atoi(head)
			switch {
			case err != nil:
				continue
			case n == 38 || n == 48 || n == 58:
				if colon {
					continue // 38:2::r:g:b, all in one parameter
				}
				// 38;5;n or 38;2;r;g;b
				if i+1 < len(parts) && parts[i+1] == "5" {
					i += 2
				} else if i+1 < len(parts) && parts[i+1] == "2" {
					i += 4
				}
				continue
			case n >= 30 && n <= 37, n == 39, n >= 40 && n <= 47, n == 49, n >= 90 && n <= 97, n >= 100 && n <= 107, n == 59:
				continue
			}
			keep = append(keep, p)
		}
		if len(keep) == 0 {
			return ""
		}
		return "\x1b[" + strings.Join(keep, ";") + "m"
	})
}

var sgrSeq = regexp.MustCompile(`\x1b\[[0-9;:]*m`)
