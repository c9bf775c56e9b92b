package reader

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// startWith is start with options of the test's own.
func startWith(t testing.TB, src Source, opts Options, w, h int) app {
	t.Helper()
	if opts.Style == "" {
		opts.Style = StyleDark
	}
	m := newApp(src, opts)
	m = drive(t, m, runCmd(m.Init())...)
	return drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

func TestConfiguredKeys(t *testing.T) {
	m := startWith(t, newFake(5), Options{Keys: map[string][]string{"down": {"x", "down"}, "help": {"h"}}}, 120, 40)
	m = drive(t, m, press("x"))
	if got := selected(m); got != "a1" {
		t.Fatalf("x bound to down: selected %s, want a1", got)
	}
	m = drive(t, m, press("j"))
	if got := selected(m); got != "a1" {
		t.Fatalf("j is no longer down, yet selected %s", got)
	}
	m = drive(t, m, press("down"))
	if got := selected(m); got != "a2" {
		t.Fatalf("down still down: selected %s, want a2", got)
	}
	if s := screen(m); !strings.Contains(s, "x/↓ down") {
		t.Errorf("help bar does not show the configured key:\n%s", s)
	}
	m = drive(t, m, press("h"))
	if m.mode != modeHelp {
		t.Fatal("h bound to help does not open it")
	}
	if s := screen(m); !strings.Contains(s, "x/↓") || !regexp.MustCompile(`h +help`).MatchString(s) || strings.Contains(s, "↓/j") {
		t.Errorf("full help does not show the keys as configured:\n%s", s)
	}
}

func TestCheckKey(t *testing.T) {
	for _, k := range []string{"j", "J", "?", "[", "ctrl+d", "alt+enter", "pgdown", "space", "f5", "é"} {
		if err := CheckKey(k); err != nil {
			t.Errorf("CheckKey(%q) = %v, want nil", k, err)
		}
	}
	for _, k := range []string{"", "jj", "ctrl+", "f0", "f99", "pagedown", "hyper+jj", " ", "\x1b"} {
		if CheckKey(k) == nil {
			t.Errorf("CheckKey(%q) = nil, want an error", k)
		}
	}
	// Every default key is one CheckKey knows: a config that spells a
	// default back is accepted.
	for action, ks := range DefaultKeys() {
		for _, k := range ks {
			if err := CheckKey(k); err != nil {
				t.Errorf("default key %q of %s: %v", k, action, err)
			}
		}
	}
}

func TestConfiguredOpener(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "args")
	script := filepath.Join(dir, "open.sh")
	if err := os.WriteFile(script, []byte("printf '%s\\n' \"$@\" > "+out+".tmp && mv "+out+".tmp "+out+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BROWSER", "/nonexistent/browser")
	m := newApp(newFake(1), Options{Style: StyleDark, Opener: "/bin/sh " + script + " --new-tab %s"})
	if err := m.open("https://example.com/a"); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for range 500 {
		if b, err := os.ReadFile(out); err == nil {
			got = b
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if string(got) != "--new-tab\nhttps://example.com/a\n" {
		t.Fatalf("the configured opener got %q", got)
	}
}

func TestConfiguredDensity(t *testing.T) {
	if m := startWith(t, newFake(5), Options{}, 80, 24); !m.list.Dense() {
		t.Fatal("without a setting, a short terminal should have the dense list")
	}
	m := startWith(t, newFake(5), Options{Density: "roomy"}, 80, 24)
	if m.list.Dense() {
		t.Error("density roomy: the list is dense on a short terminal")
	}
	m = drive(t, m, press("d"))
	if !m.list.Dense() {
		t.Error("d does not change a configured density")
	}
	if m := startWith(t, newFake(5), Options{Density: "dense"}, 120, 40); !m.list.Dense() {
		t.Error("density dense: the list is roomy on a tall terminal")
	}
}

func TestConfiguredListWidth(t *testing.T) {
	if m := startWith(t, newFake(5), Options{}, 160, 40); m.lay.list.w == 60 {
		t.Fatal("the default width is the one the test sets: pick another")
	}
	m := startWith(t, newFake(5), Options{ListWidth: 60}, 160, 40)
	if m.lay.list.w != 60 {
		t.Fatalf("list width %d, want 60", m.lay.list.w)
	}
	m = drive(t, m, press(">"))
	if m.lay.list.w <= 60 {
		t.Errorf("> does not widen a configured width: %d", m.lay.list.w)
	}
	// The article keeps its 40 columns whatever the setting.
	if m := startWith(t, newFake(5), Options{ListWidth: 200}, 120, 40); m.lay.list.w != 80 {
		t.Errorf("list width 200 at 120 columns: %d, want 80", m.lay.list.w)
	}
}

func TestConfiguredColors(t *testing.T) {
	opts := Options{DarkColors: map[string]string{"accent": "#123456"}, LightColors: map[string]string{"accent": "#654321", "text": "21"}}
	// Asking the terminal, and dark until it answers.
	m := newApp(newFake(2), opts)
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if got := m.styles.Brand.GetForeground(); got != lipgloss.Color("#123456") {
		t.Errorf("dark accent: %v", got)
	}
	if got, def := m.styles.Title.GetForeground(), newStyles(true, false).Title.GetForeground(); got != def {
		t.Errorf("a role the dark palette does not name changed: %v, want %v", got, def)
	}
	m = drive(t, m, tea.BackgroundColorMsg{Color: lipgloss.Color("#FFFFFF")})
	if m.isDark {
		t.Fatal("a white background is not light")
	}
	if got := m.styles.Brand.GetForeground(); got != lipgloss.Color("#654321") {
		t.Errorf("light accent: %v", got)
	}
	if got := m.styles.Title.GetForeground(); got != lipgloss.Color("21") {
		t.Errorf("light text: %v", got)
	}
	opts.NoColor = true
	if m := startWith(t, newFake(2), opts, 120, 40); m.styles.Brand.GetForeground() != (lipgloss.NoColor{}) {
		t.Error("NO_COLOR draws a configured colour")
	}
}

// TestConfiguredKeyTakenFromOthers: a key given to one action no longer
// does what it did by default, and the help stops showing it there.
func TestConfiguredKeyTakenFromOthers(t *testing.T) {
	m := startWith(t, newFake(5), Options{Keys: map[string][]string{"quit_now": {"j"}, "open": {"enter", "l"}}}, 120, 40)
	if s := screen(m); strings.Contains(s, "↓/j") || !strings.Contains(s, "↓ down") {
		t.Errorf("help still gives j to down:\n%s", s)
	}
	m = drive(t, m, press("down"))
	if got := selected(m); got != "a1" {
		t.Fatalf("down is still down: selected %s", got)
	}
	// enter is open's by default too: the query line keeps it.
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("Article")...)
	m = drive(t, m, press("enter"))
	if m.mode == modeSearch {
		t.Error("enter no longer accepts a search")
	}
	_, cmd := m.Update(press("j"))
	if cmd == nil {
		t.Fatal("j bound to quit_now does nothing")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("j bound to quit_now does not quit")
	}
	// esc given to quit leaves the query line's cancel with it: the query
	// line is another mode.
	m = startWith(t, newFake(5), Options{Keys: map[string][]string{"quit": {"esc"}}}, 120, 40)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("Art")...)
	m = drive(t, m, press("esc"))
	if m.mode == modeSearch {
		t.Error("esc given to quit no longer cancels a search")
	}
	if got := BoundKeys(map[string][]string{"quit_now": {"j"}})["down"]; strings.Join(got, " ") != "down" {
		t.Errorf("BoundKeys: down has %v", got)
	}
}

// TestDefaultKeysBound: the keys as they are, given back (as lede config
// prints them and the reader is given them), change nothing in the help.
func TestDefaultKeysBound(t *testing.T) {
	plain := startWith(t, newFake(5), Options{}, 120, 40)
	bound := startWith(t, newFake(5), Options{Keys: DefaultKeys()}, 120, 40)
	plain, bound = drive(t, plain, press("?")), drive(t, bound, press("?"))
	if a, b := screen(plain), screen(bound); a != b {
		t.Errorf("the default keys given back change the help:\n%s\nwant\n%s", b, a)
	}
}

// TestConfiguredKeysInHints: the hints on screen name the keys as bound.
func TestConfiguredKeysInHints(t *testing.T) {
	m := startWith(t, newFake(5), Options{Keys: map[string][]string{"related": {"w"}}}, 120, 40)
	if s := screen(m); !strings.Contains(s, "1-9 or w") {
		t.Errorf("the related rule does not name w:\n%s", s)
	}
}

func TestClash(t *testing.T) {
	bound := map[string][]string{"down": {"x"}, "open": {"enter", "l"}, "cancel": {"ctrl+g"}, "next_article": {"J", "n"}}
	for _, tt := range []struct {
		action string
		ks     []string
		want   string
	}{
		{"up", []string{"k", "x"}, "down"},
		{"accept", []string{"enter"}, ""}, // enter is both's by default
		{"close", []string{"ctrl+g"}, ""}, // the query line is another mode
		{"accept", []string{"ctrl+g"}, "cancel"},
		{"up", []string{"k"}, ""},
		{"find_next", []string{"n"}, ""}, // n is both's by default
		{"find_prev", []string{"n"}, "next_article"},
	} {
		if _, got := Clash(bound, tt.action, tt.ks); got != tt.want {
			t.Errorf("Clash(%s, %v) = %q, want %q", tt.action, tt.ks, got, tt.want)
		}
	}
}

// TestDefaultKeysDoNotShare: no key does two things by default, as the
// README says of a settings file (two actions may not share a key): the
// only keys two actions have are of modes that never meet (enter opens,
// and accepts in the query line; esc closes, and cancels it; n is the
// next article, and the next match once the article holds found words).
// f is the full text's, not page down's too.
func TestDefaultKeysDoNotShare(t *testing.T) {
	modes := map[string]bool{"accept open enter": true, "cancel close esc": true, "find_next next_article n": true}
	d := DefaultKeys()
	names := slices.Sorted(maps.Keys(d))
	for i, a := range names {
		for _, b := range names[i+1:] {
			for _, k := range d[a] {
				if slices.Contains(d[b], k) && !modes[a+" "+b+" "+k] {
					t.Errorf("%s and %s both have %q by default", a, b, k)
				}
			}
		}
	}
}
