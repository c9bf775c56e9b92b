package reader

import (
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// Plain text is plain: the title is no "# " heading, and a list item's
// wrapped lines hang under its text, not under its bullet; a code
// block's lines are not taken for an item's.
func TestPlainIsPlain(t *testing.T) {
	a := &store.Article{ID: "gmail", Title: "Google Launches Native Gmail App for iOS", Words: 60, Body: "The app does much.\n\n" +
		"- Autocomplete email addresses from your Gmail contacts or select from your device's address book\n" +
		"- Upload photos with a click using the new attachment button in compose view\n\n" +
		"1. First install the app from the store, then sign in with the account you use most\n" +
		"2. Done\n\n" +
		"```\n1. a line of code that is long enough to pass the width of the terminal here\nsecond\n```\n"}
	for _, width := range []int{40, 60, 72} {
		out, err := RenderArticle(a, width, StyleNoTTY)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(out, "\n")
		if strings.Contains(out, "# ") || !strings.HasPrefix(strings.TrimSpace(lines[0]), "Google") {
			t.Errorf("width %d: the title is a Markdown heading:\n%s", width, out)
		}
		var in string // the indent of the item's text being read
		for k, l := range lines {
			if width < len([]rune(l)) {
				t.Errorf("width %d: line %d is %d wide: %q", width, k, len([]rune(l)), l)
			}
			if m := itemMark.FindString(l); m != "" && !strings.Contains(l, "code") {
				in = strings.Repeat(" ", len([]rune(m)))
				continue
			}
			if strings.TrimSpace(l) == "" {
				in = ""
				continue
			}
			if in != "" && (!strings.HasPrefix(l, in) || strings.HasPrefix(l, in+" ")) {
				t.Errorf("width %d: line %d does not hang under its item's text (%d columns): %q\n%s", width, k, len(in), l, out)
			}
		}
		if !strings.Contains(out, "\n    1. a line of code") && !strings.Contains(out, "\n      1. a line of code") {
			t.Errorf("width %d: the code block's line was rewrapped:\n%s", width, out)
		}
	}
}
