package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store/safe/termtest"
)

// What list, search, related and JSON print of fields holds no tab, line
// or paragraph separator, bidi mark or control, whatever a feed, a note or
// a file name carried (issue 9); plain-text '&' prints as '&'; a mailto
// link keeps no attach parameter.
func TestFieldsPrintClean(t *testing.T) {
	dir := t.TempDir()
	feed := `<rss version="2.0"><channel><title>Feed&#9;with&#x2028;tabs</title>` +
		"<item><title>Tab\tin\ttitle marquez</title><category>Sec\ttion</category><description>Body of the first, marquez AT&amp;T.</description></item>" +
		"<item><title>Line&#x2028;sep&#x2029;para marquez</title><description>Second body marquez.</description></item>" +
		"<item><title>Marks\u200e\u200f\u061c here marquez</title><description>Third body marquez &amp;rlm;x.</description></item>" +
		"<item><title>Mail marquez</title><link>mailto:a@b.c?attach=/etc/passwd&amp;body=x</link><description>Fourth marquez.</description></item>" +
		"</channel></rss>"
	if err := os.WriteFile(filepath.Join(dir, "feed\t\u2028name.xml"), []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	note := "Note\twith\u2029marks\u200f marquez\n\nA note body, marquez, Smith & Wesson.\n"
	if err := os.WriteFile(filepath.Join(dir, "note.txt"), []byte(note), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"list"}, {"list", "--json"}, {"search", "marquez"}, {"search", "marquez", "--json"},
		{"related", "Mail marquez"}, {"related", "Mail marquez", "--json"}, {"show", "Mail marquez", "--json"},
	} {
		out, errOut, code := lede(t, append([]string{"--no-seeds", "--load", dir}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d, %s", args, code, errOut)
		}
		what := strings.Join(args, " ")
		termtest.Check(t, what, out)
		termtest.Check(t, what+" (stderr)", errOut)
		if strings.Contains(what, "json") {
			// JSON escapes controls, so look at what it spells out too.
			for _, esc := range []string{`\t`, `\u2028`, `\u2029`, `\u200e`, `\u200f`, `\u061c`} {
				if strings.Contains(out, esc) && !(args[0] == "show" && esc == `\t`) {
					t.Errorf("%s: %s in %s", what, esc, out)
				}
			}
		} else if strings.Contains(strings.ReplaceAll(out, "\n", ""), "\t") {
			t.Errorf("%s: a tab in %q", what, out)
		}
		if strings.Contains(out, "attach") || strings.Contains(out, `\&`) {
			t.Errorf("%s: attach= or \\& in %q", what, out)
		}
	}
}
