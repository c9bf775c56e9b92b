package store_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// A wire story in two feeds is one story: the copy, retitled and with its
// outlet's own line added, is a version of the original, and shared
// boilerplate or a shared link path alone never makes one.
func TestSyndicatedCopiesAreVersions(t *testing.T) {
	arts, _ := ingest.LoadFS(seeds.FS)
	var orig store.Article
	for _, a := range arts {
		if strings.Contains(a.Title, "Seven Youths") {
			orig = a
		}
	}
	copy1 := orig
	copy1.Source = "Wire Daily"
	copy1.Title = "UPDATE 1-" + orig.Title
	copy1.Body = orig.Body + "\n\nReporting by our correspondent; editing by the desk."
	copy1.Published = time.Date(2025, 1, 12, 9, 0, 0, 0, time.UTC)
	st := store.Build(append(arts, copy1))
	var a, b *store.Article
	for _, x := range st.List() {
		switch {
		case x.Source == "Wire Daily":
			b = x
		case x.Title == orig.Title:
			a = x
		}
	}
	if a == nil || b == nil {
		t.Fatal("copies not loaded")
	}
	if a.Story != b.Story || a.Versions != 2 {
		t.Errorf("the syndicated copy is not a version: %s/%d and %s/%d", a.Story, a.Versions, b.Story, b.Versions)
	}
	rel := st.Related(b.ID, 1)
	if len(rel) != 1 || rel[0].ID != a.ID || !rel[0].Version || rel[0].Label != store.SameStory {
		t.Errorf("related of the copy: %+v", rel)
	}
}

// Headlines of one outlet whose links share a long path, and nothing else,
// are not one story: link words never enter the index.
func TestLinksAreNotEvidence(t *testing.T) {
	titles := []string{"Without a Trace", "BOE Officials Divided on Economy", "A Recall Bares GM's Love of Red Tape", "Oil Prices Slip as Supply Rises"}
	var arts []store.Article
	for i, title := range titles {
		link := "http://online.wsj.com/news/articles/SB10001424052702304250204579433292470658860-lMyQjAxMTA0MDEwMTExNDEyWj" + string(rune('a'+i))
		arts = append(arts, store.Article{Title: title, Source: "WSJ", Body: "<" + link + ">", Links: []string{link}})
	}
	st := store.Build(arts)
	for _, a := range st.List() {
		if a.Versions != 1 {
			t.Errorf("%q grouped by its link", a.Title)
		}
		if rel := st.Related(a.ID, 0); len(rel) != 0 {
			t.Errorf("%q related by its link: %+v", a.Title, rel)
		}
	}
}

// A story is led by its earliest dated version, else by its fullest; the
// rows come in store order of their leads, each with its sources once.
func TestStoriesLeadAndSources(t *testing.T) {
	st := seedStore(t)
	stories := st.Stories()
	if len(stories) != 8 {
		t.Fatalf("%d stories, want 8", len(stories))
	}
	beauty := stories[1]
	// Undated: the fuller report (163 words against 162) leads.
	if beauty.Versions[0] != "beauty-influencer-shot-dead-during-6f0666" || len(beauty.Versions) != 2 || len(beauty.Sources) != 1 {
		t.Errorf("influencer story %+v", beauty)
	}
	arts, _ := ingest.LoadFS(seeds.FS)
	for i := range arts {
		switch {
		case strings.Contains(arts[i].Title, "Valeria Márquez Killed"):
			arts[i].Published = time.Date(2025, 5, 14, 9, 0, 0, 0, time.UTC)
			arts[i].Source = "Wire"
		case strings.Contains(arts[i].Title, "Beauty Influencer"):
			arts[i].Published = time.Date(2025, 5, 14, 18, 0, 0, 0, time.UTC)
		}
	}
	dated := store.Build(arts).Stories()
	for _, s := range dated {
		if len(s.Versions) == 2 {
			if !strings.HasPrefix(s.Versions[0], "mexican-influencer-valeria-marquez") || len(s.Sources) != 2 || s.Sources[0] != "Wire" {
				t.Errorf("dated: the earlier report should lead, with both sources: %+v", s)
			}
		}
	}
}

// Why words are spelled as the article writes them, never as its link
// does.
func TestWhyIsNotSpelledFromLinks(t *testing.T) {
	var arts []store.Article
	for i, title := range []string{"Plosser Warns on Taper Pace", "Plosser Sees Taper Pace Too Slow", "Oil Slips as Supply Rises"} {
		link := "http://news.example/plosser-taper-pace-" + string(rune('a'+i))
		arts = append(arts, store.Article{Title: title, Source: "Wire", Body: "<" + link + ">", Links: []string{link}})
	}
	st := store.Build(arts)
	rel := st.Related(st.List()[0].ID, 1)
	if len(rel) != 1 || len(rel[0].Why) == 0 {
		t.Fatalf("related %+v", rel)
	}
	for _, w := range rel[0].Why {
		if w == "plosser" || w == "taper" {
			t.Errorf("why %v spelled from the link", rel[0].Why)
		}
	}
}

// Templated alerts: one source fills one frame with each event's facts
// ("Slack (NASDAQ:WORK) Insider Cal Henderson Sells 1500 Shares", "… Sells
// 99342 Shares", "… CEO Sells $53170714.63 in Stock", "… $91750.00 …"):
// nearly the same words, different events. None of them are versions of
// one another; the same alert copied with the same facts still is. Nor
// are the feed's other short items, which share its subject and little
// else.
func TestTemplatedAlertsAreNotVersions(t *testing.T) {
	const feed = "../../shared/corpora/feeds/feedjira__google_alerts_atom.xml"
	if _, err := os.Stat(feed); err != nil {
		t.Skipf("no feed at %s", feed)
	}
	arts, errs := ingest.LoadPath(feed)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var copied store.Article
	for _, a := range arts {
		if strings.Contains(a.Title, "Sells 99342 Shares") {
			copied = a
			copied.Title = "Insider Selling: " + a.Title + " of Stock"
			copied.Links = []string{"https://example.com/copy"}
		}
	}
	st := store.Build(append(arts, copied))
	alerts := 0
	for _, a := range st.List() {
		if !strings.Contains(a.Title, "(NASDAQ:WORK)") || !strings.Contains(a.Title, "Sells") {
			// The feed's other items are short blurbs that share the
			// feed's subject ("Slack", "NYSE:WORK") and little else: no
			// two of them are one event.
			if a.Versions != 1 {
				t.Errorf("%q: %d versions", a.Title, a.Versions)
			}
			continue
		}
		alerts++
		want := 1
		if strings.Contains(a.Title, "Sells 99342 Shares") {
			want = 2 // the alert and its copy
		}
		if a.Versions != want {
			var others []string
			for _, b := range st.List() {
				if b.Story == a.Story && b.ID != a.ID {
					others = append(others, b.Title)
				}
			}
			t.Errorf("%q: %d versions, want %d: %q", a.Title, a.Versions, want, others)
		}
	}
	if alerts < 8 {
		t.Fatalf("%d alerts of the template found", alerts)
	}
}
