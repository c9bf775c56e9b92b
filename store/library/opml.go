package library

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Subscriptions travel as OPML 2.0 (what every feed reader exports) and
// are read from newsboat's urls file too.

type opmlDoc struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Title   string    `xml:"head>title"`
	Body    []outline `xml:"body>outline"`
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Category string    `xml:"category,attr,omitempty"`
	FullText string    `xml:"fullText,attr,omitempty"` // lede's own: "true" for --full-text
	Outlines []outline `xml:"outline"`
}

// maxImport bounds what an import reads: a subscription list, not a
// corpus.
const maxImport = 8 << 20

// ReadSubscriptions reads an OPML file or a newsboat urls file, told
// apart by content. Every entry is checked before anything is returned,
// so a bad file subscribes to nothing. skipped says, one line each, what
// was left out on purpose (newsboat's query: and exec: feeds).
func ReadSubscriptions(r io.Reader) (subs []Subscription, skipped []string, err error) {
	data, err := io.ReadAll(io.LimitReader(r, maxImport+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > maxImport {
		return nil, nil, fmt.Errorf("over %d MB: not a subscription list", maxImport>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	t := bytes.TrimSpace(data)
	if bytes.HasPrefix(t, []byte("<")) {
		return readOPML(data)
	}
	if bytes.HasPrefix(t, []byte("{")) || bytes.HasPrefix(t, []byte("[")) {
		if bytes.Contains(t, []byte("jsonfeed.org/version")) {
			return nil, nil, &FeedFileError{Kind: "a JSON Feed"}
		}
		return nil, nil, errors.New("JSON, neither OPML nor a urls file")
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, errors.New("neither OPML nor a urls file (not text)")
	}
	return readURLs(string(data))
}

// FeedFileError is the error of a feed given where a subscription list
// is wanted (lede import feed.xml): lede add follows it.
type FeedFileError struct{ Kind string }

func (e *FeedFileError) Error() string {
	return e.Kind + ", not a subscription list (lede add follows a feed)"
}

// feedRoots are the root elements of feeds: RSS, Atom, RSS 1.0 (RDF).
var feedRoots = map[string]string{"rss": "an RSS feed", "feed": "an Atom feed", "RDF": "an RSS feed"}

// rootElement is the name of the document's first element, "" where
// there is none to be read.
func rootElement(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = nil
	for range 1000 {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
	return ""
}

// xmlRefRE matches a numeric character reference.
var xmlRefRE = regexp.MustCompile(`&#(?:[0-9]+|[xX][0-9a-fA-F]+);`)

// markControls puts, in place of what XML forbids in an OPML document
// (control characters but tab and line breaks, raw or as character
// references: &#27;), its stand-in (safe.StandIn): a noncharacter XML
// allows, so that the document parses instead of failing whole, and
// the one sanitiser reads it back as the control it was, taking a
// whole escape sequence out of a name, not its ESC alone.
func markControls(data []byte) []byte {
	data = bytes.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return safe.StandIn(byte(r))
		}
		return r
	}, data)
	return xmlRefRE.ReplaceAllFunc(data, func(ref []byte) []byte {
		body := string(ref[2 : len(ref)-1])
		base := 10
		if body[0] == 'x' || body[0] == 'X' {
			body, base = body[1:], 16
		}
		v, err := strconv.ParseUint(body, base, 32)
		switch {
		case err == nil && v < 0x20:
			return []byte(string(safe.StandIn(byte(v))))
		case err != nil || !xmlChar(rune(v)):
			return []byte(string(safe.StandIn(0)))
		}
		return ref
	})
}

// isControl: r is a control character, one XML allows (&#10;, a tab,
// U+0085) or a stand-in of one it forbids.
func isControl(r rune) bool {
	return r >= safe.StandIn(0) && r <= safe.StandIn(0x1f) || unicode.IsControl(r)
}

// hasControl: s (an address) holds a control character.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, isControl)
}

// controlsToSpaces cleans s (a name, a folder's) by the one sanitiser,
// a control on its own becoming a space (Tender&#7;Bell is "Tender
// Bell", not "TenderBell"), an escape sequence going whole.
func controlsToSpaces(s string) string {
	return safe.Spaced(s)
}

// xmlChar: XML allows the character (its Char production).
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// readOPML reads an OPML document. Only http(s) feeds are followed from
// it: an OPML file from someone else must not point lede at files on
// this computer (file:///etc/passwd, a path), so such an entry is left
// out with a line in skipped, and the rest imports.
func readOPML(data []byte) ([]Subscription, []string, error) {
	if kind, ok := feedRoots[rootElement(data)]; ok {
		return nil, nil, &FeedFileError{Kind: kind}
	}
	data = markControls(data)
	var doc opmlDoc
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = nil // no DTD entities are expanded
	if err := d.Decode(&doc); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, fmt.Errorf("not OPML: %s at line %d", se.Msg, se.Line)
		}
		if strings.Contains(err.Error(), "expected element type <opml>") {
			return nil, nil, errors.New("not OPML: the root element is not <opml>")
		}
		return nil, nil, fmt.Errorf("not OPML: %v", err)
	}
	var subs []Subscription
	var bad, skipped []string
	var walk func(list []outline, tags []string)
	walk = func(list []outline, tags []string) {
		for _, o := range list {
			name := o.Text
			if name == "" {
				name = o.Title
			}
			name = controlsToSpaces(name)
			if o.XMLURL == "" {
				// A folder: its feeds carry its name as a tag.
				inner := tags
				if n := strings.TrimSpace(name); n != "" {
					inner = append(append([]string(nil), tags...), n)
				}
				walk(o.Outlines, inner)
				continue
			}
			if u := strings.TrimSpace(o.XMLURL); hasControl(u) {
				// Not the address with its control taken out, which is
				// another: left out, as a file's is.
				shown := strings.Map(func(r rune) rune {
					if isControl(r) {
						return utf8.RuneError
					}
					return r
				}, u)
				skipped = append(skipped, fmt.Sprintf("%q: holds a control character, not an address; left out", safe.LineMax(shown, 200)))
				continue
			} else if !IsURL(u) {
				what := notURL(u)
				skipped = append(skipped, fmt.Sprintf("%q: %s; left out", safe.LineMax(u, 200), what))
				continue
			}
			src, err := Source(o.XMLURL)
			if err != nil {
				bad = append(bad, err.Error())
				continue
			}
			all := append([]string(nil), tags...)
			for _, c := range strings.Split(controlsToSpaces(o.Category), ",") {
				if c = strings.Trim(strings.TrimSpace(c), "/"); c != "" {
					all = append(all, c)
				}
			}
			// A title apart from the text is the feed's own, as OPML has
			// it (WriteOPML writes it so): kept until an update tells it.
			title := ""
			if o.Text != "" && o.Title != o.Text {
				title = controlsToSpaces(o.Title)
			}
			subs = append(subs, Subscription{URL: src, Name: name, Title: title, Tags: all, FullText: o.FullText == "true"}.clean())
			walk(o.Outlines, tags) // feeds nested in a feed, as some readers write
		}
	}
	walk(doc.Body, nil)
	if len(bad) > 0 {
		return nil, nil, fmt.Errorf("%s lede cannot follow, first: %s", store.Count(len(bad), "feed"), bad[0])
	}
	if len(subs) == 0 {
		if len(skipped) > 0 {
			return nil, skipped, errors.New("OPML with no http(s) feed in it")
		}
		return nil, nil, errors.New("OPML with no feeds in it (no outline has an xmlUrl)")
	}
	return subs, skipped, nil
}

