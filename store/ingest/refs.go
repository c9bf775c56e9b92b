package ingest

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Links and images in an article's HTML are numbered: a link's text stays
// text with a reference after it ("Gmail app[2]"), an image is a line of
// its own ("[image: the new inbox][3]"), and the numbered addresses follow
// the article. The numbers are the article's links in order, its own
// address first, so they are the numbers the reader's links list shows.
// Feed furniture (tracking pixels, share buttons, feed-service footers)
// is dropped before anything is numbered.

// refs numbers an article's links, each once, in order.
type refs struct{ linkSet }

func (r *refs) number(u string) int { return r.add(u) }

// marker is what follows a link's text: "[N]", escaped for Markdown.
func marker(n int) string { return `\[` + strconv.Itoa(n) + `\]` }

// numberLinks replaces n's links and images by their text and reference
// numbers; first (when not "") is the article's own address, number 1.
// Links the reader would not open (javascript:, file:) are their text
// alone, and images with no safe address are left out.
func numberLinks(n *html.Node, base *url.URL, first string) *refs {
	r := &refs{}
	if first != "" {
		r.add(first)
	}
	var found []*html.Node
	walk(n, func(c *html.Node) {
		if c.Type == html.ElementNode && (c.DataAtom == atom.A || c.DataAtom == atom.Img) {
			found = append(found, c)
		}
	})
	for _, c := range found {
		if c.Parent == nil {
			continue
		}
		if c.DataAtom == atom.Img {
			src, ok := safe.Link(dom.GetAttribute(c, "src"), base)
			if !ok || strings.HasPrefix(src, "mailto:") {
				c.Parent.RemoveChild(c)
				continue
			}
			replaceWithBlock(c, imageLine(dom.GetAttribute(c, "alt"), r.number(src)))
			continue
		}
		u, ok := safe.Link(dom.GetAttribute(c, "href"), base)
		if !ok {
			unwrap(c) // a javascript: or file: link is just its text
			continue
		}
		text := strings.TrimSpace(dom.TextContent(c))
		switch {
		case dom.QuerySelector(c, "img") != nil && text == "":
			unwrap(c) // a picture that links to itself, or a bigger copy
		case text == "" && isImageURL(u):
			replaceWithBlock(c, imageLine("", r.number(u)))
		case text == "":
			c.Parent.RemoveChild(c) // nothing to read, nothing to number
		case text == u || "mailto:"+text == u || strings.Contains(text, "://"):
			// The address as its text: its host says as much, shorter.
			for c.FirstChild != nil {
				c.RemoveChild(c.FirstChild)
			}
			c.AppendChild(&html.Node{Type: html.TextNode, Data: linkName(u)})
			fallthrough
		default:
			c.Parent.InsertBefore(rawNode(refTag, marker(r.number(u))), c.NextSibling)
			unwrap(c)
		}
	}
	return r
}

// imageLine is how an image reads: "[image: alt][N]", or "[image][N]".
func imageLine(alt string, n int) string {
	alt = strings.Join(strings.Fields(safe.Line(alt)), " ")
	if alt == "" {
		return `\[image\]` + marker(n)
	}
	return `\[image: ` + escape(alt) + `\]` + marker(n)
}

// linkName is a short name for an address: its host and path, cut.
func linkName(u string) string {
	if a, ok := strings.CutPrefix(u, "mailto:"); ok {
		return a
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return strings.TrimPrefix(p.Host, "www.")
}

func isImageURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch strings.ToLower(path.Ext(p.Path)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg":
		return true
	}
	return false
}

// Markdown written into the tree is carried by an element of lede's own,
// which the converter writes as it is (see renderRaw): as text it would
// be escaped once more.
const (
	refTag   = "lede-ref"   // inline
	imageTag = "lede-image" // a block of its own
)

func rawNode(tag, md string) *html.Node {
	return &html.Node{Type: html.ElementNode, Data: tag, Attr: []html.Attribute{{Key: "md", Val: md}}}
}

func replaceWithBlock(c *html.Node, md string) {
	c.Parent.InsertBefore(rawNode(imageTag, md), c)
	c.Parent.RemoveChild(c)
}

// renderRaw writes lede's own elements: their Markdown as it is.
func renderRaw(_ converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	md := dom.GetAttribute(n, "md")
	if n.Data == imageTag {
		md = "\n\n" + md + "\n\n"
	}
	w.WriteString(md)
	return converter.RenderSuccess
}

// linksHeading opens the numbered addresses at an article's end; the
// store leaves them out of a search's snippets by it.
const linksHeading = store.LinksHeading

// refsList is the numbered addresses, for the end of the article.
func (r *refs) refsList() string {
	if len(r.list) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(linksHeading + "\n")
	for i, u := range r.list {
		b.WriteString("\n- " + marker(i+1) + " <" + u + ">")
	}
	return b.String()
}

// Feed junk: what feed services and blog engines add to every item.
var junkHosts = []string{
	"feeds.feedburner.com", "feedproxy.google.com/~ff", "feedads.g.doubleclick.net",
	"ad.doubleclick.net", "ads.pheedo.com", "feeds.wordpress.com", "stats.wordpress.com",
	"pixel.wp.com", "da.feedsportal.com", "res.feedsportal.com", "api.tweetmeme.com",
	"twitter.com/intent/", "twitter.com/share", "x.com/intent/", "facebook.com/sharer",
	"facebook.com/share.php", "plus.google.com/share", "reddit.com/submit",
	"digg.com/submit", "stumbleupon.com/submit", "del.icio.us/post", "delicious.com/save",
	"linkedin.com/sharearticle", "linkedin.com/sharing", "pinterest.com/pin/create",
	"news.ycombinator.com/submitlink", "addthis.com/bookmark", "addtoany.com/share",
}

// junkClasses name the blocks that hold share buttons and feed flare.
var junkClasses = []string{"feedflare", "sharedaddy", "share", "sharing", "social"}

func isJunkURL(raw string) bool {
	u := strings.ToLower(raw)
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	for _, h := range junkHosts {
		if strings.HasPrefix(u, h) {
			return true
		}
	}
	return false
}

func isJunkClass(class string) bool {
	for _, c := range strings.Fields(strings.ToLower(class)) {
		for _, j := range junkClasses {
			if c == j || strings.HasPrefix(c, j+"-") || strings.HasPrefix(c, j+"_") {
				return true
			}
		}
	}
	return false
}

// dropFeedJunk takes tracking pixels, share links and feed-service
// footers out of n.
func dropFeedJunk(n *html.Node) {
	var doomed []*html.Node
	walk(n, func(c *html.Node) {
		if c == n || c.Type != html.ElementNode {
			return
		}
		switch {
		case isJunkClass(dom.GetAttribute(c, "class")):
			doomed = append(doomed, c)
		case c.DataAtom == atom.A && isJunkURL(dom.GetAttribute(c, "href")):
			doomed = append(doomed, c)
		case c.DataAtom == atom.Img && (isJunkURL(dom.GetAttribute(c, "src")) ||
			dom.GetAttribute(c, "width") == "1" || dom.GetAttribute(c, "height") == "1"):
			doomed = append(doomed, c)
		}
	})
	for _, c := range doomed {
		if c.Parent != nil {
			c.Parent.RemoveChild(c)
		}
	}
}
