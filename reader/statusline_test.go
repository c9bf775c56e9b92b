package reader

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// runTogether finds what is at the right of the status line (problems,
// the place in the article) with less than two columns before it.
var runTogether = regexp.MustCompile(`[^\s\d] ?\d+ problems? · !|[^\s!\d│] ?\d+–\d+/\d+|[^\s│] ?all $`)

// The status line's message, the place in the list and what is at the
// right never run together ("article 14 of 19 · reading8 problems · !
// 1–12/172", "Nothing ahead…1–12/44 0%", "example.com2 problems · !"):
// each gives way, or is cut, with two columns between them.
func TestStatusLineNeverRunsTogether(t *testing.T) {
	var problems []error
	for i := range 8 {
		problems = append(problems, fmt.Errorf("file-%d.txt: not text", i))
	}
	messages := []string{
		"",
		"Nothing ahead in history.",
		"Could not open https://example.com/a/rather/long/link/to/a/story.html: exec: \"xdg-open\": executable file not found in $PATH",
		"Full text failed: no such host example.com (http://example.com/7)",
	}
	for _, sz := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		for _, steps := range [][]string{{"j"}, {"j", "j", "enter"}, {"G", "enter", "space"}} {
			m := newApp(newFake(19), Options{Style: StyleDark, Problems: problems})
			m.open = func(string) error { return nil }
			m = drive(t, m, runCmd(m.Init())...)
			m = drive(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			m = drive(t, m, keys(steps...)...)
			for _, msg := range messages {
				m.setStatus(msg, true)
				line := ansi.Strip(m.statusLine())
				if w := textWidth(line); w != sz[0] {
					t.Fatalf("%dx%d %v: the status line is %d wide: %q", sz[0], sz[1], steps, w, line)
				}
				if loc := runTogether.FindStringIndex(line); loc != nil {
					t.Fatalf("%dx%d %v, message %q: runs together at %q:\n%q", sz[0], sz[1], steps, msg, line[loc[0]:loc[1]], line)
				}
				if msg != "" && !strings.Contains(line, msg[:12]) {
					t.Fatalf("%dx%d %v: the message is gone: %q", sz[0], sz[1], steps, line)
				}
			}
		}
	}
}

// A message on a narrow terminal takes the place of the position, and
// of the name where it must, rather than being cut, as README says: at
// 40x12, /drought enter showed "Results for “drought” · esc s…".
func TestNarrowMessageIsWhole(t *testing.T) {
	for _, sz := range [][2]int{{40, 12}, {60, 20}, {120, 40}} {
		m := start(t, seedSource(t), sz[0], sz[1])
		m = drive(t, m, press("/"))
		m = drive(t, m, typeText("drought")...)
		m = drive(t, m, press("enter"))
		lines := strings.Split(screen(m), "\n")
		status := strings.TrimSpace(lines[len(lines)-2])
		if strings.Contains(status, "…") || !strings.Contains(status, "“drought”") || !strings.Contains(status, "esc") {
			t.Errorf("%dx%d: the message is cut: %q", sz[0], sz[1], status)
		}
	}
}

// The problems stay in the status line longer than the place in the
// article, and apart from it: a message took them ("lede  1/1  │ Full
// text: no such host…"), and "2 problems · ! all" read as one. The place
// in the list in words stays longer still: after A at 100,000 the line
// was " lede   │ Marked 94125 stories read… 15 problems · ! │ 1–26/31 0%".
func TestStatusLineKeepsTheProblems(t *testing.T) {
	problems := []error{fmt.Errorf("full text of “A story”: no such host")}
	for _, w := range []int{120, 150} {
		m := newApp(newFake(3), Options{Style: StyleDark, Problems: problems})
		m = drive(t, m, runCmd(m.Init())...)
		m = drive(t, m, tea.WindowSizeMsg{Width: w, Height: 40})
		m = drive(t, m, keys("enter")...)
		line := ansi.Strip(m.statusLine())
		if !strings.Contains(line, "1 problem · ! │ ") || !strings.Contains(line, "article 1 of 3") {
			t.Errorf("%d columns, no message: %q", w, line)
		}
		m.setStatus("Full text: no such host example.invalid (http://example.invalid/some/rather/long/path/7)", true)
		line = ansi.Strip(m.statusLine())
		if !strings.Contains(line, "article 1 of 3") || !strings.Contains(line, "Full text: no such host") {
			t.Errorf("%d columns, a message: %q", w, line)
		}
		if w >= 150 && !strings.Contains(line, "1 problem · !") {
			t.Errorf("%d columns, a message: the problems gone: %q", w, line)
		}
	}
}

// The place in the list in words outlasts the problems and the place in
// the article, at every width where it fits beside the message: "Marked
// 94125 stories read…" took it at 120 columns and kept "15 problems · !".
func TestStatusLineKeepsThePlace(t *testing.T) {
	var problems []error
	for i := range 15 {
		problems = append(problems, fmt.Errorf("feed %d: no such host", i))
	}
	msg := "Marked 94125 stories read, every version: 99506 articles · z undoes it."
	for _, w := range []int{100, 110, 120, 130, 140} {
		m := newApp(newFake(31), Options{Style: StyleDark, Problems: problems})
		m = drive(t, m, runCmd(m.Init())...)
		m = drive(t, m, tea.WindowSizeMsg{Width: w, Height: 40})
		m.setStatus(msg, false)
		line := ansi.Strip(m.statusLine())
		if !strings.Contains(line, "of 31") || !strings.Contains(line, msg) {
			t.Errorf("%d columns: %q", w, line)
		}
		if w >= 140 && !strings.Contains(line, "15 problems · !") {
			t.Errorf("%d columns: room for the problems, gone: %q", w, line)
		}
	}
}
