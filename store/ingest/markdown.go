package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"path"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	goldmarkhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Markdown articles: a file of Markdown, maybe opening with YAML front
// matter (title, date, source, url, tags; also section and author). What
// the front matter says wins over what the text says.

// titleOr is title, or else a headline made of the opening sentence, or
// else the source's name without its extension.
func titleOr(title string, facts mdFacts, name string) string {
	if title == "" && facts.opening != "" {
		title = headline(firstSentence(facts.opening))
	}
	if title == "" {
		title = strings.TrimSuffix(path.Base(name), path.Ext(name))
	}
	return title
}

// frontMatter is what lede reads of a Markdown file's YAML header.
type frontMatter struct {
	title, source, url, section, author string
	date                                time.Time
	tags                                []string
}

// splitFrontMatter cuts YAML front matter ("---" lines around it) off the
// top of text. Front matter that is not closed, or not YAML, is reported
// and left out; the body still loads.
func splitFrontMatter(text string) (fm frontMatter, body string, warns []error) {
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return fm, text, nil
	}
	var yamlText string
	closed := false
	for i := 0; i < len(rest); {
		end := strings.IndexByte(rest[i:], '\n')
		line := rest[i:]
		if end >= 0 {
			line = rest[i : i+end]
		}
		if l := strings.TrimRight(line, " \t"); l == "---" || l == "..." {
			yamlText, body, closed = rest[:i], rest[i+len(line):], true
			break
		}
		if end < 0 {
			break
		}
		i += end + 1
	}
	if !closed {
		// No closing fence: the header is taken to end at the first blank
		// line, and the body is what follows.
		yamlText, body, _ = strings.Cut(rest, "\n\n")
	}
	parsed, err := parseFrontMatter(yamlText)
	// One line says all that is wrong with it, and what was made of it.
	switch {
	case !closed && err != nil:
		warns = append(warns, fmt.Errorf("front matter left out: no closing '---' line, and up to the first blank line it is not YAML (%v)", err))
	case err != nil:
		warns = append(warns, fmt.Errorf("front matter left out: %v", err))
	case !closed && parsed.err != nil:
		warns = append(warns, fmt.Errorf("front matter has no closing '---' line (read up to the first blank line); %v", parsed.err))
	case !closed:
		warns = append(warns, errors.New("front matter has no closing '---' line (read up to the first blank line)"))
	case parsed.err != nil:
		warns = append(warns, parsed.err)
	}
	return parsed.frontMatter, strings.TrimLeft(body, "\n"), warns
}

type parsedFrontMatter struct {
	frontMatter
	err error // a field that was there but could not be read
}

func parseFrontMatter(y string) (parsedFrontMatter, error) {
	var fm parsedFrontMatter
	var m map[string]any
	if err := yaml.Unmarshal([]byte(y), &m); err != nil {
		return fm, errors.New(safe.Line(err.Error()))
	}
	for k, v := range m {
		switch strings.ToLower(k) {
		case "title":
			fm.title = scalar(v)
		case "source":
			fm.source = scalar(v)
		case "url", "link":
			fm.url = scalar(v)
		case "section", "category":
			fm.section = scalar(v)
		case "author":
			fm.author = scalar(v)
		case "tags", "keywords":
			fm.tags = stringList(v)
		case "date", "published":
			switch d := v.(type) {
			case time.Time:
				fm.date = d
			case nil:
			default:
				t, err := parseDate(scalar(v))
				if err != nil {
					fm.err = fmt.Errorf("front matter date %q not understood", scalar(v))
				}
				fm.date = t
			}
		}
	}
	return fm, nil
}

// scalar gives a YAML value as one line of text; lists and maps give "".
func scalar(v any) string {
	switch v := v.(type) {
	case nil, []any, map[string]any:
		return ""
	case string:
		return strings.TrimSpace(safe.Text(v))
	case time.Time:
		return v.Format(time.RFC3339)
	default:
		return strings.TrimSpace(safe.Text(fmt.Sprint(v)))
	}
}

// stringList reads tags written as a YAML list or as "a, b, c".
func stringList(v any) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if s := scalar(x); s != "" {
				out = append(out, s)
			}
		}
	default:
		for _, s := range strings.Split(scalar(v), ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// dateLayouts are the ways people write dates in front matter.
var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "2006/01/02",
	time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006", "2 January 2006",
	"Jan 2, 2006", "January 2, 2006",
}

func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q not understood", s)
}

