package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/store/safe"
)

// TestBadInputsEveryKind: every hostile file of ../shared/bad-inputs loads cleanly
// or gives its one-line reason; nothing a terminal would act on survives.
func TestBadInputsEveryKind(t *testing.T) {
	dir := sharedDir(t, "bad-inputs")
	tests := []struct {
		file  string
		arts  int
		title string
		errs  []string
	}{
		{"binary-noise.txt", 0, "", []string{"not text (binary data or an unknown encoding)"}},
		{"png-renamed.txt", 0, "", []string{"not text (binary data or an unknown encoding)"}},
		{"empty.txt", 0, "", []string{"empty: no text"}},
		{"whitespace-only.txt", 0, "", []string{"empty: no text"}},
		{"crlf-bom.txt", 1, "Sheinbaum Rejects Intervention", nil},
		{"latin1-cp1252.txt", 1, "Influencer Valeria Márquez Killed During Livestream", nil},
		{"invalid-utf8-mix.txt", 1, "Mixed Encoding Title", nil},
		{"nul-in-middle.txt", 1, "Title With NUL", nil},
		{"huge-line.txt", 1, "Huge Line", nil},
		{"long-words-cjk-emoji-rtl.txt", 1, "メキシコとアメリカの緊張 🇲🇽🇺🇸", nil},
		{"many-blank-lines.txt", 1, "Title", nil},
		{"no-newline-one-paragraph.txt", 1, "Cartel violence rose sharply in the state of Guanajuato this year, officials said, as…", nil},
		{"only-title.txt", 1, "A Headline With No Body At All", nil},
		{"escape-injection.txt", 1, "Breaking News", nil},
		{"escape-injection.html", 1, "Entity title", nil},
		{"deep-nesting.md", 1, "Nested", nil},
		{"markdown-front-matter.md", 1, "Front Matter: Title Wins", nil},
		{"broken-front-matter.md", 1, "Body without closing fence", []string{
			"front matter left out: no closing '---' line, and up to the first blank line it is not YAML (yaml: line 1: did not find expected ',' or ']')",
		}},
		{"feed-billion-laughs.xml", 1, "Laughs", nil},
		{"feed-xxe.xml", 1, "Secret", nil}, // the entity unexpanded, and left out
		{"feed-escapes.xml", 1, "Title here", nil},
		{"feed-null-items.json", 1, "ok", []string{"2 items with no title or text left out"}},
		{"feed-truncated.xml", 1, "One", []string{"feed cut short (unexpected EOF at line 1): read its first item as far as it goes"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			arts, errs := LoadPath(filepath.Join(dir, tt.file))
			if len(arts) != tt.arts {
				t.Errorf("%d articles, want %d", len(arts), tt.arts)
			}
			if len(arts) > 0 && arts[0].Title != tt.title {
				t.Errorf("title %q, want %q", arts[0].Title, tt.title)
			}
			if got := messages(errs); fmt.Sprint(got) != fmt.Sprint(tt.errs) {
				t.Errorf("errors %q, want %q", got, tt.errs)
			}
			checkSafe(t, arts, errs)
		})
	}
	// The whole folder at once: each file still stands alone.
	arts, errs := LoadPath(dir)
	if len(arts) < 15 || len(errs) < 6 {
		t.Errorf("the folder gave %d articles and %d problems", len(arts), len(errs))
	}
	checkSafe(t, arts, errs)
}

// TestDeepNestingIsFlattened: a renderer's cost grows with nesting, so a
// body nests no deeper than safe.MaxNesting.
func TestDeepNestingIsFlattened(t *testing.T) {
	arts, _ := LoadPath(filepath.Join(sharedDir(t, "bad-inputs"), "deep-nesting.md"))
	if len(arts) != 1 {
		t.Fatal(len(arts))
	}
	if doc, _ := safe.Parse(arts[0].Body); safe.Depth(doc) > safe.MaxNesting {
		t.Errorf("body nests %d deep", safe.Depth(doc))
	}
	for _, want := range []string{"quote level 199", "item 199"} {
		if !strings.Contains(arts[0].Body, want) {
			t.Errorf("flattening lost %q", want)
		}
	}
}

