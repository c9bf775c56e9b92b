package reader

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

// TestArticleStyleShowsNoSyntax: a section heading is its words, without
// "## ", in every style; plain text (notty) shows emphasis as plain words,
// not the asterisks that nest into "*UPDATE**:".
func TestArticleStyleShowsNoSyntax(t *testing.T) {
	a := &store.Article{ID: "x", Title: "T", Body: "Opening words.\n\n## Farmers wait for rain\n\n***UPDATE**: Ugh! It broke.*\n\n- *an item*"}
	for _, style := range []string{StyleNoTTY, StyleDark, StyleLight} {
		out, err := RenderArticle(a, 60, style)
		if err != nil {
			t.Fatal(err)
		}
		plain := ansi.Strip(out)
		if strings.Contains(plain, "##") || !strings.Contains(plain, "Farmers wait for rain") {
			t.Errorf("%s: heading shown as %q", style, plain)
		}
		if style == StyleNoTTY && (strings.Contains(plain, "*") || !strings.Contains(plain, "UPDATE: Ugh! It broke.") || !strings.Contains(plain, "• an item")) {
			t.Errorf("notty: emphasis shown as %q", plain)
		}
	}
}
