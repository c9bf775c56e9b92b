package library

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestOPMLImportExportRoundTrip(t *testing.T) {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="Tech">
    <outline text="Hacker News" type="rss" xmlUrl="https://news.ycombinator.com/rss"/>
    <outline text="Go" title="Go blog"><outline text="Go Blog" type="rss" xmlUrl="https://go.dev/blog/feed.atom" category="/lang,dev"/></outline>
  </outline>
  <outline text="BBC" type="rss" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml" fullText="true"/>
</body></opml>`
	subs, skipped, err := ReadSubscriptions(strings.NewReader(in))
	if err != nil || len(skipped) > 0 {
		t.Fatal(err, skipped)
	}
	want := []Subscription{
		{URL: "https://news.ycombinator.com/rss", Name: "Hacker News", Tags: []string{"Tech"}},
		{URL: "https://go.dev/blog/feed.atom", Name: "Go Blog", Tags: []string{"Tech", "Go", "lang", "dev"}},
		{URL: "https://feeds.bbci.co.uk/news/rss.xml", Name: "BBC", FullText: true},
	}
	check := func(got []Subscription) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d subscriptions, want %d: %+v", len(got), len(want), got)
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.URL != w.URL || g.Name != w.Name || g.FullText != w.FullText || !slices.Equal(g.Tags, w.Tags) {
				t.Errorf("subscription %d = %+v, want %+v", i, g, w)
			}
		}
	}
	check(subs)

	l := openTemp(t)
	if _, _, err := l.Subscribe(ctx, subs); err != nil {
		t.Fatal(err)
	}
	// An import of the same list again duplicates nothing.
	if added, skipped, err := l.Subscribe(ctx, subs); err != nil || len(added) != 0 || skipped != 3 {
		t.Fatalf("second import: %d added, %d skipped, %v", len(added), skipped, err)
	}
	feeds, _ := l.Feeds(ctx)
	var out bytes.Buffer
	if _, err := WriteOPML(&out, feeds); err != nil {
		t.Fatal(err)
	}
	back, _, err := ReadSubscriptions(&out)
	if err != nil {
		t.Fatalf("reading an export: %v\n%s", err, out.String())
	}
	// The export is in name order.
	slices.SortFunc(back, func(a, b Subscription) int { return strings.Compare(a.URL, b.URL) })
	slices.SortFunc(want, func(a, b Subscription) int { return strings.Compare(a.URL, b.URL) })
	check(back)
}

func TestURLsFile(t *testing.T) {
	in := "# my newsboat urls\n" +
		"https://example.com/a.xml tech \"long tag\" ~Alpha\n" +
		"\n" +
		"https://example.com/b.xml !hidden\n" +
		"\"query:Unread:unread = \\\"yes\\\"\"\n" +
		"https://example.com/a.xml dup\n"
	subs, skipped, err := ReadSubscriptions(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0], "line 5") {
		t.Fatalf("skipped %q, want line 5's query feed", skipped)
	}
	if len(subs) != 3 || subs[0].Name != "Alpha" || !slices.Equal(subs[0].Tags, []string{"tech", "long tag"}) || !slices.Equal(subs[1].Tags, []string{"hidden"}) {
		t.Fatalf("subs %+v", subs)
	}
	l := openTemp(t)
	added, dup, err := l.Subscribe(ctx, subs)
	if err != nil || len(added) != 2 || dup != 1 {
		t.Fatalf("import: %d added, %d skipped, %v", len(added), dup, err)
	}
	feeds, _ := l.Feeds(ctx)
	if !slices.Equal(feeds[0].Tags, []string{"tech", "long tag", "dup"}) {
		t.Fatalf("a repeated URL should merge its tags: %v", feeds[0].Tags)
	}
	// urls → export → import gives the same subscriptions.
	var out bytes.Buffer
	WriteOPML(&out, feeds)
	back, _, err := ReadSubscriptions(&out)
	if err != nil || len(back) != 2 || back[0].Name != "Alpha" || !slices.Equal(back[0].Tags, feeds[0].Tags) {
		t.Fatalf("round trip: %+v %v", back, err)
	}
}

func TestImportRefusesBadInput(t *testing.T) {
	for name, in := range map[string]string{
		"html":         "<html><body>hi</body></html>",
		"broken xml":   "<opml version=\"2.0\"><body><outline xmlUrl=\"https://x/\">",
		"no feeds":     "<opml version=\"2.0\"><body><outline text=\"empty\"/></body></opml>",
		"bad scheme":   "<opml version=\"2.0\"><body><outline xmlUrl=\"ftp://x/feed\"/></body></opml>",
		"text":         "hello there\nthis is a letter\n",
		"binary":       "\x00\x01\x02",
		"unclosed tag": "https://example.com/a.xml \"open\n",
	} {
		if subs, _, err := ReadSubscriptions(strings.NewReader(in)); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v, %v; want one line of error", name, subs, err)
		}
	}
}

// An OPML file from someone else points lede at http(s) feeds only: an
// entry of a local file (file:///etc/passwd, a path) is left out with a
// line, and the rest imports; an escape sequence in a name (&#27;, or
// raw) goes whole, and costs the file none of its feeds.
func TestOPMLFromSomeoneElse(t *testing.T) {
	in := "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>x</title></head><body>\n" +
		`<outline text="passwd" xmlUrl="file:///etc/passwd"/>` + "\n" +
		`<outline text="hosts" xmlUrl="/etc/hosts"/>` + "\n" +
		`<outline text="Evil&#27;[2J name&#x1b;" xmlUrl="http://example.com/feed.xml"/>` + "\n" +
		"<outline text=\"Raw\x1b[31m\" xmlUrl=\"https://example.org/rss\"/>\n" +
		"</body></opml>"
	subs, skipped, err := ReadSubscriptions(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 2 || subs[0].URL != "http://example.com/feed.xml" || subs[0].Name != "Evil name" || subs[1].Name != "Raw" {
		t.Fatalf("subs %+v", subs)
	}
	if len(skipped) != 2 || !strings.Contains(skipped[0], "/etc/passwd") || !strings.Contains(skipped[1], "/etc/hosts") ||
		!strings.Contains(skipped[0], "not an http(s) URL") {
		t.Fatalf("skipped %q, want a line for each local file", skipped)
	}
	// Nothing but local files: nothing to import, and each said.
	if _, skipped, err := ReadSubscriptions(strings.NewReader(`<opml version="2.0"><body><outline xmlUrl="file:///etc/passwd"/></body></opml>`)); err == nil || len(skipped) != 1 {
		t.Fatalf("a list of a local file alone: %v, %q", err, skipped)
	}
}

// A feed given to import is said to be a feed, for lede add.
func TestImportOfAFeed(t *testing.T) {
	for in, kind := range map[string]string{
		`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`:      "an RSS feed",
		`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`: "an Atom feed",
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel/></rdf:RDF>`:  "an RSS feed",
		`{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}`:             "a JSON Feed",
	} {
		_, _, err := ReadSubscriptions(strings.NewReader(in))
		var fe *FeedFileError
		if !errors.As(err, &fe) || fe.Kind != kind {
			t.Errorf("%.30s: %v, want %s", in, err, kind)
		}
	}
}

