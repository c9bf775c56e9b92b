package ingest

import (
	"testing"
)

// An aggregator's items name the outlet each came from (<source>): that is
// the article's source, so one story told by several outlets through one
// feed has several sources. Items without one keep the feed's title.
func TestItemSourceIsTheOutlet(t *testing.T) {
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>News digest</title>
<item><title>ECB holds rates</title><link>https://a.example/1</link><source url="https://reuters.example/">Reuters</source></item>
<item><title>ECB keeps rates on hold</title><link>https://b.example/2</link><source url="https://ft.example/">Financial &amp; Times</source></item>
<item><title>Markets close higher</title><link>https://c.example/3</link></item>
</channel></rss>`
	arts, errs := parseFeed(origin{name: "digest.xml"}, feed, formatXMLFeed, false)
	if len(errs) > 0 || len(arts) != 3 {
		t.Fatalf("%d articles, %v", len(arts), errs)
	}
	for i, want := range []string{"Reuters", "Financial & Times", "News digest"} {
		if arts[i].Source != want {
			t.Errorf("item %d: source %q, want %q", i, arts[i].Source, want)
		}
	}
}