// TestArticleCap: an article over the cap is cut, with one warning, and
// what fits loads.
func TestArticleCap(t *testing.T) {
	const maxArticleBytes = 2 << 10
	text := "A Long Story\n\n" + strings.Repeat("Officials said the violence spread to new towns.\n\n", 200)
	arts, errs := parseSource(origin{name: "long.txt", limits: Limits{ArticleBytes: maxArticleBytes}}, []byte(text))
	if got := messages(errs); fmt.Sprint(got) != "[over 2 KB: read the first 2 KB only]" {
		t.Errorf("errors %q", got)
	}
	if len(arts) != 1 || arts[0].Title != "A Long Story" || len(arts[0].Body) > maxArticleBytes || len(arts[0].Body) < maxArticleBytes/2 {
		t.Errorf("%d articles, body of %d bytes", len(arts), len(arts[0].Body))
	}
}

// TestTreeCap: past the file cap a folder stops, with one warning.
func TestTreeCap(t *testing.T) {
	dir := t.TempDir()
	for i := range 8 {
		sub := filepath.Join(dir, fmt.Sprintf("s%d", i%2))
		os.MkdirAll(sub, 0o755)
		os.WriteFile(filepath.Join(sub, fmt.Sprintf("%02d.txt", i)), fmt.Appendf(nil, "Story %d\n\nBody number %d.", i, i), 0o644)
	}
	arts, errs := NewLoader(Options{Limits: Limits{TreeFiles: 5}}).Load(context.Background(), dir)
	if len(arts) != 5 || fmt.Sprint(messages(errs)) != "[more than 5 files: read the first 5 only]" {
		t.Errorf("%d articles, %q", len(arts), messages(errs))
	}
	if arts[0].Section != "S0" {
		t.Errorf("section %q, want the folder's name", arts[0].Section)
	}
}

// TestDetect: content decides, the name only where content leaves it open.
func TestDetect(t *testing.T) {
	tests := []struct {
		text, name, ctype string
		want              format
	}{
		{"Title\n\nBody.", "a.txt", "", formatText},
		{"Title\n\nBody.", "a.md", "", formatMarkdown},
		{"# Title\n\nBody.", "notes", "", formatMarkdown},
		{"---\ntitle: x\n---\nBody", "a.txt", "", formatMarkdown},
		{"<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt", "", formatHTML},
		{"<html><p>x", "-", "", formatHTML},
		{"  \n<p>A paragraph</p>", "frag", "", formatHTML},
		{"<p>x</p>", "a.md", "", formatMarkdown}, // Markdown may open with HTML
		{`<?xml version="1.0"?><rss version="2.0"></rss>`, "feed.txt", "", formatXMLFeed},
		{"<!-- a comment -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", "x", "", formatXMLFeed},
		{`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`, "x", "", formatXMLFeed},
		{`{"version": "https://jsonfeed.org/version/1.1", "items": []}`, "feed", "", formatJSONFeed},
		{`<?xml version="1.0"?><note/>`, "note", "", formatXML},
		{`<note/>`, "note.xml", "", formatXML},
		{"Plain words", "x", "text/html; charset=utf-8", formatText},
		{"<div>x</div>", "x", "text/html", formatHTML},
		{"Title\n\nBody", "x", "text/markdown", formatMarkdown},
	}
	for _, tt := range tests {
		if got := detect(tt.text, tt.name, tt.ctype); got != tt.want {
			t.Errorf("detect(%.30q, %q, %q) = %v, want %v", tt.text, tt.name, tt.ctype, got, tt.want)
		}
	}
}

