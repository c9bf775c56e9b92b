package ingest

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"maps"
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
	gofeedrss "github.com/mmcdole/gofeed/rss"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Feeds: RSS 0.9x, 1.0 (RDF) and 2.0, Atom, and JSON Feed, parsed by
// gofeed; each item is an article. gofeed reads XML with encoding/xml,
// which never expands entities a DTD declares nor fetches external ones:
// "&lol9;" and "&xxe;" stay as written (see TestBadInputs).

// parseFeed reads a feed into its items' articles. cut says the feed was
// longer than MaxFeedBytes and ends where the cap fell: the items that are
// whole still load.
func parseFeed(o origin, text string, f format, cut bool) ([]store.Article, []error) {
	var feed *gofeed.Feed
	var warns []error
	var err error
	nulls := 0
	if f == formatJSONFeed {
		feed, nulls, warns, err = parseJSONFeed(text, cut, o.limits.orDefaults().FeedBytes)
	} else {
		feed, warns, err = parseXMLFeed(text, cut, o.limits.orDefaults().FeedBytes)
	}
	if err != nil {
		return nil, []error{err}
	}
	if len(feed.Items)+nulls == 0 {
		return nil, append(warns, errors.New("feed has no items"))
	}
	arts, skipped := feedArticles(o, feed)
	skipped += nulls
	switch {
	case len(arts) == 0:
		return nil, append(warns, fmt.Errorf("feed has %s, none with a title or text", store.Count(len(feed.Items)+nulls, "item")))
	case skipped > 0:
		warns = append(warns, fmt.Errorf("%s with no title or text left out", store.Count(skipped, "item")))
	}
	return arts, warns
}

// parseWithGofeed runs gofeed, turning a panic on odd input into an error.
func parseWithGofeed(doc string) (feed *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("feed parser failed: %v", r)
		}
	}()
	p := gofeed.NewParser()
	// lede shows no item images: gofeed would otherwise parse every
	// item's HTML once more to look for one (half of what a feed of
	// 100,000 small items allocated).
	p.RSSTranslator = &rssTranslator{gofeed.DefaultRSSTranslator{DisableContentImageScan: true}}
	return p.Parse(strings.NewReader(doc))
}

// rssTranslator keeps what gofeed's universal item drops: an RSS item's
// <source>, the outlet an aggregator (Google News, a planet, a news
// digest) took the item from. It goes to the item's Custom["source"], and
// the article's Source is that outlet rather than the aggregator, so that
// a story told by five outlets through one feed shows five sources.
type rssTranslator struct{ gofeed.DefaultRSSTranslator }

func (t *rssTranslator) Translate(feed any) (*gofeed.Feed, error) {
	out, err := t.DefaultRSSTranslator.Translate(feed)
	in, ok := feed.(*gofeedrss.Feed)
	if err != nil || !ok || out == nil || len(out.Items) != len(in.Items) {
		return out, err
	}
	for i, it := range in.Items {
		if it == nil || it.Source == nil || out.Items[i] == nil || strings.TrimSpace(it.Source.Title) == "" {
			continue
		}
		custom := make(map[string]string, len(out.Items[i].Custom)+1)
		maps.Copy(custom, out.Items[i].Custom)
		custom["source"] = it.Source.Title
		out.Items[i].Custom = custom
	}
	return out, nil
}

