package ingest

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/lede-reader/lede/store"
)

// Plain-text articles: what a web page looks like when copied out of a
// browser. A title line, paragraphs (one per line, or hard-wrapped), short
// unpunctuated lines as headings, bullets, URLs, and the page's boilerplate
// ("Weekly Newsletter", "Loading...") mixed in. After a "More from X" line a
// page lists other short stories; each becomes an article of its own.

// maxTitle is the longest a derived title may be, in runes.
const maxTitle = 90

var (
	// A section tag: a two-letter code glued to a section name, as a news
	// site's breadcrumb copies out ("MXMexico|", "MXMexico").
	sectionTagRE = lazyRegexp(`^\p{Lu}{2}(\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*)\|?$`)
	// The line after which a page lists other stories.
	moreFromRE = lazyRegexp(`(?i)^(?:more|more stories|more news|more articles|related stories|related articles|read more) (?:from|in|on|about) (.{1,40})$`)
	bulletRE   = lazyRegexp(`^\s*[` + bulletRunes + `]\s+(.*)$`)
	numberedRE = lazyRegexp(`^\s*(\d{1,3})[.)]\s+(.*)$`)
	urlRE      = lazyRegexp(`https?://[^\s<>"'“”‘’()\[\]{}]+`)
	// A closing note: "ACZ Editor: ...", "Editor's note: ...".
	noteRE = lazyRegexp(`^((?:[\p{L}.']+ ){0,3}(?:Editor|editor|Editor's note|Editor’s note|Note|Update|Correction|Disclaimer)):\s+(.+)$`)
)

// bulletRunes open a list item ('-' last, so it is literal in a class).
const bulletRunes = "•·▪◦●‣*–—+-"

// boilerplate lines, folded and stripped of trailing dots and ellipses.
var boilerplate = map[string]bool{
	"weekly newsletter": true, "newsletter": true, "loading": true,
	"advertisement": true, "ad": true, "sponsored": true, "sponsored content": true,
	"subscribe": true, "subscribe now": true, "sign up": true, "sign in": true,
	"log in": true, "share": true, "share this": true, "share this article": true,
	"share on facebook": true, "share on twitter": true, "share on x": true,
	"read more": true, "continue reading": true, "skip to content": true,
	"skip to main content": true, "related": true, "related articles": true,
	"related stories": true, "comments": true, "leave a comment": true,
	"most read": true, "trending": true, "trending now": true, "menu": true,
	"search": true, "close": true, "back to top": true, "print": true,
	"email": true, "accept cookies": true, "cookie settings": true,
	"follow us": true, "listen to this article": true, "image": true,
	"photo": true, "video": true, "watch": true, "tags": true,
}

func isBoilerplate(line string) bool {
	if utf8.RuneCountInString(line) > 40 {
		return false
	}
	f := strings.TrimRight(store.Fold(strings.TrimSpace(line)), ".…:|!» ")
	return boilerplate[f]
}

type lineKind int

const (
	kindText lineKind = iota
	kindBlank
	kindBullet
	kindNumbered
	kindTag      // a section tag line
	kindMoreFrom // "More from X"
)

type line struct {
	kind lineKind
	text string // the content: a bullet's item, a tag's section name
	num  string // a numbered item's number
}

// ParseText reads a plain-text page into its articles: the page's own, and
// one for each story listed after a "More from" line. source names the
// file (or URL) in the articles; section is the fallback section where the
// text names none. The text must be decoded and sanitized already.
func ParseText(source, section, text string) []store.Article {
	lines := classify(text)
	main, rest := splitMoreFrom(lines)
	var arts []store.Article
	if a, ok := buildArticle(source, section, main, true); ok {
		arts = append(arts, a)
	}
	for _, story := range splitStories(rest) {
		if a, ok := buildArticle(source, section, story, false); ok {
			arts = append(arts, a)
		}
	}
	return arts
}

