package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// sharedDir is ../shared seen from this package, or a skip when a fresh
// clone has none.
func sharedDir(t testing.TB, parts ...string) string {
	t.Helper()
	dir := filepath.Join(append([]string{"..", "..", "..", "shared"}, parts...)...)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no %s: %v", dir, err)
	}
	return dir
}

// messages are the errors of a load, without the source each one names.
func messages(errs []error) []string {
	var out []string
	for _, e := range errs {
		var p *Problem
		if errors.As(e, &p) {
			out = append(out, p.Err.Error())
		} else {
			out = append(out, "NOT A PROBLEM: "+e.Error())
		}
	}
	return out
}

// checkSafe fails on anything in an article a terminal would act on.
func checkSafe(t *testing.T, arts []store.Article, errs []error) {
	t.Helper()
	for _, a := range arts {
		for _, s := range append([]string{a.Title, a.Section, a.Source, a.Body}, a.Links...) {
			if safe.Text(s) != s {
				t.Errorf("%q: unsanitized text %.80q", a.Title, s)
			}
		}
		for _, l := range a.Links {
			if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "mailto:") {
				t.Errorf("%q: link %q is not http, https or mailto", a.Title, l)
			}
		}
		if b := strings.ToLower(a.Body); strings.Contains(b, "](javascript:") || strings.Contains(b, "<javascript:") || strings.Contains(b, "](file:") {
			t.Errorf("%q: a javascript: or file: link in the body: %.200q", a.Title, a.Body)
		}
		if safe.Defuse(a.Body) != a.Body {
			t.Errorf("%q: a character reference a renderer would decode into a control: %.200q", a.Title, a.Body)
		}
		for _, f := range []string{a.Title, a.Section, a.Source} {
			if safe.Field(f) != f {
				t.Errorf("%q: not a one-line field: %.80q", a.Title, f)
			}
		}
	}
	for _, e := range errs {
		msg := e.Error()
		if safe.Text(msg) != msg || strings.Contains(msg, "\n") {
			t.Errorf("error is not one clean line: %q", msg)
		}
	}
}