// A control character in a feed's address (&#27;, &#10;, raw) leaves
// that entry out with one line, as a file's address is: the address is
// not changed into another (x&#27;[2J.xml subscribed as x[2J.xml), and
// the rest imports (a &#10; refused the whole file). A control in a
// name or a folder's becomes a space (Tender&#7;Bell was TenderBell).
func TestOPMLControlInAddress(t *testing.T) {
	in := "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>x</title></head><body>\n" +
		`<outline text="Esc" xmlUrl="http://127.0.0.1:18792/x&#27;[2J.xml"/>` + "\n" +
		`<outline text="Newline" xmlUrl="http://127.0.0.1:18792/y&#10;z.xml"/>` + "\n" +
		"<outline text=\"Raw\" xmlUrl=\"http://127.0.0.1:18792/r\x07.xml\"/>\n" +
		`<outline text="C1" xmlUrl="http://127.0.0.1:18792/c&#x85;.xml"/>` + "\n" +
		`<outline text="Folder&#9;One"><outline text="Tender&#7;Bell" xmlUrl="http://127.0.0.1:18792/tb.xml"/></outline>` + "\n" +
		"</body></opml>"
	subs, skipped, err := ReadSubscriptions(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 || subs[0].URL != "http://127.0.0.1:18792/tb.xml" || subs[0].Name != "Tender Bell" ||
		len(subs[0].Tags) != 1 || subs[0].Tags[0] != "Folder One" {
		t.Fatalf("subs %+v, want Tender Bell alone, in Folder One", subs)
	}
	if len(skipped) != 4 {
		t.Fatalf("skipped %q, want a line for each address with a control", skipped)
	}
	for _, line := range skipped {
		if !strings.Contains(line, "control character") || strings.ContainsFunc(line, unicode.IsControl) {
			t.Errorf("skipped line %q: want it said, with no control in it", line)
		}
	}
}

// An escape sequence in an OPML name goes whole, by the one sanitiser, as
// it does from lede add --name: "&#27;]0;x&#7;Evil" is "Evil" (it was
// "]0;x Evil", the ESC and BEL made spaces before the sanitiser saw the
// sequence), raw or as references; a control on its own is a space.
func TestOPMLEscapeInNameGoesWhole(t *testing.T) {
	in := "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>x</title></head><body>\n" +
		`<outline text="&#27;]0;x&#7;Evil" xmlUrl="http://127.0.0.1:18792/a.xml"/>` + "\n" +
		"<outline text=\"\x1b[31mRed\x1b[0m Feed\" xmlUrl=\"http://127.0.0.1:18792/b.xml\"/>\n" +
		`<outline text="&#x1b;]8;;http://x&#x1b;\Link&#27;]8;;&#27;\" xmlUrl="http://127.0.0.1:18792/c.xml"/>` + "\n" +
		`<outline text="Tender&#7;Bell" xmlUrl="http://127.0.0.1:18792/d.xml"/>` + "\n" +
		"</body></opml>"
	subs, _, err := ReadSubscriptions(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range subs {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, "|"); got != "Evil|Red Feed|Link|Tender Bell" {
		t.Fatalf("names %q, want Evil|Red Feed|Link|Tender Bell", got)
	}
}