func parseXMLFeed(text string, cut bool, feedBytes int) (*gofeed.Feed, []error, error) {
	// The text is UTF-8 now, whatever the declaration said.
	if m := xmlDeclRE().FindStringSubmatchIndex(text); m != nil {
		text = text[:m[2]] + "UTF-8" + text[m[3]:]
	}
	text = xmlStandIns(dropUnknownReferences(text))
	feed, err := parseWithGofeed(text)
	if err == nil && !cut {
		if len(feed.Items) == 0 {
			// Items inside an element never closed (an <itunes:category>
			// left open around them) are none of the channel's: read
			// them as its own, with a line saying why.
			if fixed, what := closeUnclosed(text); what != "" {
				if salvaged, err := parseWithGofeed(fixed); err == nil && len(salvaged.Items) > 0 {
					return salvaged, []error{fmt.Errorf("%s is never closed: read the %s inside it as the feed's", what, store.Count(len(salvaged.Items), "item"))}, nil
				}
			}
		}
		return feed, nil, nil
	}
	// Cut short (by the cap, or as it came): keep the items that are whole.
	fixed, items, open, cause := repairXMLFeed(text)
	if cause == nil && !cut {
		return nil, nil, fmt.Errorf("not a feed: %v", err) // well-formed, yet gofeed could not read it
	}
	if items == 0 && len(open) > 0 && cause != nil && !cut {
		// Cut off inside its first item: that item, as far as it goes,
		// is what there is to read.
		closed := text + closers(open)
		if salvaged, err := parseWithGofeed(closed); err == nil && len(salvaged.Items) > 0 {
			return salvaged, []error{fmt.Errorf("feed cut short (%s): read its first item as far as it goes", describeXMLError(cause))}, nil
		}
		return nil, nil, fmt.Errorf("feed cut short (%s), before its first whole item", describeXMLError(cause))
	}
	if items == 0 {
		if cause == nil {
			cause = err
		}
		return nil, nil, fmt.Errorf("not a feed: %s", describeXMLError(cause))
	}
	feed, err = parseWithGofeed(fixed)
	if err != nil {
		return nil, nil, fmt.Errorf("not a feed: %s", describeXMLError(err))
	}
	var warn error
	if cut {
		warn = fmt.Errorf("feed over %s: read the first %s only (%s)", sizeText(feedBytes), sizeText(feedBytes), store.Count(items, "whole item"))
	} else {
		warn = fmt.Errorf("feed cut short (%s): read the %s before it", describeXMLError(cause), store.Count(items, "whole item"))
	}
	return feed, []error{warn}, nil
}

// repairXMLFeed ends a feed after its last whole <item> or <entry>,
// closing the elements still open there, so that a feed cut off in the
// middle still gives the items before the cut. cause is why the document
// ended early, nil when it did not; open are the elements open where it
// ended, outermost first.
func repairXMLFeed(doc string) (fixed string, items int, open []string, cause error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false // as gofeed reads it
	d.CharsetReader = utf8Already
	var stack, openAtCut []string
	cutAt := -1
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(stack) > 0 {
				line, _ := d.InputPos()
				cause = &xml.SyntaxError{Msg: "unexpected EOF", Line: line}
			}
			break
		}
		if err != nil {
			cause = err
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, qualified(t.Name))
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if l := strings.ToLower(t.Name.Local); l == "item" || l == "entry" {
				items++
				cutAt = int(d.InputOffset())
				openAtCut = append(openAtCut[:0], stack...)
			}
		}
	}
	if cutAt < 0 {
		return doc, 0, stack, cause
	}
	return doc[:cutAt] + closers(openAtCut), items, stack, cause
}

// closers closes the elements open, outermost first: </b></a>.
func closers(open []string) string {
	var b strings.Builder
	for i := len(open) - 1; i >= 0; i-- {
		b.WriteString("</" + open[i] + ">")
	}
	return b.String()
}

// closeUnclosed makes each element that is never closed (its parent's
// end tag comes first) empty, <x …/>, so that what followed it is its
// parent's: the items a feed left inside an <itunes:category> it forgot
// to close are the channel's again. what names the first such element
// and its line, "" where there is none.
func closeUnclosed(doc string) (fixed, what string) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false // as gofeed reads it
	d.CharsetReader = utf8Already
	type open struct {
		name      string
		end, line int // the offset just past its start tag's '>'; its line
	}
	var stack []open
	var unclosed []open
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := d.InputPos()
			stack = append(stack, open{qualified(t.Name), int(d.InputOffset()), line})
		case xml.EndElement:
			name := qualified(t.Name)
			k := len(stack) - 1
			for k >= 0 && stack[k].name != name {
				k--
			}
			if k < 0 {
				continue // closes nothing open: left to the parser
			}
			unclosed = append(unclosed, stack[k+1:]...)
			stack = stack[:k]
		}
	}
	var b strings.Builder
	last := 0
	for _, u := range unclosed {
		if u.end < 1 || u.end > len(doc) || doc[u.end-1] != '>' || u.end >= 2 && doc[u.end-2] == '/' {
			continue
		}
		if what == "" {
			what = fmt.Sprintf("<%s> at line %d", safe.Quoted(u.name), u.line)
		}
		b.WriteString(doc[last : u.end-1])
		b.WriteString("/>")
		last = u.end
	}
	if what == "" {
		return doc, ""
	}
	b.WriteString(doc[last:])
	return b.String(), what
}

func qualified(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// describeXMLError makes encoding/xml's "XML syntax error on line 12:
// unexpected EOF" read "unexpected EOF at line 12".
func describeXMLError(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s at line %d", se.Msg, se.Line)
	}
	return err.Error()
}