// readURLs reads newsboat's urls file: a URL per line, then its tags
// ("quoted" when they hold spaces); a tag starting with ~ names the feed,
// one starting with ! hides it in newsboat (here an ordinary tag, less
// the !). # starts a comment line.
func readURLs(text string) ([]Subscription, []string, error) {
	var subs []Subscription
	var skipped []string
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), maxImport)
	line := 0
	for sc.Scan() {
		line++
		fields, err := splitURLsLine(sc.Text())
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %v", line, err)
		}
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		low := strings.ToLower(fields[0])
		if strings.HasPrefix(low, "query:") || strings.HasPrefix(low, "exec:") || strings.HasPrefix(low, "filter:") {
			skipped = append(skipped, fmt.Sprintf("line %d: %s feeds are newsboat's own; left out", line, strings.SplitN(low, ":", 2)[0]))
			continue
		}
		src, err := Source(fields[0])
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %v", line, err)
		}
		s := Subscription{URL: src}
		for _, t := range fields[1:] {
			switch {
			case strings.HasPrefix(t, "~"):
				s.Name = t[1:]
			case strings.HasPrefix(t, "!"):
				s.Tags = append(s.Tags, t[1:])
			default:
				s.Tags = append(s.Tags, t)
			}
		}
		subs = append(subs, s.clean())
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	if len(subs) == 0 {
		return nil, skipped, errors.New("neither OPML nor a urls file with a feed in it")
	}
	return subs, skipped, nil
}

