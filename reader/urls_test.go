package reader

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

// An address that stands alone (a headline-only item's body, an item of
// the closing Links list) stays whole where it fits on a line of its
// own, and a longer one breaks after a "/" (or the like), each piece on
// a line of its own: glamour broke them at any hyphen ("…-parenthood-",
// "propaganda-…") and mid-word at the line's end ("…/1664/E",
// "NTERTAINMENTLIFE").
func TestAddressesBreakWhereTheyMay(t *testing.T) {
	const bare = "http://twitchy.com/2014/03/09/snls-planned-parenthood-propaganda-crushed-with-devastating-truth/"
	const long = "http://www.example.com/news/1664/ENTERTAINMENTLIFESTYLE/CULTUREFROMAROUNDTHEWORLD/story.html"
	for _, c := range []struct {
		name, body, url string
		indent          int // the columns before the address
	}{
		{"a headline-only item", "<" + bare + ">", bare, 2},
		{"a bare address", long, long, 2},
		{"the closing Links list", "Some text.\n\n" + store.LinksHeading + "\n\n- \\[1\\] <" + bare + ">\n- \\[2\\] <" + long + ">", bare, 8},
	} {
		for _, style := range []string{StyleDark, StyleNoTTY} {
			for _, w := range []int{40, 60, 100, 110} {
				a := &store.Article{ID: "x", Title: "A headline", Body: c.body}
				out, err := RenderArticle(a, w, style)
				if err != nil {
					t.Fatal(err)
				}
				lines := strings.Split(ansi.Strip(out), "\n")
				var got []string
				in := false
				for _, l := range lines {
					l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "• [1]"))
					if style != StyleNoTTY && ansi.StringWidth(l) > w {
						t.Errorf("%s, %s, %d columns: a line of %d: %q", c.name, style, w, ansi.StringWidth(l), l)
					}
					switch {
					case strings.HasPrefix(l, "http://twitchy") || strings.HasPrefix(l, "http://www.example") && c.url == long:
						in = true
						got = append(got, l)
					case in && l != "" && !strings.HasPrefix(l, "•") && !strings.HasPrefix(l, "[2]"):
						got = append(got, l)
					default:
						in = false
					}
				}
				if strings.Join(got, "") != c.url {
					t.Errorf("%s, %s, %d columns: the address is %q\n%s", c.name, style, w, got, ansi.Strip(out))
					continue
				}
				if c.indent+len(c.url) <= w && len(got) != 1 {
					t.Errorf("%s, %s, %d columns: an address that fits a line is broken: %q", c.name, style, w, got)
				}
				if len(got) > 1 && !strings.HasSuffix(got[0], "/") {
					t.Errorf("%s, %s, %d columns: not broken after a /: %q", c.name, style, w, got)
				}
				for _, p := range got[:len(got)-1] {
					if !strings.ContainsAny(p[len(p)-1:], "/?&#=-._") {
						t.Errorf("%s, %s, %d columns: broken mid-word: %q", c.name, style, w, got)
					}
				}
			}
		}
	}
}
