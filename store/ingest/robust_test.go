package ingest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Issue 9: one bad item never costs the feed. Each case is a family of
// variants: the control in different places, raw or as a reference, in
// RSS, Atom and JSON Feed.

func titles(arts []store.Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.Title)
	}
	return out
}

func rss(items ...string) string {
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>F</title>`)
	for _, it := range items {
		b.WriteString("<item>" + it + "</item>")
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

func atomFeed(entries ...string) string {
	var b strings.Builder
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>`)
	for _, e := range entries {
		b.WriteString("<entry>" + e + "</entry>")
	}
	b.WriteString("</feed>")
	return b.String()
}

func TestControlInOneItemCostsOnlyTheControl(t *testing.T) {
	controls := map[string]string{
		"raw C1 OSC":                 "\u009d",
		"raw C1 CSI":                 "\u009b31m",
		"raw ESC OSC title":          "\x1b]0;PWNED\x07",
		"raw ESC CSI":                "\x1b[2J",
		"reference ESC OSC":          "&#x1b;]",
		"reference ESC OSC with BEL": "&#27;]0;PWNED&#7;",
		"reference ESC CSI, decimal": "&#0027;[31m",
		"reference to NUL":           "&#0;",
		"reference to a surrogate":   "&#xD800;",
		"raw BEL and backspace":      "\a\b",
		"reference to U+009D":        "&#x9d;",
		"bidi override and LRM":      "\u202e\u200e",
		"line separator and tab":     "\u2028\t",
		"reference to tab and CR":    "&#9;&#13;",
	}
	for name, c := range controls {
		for _, kind := range []string{"rss", "atom", "rss across lines"} {
			t.Run(name+"/"+kind, func(t *testing.T) {
				var doc string
				switch kind {
				case "rss":
					doc = rss("<title>One "+c+"</title><description>first</description>", "<title>Two</title>", "<title>Three</title><description>third "+c+" text</description>")
				case "atom":
					doc = atomFeed("<title>One "+c+"</title><content>first</content>", "<title>Two</title>", "<title>Three</title><summary>third "+c+" text</summary>")
				default:
					doc = strings.ReplaceAll(rss("<title>One"+c+"</title>\n<description>first</description>", "<title>Two</title>", "<title>Three</title>\n<description>third "+c+"\ntext</description>"), "><", ">\n<")
				}
				arts, errs := parseSource(origin{name: "f.xml"}, []byte(doc))
				if len(errs) != 0 || len(arts) != 3 {
					t.Fatalf("%d items, %q", len(arts), messages(errs))
				}
				got := titles(arts)
				if !strings.HasPrefix(got[0], "One") || len(got[0]) > len("One")+12 || got[1] != "Two" || got[2] != "Three" {
					t.Errorf("titles %q", got)
				}
				// An unterminated control string ends at its line's end at
				// most; the next line stays.
				if !strings.Contains(arts[2].Body, "third") || kind == "rss across lines" && !strings.Contains(arts[2].Body, "text") {
					t.Errorf("body %q", arts[2].Body)
				}
				if strings.Contains(got[0], "PWNED") || strings.Contains(got[0], "/title") {
					t.Errorf("the sequence's text or the markup leaked into the title: %q", got[0])
				}
				checkSafe(t, arts, errs)
			})
		}
	}
}