// splitURLsLine splits at spaces, keeping "quoted words" whole.
func splitURLsLine(s string) ([]string, error) {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return nil, errors.New("a quote is not closed")
			}
			out = append(out, s[1:1+end])
			s = strings.TrimSpace(s[2+end:])
			continue
		}
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		out = append(out, s[:end])
		s = strings.TrimSpace(s[end:])
	}
	return out, nil
}

// WriteOPML writes feeds as OPML 2.0: a feed with tags sits in an outline
// named after its first tag, and carries all its tags in category, so
// that ReadSubscriptions gives them back as they were. Only web feeds go
// in, as ReadSubscriptions follows only those from OPML (a path names a
// file on this computer, which no other computer or reader can fetch);
// the feeds on disk are given back as left out, for the caller to say.
func WriteOPML(w io.Writer, feeds []Feed) (left []Feed, err error) {
	doc := opmlDoc{Version: "2.0", Title: "lede subscriptions"}
	folders := map[string]int{}
	for _, f := range feeds {
		if !IsURL(f.URL) {
			left = append(left, f)
			continue
		}
		// text the name a person calls it by, title the feed's own (as
		// OPML has it, and newsboat keeps a feed's title apart from the
		// "~name" of its urls file), where it is known.
		title := f.Title
		if title == "" {
			title = f.Name
		}
		o := outline{Text: store.Sanitize(f.Name), Title: store.Sanitize(title), Type: "rss", XMLURL: f.URL,
			Category: strings.Join(f.Tags, ",")}
		if f.FullText {
			o.FullText = "true"
		}
		if len(f.Tags) == 0 {
			doc.Body = append(doc.Body, o)
			continue
		}
		i, ok := folders[f.Tags[0]]
		if !ok {
			i = len(doc.Body)
			folders[f.Tags[0]] = i
			doc.Body = append(doc.Body, outline{Text: f.Tags[0], Title: f.Tags[0]})
		}
		doc.Body[i].Outlines = append(doc.Body[i].Outlines, o)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return left, err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return left, err
	}
	_, err = io.WriteString(w, "\n")
	return left, err
}

// notURL says what an outline's address that is no http(s) URL is: a
// file on this computer (file:, a path), an address without its scheme
// (example.com/feed.xml), another scheme, or no address at all ("not a
// url"), so that the line left out says the truth.
func notURL(u string) string {
	low := strings.ToLower(u)
	host, _, _ := strings.Cut(low, "/")
	switch {
	case strings.HasPrefix(low, "file:"), strings.HasPrefix(u, "/"), strings.HasPrefix(u, "~"),
		strings.HasPrefix(u, "./"), strings.HasPrefix(u, "../"), strings.HasPrefix(u, `\\`),
		len(u) > 2 && u[1] == ':' && (u[2] == '\\' || u[2] == '/'):
		return "a file on this computer, not an http(s) URL (lede add follows it, if you mean to)"
	case strings.Contains(low, "://") || strings.HasPrefix(low, "mailto:") || strings.HasPrefix(low, "exec:") || strings.HasPrefix(low, "query:"):
		return "not an http(s) URL"
	case u != "" && !strings.ContainsAny(u, " \t") && strings.Contains(host, ".") && !strings.HasSuffix(host, "."):
		return "not an http(s) URL (no http:// or https:// before it)"
	}
	return "not an address"
}
