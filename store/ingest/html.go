package ingest

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	readability "codeberg.org/readeck/go-readability"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	mdbase "github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Web pages: the article is found by a port of Firefox's Reader View
// (readability), which leaves navigation, scripts, styles and ads out, and
// is converted to Markdown by html-to-markdown. Nothing here parses HTML by
// hand.

// dropTags never reach a body: they are code, media or controls, not text.
var dropTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Frame: true, atom.Frameset: true, atom.Object: true,
	atom.Embed: true, atom.Applet: true, atom.Form: true, atom.Input: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Svg: true,
	atom.Math: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
	atom.Source: true, atom.Track: true,
	atom.Map: true, atom.Link: true, atom.Meta: true, atom.Head: true, atom.Dialog: true,
}

// chromeTags are a page's furniture, dropped when a page is taken whole
// because readability found no article in it.
var chromeTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Menu: true,
}

// parseHTML reads a web page into an article.
func parseHTML(o origin, text string) ([]store.Article, []error) {
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// x/net/html recovers from nearly anything, but refuses a tree
		// deeper than 512 elements. The words are still there.
		a, ok := htmlAsText(o, text)
		if !ok {
			return nil, []error{errEmpty}
		}
		return []store.Article{a}, []error{fmt.Errorf("nested too deep to lay out (%v): read as plain text", err)}
	}
	pageURL := o.base
	if canon := canonicalURL(doc, o.base); canon != nil && (pageURL == nil || pageURL.Scheme == "file") {
		pageURL = canon // a saved page's links resolve against where it came from
	}
	if pageURL == nil {
		pageURL = fileURL(o.name)
	}
	// Navigation is never the article; readability leaves it in a page
	// too short to tell.
	for _, n := range dom.QuerySelectorAll(doc, `nav, [role="navigation"], [aria-hidden="true"]`) {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	parser := readability.NewParser()
	parser.CharThresholds = 200 // short news items are articles too
	art, rerr := parser.ParseDocument(doc, pageURL)
	content := art.Node
	if rerr != nil || content == nil || len(strings.Fields(dom.TextContent(content))) < 5 {
		// No article found: take the page's body, less its furniture.
		content = dom.QuerySelector(doc, "body")
		if content == nil {
			content = doc
		}
		removeElements(content, chromeTags)
	}
	self, _ := safe.Link(pageURL.String(), nil)
	md := nodeToMarkdown(content, pageURL, self)
	title := safe.Field(art.Title)
	if title == "" {
		if t := dom.QuerySelector(doc, "title"); t != nil {
			title = safe.Field(dom.TextContent(t))
		}
	}
	facts := markdownFacts(md)
	if facts.h1 != "" && (title == "" || store.Fold(facts.h1) == store.Fold(title) || strings.HasPrefix(store.Fold(title), store.Fold(facts.h1))) {
		// The page's <h1> is usually its headline; <title> adds the
		// site's name to it.
		title = facts.h1
		md = strings.TrimSpace(md[facts.h1End:])
		facts = markdownFacts(md)
	}
	title = titleOr(title, facts, o.name)
	if by := safe.Field(art.Byline); by != "" && !hasByline(facts.opening, by) {
		if !strings.HasPrefix(strings.ToLower(by), "by ") {
			by = "By " + by
		}
		md = escape(by) + "\n\n" + md
	}
	a := store.Article{
		Title:   title,
		Section: o.section,
		Source:  o.name,
		Links:   facts.links.list,
		Words:   facts.words,
		Body:    md,
	}
	if site := safe.Field(art.SiteName); site != "" {
		a.Source = site // what a person calls it, rather than a file name
	}
	if art.PublishedTime != nil {
		a.Published = *art.PublishedTime
	}
	if u, ok := safe.Link(pageURL.String(), nil); ok {
		a.Links = append([]string{u}, without(a.Links, u)...)
	}
	return []store.Article{a}, nil
}

// blockTags end a paragraph when a page is read as plain text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Blockquote: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Tr: true, atom.Section: true, atom.Article: true, atom.Pre: true, atom.Hr: true,
	atom.Table: true, atom.Ul: true, atom.Ol: true, atom.Dd: true, atom.Dt: true,
}

// htmlAsText reads a page that cannot be laid out as a tree with the
// tokenizer alone: its <title>, and its text in paragraphs, less what
// dropTags hold.
func htmlAsText(o origin, text string) (store.Article, bool) {
	z := html.NewTokenizer(strings.NewReader(text))
	var title strings.Builder
	var paras []string
	var cur strings.Builder
	skip := 0 // inside a tag whose text is not read (script, style, ...)
	inTitle := false
	flush := func() {
		if p := strings.TrimSpace(safe.Line(cur.String())); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, _ := z.TagName()
		a := atom.Lookup(name)
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch {
			case a == atom.Title:
				inTitle = tt == html.StartTagToken
			case dropTags[a] && a != atom.Head && a != atom.Meta && a != atom.Link && a != atom.Img && a != atom.Input && a != atom.Source && a != atom.Track:
				if tt == html.StartTagToken {
					skip++
				}
			case blockTags[a]:
				flush()
			}
		case html.EndTagToken:
			switch {
			case a == atom.Title:
				inTitle = false
			case dropTags[a] && skip > 0:
				skip--
			case blockTags[a]:
				flush()
			}
		case html.TextToken:
			switch {
			case inTitle:
				title.Write(z.Text())
			case skip == 0:
				cur.Write(z.Text())
				cur.WriteByte(' ')
			}
		}
	}
	flush()
	a := store.Article{Title: safe.Field(title.String()), Section: o.section, Source: o.name}
	var body []string
	for _, p := range paras {
		p = safe.Text(p)
		if a.Title == "" {
			a.Title = headline(firstSentence(p))
		}
		a.Words += countWords(p)
		body = append(body, inline(p))
	}
	a.Body = strings.Join(body, "\n\n")
	return a, a.Title != "" || a.Body != ""
}

