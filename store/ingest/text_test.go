package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
)

// seedArticles parses the real seed files, as lede does.
func seedArticles(t testing.TB) []store.Article {
	t.Helper()
	arts, errs := LoadFS(seeds.FS)
	if len(errs) > 0 {
		t.Fatalf("seeds: %v", errs)
	}
	return arts
}

func byTitle(t *testing.T, arts []store.Article, prefix string) store.Article {
	t.Helper()
	for _, a := range arts {
		if strings.HasPrefix(a.Title, prefix) {
			return a
		}
	}
	t.Fatalf("no article titled %q…", prefix)
	return store.Article{}
}

func TestSeedsGiveNineDistinctArticles(t *testing.T) {
	arts := seedArticles(t)
	// 000 and 001 each list the same two influencer stories word for word:
	// eleven parsed, nine once duplicates merge.
	if len(arts) != 11 {
		t.Fatalf("parsed %d articles, want 11 (9 distinct + 2 repeated)", len(arts))
	}
	st := store.Build(arts)
	want := []string{
		"Tensions Rise Between Mexico and US Over Drug Trafficker Terrorism Designation Ahead of Trump's Inauguration",
		"Beauty Influencer Shot Dead During TikTok Livestream in Mexico",
		"Mexican Influencer Valeria Márquez Killed in Shocking Live Stream Incident",
		"Mayoral Candidate Gunned Down During Campaign in Veracruz, Mexico",
		"Fentanyl Crisis Strains US-Mexico Relations Ahead of Trump's Inauguration",
		"Seven Youths Killed in Shooting at Church Festivity in Mexico",
		"Mexico’s Assertive Stance Shakes Up U.S. Relations Over Crime And Gun Issues",
		"Former U.S. President Donald Trump has reignited tensions between the United States and…",
		"Mexican President Claudia Sheinbaum on Thursday said that her country would never…",
	}
	got := st.List()
	if len(got) != len(want) {
		t.Fatalf("store has %d articles, want %d", len(got), len(want))
	}
	for i, a := range got {
		if a.Title != want[i] {
			t.Errorf("article %d: title %q, want %q", i, a.Title, want[i])
		}
	}
}

func TestSeedBoilerplateNeverReachesABody(t *testing.T) {
	for _, a := range seedArticles(t) {
		for _, junk := range []string{"Weekly Newsletter", "Loading...", "More from Mexico", "MXMexico"} {
			if strings.Contains(a.Body, junk) {
				t.Errorf("%q: body holds boilerplate %q", a.Title, junk)
			}
		}
		// A More-from story's body is its one paragraph, not the next story.
		if a.Section == "Mexico" && a.Source != "" && strings.Count(a.Body, "\n\n") > 8 {
			t.Errorf("%q: body runs on (%d paragraphs)", a.Title, strings.Count(a.Body, "\n\n")+1)
		}
	}
}

func TestSeedSectionsAndMoreFromStories(t *testing.T) {
	arts := seedArticles(t)
	for _, prefix := range []string{"Tensions Rise", "Beauty Influencer", "Mexican Influencer", "Mayoral Candidate", "Fentanyl Crisis", "Seven Youths"} {
		a := byTitle(t, arts, prefix)
		if a.Section != "Mexico" {
			t.Errorf("%q: section %q, want Mexico", a.Title, a.Section)
		}
	}
	mayor := byTitle(t, arts, "Mayoral Candidate")
	if !strings.HasPrefix(mayor.Body, "Yesenia Lara Gutiérrez, a mayoral candidate") || strings.Contains(mayor.Body, "\n\n") {
		t.Errorf("mayoral story body is not its one paragraph: %.80q…", mayor.Body)
	}
	if mayor.Source != "000_3d89b93d965cac9c.txt" {
		t.Errorf("source %q, want the seed file name", mayor.Source)
	}
}

