package reader

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

func TestRenderArticleNoTTYIsPlain(t *testing.T) {
	src := seedSource(t)
	for _, a := range src.List() {
		for _, w := range []int{1, 20, 60, 80, 120} {
			out, err := RenderArticle(a, w, StyleNoTTY)
			if err != nil {
				t.Fatal(err)
			}
			if i := strings.IndexFunc(out, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 }); i >= 0 {
				t.Fatalf("%s at %d: control character %q in plain output", a.ID, w, out[i:min(i+10, len(out))])
			}
			if !strings.Contains(out, a.Title[:min(len(a.Title), 10)]) && w >= 60 {
				t.Fatalf("%s: title missing:\n%s", a.ID, out)
			}
		}
	}
}

// No line is ever wider than asked, in any style, at any width.
func TestRenderArticleWidth(t *testing.T) {
	src := seedSource(t)
	var arts []*store.Article
	for i, a := range src.List() {
		// Every seed in the plain run; under the race detector, where
		// this one goroutine's rendering was 11.7 s alone (1.9 s plain),
		// every third seed and every tricky one: 3.9 s.
		if !raceEnabled || i%3 == 0 {
			arts = append(arts, a)
		}
	}
	arts = append(arts, tricky()...)
	// Light lays out as dark does; the widths are around glamour's margins
	// and the panes' usual sizes.
	for _, style := range []string{StyleDark, StyleNoTTY} {
		for _, a := range arts {
			for _, w := range []int{1, 4, 11, 12, 13, 17, 30, 58, 71, 72, 100, 131} {
				out, err := RenderArticle(a, w, style)
				if err != nil {
					t.Fatal(err)
				}
				for i, l := range strings.Split(out, "\n") {
					if lw := ansi.StringWidth(l); lw > w {
						t.Fatalf("%s %s w=%d: line %d is %d wide: %q", style, a.ID, w, i, lw, ansi.Strip(l))
					}
				}
			}
		}
	}
}

func tricky() []*store.Article {
	return []*store.Article{
		{ID: "tabs", Title: "Tabs", Body: "```\nfunc main() {\n\tif x {\n\t\treturn\n\t}\n}\n```\n\na\tb\tc"},
		{ID: "long", Title: strings.Repeat("Averyveryverylongword", 8), Body: "https://example.com/" + strings.Repeat("x", 300)},
		{ID: "wide", Title: "東京で会議 🎉 emoji", Body: strings.Repeat("東京都の会議が開かれた。", 40)},
		{ID: "empty"},
	}
}

var sgrRE = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func TestOnlySGR(t *testing.T) {
	in := "a\x1b[1;38;5;2mb\x1b]8;id=1;https://x\x07link\x1b]8;;\x07\x1b[mc\x1b]0;title\x1b\\d\x1b[2Je\x1bPq\x1b\\f"
	if got, want := onlySGR(in), "a\x1b[1;38;5;2mblink\x1b[mcdef"; got != want {
		t.Fatalf("onlySGR = %q, want %q", got, want)
	}
	for _, tail := range []string{"\x1b", "\x1b[", "\x1b]8;;", "\x1b[12"} {
		_ = onlySGR("x" + tail) // cut sequences: no panic
	}
}

func TestRenderArticleContent(t *testing.T) {
	a := &store.Article{
		ID: "x", Title: "Cartels *and* [links] &amp; #tags", Section: "Mexico", Source: "seeds/000.txt",
		Words: 12, Versions: 2, Links: []string{"https://example.com"},
		Body: "A paragraph.\n\n- one\n- two\n\n> a quote\n\n\tcode\twith tabs\n\nEntity &#27;[31m and &#x9b; and &#233;.\n\nA [link](https://example.com/x) here.",
	}
	out, err := RenderArticle(a, 80, StyleNoTTY)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Cartels *and* [links] &amp; #tags", // the title as written, not as Markdown
		"Mexico · seeds/000.txt · 12 words · 2 versions",
		"• one", "a quote", "code    with tabs", "&#27;[31m", "and › and é", // &#x9b; is › to HTML
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\t\x1b\u009b") {
		t.Errorf("tab or escape in output:\n%q", out)
	}
	dark, err := RenderArticle(a, 80, "")
	if err != nil || !strings.Contains(dark, "\x1b[") {
		t.Fatalf("dark style has no styling: %v", err)
	}
	if strings.Contains(ansi.Strip(dark), "\x1b") {
		t.Fatal("dark output has a raw escape outside sequences")
	}
	if rest := sgrRE.ReplaceAllString(dark, ""); strings.ContainsRune(rest, 0x1b) {
		t.Fatalf("dark output carries more than colour: %q", rest)
	}
	if _, err := RenderArticle(a, 80, "auto"); err == nil {
		t.Error("unknown style accepted")
	}
	if _, err := RenderArticle(nil, 80, StyleDark); err == nil {
		t.Error("nil article accepted")
	}
	out, _ = RenderArticle(&store.Article{ID: "e", Title: "T", Words: 1}, 40, StyleNoTTY)
	if !strings.Contains(out, "  1 word\n") {
		t.Errorf("singular: %q", out)
	}
}

