package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/lede-reader/lede/store/safe"
)

// format is what a source holds, told by its content first and its name or
// HTTP content type only where the content leaves it open.
type format int

const (
	formatText     format = iota // plain text, read by the seed rules
	formatMarkdown               // Markdown, maybe with YAML front matter
	formatHTML                   // a web page
	formatXMLFeed                // RSS 0.9x/1.0/2.0 or Atom
	formatJSONFeed               // JSON Feed (or JSON that claims to be one)
	formatXML                    // XML that is neither a feed nor a page
)

func (f format) String() string {
	return [...]string{"text", "Markdown", "HTML", "feed", "JSON feed", "XML"}[f]
}

// isFeed: formats that may hold many articles and get the larger cap.
func (f format) isFeed() bool { return f == formatXMLFeed || f == formatJSONFeed }

// sniffBytes is how much of a source detection looks at.
const sniffBytes = 8 << 10

// htmlTags open an HTML document or fragment when they come first.
var htmlTags = map[string]bool{
	"html": true, "head": true, "body": true, "meta": true, "title": true,
	"link": true, "script": true, "style": true, "base": true, "div": true,
	"p": true, "article": true, "main": true, "section": true, "header": true,
	"nav": true, "h1": true, "h2": true, "h3": true, "table": true, "ul": true,
	"ol": true, "pre": true, "blockquote": true, "span": true, "a": true, "img": true,
	"br": true, "hr": true, "form": true, "iframe": true, "noscript": true, "center": true,
	"font": true, "b": true, "i": true, "em": true, "strong": true, "figure": true,
}

// detect tells a source's format from its decoded text, its name (for the
// extension) and, for HTTP, its content type. Content wins: a feed saved as
// .txt is a feed, a page piped to stdin is a page. Markdown and plain text
// look alike, so for them the name decides unless the text starts with
// front matter or an ATX heading.
func detect(text, name, contentType string) format {
	head := text[:min(len(text), sniffBytes)]
	t := strings.TrimLeft(head, " \t\r\n\ufeff")
	ext := strings.ToLower(path.Ext(name))
	ctype := mediaType(contentType)
	switch {
	case strings.HasPrefix(t, "{"):
		return formatJSONFeed
	case strings.HasPrefix(t, "<"):
		root, doctype := xmlRoot(t)
		switch {
		case root == "" && onlyMarkup(text):
			// Declarations and comments, no element and no text: not an
			// article titled "<!--".
			return formatXML
		case root == "rss" || root == "rdf" || root == "feed":
			return formatXMLFeed
		case root == "html" || strings.HasPrefix(strings.ToLower(doctype), "doctype html"):
			return formatHTML
		case htmlTags[root] && !isMarkdownName(ext) && ctype != "text/markdown":
			return formatHTML
		case root != "" && (strings.HasPrefix(t, "<?xml") || isXMLName(ext) || strings.Contains(ctype, "xml")):
			return formatXML
		}
	}
	switch {
	case strings.HasPrefix(t, "---\n") || strings.HasPrefix(t, "---\r\n"):
		return formatMarkdown
	case isMarkdownName(ext) || ctype == "text/markdown":
		return formatMarkdown
	case ctype == "text/html" || ext == ".html" || ext == ".htm" || ext == ".xhtml":
		if strings.Contains(t, "<") {
			return formatHTML
		}
	}
	if strings.HasPrefix(t, "# ") {
		return formatMarkdown
	}
	return formatText
}

func isMarkdownName(ext string) bool {
	switch ext {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return true
	}
	return false
}

func isXMLName(ext string) bool {
	switch ext {
	case ".xml", ".rss", ".atom", ".rdf", ".feed":
		return true
	}
	return false
}

// mediaType is a Content-Type without its parameters, lower-cased.
func mediaType(contentType string) string {
	t, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// xmlRoot finds the first element of a document and its DOCTYPE, if any,
// with a tolerant tokenizer that never expands entities or follows a DTD.
func xmlRoot(head string) (root, doctype string) {
	d := xml.NewDecoder(strings.NewReader(head))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	d.CharsetReader = utf8Already
	for range 64 { // comments and processing instructions first, not forever
		tok, err := d.RawToken()
		if err != nil {
			return "", doctype
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			return strings.ToLower(tok.Name.Local), doctype
		case xml.Directive:
			if doctype == "" {
				doctype = strings.TrimSpace(string(tok))
			}
		case xml.CharData:
			if len(bytes.TrimSpace(tok)) > 0 {
				return "", doctype // text before any element: not markup
			}
		}
	}
	return "", doctype
}

// onlyMarkup: text holds XML declarations, processing instructions,
// comments and white space, and nothing else.
func onlyMarkup(text string) bool {
	d := xml.NewDecoder(strings.NewReader(text))
	d.Strict = false
	d.CharsetReader = utf8Already
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		switch tok := tok.(type) {
		case xml.ProcInst, xml.Comment, xml.Directive:
		case xml.CharData:
			if len(bytes.TrimSpace(tok)) > 0 {
				return false
			}
		default:
			return false
		}
	}
}

// utf8Already is the CharsetReader for text decoded already, whatever its
// XML declaration says.
func utf8Already(_ string, r io.Reader) (io.Reader, error) { return r, nil }

// errNotFeedXML names the root of XML that is neither a feed nor a page.
func errNotFeedXML(text string) error {
	root, _ := xmlRoot(strings.TrimLeft(text[:min(len(text), sniffBytes)], " \t\r\n"))
	if root == "" {
		return errors.New("not a feed: XML with no root element (no item, no text)")
	}
	return errors.New("not a feed: an XML document whose root is <" + safe.Quoted(root) + ">, not <rss>, <rdf:RDF> or <feed>")
}