func TestSeed002HeadingsBulletsCaptionAndSourceLinks(t *testing.T) {
	a := byTitle(t, seedArticles(t), "Mexico’s Assertive Stance")
	for _, want := range []string{
		"*Directional sign for Mexico and USA.*",
		"## Key Insights\n\n- The U.S. unilaterally designated",
		"\n- U.S. officials, including Defense Secretary Pete Hegseth",
		"## Mexico Stands Firm Against U.S. Pressure",
		"## Cooperation vs. Coercion: Mexico’s Approach",
		"## Sources\n\n1. <https://www.reuters.com/",
	} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	if n := strings.Count(a.Body, "\n- "); n != 5 {
		t.Errorf("%d bullet lines, want 5", n)
	}
	if len(a.Links) != 3 || !strings.HasPrefix(a.Links[1], "https://www.npr.org/") {
		t.Errorf("links %q, want the three source URLs", a.Links)
	}
	if strings.Contains(a.Body, "  •") {
		t.Error("raw bullet characters left in the body")
	}
}

func TestSeed003DerivedTitleHeadingsQuotesAndNote(t *testing.T) {
	a := byTitle(t, seedArticles(t), "Former U.S. President")
	if n := utf8.RuneCountInString(a.Title); n > 90 {
		t.Errorf("derived title is %d runes: %q", n, a.Title)
	}
	if !strings.HasSuffix(a.Title, "…") || strings.HasSuffix(a.Title, " …") {
		t.Errorf("derived title %q is not cut at a word", a.Title)
	}
	// The opening sentence is still the article's first paragraph.
	if !strings.HasPrefix(a.Body, "Former U.S. President Donald Trump has reignited tensions") {
		t.Errorf("body starts %.60q", a.Body)
	}
	for _, h := range []string{"Trump’s Justification for the FTO Designation", "Sheinbaum’s Defiant Response",
		"The Challenge of Cartel Control in Mexico", "How Sheinbaum Is Not Cooperating", "How Sheinbaum Is Cooperating", "A Precarious Balance"} {
		if !strings.Contains(a.Body, "\n## "+h+"\n") {
			t.Errorf("heading %q missing", h)
		}
	}
	if !strings.HasSuffix(a.Body, "---\n\n**ACZ Editor:** She states she will not negotiate sovereignty, but Trump knows that she damn well will.") {
		t.Errorf("editor's note not set apart: %q", a.Body[len(a.Body)-120:])
	}
	if strings.Contains(a.Body, "## “") || strings.Contains(a.Body, "## One of the cartels") {
		t.Error("a quote or paragraph was taken for a heading")
	}
}

func TestSeed004TitleFromOpeningSentence(t *testing.T) {
	a := byTitle(t, seedArticles(t), "Mexican President Claudia Sheinbaum")
	if a.Title != "Mexican President Claudia Sheinbaum on Thursday said that her country would never…" {
		t.Errorf("title %q", a.Title)
	}
	if strings.Contains(a.Body, "## ") {
		t.Error("004 is paragraphs only, but a heading was found")
	}
	if a.Words < 400 {
		t.Errorf("words = %d", a.Words)
	}
}

func TestDerivedTitles(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Short opening. Then more.", "Short opening"},
		{"Mr. Smith went to Washington on Monday. He met the U.S. president.", "Mr. Smith went to Washington on Monday"},
		{"The U.S. and Mexico agreed. More text.", "The U.S. and Mexico agreed"},
		{strings.Repeat("word ", 40), "word word word word word word word word word word word word word word word word word…"},
		{strings.Repeat("x", 200), strings.Repeat("x", 89) + "…"},
	}
	for _, tt := range tests {
		arts := ParseText("t.txt", "", tt.text)
		if len(arts) != 1 {
			t.Fatalf("%q: %d articles", tt.text, len(arts))
		}
		if arts[0].Title != tt.want {
			t.Errorf("%.30q: title %q, want %q", tt.text, arts[0].Title, tt.want)
		}
		if n := utf8.RuneCountInString(arts[0].Title); n > 90 {
			t.Errorf("%.30q: title is %d runes", tt.text, n)
		}
	}
}

func TestHardWrappedParagraphsJoin(t *testing.T) {
	text := "A Title\n\nThis paragraph was wrapped at sixty columns by an old mail\nprogram and goes on to the next line, where it ends.\n\nA second paragraph.\n"
	a := ParseText("w.txt", "", text)[0]
	if !strings.HasPrefix(a.Body, "This paragraph was wrapped at sixty columns by an old mail program and goes on") {
		t.Errorf("wrapped lines not joined: %q", a.Body)
	}
}

