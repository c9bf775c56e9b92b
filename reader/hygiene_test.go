package reader

import (
	"os"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// What a body from any source shows once glamour has rendered it: an '&'
// as written (glamour printed the backslash of "\&": "AT\&T"), no raw
// tab from "&Tab;", no bidi mark from "&rlm;" or "&lrm;", references that
// would be controls as written. Plain text, a feed item of plain text, a
// feed item of HTML and a Markdown note, each with the same sentence.
func TestRenderedEntities(t *testing.T) {
	sentence := "Smith & Wesson, AT&T, Q&A: a&Tab;b c&rlm;d e&lrm;f g&#x200F;h esc&#27;[31m don&#146;t x&NewLine;y"
	escaped := strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(sentence)
	sources := map[string]string{
		"note.txt": "A title\n\n" + sentence + "\n",
		"note.md":  "# A title\n\n" + sentence + "\n",
		"feed.xml": `<rss version="2.0"><channel><title>F</title><item><title>A title</title><description>` + escaped + `</description></item></channel></rss>`,
		"html.xml": `<rss version="2.0"><channel><title>F</title><item><title>A title</title><description>&lt;p&gt;` + strings.ReplaceAll(escaped, "&amp;", "&amp;amp;") + `&lt;/p&gt;</description></item></channel></rss>`,
	}
	for name, text := range sources {
		dir := t.TempDir()
		path := dir + "/" + name
		if err := writeFile(path, text); err != nil {
			t.Fatal(err)
		}
		arts, errs := ingest.LoadPath(path)
		if len(arts) != 1 {
			t.Fatalf("%s: %d articles, %v", name, len(arts), errs)
		}
		a := store.Build(arts).List()[0]
		out, err := RenderArticle(a, 200, StyleNoTTY)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Smith & Wesson", "AT&T", "Q&A"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: %q missing in %q", name, want, out)
			}
		}
		if strings.Contains(out, `\&`) || strings.ContainsAny(out, "\t\u200e\u200f\x1b\u0092") {
			t.Errorf("%s: a backslash, tab, bidi mark or control in %q", name, out)
		}
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o644) }

// The reader opens and copies links by the one policy: a mailto link
// reaches the opener without its attach parameter, a javascript: link
// never.
func TestLinkPolicyInTheReader(t *testing.T) {
	if got, ok := firstLink([]string{"javascript:alert(1)", "mailto:a@b.c?attach=/etc/passwd&body=x"}); !ok || got != "mailto:a@b.c?body=x" {
		t.Errorf("firstLink = %q, %v", got, ok)
	}
	if _, ok := safeLink("mailto:a@b.c?attachment=~/.ssh/id_rsa"); !ok {
		t.Error("a mailto link with only an attachment was refused, not cleaned")
	}
}