// TestFeedCorpus: every file of ../shared/corpora/feeds either loads with
// its items (count, first and last title) or gives its one-line reason.
func TestFeedCorpus(t *testing.T) {
	dir := sharedDir(t, "corpora", "feeds")
	tests := []struct {
		file        string
		items       int
		first, last string
		errs        []string // whole messages, after "FILE: "
	}{
		{"feedjira__AmazonWebServicesBlog.xml", 10, "AWS Job: Architect & Designer Position in Turkey", "Solve for Efficiency With Amazon Mechanical Turk", nil},
		{"feedjira__AtomFeedWithSpacesAroundEquals.xml", 1, "Winter Weather Advisory issued November 07 at 4:09AM EST until November 08 at 12:00PM EST by NWS", "", nil},
		{"feedjira__CRE.xml", 30, "CRE207 Planetarien", "CRE178 Jugendmedienarbeit", nil},
		// An XHTML page with an Atom feed pasted into its body: a page.
		{"feedjira__DuplicateContentAtomFeed.xml", 1, "Avian’s Blog", "", nil},
		{"feedjira__FeedBurnerXHTML.xml", 10, "Stock Watch: April's Finest", "Closer Updates: As, Astros, BoSox, Braves, Brewers, Cubbies, Jays, Mets, Reds, Rockies, Yankees", nil},
		{"feedjira__GiantRobotsSmashingIntoOtherGiantRobots.xml", 3, `"Tell, Don't Ask" in Elixir: A Story of Pattern-Matching`, "Solve Problems, not Strawmen", nil},
		{"feedjira__GoogleDocsList.xml", 2, "2010 Income Tax Policy", "PDF's Title", nil},
		{"feedjira__HREFConsideredHarmful.xml", 10, "Chrome, V8 and Strongtalk", "Moving", nil},
		{"feedjira__HuffPostCanada.xml", 2, "Winnipeg High School Orders Custom Hijabs For Muslim Athletes", "The Once-In-A-Lifetime Thrill Of Opening For Tom Petty", nil},
		// An unclosed <itunes:category> swallowed the items: they are
		// the channel's again, with a line saying why.
		{"feedjira__ITunesWithSingleQuotedAttributes.xml", 3, "Shake Shake Shake Your Spices", "Red, Whine, & Blue",
			[]string{"<itunes:category> at line 20 is never closed: read the 3 items inside it as the feed's"}},
		// No </rss> at the end: the two whole items load, with a warning.
		{"feedjira__InvalidDateFormat.xml", 2, "Item 0 with an invalid date", "Item 1 with all valid dates",
			[]string{"feed cut short (unexpected EOF at line 21): read the 2 whole items before it"}},
		{"feedjira__PaulDixExplainsNothing.xml", 5, "Making a Ruby C library even faster", "Serializing data speed comparison: Marshal vs. JSON vs. Eval vs. YAML", nil},
		{"feedjira__RSSWithComments.xml", 30, "AWS Lambda Function URLs: Built-In HTTPS Endpoints for Lambda", "What’s new in Emacs 28.1?", nil},
		{"feedjira__SamRuby.xml", 20, "Plex", "Keeping it on the Rails", nil},
		{"feedjira__TechCrunch.xml", 20, "Angie’s List Sets Price Range IPO At $11 To $13 Per Share; Valued At Over $600M", "Ooma Invades Canada, US Premier Subscribers Can Now Talk To Their Northern Cousins For Free", nil},
		{"feedjira__TenderLovemaking.xml", 10, "Nokogiri’s Slop Feature", "Meow meow meow meow meow", nil},
		{"feedjira__TrotterCashionHome.xml", 14, "Data Urls and document.domain", "Starting the Car", nil},
		{"feedjira__TypePadNews.xml", 10, "Spotlight: Friday Favorites!", "Retiring Typepad Anti-Spam and Switching to Impermium", nil},
		// Titles of type "html": the markup goes, the words stay.
		{"feedjira__google_alerts_atom.xml", 20, "Report offers Prediction of Automotive Slack Market by Top key players like Haldex, Meritor, Bendix ...", "Latest research shows Microsoft Teams is stomping Slack", nil},
		{"feedjira__itunes.xml", 3, "Shake Shake Shake Your Spices", "Red, Whine, & Blue", nil},
		{"feedjira__json_feed.json", 20, "James Dempsey and the Breakpoints Benefit App Camp for Girls", "My CocoaConf Yosemite 2017 Talk", nil},
		{"feedjira__json_feed_with_escaped_uris.json", 30, "New Font", "Play", nil},
		{"feedjira__pet_atom.xml", 10, "Sentry Calming Collar for dogs", "By Nature | Natural Adult Formula Cat Food", nil},
		{"feedjira__youtube_atom.xml", 15, "The Google app: Questions Title", "Veterans Make Great Googlers. Find your team: Specialists", nil},
		{"gofeed__empty_feed.xml", 0, "", "", []string{"empty: no text"}},
		{"gofeed__invalid.json", 0, "", "", []string{"not a feed: unexpected end of JSON at line 3"}},
		{"gofeed__json11_feed.json", 1, "title", "", nil},
		{"gofeed__rdf_feed.xml", 0, "", "", []string{"feed has no items"}},
		{"gofeed__rss_feed_bom.xml", 0, "", "", []string{"feed has no items"}},
		{"gofeed__rss_feed_leading_spaces.xml", 0, "", "", []string{"feed has no items"}},
		{"gofeed__unknown_feed.xml", 0, "", "", []string{"not a feed: an XML document whose root is <note>, not <rss>, <rdf:RDF> or <feed>"}},
	}
	covered := map[string]bool{"INDEX.tsv": true}
	for _, tt := range tests {
		covered[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			arts, errs := LoadPath(path)
			if len(arts) != tt.items {
				t.Errorf("%d articles, want %d", len(arts), tt.items)
			}
			if got := messages(errs); fmt.Sprint(got) != fmt.Sprint(tt.errs) {
				t.Errorf("errors %q, want %q", got, tt.errs)
			}
			for _, e := range errs {
				if !strings.HasPrefix(e.Error(), path+": ") {
					t.Errorf("error %q does not name the file", e)
				}
			}
			if len(arts) > 0 {
				if arts[0].Title != tt.first {
					t.Errorf("first title %q, want %q", arts[0].Title, tt.first)
				}
				if last := arts[len(arts)-1].Title; tt.last != "" && last != tt.last {
					t.Errorf("last title %q, want %q", last, tt.last)
				}
			}
			checkSafe(t, arts, errs)
		})
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !covered[e.Name()] {
			t.Errorf("%s is not in the table: say what it should give", e.Name())
		}
	}
}

