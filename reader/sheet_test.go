package reader

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// seen is every line of the sheet a person sees scrolling it down with
// key, from the top to where it stops moving.
func seen(t *testing.T, m app, key string) (string, app) {
	t.Helper()
	var all strings.Builder
	last := ""
	for range 100 {
		s := screen(m)
		all.WriteString(s)
		if s == last {
			return all.String(), m
		}
		last = s
		m = drive(t, m, press(key))
	}
	t.Fatal("the sheet never stopped scrolling")
	return "", m
}

// Every key of the help and every problem can be read at 60x20 and
// 80x24: the sheets are laid out for the width and scroll.
func TestSheetsShowEverything(t *testing.T) {
	var problems []error
	for i := range 16 {
		problems = append(problems, fmt.Errorf("/work/shared/bad-inputs/file-%02d.txt: not text (binary data or an unknown encoding)", i))
	}
	for _, sz := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		for _, key := range []string{"j", "space"} {
			t.Run(fmt.Sprintf("%dx%d %s", sz[0], sz[1], key), func(t *testing.T) {
				m := newApp(newFake(5), Options{Style: StyleDark, Library: &fakeLibrary{}, Problems: problems})
				hold(&m)
				m = drive(t, m, runCmd(m.Init())...)
				m = drive(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})

				m = drive(t, m, press("?"))
				all, m := seen(t, m, key)
				for _, col := range m.helpKeys().FullHelp() {
					for _, b := range col {
						if !strings.Contains(all, b.Help().Desc) {
							t.Errorf("the help never shows %q (%s)", b.Help().Desc, b.Help().Key)
						}
					}
				}
				if !strings.Contains(all, "walk the trail shown above the article.") {
					t.Error("the help's notes are cut")
				}
				m = drive(t, m, press("esc"), press("!"))
				all, _ = seen(t, m, key)
				for _, p := range problems {
					// Wrapped, a problem's words are all there.
					for _, w := range strings.Fields(p.Error()) {
						if !strings.Contains(all, w) {
							t.Fatalf("the problems never show %q of %q", w, p)
						}
					}
				}
				if !strings.Contains(all, "file-15.txt") {
					t.Fatal("the last problem is never shown")
				}
			})
		}
	}
}

// The wheel scrolls a sheet too, and g goes back to its top.
func TestSheetWheel(t *testing.T) {
	m := newApp(newFake(5), Options{Style: StyleDark, Library: &fakeLibrary{}, Problems: []error{errors.New("one")}})
	hold(&m)
	m = drive(t, m, runCmd(m.Init())...)
	m = drive(t, m, tea.WindowSizeMsg{Width: 60, Height: 20}, press("?"))
	top := screen(m)
	if !strings.Contains(top, "1–18/") {
		t.Fatalf("the help at 60x20 does not say it scrolls:\n%s", top)
	}
	m = drive(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 5, Y: 5})
	if screen(m) == top || !strings.Contains(screen(m), "4–21/") {
		t.Fatalf("the wheel did not scroll the help:\n%s", screen(m))
	}
	m = drive(t, m, press("g"))
	if screen(m) != top {
		t.Fatalf("g did not go back to the top:\n%s", screen(m))
	}
}
