package ingest

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestFeedArticleReads: a TechCrunch item reads as an article. Its links
// are their text with numbers that are its links' places (the reader's
// links list), its images are lines of their own, and the FeedBurner,
// doubleclick and share-button footer is gone.
func TestFeedArticleReads(t *testing.T) {
	dir := sharedDir(t, "corpora", "feeds")
	arts, _ := LoadPath(filepath.Join(dir, "feedjira__TechCrunch.xml"))
	var body string
	var links []string
	for _, a := range arts {
		if strings.HasPrefix(a.Title, "Google Launches Native Gmail App") {
			body, links = a.Body, a.Links
		}
	}
	if body == "" {
		t.Fatal("no Gmail article")
	}
	for _, want := range []string{
		`Google is launching\[3\] a new native Gmail application`,
		`available in the iTunes App Store\[4\]. As`,
		"\n\n" + `\[image: ios2\]\[2\]` + "\n\n",
		"\n\n" + `\[image\]\[16\]` + "\n\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	for _, junk := range []string{"feedburner.com/~ff", "doubleclick", "feeds.wordpress.com", "twitter.com/intent", "Retweet"} {
		if strings.Contains(body, junk) || strings.Contains(strings.Join(links, " "), junk) {
			t.Errorf("junk %q kept", junk)
		}
	}
	// Every number in the text is the place of its address in Links.
	_, list, ok := strings.Cut(body, "\n\nLinks:\n")
	if !ok {
		t.Fatal("no list of links at the end")
	}
	item := regexp.MustCompile(`- \\\[(\d+)\\\] <([^>]+)>`)
	got := item.FindAllStringSubmatch(list, -1)
	if len(got) != len(links) {
		t.Fatalf("%d links listed, article has %d", len(got), len(links))
	}
	for i, m := range got {
		if m[1] != strconv.Itoa(i+1) || m[2] != links[i] {
			t.Errorf("listed [%s] %s, want [%d] %s", m[1], m[2], i+1, links[i])
		}
	}
	if links[2] != "http://googlemobile.blogspot.com/2011/11/introducing-gmail-app-for-iphone-ipad.html" {
		t.Errorf("link 3 is %s", links[2])
	}
}