// TestDecodeSource: BOMs, declared encodings, and guesses.
func TestDecodeSource(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		ctype string
		want  string
	}{
		{"utf8", "Márquez", "", "Márquez"},
		{"utf8 bom", "\xef\xbb\xbfMárquez", "", "Márquez"},
		{"utf16le", "\xff\xfeM\x00\xe1\x00r\x00", "", "Már"},
		{"utf16be", "\xfe\xff\x00M\x00\xe1\x00r", "", "Már"},
		{"latin1 guessed", "M\xe1rquez \x93quoted\x94", "", "Márquez “quoted”"},
		{"xml declaration", "<?xml version='1.0' encoding='ISO-8859-2'?><a>\xb1</a>", "", "<?xml version='1.0' encoding='ISO-8859-2'?><a>ą</a>"},
		{"meta charset", "<html><head><meta charset=\"koi8-r\"></head><body>\xf0\xd2\xc9</body>", "", "<html><head><meta charset=\"koi8-r\"></head><body>При</body>"},
		{"http charset", "\xe9t\xe9", "text/plain; charset=iso-8859-1", "été"},
		{"declared utf-8, really latin1", "<?xml version='1.0' encoding='utf-8'?><a>M\xe1rquez</a>", "", "<?xml version='1.0' encoding='utf-8'?><a>Márquez</a>"},
		{"mostly utf8", "Márquez and Gutiérrez and \xff", "text/plain; charset=iso-8859-1", "Márquez and Gutiérrez and \uFFFD"},
		{"shift_jis declared", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\x83\x81\x83L\x83V\x83R</a>", "", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>メキシコ</a>"},
	}
	for _, tt := range tests {
		got, err := decodeSource([]byte(tt.data), tt.ctype)
		if err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

// TestLoadAll: several sources at once, each result tagged with its place
// in the list; standard input read once; progress counts files.
func TestLoadAll(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "one.txt"), []byte("First Story\n\nBody."), 0o644)
	os.MkdirAll(filepath.Join(dir, "notes", "deep"), 0o755)
	os.WriteFile(filepath.Join(dir, "notes", "a.md"), []byte("# A Note\n\nText."), 0o644)
	os.WriteFile(filepath.Join(dir, "notes", "deep", "b.md"), []byte("# B Note\n\nText."), 0o644)
	stdin := strings.NewReader(`{"version":"https://jsonfeed.org/version/1.1","title":"Piped","items":[{"id":"1","title":"From Stdin","content_text":"Hello."}]}`)
	l := NewLoader(Options{Stdin: stdin})
	srcs := []string{filepath.Join(dir, "one.txt"), filepath.Join(dir, "notes"), "-", "-", filepath.Join(dir, "missing"), "ftp://example.com/feed"}
	got := make([]Result, len(srcs))
	for r := range l.LoadAll(context.Background(), srcs) {
		got[r.Index] = r
	}
	want := []struct {
		titles string
		errs   string
	}{
		{"[First Story]", "[]"},
		{"[A Note B Note]", "[]"},
		{"[From Stdin]", "[]"},
		{"[]", `[read once already ("-" given twice)]`},
		{"[]", "[no such file or directory]"},
		{"[]", "[not a source lede reads: only http and https URLs, files and folders]"},
	}
	for i, w := range want {
		var titles []string
		for _, a := range got[i].Articles {
			titles = append(titles, a.Title)
		}
		if fmt.Sprint(titles) != w.titles || fmt.Sprint(messages(got[i].Errs)) != w.errs || got[i].Source != srcs[i] {
			t.Errorf("source %d (%s): %v %q; want %s %s", i, srcs[i], titles, messages(got[i].Errs), w.titles, w.errs)
		}
	}
	if done, total := l.Progress(); done != total || total != 7 {
		t.Errorf("progress %d/%d, want 7/7 (2 files, a folder of 2, stdin twice, 2 failures)", done, total)
	}
	if got[1].Articles[1].Section != "Deep" {
		t.Errorf("section %q", got[1].Articles[1].Section)
	}
}

// TestLoadAllCancel: cancelling a load ends it. The server holds its
// request until the request's context ends, so only the cancel (passed on
// to the fetch) lets the load finish; a folder beside it is not read.
func TestLoadAllCancel(t *testing.T) {
	inFlight := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(inFlight)
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	results := NewLoader(Options{Timeout: time.Hour}).LoadAll(ctx, []string{srv.URL + "/feed"})
	<-inFlight
	cancel()
	n := 0
	for r := range results {
		if len(r.Articles) != 0 || len(r.Errs) != 1 {
			t.Errorf("%d articles, %q", len(r.Articles), messages(r.Errs))
		}
		n++
	}
	if n != 1 {
		t.Errorf("%d results", n)
	}
	// Cancelled before it starts, a folder yields nothing and no error.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("A story\n\nIts text."), 0o644); err != nil {
		t.Fatal(err)
	}
	for r := range NewLoader(Options{}).LoadAll(ctx, []string{dir}) {
		if len(r.Articles) != 0 {
			t.Errorf("a cancelled folder gave %d articles", len(r.Articles))
		}
	}
}
