package reader

import (
	"strconv"
	"strings"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// articleMarkdown is the Markdown of the whole page: heading, byline, body.
// The byline is in italics where italics can be shown; plain text would
// show the asterisks.
func articleMarkdown(a *store.Article, italic bool) string {
	var b strings.Builder
	title := oneLine(a.Title)
	if strings.TrimSpace(title) == "" {
		title = "(untitled)"
	}
	b.WriteString("# ")
	b.WriteString(escapeMarkdown(title))
	b.WriteString("\n\n")
	if line := pageByline(a); line != "" {
		em := ""
		if italic {
			em = "*"
		}
		b.WriteString(em + escapeMarkdown(line) + em + "\n\n")
	}
	body, dropped := boundMarkdown(safe.Defuse(expandTabs(safe.Text(a.Body))))
	body = joinSoftBreaks(afterTitle(title, body))
	if strings.TrimSpace(body) == "" {
		body = "(This article has no text.)"
		if italic {
			body = "*This article has no text.*"
		}
	}
	b.WriteString(body)
	b.WriteString("\n")
	if dropped > 0 {
		em := ""
		if italic {
			em = "*"
		}
		b.WriteString("\n" + em + "(" + size(dropped) + " more of this article not shown: too long to lay out here.)" + em + "\n")
	}
	return b.String()
}

// escapeMarkdown backslash-escapes ASCII punctuation so a title or byline
// is shown as written, never read as emphasis, links or entities.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			// glamour prints "\&" with its backslash; an entity it decodes.
			b.WriteString("&amp;")
			continue
		case r == '\n':
			r = ' '
		case r < 128 && strings.ContainsRune("\\`*_{}[]()#+-.!|<>~", r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// expandTabs replaces tabs with spaces to the next multiple of four
// columns: glamour keeps tabs, and a terminal would expand them past the
// pane's edge.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 4 - col%4
			b.WriteString("    "[:n])
			col += n
		case '\n':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// byline is "section · source · N words · N versions", leaving out what is
// unknown. For the list (full false) the source is shortened and goes last.
func byline(a *store.Article, full bool) string {
	return bylineDated(a, full, "-", sourceName(a.Shown()))
}

// pageByline is the line under the page's heading.
func pageByline(a *store.Article) string {
	return bylineDated(a, true, nonBreakingHyphen, articleSource(a))
}

// articleSource is where the article is from, as its own page says it:
// for a feed its reader renamed, the name given and the feed's own title
// beside it, "Pets (Pet Secret Shopper)", so that the name chosen does
// not hide who publishes it; the rows name the feed alone.
func articleSource(a *store.Article) string {
	src := sourceName(a.Shown())
	if title := a.RenamedFrom(); title != "" && src != "" {
		src += " (" + sourceName(title) + ")"
	}
	return src
}

// nonBreakingHyphen (U+2011, one column wide) joins the date of the
// byline glamour wraps: its wrapper breaks a line at any hyphen, and a
// narrow pane showed "2008-11-" on one line, "12" on the next.
const nonBreakingHyphen = "\u2011"

// bylineDated is byline with the date's parts joined by hyphen, and src
// where the article is from.
func bylineDated(a *store.Article, full bool, hyphen, src string) string {
	return strings.Join(bylineFacts(a, full, hyphen, src), " · ")
}

// bylineFacts are the facts of bylineDated, in its order. For the list
// (full false) the source goes last, the least useful where a row is
// short of room, and a file named by a number alone
// ("synth/sport-desk/0099947.md") is none: its number says nothing.
func bylineFacts(a *store.Article, full bool, hyphen, src string) []string {
	var parts []string
	if s := strings.TrimSpace(oneLine(a.Section)); s != "" {
		parts = append(parts, s)
	}
	if full && src != "" {
		parts = append(parts, src)
	}
	if !a.Published.IsZero() {
		parts = append(parts, strings.ReplaceAll(day(a.Published), "-", hyphen))
	}
	if a.Words > 0 { // a headline-only item has no size worth telling
		parts = append(parts, plural(a.Words, "word"))
	}
	if a.Versions > 1 {
		parts = append(parts, plural(a.Versions, "version"))
	}
	if !full {
		if s := listSource(src); s != "" {
			parts = append(parts, s)
		}
	}
	return parts
}

// listSource is a source as the list's rows name it: shortened, and
// none for a file named by a number alone, which only put it in order.
func listSource(src string) string {
	s := shortSource(src)
	stem := s
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	if isNumber(stem) && !strings.Contains(src, "://") {
		return ""
	}
	return s
}

// Byline is the line under an article's title: section, source, date, size
// and the versions of its story. The command line's list prints it too, so
// the two always agree.
func Byline(a *store.Article) string { return byline(a, true) }

// plural is store.Count: one helper counts for all of lede.
func plural(n int, word string) string { return store.Count(n, word) }

// size is a byte count for people: "740 KB", "12.5 MB".
func size(n int) string {
	switch {
	case n < 1<<10:
		return plural(n, "byte")
	case n < 10<<20:
		return strconv.Itoa((n+1<<9)>>10) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// shortSource keeps a source readable in a narrow list: the host of a URL,
// the last element of a path.
func shortSource(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		host := s[i+3:]
		if j := strings.IndexAny(host, "/?#"); j >= 0 {
			host = host[:j]
		}
		return strings.TrimPrefix(host, "www.")
	}
	if i := strings.LastIndexAny(s, `/\`); i >= 0 && i+1 < len(s) {
		return s[i+1:]
	}
	return s
}

// SourceName is a source as the reader shows it: the command line's
// compare names versions the same way.
func SourceName(s string) string { return sourceName(s) }

// sourceName is a source as a person reads it. A file named by a number and
// a hash ("000_3d89b93d965cac9c.txt") says nothing: its name is what is
// left without them ("" when nothing is); other names are as they are.
func sourceName(s string) string {
	s = oneLine(s)
	if strings.Contains(s, "://") {
		return s
	}
	name := s
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	stem := name
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	words := strings.FieldsFunc(stem, func(r rune) bool { return r == '_' || r == '-' || r == ' ' || r == '.' })
	kept := words[:0:0]
	noise := false
	for _, w := range words {
		if isHashLike(w) {
			noise = true
			continue
		}
		kept = append(kept, w)
	}
	if !noise {
		return s
	}
	for len(kept) > 0 && isNumber(kept[0]) {
		kept = kept[1:] // the number that put it in order
	}
	return strings.Join(kept, " ")
}

// isHashLike: a run of 8 or more hex digits, letters and digits both.
func isHashLike(w string) bool {
	if len(w) < 8 {
		return false
	}
	letters, digits := false, false
	for _, r := range strings.ToLower(w) {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r >= 'a' && r <= 'f':
			letters = true
		default:
			return false
		}
	}
	return letters && digits
}

func isNumber(w string) bool {
	return w != "" && strings.Trim(w, "0123456789") == ""
}

// afterTitle is body less what its title already says, for a title made
// of the body's opening sentence: the title is that sentence whole, and the
// body goes on from the next one; or it is the sentence cut ("…"), and
// the body goes on from the cut ("…Mexico by designating…"). No words are
// lost and none are read twice. Any other body is as it was.
func afterTitle(title, body string) string {
	prefix, cut := strings.CutSuffix(strings.TrimSpace(title), "…")
	prefix = strings.TrimSpace(prefix)
	if prefix == "" {
		return body
	}
	// Match the title against the body's Markdown: a backslash escapes
	// the character after it, and a run of spaces is one.
	i, j := 0, 0
	for j < len(prefix) && i < len(body) {
		switch {
		case prefix[j] == ' ' && (body[i] == ' ' || body[i] == '\n'):
			if body[i] == '\n' && i+1 < len(body) && body[i+1] == '\n' {
				return body // the paragraph ended first
			}
			for i < len(body) && (body[i] == ' ' || body[i] == '\n') {
				i++
			}
			j++
			continue
		case body[i] == '\\' && i+1 < len(body) && body[i+1] == prefix[j]:
			i++
		}
		if body[i] != prefix[j] {
			return body
		}
		i++
		j++
	}
	if j < len(prefix) {
		return body
	}
	rest := body[i:]
	if cut {
		if rest == "" || (rest[0] != ' ' && rest[0] != '\n') || strings.HasPrefix(strings.TrimLeft(rest, " "), "\n\n") {
			return body // cut between words only, within the paragraph
		}
		return "…" + strings.TrimLeft(rest, " \n")
	}
	if len(rest) > 1 && rest[0] == '\\' {
		rest = rest[1:] // an escaped full stop
	}
	if rest == "" || !strings.ContainsRune(".!?", rune(rest[0])) {
		return body
	}
	rest = strings.TrimLeft(strings.TrimLeft(rest, ".!?"), " \n")
	if strings.TrimSpace(rest) == "" {
		return body // the sentence is all there is: it stays
	}
	return rest
}
