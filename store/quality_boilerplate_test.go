package store_test

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// The boilerplate case: a blog feed whose short posts all carry the same
// blurb and footer. The posts here are the opening paragraphs of BBC
// articles from four sections, so their subject is known; what they share
// with every other post (the blurb, the footer, "Read more") is not evidence
// of anything.
const (
	blurb  = "Luke Dorny writes about business, culture, politics and sport from Portland. Follow Luke on Mastodon and subscribe to the Dorny Ko newsletter for every new post."
	footer = "Read more posts like this on the blog. Share this post on Mastodon, Bluesky or by email. Comments are open to newsletter subscribers."
)

var boilerplateWords = []string{"Luke", "Dorny", "Mastodon", "Ko", "newsletter", "Bluesky", "Portland", "subscribe", "Share", "Comments", "blog", "post", "posts"}

func boilerplateFeed(tb testing.TB, furniture bool) (*store.Store, map[string]string) {
	tb.Helper()
	if _, err := os.Stat(bbcDir); err != nil {
		tb.Skipf("no BBC corpus at %s", bbcDir)
	}
	var items strings.Builder
	want := map[string]string{} // title → section
	for _, sec := range []string{"business", "entertainment", "politics", "sport"} {
		for k := 1; k <= 4; k++ {
			raw, err := os.ReadFile(filepath.Join(bbcDir, sec, fmt.Sprintf("%03d.txt", k)))
			if err != nil {
				tb.Fatal(err)
			}
			paras := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(raw), "\r", "")), "\n\n")
			title := strings.TrimSpace(paras[0])
			body := paras[1:min(len(paras), 4)] // short posts: the opening paragraphs
			var desc strings.Builder
			for _, p := range body {
				desc.WriteString("<p>" + html.EscapeString(strings.TrimSpace(p)) + "</p>")
			}
			if furniture {
				desc.WriteString("<p>" + blurb + "</p><p>" + footer + "</p>")
			}
			fmt.Fprintf(&items, "<item><title>%s</title><link>https://dorny.example/posts/2005/%s-%d</link><description>%s</description></item>\n",
				html.EscapeString(title), sec, k, html.EscapeString(desc.String()))
			want[title] = sec
		}
	}
	feed := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Dorny Ko</title><link>https://dorny.example/</link>` + items.String() + `</channel></rss>`
	path := filepath.Join(tb.TempDir(), "dorny.xml")
	if err := os.WriteFile(path, []byte(feed), 0o644); err != nil {
		tb.Fatal(err)
	}
	arts, errs := ingest.LoadPath(path)
	if len(errs) > 0 || len(arts) != 16 {
		tb.Fatalf("%d articles, %v", len(arts), errs)
	}
	// With the seeds beside it, as a person reads a feed among others: the
	// boilerplate's words are rare in the store, as they are in the world.
	seedArts, _ := ingest.LoadFS(seeds.FS)
	st := store.Build(append(seedArts, arts...))
	label := map[string]string{}
	for _, a := range st.List() {
		label[a.ID] = want[a.Title]
	}
	return st, label
}

// TestBoilerplateIsNotEvidence: posts sharing only a blurb and a footer are
// not versions of one another, are related by what they say — as they
// would be without the blurb and footer — and the boilerplate never
// explains a relation. The blurb stays in the body a person reads.
func TestBoilerplateIsNotEvidence(t *testing.T) {
	st, label := boilerplateFeed(t, true)
	bare, _ := boilerplateFeed(t, false)
	topOf := func(st *store.Store, a *store.Article) string {
		rel := st.Related(a.ID, 1)
		if len(rel) == 0 {
			return ""
		}
		return rel[0].Title
	}
	bareTop := map[string]string{}
	for _, a := range bare.List() {
		bareTop[a.Title] = topOf(bare, a)
	}
	posts, sameTop, first := 0.0, 0.0, 0.0
	for _, a := range st.List() {
		if label[a.ID] == "" {
			continue // a seed
		}
		posts++
		if a.Versions != 1 {
			t.Errorf("%q grouped with %d versions by its boilerplate", a.Title, a.Versions)
		}
		if !strings.Contains(a.Body, "Dorny Ko newsletter") {
			t.Errorf("%q lost its blurb from the body", a.Title)
		}
		rel := st.Related(a.ID, 3)
		if len(rel) > 0 && rel[0].Title == bareTop[a.Title] {
			sameTop++
		}
		if len(rel) > 0 && label[rel[0].ID] == label[a.ID] {
			first++
		}
		for _, r := range rel {
			if w := boilerplateIn(r.Why); w != "" {
				t.Errorf("%q → %q: why %v names the boilerplate (%q)", a.Title, r.Title, r.Why, w)
			}
			if r.Score >= 0.5 && label[r.ID] != label[a.ID] {
				t.Errorf("%q → %q: %.2f (%s) from boilerplate", a.Title, r.Title, r.Score, r.Label)
			}
		}
	}
	t.Logf("boilerplate feed: top related as without the boilerplate %.3f; from the same section %.3f", sameTop/posts, first/posts)
	if sameTop/posts < 0.9 {
		t.Errorf("top related as without the boilerplate for %.3f of posts: the boilerplate leads", sameTop/posts)
	}
}

func boilerplateIn(why []string) string {
	for _, w := range why {
		for _, b := range boilerplateWords {
			if strings.EqualFold(w, b) {
				return w
			}
		}
	}
	return ""
}