func classify(text string) []line {
	raw := strings.Split(text, "\n")
	out := make([]line, 0, len(raw))
	for _, s := range raw {
		s = strings.TrimRightFunc(s, unicode.IsSpace)
		t := strings.TrimSpace(s)
		switch {
		case t == "":
			out = append(out, line{kind: kindBlank})
		case isBoilerplate(t):
			// dropped: it never reaches a body
		case len(t) <= 64 && sectionTagRE().MatchString(t):
			out = append(out, line{kind: kindTag, text: sectionTagRE().FindStringSubmatch(t)[1]})
		case len(t) <= 64 && moreFromRE().MatchString(t):
			out = append(out, line{kind: kindMoreFrom})
		default:
			first, _ := utf8.DecodeRuneInString(t)
			var m []string
			if strings.ContainsRune(bulletRunes, first) {
				m = bulletRE().FindStringSubmatch(s)
			}
			var num []string
			if m == nil && unicode.IsDigit(first) {
				num = numberedRE().FindStringSubmatch(s)
			}
			if m != nil && m[1] != "" {
				out = append(out, line{kind: kindBullet, text: strings.TrimSpace(m[1])})
			} else if num != nil && num[2] != "" {
				out = append(out, line{kind: kindNumbered, text: strings.TrimSpace(num[2]), num: num[1]})
			} else {
				out = append(out, line{kind: kindText, text: t})
			}
		}
	}
	return out
}

// splitMoreFrom cuts the page at its first "More from" line.
func splitMoreFrom(lines []line) (main, rest []line) {
	for i, l := range lines {
		if l.kind == kindMoreFrom {
			return lines[:i], lines[i+1:]
		}
	}
	return lines, nil
}

// splitStories cuts the stories listed after "More from": each ends at its
// section tag line; where there are no tag lines, a title-like line after a
// blank line starts the next story.
func splitStories(lines []line) [][]line {
	var stories [][]line
	var cur []line
	flush := func() {
		if hasText(cur) {
			stories = append(stories, cur)
		}
		cur = nil
	}
	tagged := false
	for _, l := range lines {
		if l.kind == kindTag {
			tagged = true
			break
		}
	}
	for i, l := range lines {
		switch {
		case l.kind == kindTag:
			cur = append(cur, l)
			flush()
		case !tagged && l.kind == kindText && isTitleLike(l.text) && hasText(cur) && i > 0 && lines[i-1].kind == kindBlank:
			flush()
			cur = append(cur, l)
		default:
			cur = append(cur, l)
		}
	}
	flush()
	return stories
}

func hasText(lines []line) bool {
	for _, l := range lines {
		if l.kind == kindText || l.kind == kindBullet || l.kind == kindNumbered {
			return true
		}
	}
	return false
}

// isTitleLike: a title is a short line that does not end a sentence.
func isTitleLike(s string) bool {
	n := utf8.RuneCountInString(s)
	if n == 0 || n > 150 || len(strings.Fields(s)) > 25 {
		return false
	}
	return !endsSentence(s) && !strings.HasSuffix(s, ",") && !strings.HasSuffix(s, ";")
}

