package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// TestSavedPage: a saved news page gives its article and nothing of the
// site around it.
func TestSavedPage(t *testing.T) {
	arts, errs := LoadPath(filepath.Join("testdata", "saved-page.html"))
	if len(arts) != 1 || len(errs) != 0 {
		t.Fatalf("%d articles, %q", len(arts), messages(errs))
	}
	a := arts[0]
	if a.Title != "Drought Empties Reservoirs Across Northern Mexico" {
		t.Errorf("title %q", a.Title)
	}
	if a.Source != "The Valley Courier" {
		t.Errorf("source %q", a.Source)
	}
	if got := a.Published.Format(time.RFC3339); got != "2025-06-03T07:45:00-06:00" {
		t.Errorf("published %s", got)
	}
	wantLinks := "https://courier.example/news/2025/06/drought-reservoirs https://courier.example/news/2025/05/pecan-harvest https://conagua.example/report.pdf https://courier.example/img/dam.jpg"
	if got := strings.Join(a.Links, " "); got != wantLinks {
		t.Errorf("links %s", got)
	}
	for _, want := range []string{
		"By Lucía Romero\n\nReservoirs in Chihuahua",
		"## Farmers wait for rain",
		"Last month's pecan harvest\\[2\\]",
		"- \\[2\\] <https://courier.example/news/2025/05/pecan-harvest>",
		"\\[4\\] <https://courier.example/img/dam.jpg>",
		"- Sonora: 23 percent of capacity",
		"or share this story.",
		"The El Cuchillo dam in May.",
	} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	for _, junk := range []string{"Subscribe", "Advertisement", "Most read", "All rights reserved", "tracker", "font-family", "javascript", "Privacy"} {
		if strings.Contains(a.Body, junk) {
			t.Errorf("body holds %q", junk)
		}
	}
	if a.Words < 150 || a.Words > 180 {
		t.Errorf("%d words", a.Words)
	}
	checkSafe(t, arts, errs)
}

// TestSavedPageInWindows1252: the page's <meta charset> is believed.
func TestSavedPageInWindows1252(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "saved-page.html"))
	if err != nil {
		t.Fatal(err)
	}
	latin, err := charmap.Windows1252.NewEncoder().String(strings.Replace(string(page), `charset="utf-8"`, `charset="windows-1252"`, 1))
	if err != nil {
		t.Fatal(err)
	}
	arts, errs := parseSource(origin{name: "page.htm"}, []byte(latin))
	if len(arts) != 1 || len(errs) != 0 || !strings.Contains(arts[0].Body, "“We have never seen the river this low,” said Marco Treviño") {
		t.Errorf("%d articles, %q: %.300q", len(arts), messages(errs), arts[0].Body)
	}
}

// TestEscapeInjectionPage: entities that decode into escapes, scripts,
// styles and javascript: or file: links never reach a body.
func TestEscapeInjectionPage(t *testing.T) {
	arts, errs := LoadPath(filepath.Join(sharedDir(t, "bad-inputs"), "escape-injection.html"))
	if len(arts) != 1 || len(errs) != 0 {
		t.Fatalf("%d articles, %q", len(arts), messages(errs))
	}
	a := arts[0]
	if a.Title != "Entity title" || len(a.Links) != 0 {
		t.Errorf("title %q, links %q", a.Title, a.Links)
	}
	// The double-encoded one shows as written: "&#27;" on screen.
	want := "## Decoded escapes\n\nNumeric entity escape: and and double-encoded &amp;#27;[31m.\n\njs link file link"
	if a.Body != want {
		t.Errorf("body %q, want %q", a.Body, want)
	}
	checkSafe(t, arts, errs)
}

// TestPageWithoutArticle: where readability finds no article the page's
// body is taken, less its navigation, header and footer.
func TestPageWithoutArticle(t *testing.T) {
	page := `<html><head><title>Short</title></head><body><nav>Home | About</nav>
<p>One short line of news.</p><footer>Contact us</footer></body></html>`
	arts, errs := parseSource(origin{name: "short.html"}, []byte(page))
	if len(arts) != 1 || len(errs) != 0 {
		t.Fatalf("%d articles, %q", len(arts), messages(errs))
	}
	if arts[0].Title != "Short" || arts[0].Body != "One short line of news." {
		t.Errorf("title %q, body %q", arts[0].Title, arts[0].Body)
	}
}

// TestPageNestedTooDeep: past 512 open elements the HTML parser gives up;
// the page's words still load, with one warning.
func TestPageNestedTooDeep(t *testing.T) {
	page := "<html><head><title>Deep</title><style>p{}</style></head><body>" + strings.Repeat("<div><blockquote>", 600) +
		"<p>Words at the bottom.</p><script>alert(1)</script>" + strings.Repeat("</blockquote></div>", 600) + "<p>And after.</p></body></html>"
	arts, errs := parseSource(origin{name: "deep.html"}, []byte(page))
	if len(arts) != 1 || len(errs) != 1 || !strings.HasPrefix(messages(errs)[0], "nested too deep to lay out (") {
		t.Fatalf("%d articles, %q", len(arts), messages(errs))
	}
	if arts[0].Title != "Deep" || arts[0].Body != "Words at the bottom.\n\nAnd after." {
		t.Errorf("title %q, body %q", arts[0].Title, arts[0].Body)
	}
	feed := `<rss version="2.0"><channel><title>T</title><item><title>Deep item</title><description>` +
		strings.Repeat("&lt;div&gt;", 600) + "Deep words." + `</description></item></channel></rss>`
	arts, errs = parseSource(origin{name: "deep.xml"}, []byte(feed))
	if len(arts) != 1 || len(errs) != 0 || arts[0].Body != "Deep words." {
		t.Errorf("feed item: %d articles, %q, body %q", len(arts), messages(errs), arts[0].Body)
	}
}