// TestFeedItemFields: an item's link, date, author, section and body.
func TestFeedItemFields(t *testing.T) {
	feed := `<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Wire &amp; Co</title><link>https://wire.example/</link>
<item><title>Valeria M` + "\xe1" + `rquez remembered</title>
<link>/2025/05/marquez</link>
<pubDate>Wed, 14 May 2025 18:30:00 +0200</pubDate>
<dc:creator>Ana P` + "\xe9" + `rez</dc:creator>
<category>Mexico</category>
<description><![CDATA[<p>First <b>paragraph</b> with <a href="/more">a relative link</a> and <a href="javascript:alert(1)">a trap</a>.</p><script>alert(1)</script><p>Second &#27;[2J paragraph.</p>]]></description>
</item>
<item><title></title><description></description></item>
</channel></rss>`
	arts, errs := parseSource(origin{name: "wire.xml"}, []byte(feed))
	if got := messages(errs); fmt.Sprint(got) != "[1 item with no title or text left out]" {
		t.Errorf("errors %q", got)
	}
	if len(arts) != 1 {
		t.Fatalf("%d articles", len(arts))
	}
	a := arts[0]
	checks := []struct{ what, got, want string }{
		{"title", a.Title, "Valeria Márquez remembered"},
		{"source", a.Source, "Wire & Co"},
		{"section", a.Section, "Mexico"},
		{"date", a.Published.UTC().Format(time.RFC3339), "2025-05-14T16:30:00Z"},
		{"link", strings.Join(a.Links, " "), "https://wire.example/2025/05/marquez https://wire.example/more"},
		{"body", a.Body, "By Ana Pérez\n\nFirst **paragraph** with a relative link\\[2\\] and a trap.\n\nSecond paragraph.\n\nLinks:\n\n- \\[1\\] <https://wire.example/2025/05/marquez>\n- \\[2\\] <https://wire.example/more>"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
	checkSafe(t, arts, errs)
}

// TestFeedCutShort: a feed cut in the middle of an item keeps the whole
// items before the cut, RSS, Atom and JSON alike, and says so once.
func TestFeedCutShort(t *testing.T) {
	tests := []struct {
		name, doc string
		items     int
		err       string
	}{
		{"rss.xml", `<rss version="2.0"><channel><title>T</title><item><title>One</title></item>
<item><title>Two</title></item><item><title>Thr`, 2, "feed cut short (unexpected EOF at line 2): read the 2 whole items before it"},
		{"atom.xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>One</title></entry><entry><title>Two`, 1, "feed cut short (unexpected EOF at line 2): read the 1 whole item before it"},
		{"feed.json", `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","title":"One"},{"id":"2","title":"Two"},{"id":"3","tit`,
			2, "feed cut short (unexpected end of JSON at line 1): read the 2 whole items before it"},
		// Cut in its first item: that item, as far as it goes; cut in
		// a tag before it, nothing, said as a cut (it was "not a feed").
		{"first.xml", `<rss version="2.0"><channel><title>T</title><item><title>One</title><description>Cut off in the mid`, 1,
			"feed cut short (unexpected EOF at line 1): read its first item as far as it goes"},
		{"none.xml", `<rss version="2.0"><channel><title>T</title><ite`, 0, "feed cut short (unexpected EOF at line 1), before its first whole item"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, errs := parseSource(origin{name: tt.name}, []byte(tt.doc))
			if len(arts) != tt.items || fmt.Sprint(messages(errs)) != "["+tt.err+"]" {
				t.Errorf("%d articles, errors %q; want %d and %q", len(arts), messages(errs), tt.items, tt.err)
			}
		})
	}
}

// TestFeedCap: a feed over the cap loads the items that fit, with one
// warning.
func TestFeedCap(t *testing.T) {
	const maxFeedBytes = 4 << 10
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>`)
	for i := 0; b.Len() < 3*maxFeedBytes; i++ {
		fmt.Fprintf(&b, "<item><title>Item %d</title><description>%s</description></item>\n", i, strings.Repeat("Words of the story. ", 5))
	}
	b.WriteString("</channel></rss>")
	arts, errs := parseSource(origin{name: "huge.xml", limits: Limits{FeedBytes: maxFeedBytes}}, []byte(b.String()))
	got := messages(errs)
	if len(got) != 1 || !strings.HasPrefix(got[0], "feed over 4 KB: read the first 4 KB only (") {
		t.Errorf("errors %q", got)
	}
	if len(arts) < 10 || arts[len(arts)-1].Title != fmt.Sprintf("Item %d", len(arts)-1) {
		t.Errorf("%d articles, last %q", len(arts), arts[len(arts)-1].Title)
	}
}

// TestNoEntityExpansion: entities a DTD declares are never expanded, nor
// external ones fetched; a billion laughs costs nothing.
func TestNoEntityExpansion(t *testing.T) {
	dir := sharedDir(t, "bad-inputs")
	for _, name := range []string{"feed-billion-laughs.xml", "feed-xxe.xml"} {
		arts, errs := LoadPath(filepath.Join(dir, name))
		if len(arts) != 1 || len(errs) != 0 {
			t.Fatalf("%s: %d articles, %q", name, len(arts), messages(errs))
		}
		a := arts[0]
		if len(a.Body)+len(a.Title)+len(a.Source) > 200 || strings.Contains(a.Body, "lollol") || strings.Contains(a.Body, "root:") {
			t.Errorf("%s: an entity was expanded: %q / %q / %.100q", name, a.Title, a.Source, a.Body)
		}
		checkSafe(t, arts, errs)
	}
}

// An entity reference neither XML nor HTML defines (one a DTD declares,
// which is never expanded) is left out of what it stood in, and a feed
// whose title was only that is named for its address's host; HTML's
// names, XML's own, and what CDATA holds stay as written.
func TestUnexpandedEntitiesLeftOut(t *testing.T) {
	doc := `<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&lol2;</title>
<item><title>Secret &xxe;</title><description>&lol2; gone</description></item>
<item><title>Caf&eacute; &amp; bar &lt;3</title><description><![CDATA[Keeps &xxe; as text]]></description></item>
</channel></rss>`
	arts, errs := parseSource(origin{name: "https://www.example.com/feed.xml"}, []byte(doc))
	if len(errs) != 0 || len(arts) != 2 {
		t.Fatalf("%d articles, errors %q", len(arts), messages(errs))
	}
	for _, c := range []struct{ what, got, want string }{
		{"title", arts[0].Title, "Secret"},
		{"source", arts[0].Source, "example.com"},
		{"body", arts[0].Body, "gone"},
		{"title", arts[1].Title, "Café & bar <3"},
		{"body", arts[1].Body, "Keeps &xxe; as text"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.what, c.got, c.want)
		}
	}
}