// parseJSONFeed reads a JSON Feed. gofeed dereferences null items and
// authors, and needs the whole document; so the document is first read
// here, item by item: nulls are dropped, and a feed cut off in the middle
// keeps the items before the cut.
func parseJSONFeed(text string, cut bool, feedBytes int) (feed *gofeed.Feed, nulls int, warns []error, err error) {
	text = jsonControls(text)
	doc, items, nulls, fixed, cause := normalizeJSONFeed(text)
	if doc == nil {
		return nil, 0, nil, fmt.Errorf("not a feed: %s", describeJSONError(text, cause))
	}
	if fixed > 0 {
		warns = append(warns, fmt.Errorf("%s of the wrong type left out or repaired; the rest loaded", store.Count(fixed, "field")))
	}
	switch {
	case cut:
		warns = append(warns, fmt.Errorf("feed over %s: read the first %s only (%s)", sizeText(feedBytes), sizeText(feedBytes), store.Count(items, "whole item")))
	case cause != nil:
		warns = append(warns, fmt.Errorf("feed cut short (%s): read the %s before it", describeJSONError(text, cause), store.Count(items, "whole item")))
	}
	feed, err = parseWithGofeed(string(doc))
	if err != nil {
		return nil, 0, nil, fmt.Errorf("not a feed: %v", err)
	}
	return feed, nulls, warns, nil
}

// normalizeJSONFeed re-encodes a JSON Feed without nulls in it, every
// member gofeed reads of the type it wants (fixed counts those left out
// or coerced), keeping what was read before any syntax error. doc is nil
// when nothing usable was read: not JSON, not an object, or no items
// array.
func normalizeJSONFeed(text string) (doc []byte, items, nulls, fixed int, cause error) {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	if tok, err := d.Token(); err != nil {
		return nil, 0, 0, 0, err
	} else if tok != json.Delim('{') {
		return nil, 0, 0, 0, errors.New("JSON that is not an object")
	}
	top := map[string]any{}
	var list []any
	sawItems := false
fields:
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			cause = err
			break
		}
		key, _ := tok.(string)
		if key != "items" {
			var v any
			if err := d.Decode(&v); err != nil {
				cause = err
				break
			}
			if v != nil {
				top[key] = dropNulls(v)
			}
			continue
		}
		if tok, err := d.Token(); err != nil {
			cause = err
			break
		} else if tok != json.Delim('[') {
			return nil, 0, 0, 0, errors.New(`"items" is not an array`)
		}
		sawItems = true
		for d.More() {
			var v any
			if err := d.Decode(&v); err != nil {
				cause = err
				break fields
			}
			if m, ok := v.(map[string]any); ok {
				dropNulls(m)
				fixed += repairShapes(m, itemShapes)
				list = append(list, m)
			} else {
				nulls++ // null, or not an item at all
			}
		}
		if _, err := d.Token(); err != nil { // ']'
			cause = err
			break
		}
	}
	if cause == nil {
		if _, err := d.Token(); err != nil { // '}'
			cause = err
		}
	}
	if !sawItems {
		if cause == nil {
			cause = errors.New(`JSON with no "items": not a JSON Feed`)
		}
		return nil, 0, 0, 0, cause
	}
	fixed += repairShapes(top, feedShapes)
	if _, ok := top["version"]; !ok {
		top["version"] = "https://jsonfeed.org/version/1.1"
	}
	top["items"] = list
	doc, err := json.Marshal(top)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	return doc, len(list), nulls, fixed, cause
}

// dropNulls removes null members and elements, at any depth.
func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if x == nil {
				delete(v, k)
			} else {
				v[k] = dropNulls(x)
			}
		}
	case []any:
		out := v[:0]
		for _, x := range v {
			if x != nil {
				out = append(out, dropNulls(x))
			}
		}
		return out
	}
	return v
}

// describeJSONError says what is wrong and on which line.
func describeJSONError(text string, err error) string {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("%s at line %d", se.Error(), lineAt(text, int(se.Offset)))
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Sprintf("unexpected end of JSON at line %d", lineAt(text, len(text)))
	case err == nil:
		return "unknown error"
	}
	return err.Error()
}

func lineAt(text string, offset int) int {
	return 1 + strings.Count(text[:min(max(offset, 0), len(text))], "\n")
}