// isHeadingLike: a heading is shorter than a title, and may end in a colon
// ("Sources:").
func isHeadingLike(s string) bool {
	n := utf8.RuneCountInString(s)
	if n == 0 || n > 80 || len(strings.Fields(s)) > 12 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	return !endsSentence(s) && !strings.HasSuffix(s, ",") && !strings.HasSuffix(s, ";") && !urlRE().MatchString(s)
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)»`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…")
}

// block is one unit of an article body.
type block struct {
	kind  blockKind
	text  string
	items []line // list items
}

type blockKind int

const (
	blockPara blockKind = iota
	blockHeading
	blockList
	blockCaption
)

// buildArticle makes one article of a run of lines. The page's own article
// (page is true) may carry an image caption under its title.
func buildArticle(source, section string, lines []line, page bool) (store.Article, bool) {
	title := ""
	var body []line
	for _, l := range lines {
		if l.kind == kindTag {
			section = l.text // the page's own tag wins over the fallback
			continue
		}
		if title == "" && len(body) == 0 && l.kind == kindBlank {
			continue
		}
		if title == "" && len(body) == 0 && l.kind == kindText && isTitleLike(l.text) {
			title = l.text
			continue
		}
		body = append(body, l)
	}
	blocks := toBlocks(joinWrapped(body), page && title != "")
	if title == "" {
		title = deriveTitle(blocks)
	}
	if title == "" {
		return store.Article{}, false
	}
	md, links, words := toMarkdown(blocks)
	return store.Article{
		Title:   title,
		Section: section,
		Source:  source,
		Links:   links,
		Words:   words,
		Body:    md,
	}, true
}

// joinWrapped joins hard-wrapped lines back into paragraphs: a text line
// that does not end a sentence, followed by a text line that starts in lower
// case or follows a long line, is one paragraph with it.
func joinWrapped(lines []line) []line {
	out := make([]line, 0, len(lines))
	// The paragraph out's last line becomes, built once: joining line by
	// line copied it for every line (quadratic in a file of short lines).
	var para strings.Builder
	runes, tail := 0, "" // its length in runes; its last line
	flush := func() {
		if para.Len() > 0 {
			out[len(out)-1].text = para.String()
			para.Reset()
		}
	}
	for _, l := range lines {
		if n := len(out); n > 0 && l.kind == kindText && out[n-1].kind == kindText {
			first, _ := utf8.DecodeRuneInString(l.text)
			long := runes >= 60
			if !endsSentence(tail) && !strings.HasSuffix(tail, ":") && (unicode.IsLower(first) || long && !isHeadingLike(l.text)) {
				if para.Len() == 0 {
					para.WriteString(out[n-1].text)
				}
				para.WriteByte(' ')
				para.WriteString(l.text)
				runes += 1 + utf8.RuneCountInString(l.text)
				tail = l.text
				continue
			}
		}
		flush()
		out = append(out, l)
		runes, tail = utf8.RuneCountInString(l.text), l.text
	}
	flush()
	return out
}

// toBlocks groups lines into paragraphs, headings, lists and a caption.
func toBlocks(lines []line, mayCaption bool) []block {
	var blocks []block
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch l.kind {
		case kindBlank:
			continue
		case kindBullet, kindNumbered:
			if n := len(blocks); n > 0 && blocks[n-1].kind == blockList && blocks[n-1].items[0].kind == l.kind {
				blocks[n-1].items = append(blocks[n-1].items, l)
			} else {
				blocks = append(blocks, block{kind: blockList, items: []line{l}})
			}
			continue
		}
		next := nextContent(lines, i+1)
		switch {
		case mayCaption && len(blocks) == 0 && isCaption(l.text) && next != nil && next.kind == kindText:
			blocks = append(blocks, block{kind: blockCaption, text: l.text})
		case next != nil && isHeadingLike(l.text) && (next.kind == kindText || next.kind == kindBullet || next.kind == kindNumbered):
			blocks = append(blocks, block{kind: blockHeading, text: strings.TrimSuffix(l.text, ":")})
		default:
			blocks = append(blocks, block{kind: blockPara, text: l.text})
		}
	}
	return blocks
}

func nextContent(lines []line, i int) *line {
	for ; i < len(lines); i++ {
		if lines[i].kind != kindBlank {
			return &lines[i]
		}
	}
	return nil
}

// isCaption: a short one-sentence line right under the title, as a photo's
// caption copies out of a page.
func isCaption(s string) bool {
	return strings.HasSuffix(s, ".") && len(strings.Fields(s)) <= 8 && strings.Count(s, ". ") == 0
}

// deriveTitle makes a headline of the opening sentence where the text has no
// title line: at most maxTitle runes, cut at a word.
func deriveTitle(blocks []block) string {
	for _, b := range blocks {
		text := b.text
		if b.kind == blockList && len(b.items) > 0 {
			text = b.items[0].text
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		return headline(firstSentence(text))
	}
	return ""
}

// firstSentence ends at the first full stop that is not an abbreviation
// ("U.S.", "Mr.", "Jan.") and is followed by a space and a capital.
func firstSentence(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		if i+2 >= len(s) || s[i+1] != ' ' {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i+2:])
		if !unicode.IsUpper(r) && r != '“' && r != '"' {
			continue
		}
		if c == '.' && isAbbreviation(s[:i]) {
			continue
		}
		return s[:i+1]
	}
	return s
}

func isAbbreviation(before string) bool {
	w := before[strings.LastIndexAny(before, " (")+1:]
	if utf8.RuneCountInString(w) == 1 || strings.Contains(w, ".") {
		return true // an initial, or U.S
	}
	switch strings.ToLower(w) {
	case "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen",
		"rep", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
		"sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "lt", "col", "capt", "sgt":
		return true
	}
	return false
}

// headline trims a sentence to a title: without its full stop, and cut at a
// word with an ellipsis when longer than maxTitle.
func headline(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	if utf8.RuneCountInString(s) <= maxTitle {
		return s
	}
	runes := []rune(s)
	cut := string(runes[:maxTitle-1])
	if i := strings.LastIndexByte(cut, ' '); i > maxTitle/3 {
		cut = cut[:i]
	}
	cut = strings.TrimRight(cut, " ,;:—–-")
	return cut + "…"
}

// toMarkdown writes blocks as Markdown, collecting the links and counting
// words of the text as written.
func toMarkdown(blocks []block) (md string, links []string, words int) {
	var b strings.Builder
	var set linkSet
	addLinks := func(s string) {
		if !strings.Contains(s, "://") {
			return
		}
		for _, u := range urlRE().FindAllString(s, -1) {
			set.add(trimURL(u))
		}
	}
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		switch bl.kind {
		case blockHeading:
			b.WriteString("## ")
			b.WriteString(inline(bl.text))
			words += countWords(bl.text)
		case blockCaption:
			b.WriteString("*")
			b.WriteString(inline(bl.text))
			b.WriteString("*")
			words += countWords(bl.text)
		case blockList:
			for j, it := range bl.items {
				if j > 0 {
					b.WriteByte('\n')
				}
				if it.kind == kindNumbered {
					b.WriteString(it.num)
					b.WriteString(". ")
				} else {
					b.WriteString("- ")
				}
				b.WriteString(inline(it.text))
				addLinks(it.text)
				words += countWords(it.text)
			}
		default:
			addLinks(bl.text)
			words += countWords(bl.text)
			if m := closingNote(blocks, i); m != nil {
				b.WriteString("---\n\n**")
				b.WriteString(escape(m[1]))
				b.WriteString(":** ")
				b.WriteString(inline(m[2]))
			} else if isQuote(bl.text) {
				b.WriteString("> ")
				b.WriteString(inline(bl.text))
			} else {
				b.WriteString(inline(bl.text))
			}
		}
	}
	return b.String(), set.list, words
}

// closingNote matches an editor's note that closes an article.
func closingNote(blocks []block, i int) []string {
	if i == 0 || i != len(blocks)-1 || !strings.Contains(blocks[i].text, ":") {
		return nil
	}
	return noteRE().FindStringSubmatch(blocks[i].text)
}

// isQuote: a paragraph that is one quotation from end to end.
func isQuote(s string) bool {
	open := strings.HasPrefix(s, "“") || strings.HasPrefix(s, "\"")
	t := strings.TrimRight(s, ".")
	closeQ := strings.HasSuffix(t, "”") || strings.HasSuffix(t, "\"")
	return open && closeQ && strings.Count(s, "“")+strings.Count(s, "\"") <= 2
}

// lazyRegexp compiles expr when it is first used: a pattern compiled into
// a package variable costs every command its compilation before main,
// whether it is used or not.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