// parseMarkdown reads one Markdown file (decoded and sanitized) into an
// article. Title: the front matter's, else a leading level-1 heading, else
// the opening sentence, else the file's name.
func parseMarkdown(o origin, text string) ([]store.Article, []error) {
	fm, body, warns := splitFrontMatter(text)
	// Bounded before goldmark sees it: its work grows with nesting,
	// reference definitions and backtick runs faster than the text.
	body = safe.Flatten(strings.TrimSpace(body))
	facts := markdownFacts(body)
	title := fm.title
	if facts.h1 != "" && (title == "" || store.Fold(title) == store.Fold(facts.h1)) {
		// The heading is the title: the reader shows it above the body.
		title = facts.h1
		body = strings.TrimSpace(body[facts.h1End:])
		facts = markdownFacts(body)
	}
	title = titleOr(title, facts, o.name)
	self, _ := safe.Link(fm.url, nil)
	body = cleanMarkdown(body, self)
	facts = markdownFacts(body)
	if len(fm.tags) > 0 {
		// No field holds tags; in the body they are found by search and
		// weigh in related stories.
		tags := "\n\nTags: " + escape(strings.Join(fm.tags, ", "))
		if i := strings.LastIndex(body, "\n\n"+linksHeading+"\n"); i >= 0 {
			body = body[:i] + tags + body[i:] // the numbered links stay last
		} else {
			body += tags
		}
	}
	if fm.author != "" {
		body = "By " + escape(fm.author) + "\n\n" + body
	}
	a := store.Article{
		Title:     title,
		Section:   o.section,
		Source:    o.name,
		Links:     facts.links.list,
		Words:     facts.words,
		Published: fm.date,
		Body:      body,
	}
	if fm.section != "" {
		a.Section = fm.section
	}
	if fm.source != "" {
		a.Source = fm.source
	}
	if u, ok := safe.Link(fm.url, nil); ok {
		a.Links = append([]string{u}, without(a.Links, u)...)
	}
	return []store.Article{a}, warns
}

// mdToHTML renders Markdown to HTML, raw HTML included: what comes out is
// cleaned as any web page's HTML is.
var mdToHTML = goldmark.New(
	goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.Table),
	goldmark.WithRendererOptions(goldmarkhtml.WithUnsafe()),
)

// cleanMarkdown makes Markdown from outside safe to render by taking it
// through HTML and back, the way pages and feeds go: a renderer makes a
// terminal hyperlink of any link it is given, javascript: and file:
// included, so only http, https and mailto links may stay; images,
// scripts and raw HTML controls go; nesting is limited and entities
// defused.
func cleanMarkdown(md, self string) string {
	var buf bytes.Buffer
	// "&#27;" in Markdown means ESC: defused, it shows as written instead.
	if err := mdToHTML.Convert([]byte(safe.Defuse(md)), &buf); err != nil {
		return plainToMarkdown(md)
	}
	return fragmentToMarkdown(buf.String(), nil, self)
}

// mdFacts is what lede needs to know of a Markdown body.
type mdFacts struct {
	h1      string // text of a level-1 heading that opens the body
	h1End   int    // byte offset just past that heading
	opening string // plain text of the first paragraph
	links   linkSet
	words   int
}

var mdParser = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.Table)).Parser()

// markdownFacts walks the Markdown: the opening heading, the first
// paragraph's text, the links (http, https and mailto only) and a count
// of the words a reader sees.
func markdownFacts(md string) mdFacts {
	var f mdFacts
	src := []byte(md)
	doc := mdParser.Parse(text.NewReader(src))
	if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 && h.Lines().Len() > 0 {
		f.h1 = cleanInline(plainText(h, src))
		f.h1End = blockEnd(src, h)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph:
			if f.opening == "" {
				f.opening = cleanInline(plainText(n, src))
			}
		case *ast.Link:
			f.addLink(string(n.Destination))
		case *ast.AutoLink:
			u := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
				u = "mailto:" + u
			}
			f.addLink(u)
		case *ast.Text:
			f.words += countWords(string(n.Segment.Value(src)))
		case *ast.String:
			f.words += countWords(string(n.Value))
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				f.words += countWords(string(seg.Value(src)))
			}
		}
		return ast.WalkContinue, nil
	})
	return f
}

func (f *mdFacts) addLink(u string) {
	if u, ok := safe.Link(html.UnescapeString(u), nil); ok {
		f.links.add(u)
	}
}

// plainText is the text of an inline container, without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// cleanInline makes Markdown source text a plain line: entities decoded
// (then sanitized again, as decoding can make control characters),
// backslash escapes dropped, white space made single.
func cleanInline(s string) string {
	s = mdEscapeRE().ReplaceAllString(s, "$1")
	return strings.TrimSpace(safe.Line(html.UnescapeString(s)))
}

var mdEscapeRE = lazyRegexp(`\\([!-/:-@\[-` + "`" + `{-~])`)

// blockEnd is the offset just past a block's last line, and past a setext
// heading's underline.
func blockEnd(src []byte, n ast.Node) int {
	lines := n.Lines()
	end := lines.At(lines.Len() - 1).Stop
	if i := strings.IndexByte(string(src[end:]), '\n'); i >= 0 {
		end += i + 1
	} else {
		return len(src)
	}
	// A setext underline: a line of '=' (level 1) right after the text.
	next := string(src[end:])
	if nl := strings.IndexByte(next, '\n'); nl >= 0 {
		next = next[:nl]
	}
	if u := strings.TrimSpace(next); u != "" && strings.Trim(u, "=") == "" {
		end += len(next)
	}
	return min(end, len(src))
}

func without(list []string, s string) []string {
	out := list[:0:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// safeMarkdown is the last step for every Markdown body from outside:
// nesting flattened to safe.MaxNesting, and character references that
// would decode into controls defused.
func safeMarkdown(md string) string {
	return safe.Defuse(safe.Flatten(md))
}