// feedArticles makes an article of each item with a title or some text.
func feedArticles(o origin, feed *gofeed.Feed) (arts []store.Article, skipped int) {
	feedBase := o.base
	if u, ok := safe.Link(feed.Link, o.base); ok && !strings.HasPrefix(u, "mailto:") {
		feedBase, _ = url.Parse(u)
	}
	source := htmlText(feed.Title)
	if source == "" {
		source = untitledSource(o.name)
	}
	for _, it := range feed.Items {
		if it == nil {
			skipped++
			continue
		}
		a, ok := itemArticle(o, it, feedBase, source, feed.FeedType != "json")
		if !ok {
			skipped++
			continue
		}
		arts = append(arts, a)
	}
	return arts, skipped
}

// untitledSource is what a feed with no title (none, or nothing left of
// it: "&lol9;") is the source of: its address's host (example.com, not
// the whole URL, which a feed's name would be otherwise), or its path.
func untitledSource(name string) string {
	if u, err := url.Parse(name); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != "" {
		return safe.Field(strings.TrimPrefix(u.Hostname(), "www."))
	}
	return name
}

// itemArticle makes an article of one item. textIsHTML says its text without
// tags is HTML still (an RSS description: "AT&amp;T" means AT&T), not
// plain text as a JSON Feed's content_text is.
func itemArticle(o origin, it *gofeed.Item, feedBase *url.URL, source string, textIsHTML bool) (store.Article, bool) {
	link, hasLink := safe.Link(it.Link, feedBase)
	base := feedBase
	if hasLink && !strings.HasPrefix(link, "mailto:") {
		base, _ = url.Parse(link)
	}
	content := it.Content
	if strings.TrimSpace(htmlText(content)) == "" {
		content = it.Description
	}
	if strings.TrimSpace(content) == "" {
		content = mediaDescription(it) // YouTube and podcasts say it there
	}
	var body string
	switch {
	case hasMarkup(content):
		first := ""
		if hasLink {
			first = link
		}
		body = fragmentToMarkdown(content, base, first)
	case textIsHTML && strings.Contains(content, "&"):
		body = plainToMarkdown(html.UnescapeString(content)) // cleaned after decoding
	default:
		body = plainToMarkdown(content)
	}
	var facts mdFacts
	if body != "" {
		facts = markdownFacts(body)
	}
	title := htmlText(it.Title)
	if title == "" && facts.opening != "" {
		title = headline(firstSentence(facts.opening))
	}
	if title == "" {
		return store.Article{}, false
	}
	if body == "" && hasLink {
		body = "<" + link + ">"
	}
	if by := itemAuthor(it); by != "" && !hasByline(facts.opening, by) {
		body = strings.TrimSpace("By " + escape(by) + "\n\n" + body)
	}
	outlet := htmlText(it.Custom["source"])
	if outlet != "" {
		source = outlet // an aggregator's item names where it came from
	}
	a := store.Article{
		Title:      title,
		Section:    o.section,
		Source:     source,
		Links:      facts.links.list,
		Words:      facts.words,
		Body:       body,
		Key:        itemKey(it),
		Aggregated: outlet != "",
	}
	if a.Section == "" && len(it.Categories) > 0 {
		if c := htmlText(it.Categories[0]); len(c) <= 40 {
			a.Section = c
		}
	}
	if hasLink {
		a.Links = append([]string{link}, without(a.Links, link)...)
	}
	switch {
	case it.PublishedParsed != nil:
		a.Published = *it.PublishedParsed
	case it.UpdatedParsed != nil:
		a.Published = *it.UpdatedParsed
	}
	return a, true
}

// mediaDescription is an item's Media RSS description (media:group or
// media:description), or "".
func mediaDescription(it *gofeed.Item) string {
	media := it.Extensions["media"]
	for _, e := range media["description"] {
		if strings.TrimSpace(e.Value) != "" {
			return e.Value
		}
	}
	for _, g := range media["group"] {
		for _, e := range g.Children["description"] {
			if strings.TrimSpace(e.Value) != "" {
				return e.Value
			}
		}
	}
	if it.ITunesExt != nil {
		return it.ITunesExt.Summary
	}
	return ""
}

func itemAuthor(it *gofeed.Item) string {
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			return htmlText(p.Name)
		}
	}
	if it.Author != nil {
		return htmlText(it.Author.Name)
	}
	return ""
}

// plainToMarkdown writes plain text (a JSON Feed's content_text, an RSS
// description without markup) as Markdown paragraphs, escaped, URLs made
// links.
func plainToMarkdown(s string) string {
	s = safe.Text(s)
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n\n") {
		if p = strings.TrimSpace(safe.Line(p)); p != "" {
			paras = append(paras, inline(p))
		}
	}
	return strings.Join(paras, "\n\n")
}
