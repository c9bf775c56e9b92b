package reader

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/safe/termtest"
)

// checkTerminalSafe fails when a frame holds anything but text and SGR
// colour: the one rule of store/safe/termtest, with no tabs (a tab would
// break the layout).
func checkTerminalSafe(t testing.TB, what, frame string) {
	t.Helper()
	termtest.CheckFrame(t, what, frame)
}

func terminalSafe(frame string) error { return termtest.Err(frame, false) }

// checkFrame checks a whole view: its content, and that it asks nothing of
// the terminal but the alt screen, the mouse and a cursor.
func checkFrame(t testing.TB, what string, m app) {
	t.Helper()
	v := m.View()
	checkTerminalSafe(t, what, v.Content)
	if v.WindowTitle != "" || v.ProgressBar != nil {
		t.Errorf("%s: the view sets a title %q or a progress bar", what, v.WindowTitle)
	}
}

// firstWord is a word of s to search for: the first of four letters or
// more.
func firstWord(s string) string {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(w) >= 4 {
			return w
		}
	}
	return "news"
}

// TestHostileInputsInTheTUI opens every article of every file of
// ../shared/bad-inputs in the reader, in every pane, and checks that every
// frame carries colour codes and text and nothing else.
func TestHostileInputsInTheTUI(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "bad-inputs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("no ../shared/bad-inputs: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".sh") {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			arts, _ := ingest.LoadPath(filepath.Join(dir, e.Name()))
			st := store.Build(arts)
			sizes := [][2]int{{120, 40}, {60, 20}}
			if raceEnabled {
				sizes = sizes[:1] // the race detector makes glamour ten times slower
			}
			for _, size := range sizes {
				m := start(t, st, size[0], size[1])
				name := func(step string) string { return strconv.Itoa(size[0]) + "x" + strconv.Itoa(size[1]) + " " + step }
				checkFrame(t, name("list"), m)
				for i, a := range st.List() {
					if i > 0 {
						m = drive(t, m, press("tab"), press("g"))
						for range i {
							m = drive(t, m, press("j"))
						}
					}
					if reading(m) != a.ID {
						t.Fatalf("%s: reading %q, want %q", name("list"), reading(m), a.ID)
					}
					steps := []struct {
						name string
						msgs []tea.Msg
					}{
						{"article", keys("enter")},
						{"bottom", keys("G")},
						{"related", keys("r")},
						{"links", keys("esc", "L")},
						{"open link", keys("o")},
						{"copy link", keys("y")},
						{"help", keys("esc", "?")},
						{"search", []tea.Msg{press("?"), press("/"), tea.PasteMsg{Content: firstWord(a.Title + " " + a.Body)}}},
						{"results", keys("enter")},
						{"all", keys("esc")},
					}
					for _, s := range steps {
						m = drive(t, m, s.msgs...)
						checkFrame(t, name(s.name+" of "+a.ID), m)
					}
					if size[0] >= wideMin && !m.article.ready {
						t.Errorf("%s: never rendered", a.ID)
					}
				}
			}
		})
	}
}

// hasColour reports the SGR sequences in s that set a colour.
func colourCodes(s string) []string {
	var bad []string
	for _, seq := range termtest.SGR.FindAllString(s, -1) {
		params := strings.FieldsFunc(seq[2:len(seq)-1], func(r rune) bool { return r == ';' || r == ':' })
		for i := 0; i < len(params); i++ {
			n, _ := strconv.Atoi(params[i])
			if n >= 30 && n <= 38 || n >= 40 && n <= 48 || n >= 90 && n <= 97 || n >= 100 && n <= 107 || n == 58 {
				bad = append(bad, seq)
				break
			}
		}
	}
	return bad
}

// With NO_COLOR the frame carries no colour at all, in any pane, the
// article included: bold, italics, underline and reverse only.
func TestNoColour(t *testing.T) {
	f := newFake(6)
	f.arts[0].Links = []string{"javascript:x", "https://a.example/"}
	f.arts[0].Body = "## A heading\n\nText with `code` and **bold** and a [link](https://x.example/).\n\n```go\nfunc main() {}\n```\n\n> A quote.\n\n" + f.arts[0].Body
	m := newApp(f, Options{Style: StyleDark, NoColor: true})
	m.open = func(string) error { return nil }
	m = drive(t, m, runCmd(m.Init())...)
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	steps := []struct {
		name string
		msgs []tea.Msg
	}{
		{"list", nil}, {"article", keys("enter")}, {"related", keys("r")}, {"links", keys("esc", "L")},
		{"refused", keys("enter")}, {"help", keys("esc", "?")}, {"search", append(keys("?", "/"), typeText("paragraph")...)},
		{"no match", typeText("zzz")}, {"back", keys("esc", "esc")},
	}
	var all strings.Builder
	for _, s := range steps {
		m = drive(t, m, s.msgs...)
		frame := m.View().Content
		if bad := colourCodes(frame); len(bad) > 0 {
			t.Errorf("%s: colour in the frame: %q", s.name, bad)
		}
		all.WriteString(frame)
	}
	if !strings.Contains(screen(m), "A heading") || !m.article.ready {
		t.Fatalf("the article was not rendered:\n%s", screen(m))
	}
	if !strings.Contains(all.String(), "\x1b[1") && !strings.Contains(all.String(), ";1m") {
		t.Error("no bold anywhere: emphasis should survive NO_COLOR")
	}
	// Without NO_COLOR there is colour: the check above can see it.
	m = start(t, f, 120, 40)
	m = drive(t, m, press("enter"))
	if len(colourCodes(m.View().Content)) == 0 {
		t.Error("no colour without NO_COLOR: the test proves nothing")
	}
}

func TestWithoutColour(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"\x1b[1;38;5;252mbold\x1b[0m", "\x1b[1mbold\x1b[0m"},
		{"\x1b[38;2;1;2;3;48;2;4;5;6;4mu\x1b[m", "\x1b[4mu\x1b[m"},
		{"\x1b[31mred\x1b[39m", "red"},
		{"\x1b[38:2::1:2:3;3mi", "\x1b[3mi"},
		{"\x1b[7;97;100mrev", "\x1b[7mrev"},
		{"\x1b[58;5;3;4:3mcurly", "\x1b[4:3mcurly"},
	}
	for _, tt := range tests {
		if got := withoutColour(tt.in); got != tt.want {
			t.Errorf("withoutColour(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The check itself sees what it must.
func TestCheckTerminalSafe(t *testing.T) {
	for _, frame := range []string{
		"\x1b]0;title\x07", "\x1b]52;c;aGk=\x1b\\", "\x1b]8;;javascript:x\x1b\\a\x1b]8;;\x1b\\", "\x1bc", "\x1b[2J", "\x1b[H",
		"\x1bP+q\x1b\\", "\x1b_apc\x1b\\", "a\u009b31m", "bell\a", "nul\x00", "back\bspace", "carriage\rreturn", "tab\there",
		"\u202eevil", "\u2066iso", "bad \xff utf8",
	} {
		if terminalSafe("ok \x1b[1;38;5;2mcolour\x1b[m "+frame) == nil {
			t.Errorf("%q passed the check", frame)
		}
	}
	if err := terminalSafe("\x1b[1;38;2;1:2:3mcolour\x1b[m and 東京 🎉 עברית e\u0301\n"); err != nil {
		t.Errorf("colour and text failed the check: %v", err)
	}
}