// hasByline: the text opens by naming its author already.
func hasByline(opening, author string) bool {
	o := strings.ToLower(opening[:min(len(opening), 300)])
	a := strings.TrimPrefix(strings.ToLower(author), "by ")
	return strings.Contains(o, "by "+a) || strings.HasPrefix(o, a)
}

// canonicalURL is where a saved page says it lives: <link rel=canonical>,
// else og:url.
func canonicalURL(doc *html.Node, base *url.URL) *url.URL {
	var raw string
	if n := dom.QuerySelector(doc, `link[rel~="canonical"][href]`); n != nil {
		raw = dom.GetAttribute(n, "href")
	} else if n := dom.QuerySelector(doc, `meta[property="og:url"][content]`); n != nil {
		raw = dom.GetAttribute(n, "content")
	}
	u, ok := safe.Link(raw, base)
	if !ok || strings.HasPrefix(u, "mailto:") {
		return nil
	}
	p, err := url.Parse(u)
	if err != nil {
		return nil
	}
	return p
}

// fileURL names a file by URL, for readability, which wants a page URL;
// links relative to it are then file: links and are dropped.
func fileURL(name string) *url.URL {
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = name
	}
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
}

// fragmentToMarkdown converts an HTML fragment (a feed item's content) to
// Markdown; first is the article's own address ("" for none), number 1 of
// its links.
func fragmentToMarkdown(fragment string, base *url.URL, first string) string {
	doc, err := html.Parse(strings.NewReader(fragment))
	if err != nil { // nested too deep: the words alone
		a, _ := htmlAsText(origin{}, fragment)
		return a.Body
	}
	body := dom.QuerySelector(doc, "body")
	if body == nil {
		body = doc
	}
	return nodeToMarkdown(body, base, first)
}

// nodeToMarkdown converts a subtree to Markdown, safe to render: code,
// media and controls left out, links made absolute and kept only when they
// are http, https or mailto, the result sanitized (the HTML parser decoded
// entities into characters, "&#27;" into ESC) and character references
// that would decode into controls defused.
func nodeToMarkdown(n *html.Node, base *url.URL, first string) string {
	dropFeedJunk(n)
	removeElements(n, dropTags)
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			// The parser decoded entities: "&#27;[2J" is a live escape now.
			c.Data = safe.Text(c.Data)
		}
	})
	r := numberLinks(n, base, first)
	conv := converter.NewConverter(converter.WithPlugins(
		mdbase.NewBasePlugin(), commonmark.NewCommonmarkPlugin(),
		strikethrough.NewStrikethroughPlugin(), table.NewTablePlugin(),
	))
	conv.Register.RendererFor(refTag, converter.TagTypeInline, renderRaw, converter.PriorityEarly)
	conv.Register.RendererFor(imageTag, converter.TagTypeBlock, renderRaw, converter.PriorityEarly)
	out, err := conv.ConvertNode(n)
	if err != nil {
		return escape(strings.TrimSpace(safe.Line(dom.TextContent(n))))
	}
	md := safe.Text(string(out))
	md = blankLinesRE().ReplaceAllString(md, "\n\n")
	md = strings.TrimSpace(md)
	if list := r.refsList(); list != "" && md != "" {
		md += "\n\n" + list
	}
	return safeMarkdown(md)
}

var blankLinesRE = lazyRegexp(`\n[ \t]*\n(?:[ \t]*\n)+`)

// removeElements takes every element whose tag is in tags out of the tree.
func removeElements(n *html.Node, tags map[atom.Atom]bool) {
	var doomed []*html.Node
	walk(n, func(c *html.Node) {
		if c != n && c.Type == html.ElementNode && tags[c.DataAtom] {
			doomed = append(doomed, c)
		}
	})
	for _, c := range doomed {
		if c.Parent != nil {
			c.Parent.RemoveChild(c)
		}
	}
	// Comments say nothing to a reader.
	var comments []*html.Node
	walk(n, func(c *html.Node) {
		if c.Type == html.CommentNode {
			comments = append(comments, c)
		}
	})
	for _, c := range comments {
		if c.Parent != nil {
			c.Parent.RemoveChild(c)
		}
	}
}

// unwrap replaces an element by its children.
func unwrap(n *html.Node) {
	p := n.Parent
	if p == nil {
		return
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		p.InsertBefore(c, n)
		c = next
	}
	p.RemoveChild(n)
}

// walk visits n and its descendants, parents first. The tree must not
// change during the walk.
func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

// htmlText is the text of a string that may hold markup or entities (a
// feed title of type "html"), as one plain line.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return safe.Field(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return safe.Field(b.String())
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}

// hasMarkup: s holds at least one HTML tag, so it is HTML rather than
// plain text that happens to contain a '<'.
func hasMarkup(s string) bool {
	if !strings.Contains(s, "<") {
		return false
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			return true
		}
	}
}