func TestMarkdownSpecialsAreEscaped(t *testing.T) {
	a := ParseText("m.txt", "", "Title\n\n# not a heading & &#27; <b>x</b> *not em* 2006. The army AT&T &copy2024 &Tab;\n")[0]
	for _, want := range []string{`\# not a heading & `, `&amp;\#27;`, `\<b\>`, `\*not em\*`, ` AT&T `, `&amp;copy2024`, `&amp;Tab;`} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body %q lacks %q", a.Body, want)
		}
	}
}

// TestBadInputs loads every hostile file: each gives a clean article or one
// clear line, never a panic.
func TestBadInputs(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "bad-inputs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("no ../shared/bad-inputs: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			arts, errs := LoadPath(filepath.Join(dir, e.Name()))
			for _, err := range errs {
				if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, e.Name()+": ") {
					t.Errorf("warning is not one line naming the file: %q", msg)
				}
			}
			if len(arts) == 0 && len(errs) == 0 {
				t.Error("neither an article nor a warning")
			}
			for _, a := range arts {
				for _, s := range []string{a.Title, a.Body, a.Source} {
					if !utf8.ValidString(s) || strings.ContainsAny(s, "\x1b\x00\x07\x08\r\u009b\u202e") {
						t.Errorf("unsafe text survived: %.80q", s)
					}
				}
				if a.Title == "" {
					t.Error("article without a title")
				}
			}
			t.Logf("%d articles, warnings %v", len(arts), errs)
		})
	}
	want := map[string]string{
		"empty.txt":           "empty",
		"whitespace-only.txt": "empty",
		"binary-noise.txt":    "not text",
		"png-renamed.txt":     "not text",
	}
	for name, reason := range want {
		_, errs := LoadPath(filepath.Join(dir, name))
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), reason) {
			t.Errorf("%s: warnings %v, want one saying %q", name, errs, reason)
		}
	}
}

func TestEncodings(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{"utf8", "Valeria Márquez\n\nText.", "Valeria Márquez"},
		{"bom-crlf", "\ufeffSheinbaum Rejects Intervention\r\n\r\nMexico's president.\r\n", "Sheinbaum Rejects Intervention"},
		{"latin1", "Valeria M\xe1rquez\n\nCosts \xa3200 \x93quoted\x94.", "Valeria Márquez"},
		{"mostly-utf8", "Caf\xc3\xa9 news\n\nBroken \xff byte here, caf\xc3\xa9 again and caf\xc3\xa9 more.", "Café news"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tt.name+".txt")
			if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			arts, errs := LoadPath(p)
			if len(errs) > 0 || len(arts) != 1 {
				t.Fatalf("arts %d, errs %v", len(arts), errs)
			}
			if arts[0].Title != tt.want {
				t.Errorf("title %q, want %q", arts[0].Title, tt.want)
			}
			if strings.ContainsRune(arts[0].Body, '\r') {
				t.Error("carriage return left in body")
			}
			if tt.name == "latin1" && !strings.Contains(arts[0].Body, "£200 “quoted”") {
				t.Errorf("Windows-1252 body misread: %q", arts[0].Body)
			}
			if tt.name == "mostly-utf8" && !strings.Contains(arts[0].Body, "Broken \uFFFD byte") {
				t.Errorf("broken byte not replaced: %q", arts[0].Body)
			}
		})
	}
}

func TestFolderSectionsAndOrder(t *testing.T) {
	root := t.TempDir()
	for _, f := range []struct{ path, text string }{
		{"sport/b.txt", "Second Sport Story\n\nBody two."},
		{"sport/a.txt", "First Sport Story\n\nBody one."},
		{"top.txt", "Top Story\n\nBody."},
		{".hidden/x.txt", "Hidden\n\nNever loaded."},
		{"photo.jpg", "\x89PNG not loaded"},
	} {
		p := filepath.Join(root, f.path)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(f.text), 0o644)
	}
	arts, errs := LoadPath(root)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, a := range arts {
		got = append(got, a.Title+"/"+a.Section)
	}
	want := "First Sport Story/Sport,Second Sport Story/Sport,Top Story/"
	if strings.Join(got, ",") != want {
		t.Errorf("got %v, want %s", got, want)
	}
	if _, errs := LoadPath(filepath.Join(root, "missing")); len(errs) != 1 || !strings.Contains(errs[0].Error(), "no such file") {
		t.Errorf("missing path: %v", errs)
	}
}
