package cli

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Wide characters are measured by the columns they take, on a terminal
// that clusters graphemes and on one that does not, and text is cut or
// wrapped between graphemes, never in one.
func TestNarrowWideCharacters(t *testing.T) {
	family := "👨\u200d👩\u200d👧\u200d👦"
	texts := []string{
		"メキシコとアメリカの緊張 🇲🇽🇺🇸 最近のニュースによると最近のニュースによると",
		"中文标题：阿尔法风暴" + strings.Repeat("风暴", 30),
		strings.Repeat(family+" ", 12),
		strings.Repeat("Me\u0301xico ", 12),
		"المكسيك والولايات المتحدة المكسيك والولايات المتحدة المكسيك والولايات المتحدة",
		strings.Repeat("x", 90),
	}
	graphemes := func(s string) map[string]bool {
		m := map[string]bool{}
		for i := 0; i < len(s); {
			g, _ := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
			m[g] = true
			i += len(g)
		}
		return m
	}
	fits := func(l string, width int) bool {
		return ansi.GraphemeWidth.StringWidth(l) <= width && ansi.WcWidth.StringWidth(l) <= width
	}
	for _, s := range texts {
		whole := graphemes(s)
		for _, width := range []int{40, 60, 20} {
			cut := fitLine(s, width)
			if !fits(cut, width) || !strings.HasSuffix(cut, "…") {
				t.Errorf("fitLine(%q, %d) = %q: %d/%d columns", s, width, cut, ansi.GraphemeWidth.StringWidth(cut), ansi.WcWidth.StringWidth(cut))
			}
			for g := range graphemes(strings.TrimSuffix(cut, "…")) {
				if !whole[g] && g != " " {
					t.Errorf("fitLine(%q, %d) cut a grapheme: %q", s, width, g)
				}
			}
			lines := wrapLines(s, width, "  ")
			joined := ""
			for _, l := range lines {
				if !fits(l, width) || !strings.HasPrefix(l, "  ") {
					t.Errorf("wrapLines(%q, %d): a line of %d/%d columns: %q", s, width, ansi.GraphemeWidth.StringWidth(l), ansi.WcWidth.StringWidth(l), l)
				}
				for g := range graphemes(strings.TrimSpace(l)) {
					if !whole[g] && g != " " {
						t.Errorf("wrapLines(%q, %d) cut a grapheme: %q", s, width, g)
					}
				}
				joined += strings.ReplaceAll(l, " ", "")
			}
			if joined != strings.ReplaceAll(s, " ", "") {
				t.Errorf("wrapLines(%q, %d) lost text: %q", s, width, lines)
			}
		}
	}
	if got := fitLine("Seven Youths Killed in Shooting at Church Festivity in Mexico", 40); got != "Seven Youths Killed in Shooting at…" {
		t.Errorf("a title cut at a word: %q", got)
	}
	if got := fitLine("Short", 40); got != "Short" {
		t.Errorf("a title that fits: %q", got)
	}
}