func jsonFeed(n int, item func(i int) string) string {
	var b strings.Builder
	b.WriteString(`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(item(i))
	}
	b.WriteString("]}")
	return b.String()
}

func TestJSONFeedControlInOneTitle(t *testing.T) {
	for _, c := range []string{"\u009d", "\u009b", `\u001b]0;PWNED\u0007`, "\x1b]0;PWNED\x07", "\x07", "\t", "\u2029", `\u0000`} {
		doc := jsonFeed(50, func(i int) string {
			title := fmt.Sprintf("Item %d", i)
			if i == 17 {
				title += " " + c + " end"
			}
			return fmt.Sprintf(`{"id":"%d","title":"%s","content_text":"text %d"}`, i, title, i)
		})
		arts, errs := parseSource(origin{name: "f.json"}, []byte(doc))
		if len(arts) != 50 || len(errs) != 0 {
			t.Errorf("%q: %d items, %q", c, len(arts), messages(errs))
			continue
		}
		if got := arts[17].Title; !strings.HasPrefix(got, "Item 17") || strings.Contains(got, "PWNED") || arts[16].Title != "Item 16" || arts[18].Title != "Item 18" {
			t.Errorf("%q: title %q", c, got)
		}
		checkSafe(t, arts, errs)
	}
}

// A mistyped field costs that field (or is coerced), not the feed: every
// member gofeed reads, each with a wrong type, beside two good items.
func TestJSONFeedMistypedField(t *testing.T) {
	bad := []string{
		`"content_text":12345`, `"tags":"x"`, `"authors":{"name":"A"}`, `"url":123`,
		`"title":123`, `"summary":["a"]`, `"image":["a"]`, `"date_published":12345`,
		`"attachments":{}`, `"author":"Ann"`, `"content_html":{"a":1}`, `"tags":[1,{"x":2},"y"]`,
		`"authors":[1,"x"]`, `"external_url":true`, `"date_modified":[]`, `"banner_image":false`,
	}
	for _, field := range bad {
		for _, top := range []string{"", `"title":["x"],"author":7,`} {
			doc := `{"version":"https://jsonfeed.org/version/1.1",` + top + `"items":[` +
				`{"id":"1","title":"a","content_text":"first"},` +
				`{"id":"2","title":"b",` + field + `},` +
				`{"id":"3","title":"c","content_text":"third"}]}`
			arts, errs := parseSource(origin{name: "f.json"}, []byte(doc))
			if len(arts) != 3 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "wrong type") {
				t.Errorf("%s %s: %d items, %q", top, field, len(arts), messages(errs))
				continue
			}
			if got := titles(arts); got[0] != "a" || got[1] != "b" && got[1] != "123" || got[2] != "c" {
				t.Errorf("%s: titles %q", field, got)
			}
			checkSafe(t, arts, errs)
		}
	}
	// Repairs where the meaning is plain.
	doc := jsonFeed(1, func(int) string {
		return `{"id":1,"title":2024,"content_text":12345,"tags":"solo","authors":{"name":"Ann"}}`
	})
	arts, errs := parseSource(origin{name: "f.json"}, []byte(doc))
	if len(arts) != 1 || arts[0].Title != "2024" || !strings.Contains(arts[0].Body, "12345") || !strings.Contains(arts[0].Body, "Ann") {
		t.Errorf("repairs: %q %+v", messages(errs), arts)
	}
}

// Titles and other one-line fields from feeds are capped: twenty items
// with 40 KB titles (the were 400 KB) make twenty short titles.
func TestFeedTitlesCapped(t *testing.T) {
	long := strings.Repeat("word ", 8_000)
	var items []string
	for i := range 20 {
		items = append(items, fmt.Sprintf("<title>%d %s</title><category>%s</category><author>%s</author>", i, long, long, long))
	}
	arts, errs := parseSource(origin{name: "f.xml"}, []byte(rss(items...)))
	if len(arts) != 20 {
		t.Fatalf("%d items, %q", len(arts), messages(errs))
	}
	for _, a := range arts {
		if n := utf8.RuneCountInString(a.Title); n > safe.MaxLine || !strings.HasSuffix(a.Title, "…") {
			t.Errorf("title of %d runes", n)
		}
		if utf8.RuneCountInString(a.Section) > safe.MaxLine {
			t.Errorf("section of %d runes", utf8.RuneCountInString(a.Section))
		}
		if by, _, _ := strings.Cut(a.Body, "\n"); utf8.RuneCountInString(by) > safe.MaxLine+20 {
			t.Errorf("byline of %d runes", utf8.RuneCountInString(by))
		}
	}
}

// A document of declarations and comments is not an article titled "<!--".
func TestCommentOnlyFeed(t *testing.T) {
	for _, doc := range []string{
		`<?xml version="1.0" encoding="utf-8"?><!-- nothing here yet -->`,
		"<?xml version=\"1.0\"?>\n<!-- one -->\n<!-- two -->\n",
		`<!-- only a comment -->`,
		`<?xml version="1.0"?><!DOCTYPE rss><!-- x -->`,
	} {
		for _, name := range []string{"feed.xml", "notes.txt", "stdin"} {
			arts, errs := parseSource(origin{name: name}, []byte(doc))
			if len(arts) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "no root element") {
				t.Errorf("%s %q: %d articles (%q), %q", name, doc, len(arts), titles(arts), messages(errs))
			}
		}
	}
}

// UTF-16 and UTF-32, big- and little-endian, with a BOM and without:
// a feed (its XML declaration is unmistakable) and a plain-text note.
func TestWideEncodings(t *testing.T) {
	feed := `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Wide</title><item><title>Márquez in Zapopan</title><description>Don’t panic — 日本語.</description></item></channel></rss>`
	note := "Márquez in Zapopan\n\nDon’t panic: the text goes on, in plain words, for a while.\n"
	encode := func(s string, width int, big, bom bool) []byte {
		var out []byte
		put := func(r rune) {
			if width == 2 {
				if r > 0xffff {
					r1, r2 := utf16.EncodeRune(r)
					for _, u := range []rune{r1, r2} {
						if big {
							out = append(out, byte(u>>8), byte(u))
						} else {
							out = append(out, byte(u), byte(u>>8))
						}
					}
					return
				}
				if big {
					out = append(out, byte(r>>8), byte(r))
				} else {
					out = append(out, byte(r), byte(r>>8))
				}
				return
			}
			if big {
				out = append(out, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
			} else {
				out = append(out, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
			}
		}
		if bom {
			put(0xfeff)
		}
		for _, r := range s {
			put(r)
		}
		return out
	}
	for _, width := range []int{2, 4} {
		for _, big := range []bool{true, false} {
			for _, bom := range []bool{true, false} {
				name := fmt.Sprintf("utf-%d big=%v bom=%v", 8*width, big, bom)
				arts, errs := parseSource(origin{name: "f.xml"}, encode(feed, width, big, bom))
				if len(arts) != 1 || len(errs) != 0 || arts[0].Title != "Márquez in Zapopan" || !strings.Contains(arts[0].Body, "Don’t panic — 日本語") {
					t.Errorf("%s feed: %d articles, %q, %+v", name, len(arts), messages(errs), arts)
				}
				arts, errs = parseSource(origin{name: "n.txt"}, encode(note, width, big, bom))
				if len(arts) != 1 || len(errs) != 0 || arts[0].Title != "Márquez in Zapopan" || !strings.Contains(arts[0].Body, "Don’t panic") {
					t.Errorf("%s note: %d articles, %q, %+v", name, len(arts), messages(errs), arts)
				}
			}
		}
	}
	// Binary data with zero bytes stays binary.
	bin := make([]byte, 4096)
	for i := range bin {
		if i%4 == 0 {
			bin[i] = byte(i / 4 % 7)
		}
	}
	if arts, errs := parseSource(origin{name: "x.txt"}, bin); len(arts) != 0 || len(errs) != 1 {
		t.Errorf("binary: %d articles, %q", len(arts), messages(errs))
	}
}

// Windows-1252 in the C1 range comes out as Windows-1252 shows it, however
// it arrived; double-encoded UTF-8 is read again where the evidence is
// clear, and left alone where it is not.
func TestWindows1252AndDoubleEncoding(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"C1 as UTF-8 (Latin-1 read)", "Title\n\nWe don\u0092t know \u0093why\u0094 \u0085 it costs \u0080 5.\n", "We don’t know “why” … it costs € 5."},
		{"raw Windows-1252 bytes", "Title\n\nWe don\x92t know \x93why\x94 \x85 it costs \x80 5.\n", "We don’t know “why” … it costs € 5."},
		{"numeric references in a feed", "", ""},
		{"double-encoded quotes", "Title\n\nWe donâ€™t know â€œwhyâ€\u009d, itâ€™s late â€” really.\n", "We don’t know “why”, it’s late — really."},
		{"double-encoded accents, three of them", "Title\n\nLâ€™Ã©tÃ© Ã\u00a0 Paris.\n", "L’été à Paris."},
		{"double-encoded emoji", "Title\n\nGood news ðŸŽ‰ today.\n", "Good news 🎉 today."},
		{"German quotes stay", "Title\n\nEr sagte „Ä“ und „Ö“ und ging.\n", "Er sagte „Ä“ und „Ö“ und ging."},
		{"one accent pair stays", "Title\n\nThe word Ã© alone is left.\n", "The word Ã© alone is left."},
		{"French quotes after ß stay", "Title\n\nDie Straße «Fuß» ist lang; Fuß» bleibt; Maß» auch.\n", "Die Straße «Fuß» ist lang; Fuß» bleibt; Maß» auch."},
	}
	for _, tt := range tests {
		if tt.in == "" {
			doc := rss("<title>Refs</title><description>don&#146;t &#147;why&#148; &#133;</description>")
			arts, errs := parseSource(origin{name: "f.xml"}, []byte(doc))
			if len(arts) != 1 || arts[0].Body != "don’t “why” …" {
				t.Errorf("%s: %q %+v", tt.name, messages(errs), arts)
			}
			continue
		}
		arts, errs := parseSource(origin{name: "n.txt"}, []byte(tt.in))
		if len(arts) != 1 || len(errs) != 0 || arts[0].Body != tt.want {
			var got string
			if len(arts) > 0 {
				got = arts[0].Body
			}
			t.Errorf("%s: %q, %q, want %q", tt.name, messages(errs), got, tt.want)
		}
	}
}

// The hostile Markdown of the benchmark loads as one article, nested no
// deeper than safe.MaxNesting, its text kept.
func TestHostileMarkdownLoads(t *testing.T) {
	keep := map[string][]string{
		"list-deep": {"level 0", "level 199"}, "quotes-deep": {"quote 0", "quote 599"},
		"refs": {"https://example.com/1"}, "backticks": {"\u02cb"},
	}
	for name, md := range hostileMarkdown(0.2) {
		arts, errs := parseSource(origin{name: name + ".md"}, []byte(md))
		if len(arts) != 1 {
			t.Fatalf("%s: %d articles, %q", name, len(arts), messages(errs))
		}
		if doc, _ := safe.Parse(arts[0].Body); safe.Depth(doc) > safe.MaxNesting {
			t.Errorf("%s: %d deep", name, safe.Depth(doc))
		}
		for _, k := range keep[name] {
			if !strings.Contains(arts[0].Body, k) && !slices.Contains(arts[0].Links, k) {
				t.Errorf("%s: lost %q", name, k)
			}
		}
	}
}

// An RSS description without tags is HTML still: its references mean
// characters (AT&amp;T is AT&T); a JSON Feed's content_text is plain text,
// its '&' as written; a reference to a control takes its sequence with it.
func TestFeedTextEntities(t *testing.T) {
	doc := rss("<title>T</title><description>AT&amp;amp;T, Q&amp;A, a&amp;Tab;b c&amp;rlm;d don&amp;#146;t &amp;#27;[31m</description>")
	arts, errs := parseSource(origin{name: "f.xml"}, []byte(doc))
	if len(arts) != 1 || arts[0].Body != "AT&T, Q&A, a b cd don’t" {
		t.Errorf("rss: %q %q", messages(errs), arts[0].Body)
	}
	arts, errs = parseSource(origin{name: "f.json"}, []byte(jsonFeed(1, func(int) string {
		return `{"id":"1","title":"T","content_text":"AT&amp;T and Q&A"}`
	})))
	if len(arts) != 1 || arts[0].Body != "AT&amp;amp;T and Q&A" {
		t.Errorf("json: %q %q", messages(errs), arts[0].Body)
	}
	checkSafe(t, arts, errs)
}