// Renderers are shared through a pool: renders in parallel must neither
// race nor panic (glamour's renderer is not safe for concurrent use), and
// must give what one render at a time gives.
func TestRenderConcurrent(t *testing.T) {
	src := seedSource(t)
	arts := src.List()
	want := map[string]string{}
	for _, a := range arts {
		for _, w := range []int{60, 61} {
			out, err := RenderArticle(a, w, StyleDark)
			if err != nil {
				t.Fatal(err)
			}
			want[fmt.Sprint(a.ID, w)] = out
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, a := range arts {
				w := 60 + g%2
				out, err := RenderArticle(a, w, StyleDark)
				if err != nil {
					t.Error(err)
				} else if out != want[fmt.Sprint(a.ID, w)] {
					t.Errorf("%s at %d: a render in parallel differs from the serial one", a.ID, w)
				}
			}
		}()
	}
	wg.Wait()
}

// The pool keeps a few idle renderers per width, for a bounded number of
// widths: a resize storm must not keep a renderer for every width seen.
func TestRendererPoolBounded(t *testing.T) {
	p := rendererPool{idle: map[poolKey][]*glamour.TermRenderer{}}
	for w := range maxPoolKeys + 8 {
		if _, err := p.render(StyleDark, 20+w, "Some *text*."); err != nil {
			t.Fatal(err)
		}
	}
	if len(p.idle) > maxPoolKeys {
		t.Fatalf("%d widths kept, want at most %d", len(p.idle), maxPoolKeys)
	}
	// The width just used is among those kept: evicting it would make the
	// next render at the same width build a renderer again.
	if len(p.idle[poolKey{StyleDark, 20 + maxPoolKeys + 7}]) != 1 {
		t.Fatal("the latest width was evicted")
	}
	// Renderers out at once at one width: only a few are kept when they
	// come back.
	k := poolKey{StyleLight, 50}
	var out []*glamour.TermRenderer
	for range 2 * maxIdlePerKey {
		r, err := p.get(k)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	for _, r := range out {
		p.put(k, r)
	}
	if n := len(p.idle[k]); n != maxIdlePerKey {
		t.Fatalf("%d idle renderers at one width, want %d", n, maxIdlePerKey)
	}
}

func TestRenderCache(t *testing.T) {
	c := newRenderCache(2)
	k := func(id string) renderKey { return renderKey{ID: id, Width: 10, Style: StyleDark} }
	c.put(k("a"), []string{"a"})
	c.put(k("b"), []string{"b"})
	c.get(k("a"))
	c.put(k("c"), []string{"c"})
	if !c.has(k("a")) || c.has(k("b")) || !c.has(k("c")) {
		t.Fatal("least recently used not evicted")
	}
	if l, ok := c.get(k("c")); !ok || l[0] != "c" {
		t.Fatal("get")
	}
}

func TestRelLabel(t *testing.T) {
	tests := []struct {
		r    store.Related
		want string
	}{
		{store.Related{Score: 0.2, Version: true}, "same story"},
		{store.Related{Score: 0.5}, "closely related"},
		{store.Related{Score: 0.1}, "related"},
	}
	for _, tt := range tests {
		if got := relLabel(tt.r); got != tt.want {
			t.Errorf("relLabel(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestHighlightDistrustsMarks(t *testing.T) {
	st := newStyles(true, true)
	s := "Márquez killed"
	for _, marks := range [][]store.Span{
		{{Start: 0, End: 8}}, {{Start: 2, End: 3}}, {{Start: -1, End: 4}}, {{Start: 5, End: 400}}, {{Start: 9, End: 2}},
		{{Start: 0, End: 4}, {Start: 2, End: 6}},
	} {
		out := highlight(s, marks, 40, st.Title, st.Match)
		if ansi.Strip(out) != s {
			t.Errorf("marks %v changed the text: %q", marks, ansi.Strip(out))
		}
	}
}

func TestShowFirstMark(t *testing.T) {
	s := "The quick brown fox jumps over the lazy dog near the Sheinbaum river bank"
	i := strings.Index(s, "Sheinbaum")
	marks := []store.Span{{Start: i, End: i + len("Sheinbaum")}}
	out, moved := showFirstMark(s, marks, 30)
	if !strings.HasPrefix(out, "…") || len(moved) != 1 || out[moved[0].Start:moved[0].End] != "Sheinbaum" {
		t.Fatalf("got %q %v", out, moved)
	}
	if ansi.StringWidth(out[:moved[0].End]) > 30 {
		t.Fatalf("match still past the width: %q", out)
	}
	if o, m := showFirstMark(s, marks, 80); o != s || m[0] != marks[0] {
		t.Fatal("a visible match moved")
	}
	if o, _ := showFirstMark(s, nil, 10); o != s {
		t.Fatal("no marks changed the text")
	}
}

// The byline's date is never split at its hyphens, whatever the width
// (at 40x10 it showed "… · 2008-11-" and then "12 · 25 words"), and it
// is shown with them, not with the non-breaking ones it is wrapped with.
func TestBylineDateWhole(t *testing.T) {
	a := &store.Article{ID: "d", Title: "life", Section: "life", Source: "Tender Lovemaking", Words: 25,
		Published: time.Date(2008, 11, 12, 9, 0, 0, 0, time.UTC), Body: "Twenty-five words of text."}
	for _, style := range []string{StyleDark, StyleNoTTY} {
		for w := 16; w <= 60; w++ { // from where a word of 10 columns fits
			out, err := RenderArticle(a, w, style)
			if err != nil {
				t.Fatal(err)
			}
			plain := ansi.Strip(out)
			if !strings.Contains(plain, "2008-11-12") || strings.Contains(plain, nonBreakingHyphen) {
				t.Fatalf("%s at %d columns: the date is not whole, or not with its own hyphens:\n%s", style, w, plain)
			}
		}
	}
}
