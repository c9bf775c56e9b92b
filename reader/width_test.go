package reader

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

// emojiSource has joined emoji, flags and VS16 in titles and text, which a
// terminal that does not cluster graphemes draws wider than one that does.
func emojiSource() *fakeSource {
	f := newFake(3)
	joined := "👨\u200d👩\u200d👧\u200d👦 🇺🇸🇲🇽 ❤️ ✈️"
	f.arts[0].Title = "Families " + joined + " meet again at the border after years apart, " + joined
	f.arts[0].Source = "feeds/" + joined + ".xml"
	var b strings.Builder
	for p := range 12 {
		b.WriteString(strings.Repeat("Paragraph "+joined+" with families and flags ", 3+p%3) + "end.\n\n")
	}
	f.arts[0].Body = b.String()
	f.related["a1"] = []store.Related{{ID: "a0", Title: f.arts[0].Title, Score: 0.5, Why: []string{joined}}}
	return f
}

// separatorColumns is the column of the pane separator on each row, as
// measured now.
func separatorColumns(frame string) map[int]bool {
	cols := map[int]bool{}
	for _, l := range strings.Split(ansi.Strip(frame), "\n") {
		if i := strings.Index(l, "│"); i >= 0 {
			cols[textWidth(l[:i])] = true
		}
	}
	return cols
}

// No line is wider than the terminal as it draws it: code point by code
// point until the terminal says it clusters graphemes (mode 2027), grapheme
// clusters after. The panes stay aligned either way, and an article's text
// is wrapped, never cut, where the terminal draws it wider than glamour
// counted.
func TestWidthAsTheTerminalDraws(t *testing.T) {
	defer clusters.Store(clusters.Load())
	for _, on := range []bool{false, true} {
		clusters.Store(false)
		for _, size := range [][2]int{{120, 40}, {60, 20}} {
			m := start(t, emojiSource(), size[0], size[1])
			if on {
				m = drive(t, m, tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeReset})
				if !clusters.Load() || !m.article.Wanted().Clusters {
					t.Fatalf("a terminal that knows 2027: clusters %v, rendering %+v", clusters.Load(), m.article.Wanted())
				}
			} else {
				m = drive(t, m, tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeNotRecognized})
			}
			// The whole text is there, whatever was wrapped again.
			var text strings.Builder
			for _, l := range m.article.lines {
				text.WriteString(ansi.Strip(l))
			}
			got := strings.Join(strings.Fields(text.String()), "")
			want := strings.Join(strings.Fields("Paragraph 👨\u200d👩\u200d👧\u200d👦 🇺🇸🇲🇽 ❤️ ✈️ with families and flags"), "")
			if reading(m) != "a0" || strings.Count(got, want) < 36 {
				t.Fatalf("%dx%d clusters %v: text lost: %d of 36 runs of the paragraph kept", m.width, m.height, on, strings.Count(got, want))
			}
			for _, k := range []string{"", "enter", "space", "esc", "1", "r"} {
				if k != "" {
					m = drive(t, m, press(k)) // checkView measures every line as the terminal draws it
				}
				frame := m.View().Content
				for _, l := range strings.Split(frame, "\n") {
					if w := ansi.StringWidthWc(l); !on && w > m.width {
						t.Fatalf("%dx%d after %q: a line %d wide where the terminal draws code points: %q", m.width, m.height, k, w, ansi.Strip(l))
					}
				}
				if cols := separatorColumns(frame); len(cols) > 1 {
					t.Fatalf("%dx%d after %q, clusters %v: the separator wanders over columns %v:\n%s", m.width, m.height, k, on, cols, ansi.Strip(frame))
				}
			}
		}
	}
}
