package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/reader"
)

// writeConfig gives the test its own XDG_CONFIG_HOME with config.toml
// holding text.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	path := filepath.Join(dir, "lede", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runConfig(t *testing.T) (stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run([]string{"--no-state", "config"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("lede config: exit %d\n%s", code, errb.String())
	}
	return out.String(), errb.String()
}

func TestConfigDefaults(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out, errs := runConfig(t)
	if errs != "" {
		t.Errorf("no config file, yet stderr says %q", errs)
	}
	for _, want := range []string{configPath(), "no such file", `update_interval = "30m0s"`, `density = "auto"`, `theme = "auto"`, `down = ["down", "j"]`,
		// every colour in effect, for either background
		"[colors.dark]\naccent = \"#FF5FAF\"\n", "[colors.light]\naccent = \"#B5006E\"\n", `warn = "#FF6F6F"`} {
		if !strings.Contains(out, want) {
			t.Errorf("lede config lacks %q:\n%s", want, out)
		}
	}
}

// TestConfigProblems: each kind of bad config is one line on stderr that
// names the key, that setting keeps its default, and the good settings in
// the same file still apply.
func TestConfigProblems(t *testing.T) {
	const good = "opener = \"firefox %s\"\n"
	tests := []struct {
		name, text, line, keeps string
		goodApplies             bool
	}{
		{"syntax", good + "[keys\n", "to end table name", `opener = ""`, false},
		{"unknown setting", good + "colour = 1\n", "colour: unknown setting", "", true},
		{"unknown list setting", good + "[list]\nheight = 3\n", "list.height: unknown setting", "", true},
		{"wrong type", good + "update_interval = 5\n", "update_interval: want a duration", `update_interval = "30m0s"`, true},
		{"bad duration", good + "update_interval = \"soon\"\n", `update_interval: want a duration like "30m" or "2h" ("0s": only on R), not "soon"`, `update_interval = "30m0s"`, true},
		{"wrong type in a table", good + "[list]\nwidth = \"wide\"\n", `list.width: want a number of columns`, "width = 0", true},
		{"bad density", good + "[list]\ndensity = \"tight\"\n", `list.density: want "auto", "dense" or "roomy", not "tight"`, `density = "auto"`, true},
		{"unknown action", good + "[keys]\nfly = \"x\"\n", "keys.fly: unknown action", "", true},
		{"unknown key name", good + "[keys]\ndown = [\"x\", \"jj\"]\n", `keys.down: unknown key name "jj"`, `down = ["down", "j"]`, true},
		{"key not a string", good + "[keys]\ndown = [1]\n", "keys.down: want a key or a list of keys", `down = ["down", "j"]`, true},
		{"one key for two actions", good + "[keys]\ndown = \"x\"\nup = [\"k\", \"x\"]\n", `keys.up: "x" is keys.down's too`, `up = ["up", "k"]`, true},
		{"bad colour", good + "[colors.dark]\naccent = \"pink\"\n", `colors.dark.accent: want a colour like "#FF5FAF"`, "", true},
		{"unknown colour", good + "[colors.light]\nbackground = \"#000000\"\n", "colors.light.background: unknown colour", "", true},
		{"bad theme", good + "[colors]\ntheme = \"neon\"\n", `colors.theme: want "auto", "dark" or "light", not "neon"`, `theme = "auto"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.text)
			out, errs := runConfig(t)
			if strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "lede: "+path+": ") || !strings.Contains(errs, tt.line) {
				t.Errorf("stderr is not one line naming the problem %q:\n%s", tt.line, errs)
			}
			if !strings.Contains(out, "# problem: "+strings.TrimPrefix(strings.TrimSuffix(errs, "; using the default\n"), "lede: "+path+": ")) {
				t.Errorf("lede config does not list the problem:\n%s", out)
			}
			if tt.keeps != "" && !strings.Contains(out, tt.keeps) {
				t.Errorf("the bad setting is not at its default %q:\n%s", tt.keeps, out)
			}
			if got := strings.Contains(out, `opener = "firefox %s"`); got != tt.goodApplies {
				t.Errorf("good setting applies: %v, want %v:\n%s", got, tt.goodApplies, out)
			}
		})
	}
}

// A problem names the line of the file that sets it (in a table, under
// a dotted key, quoted), as the syntax error does; and lede config prints
// the colours the file sets over the reader's own.
func TestConfigProblemLines(t *testing.T) {
	path := writeConfig(t, "update_interval = \"1h\"\n[list]\nwidth = 3\n\n[keys]\ndown = [\"j\"]\n\"frobnicate\" = \"x\"\n[colors.dark]\naccent = \"#FFAF00\"\n")
	out, errs := runConfig(t)
	if want := "lede: " + path + ": line 7: keys.frobnicate: unknown action (lede config lists them); using the default (and 1 more: lede config lists them)\n"; errs != want {
		t.Errorf("stderr %q, want %q", errs, want)
	}
	for _, want := range []string{"# problem: line 3: list.width: want", "[colors.dark]\naccent = \"#FFAF00\"\naccent2 = \"#5FAFFF\"\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("lede config lacks %q:\n%s", want, out)
		}
	}
	if n := settingLine([]byte("colors.dark.accent = 1\n"), "colors.dark.accent"); n != 1 {
		t.Errorf("a dotted key at the top: line %d, want 1", n)
	}
}

func TestConfigManyProblemsOneLine(t *testing.T) {
	writeConfig(t, "a = 1\nb = 2\n[keys]\nfly = \"x\"\n")
	out, errs := runConfig(t)
	if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "a: unknown setting") || !strings.Contains(errs, "and 2 more") {
		t.Errorf("three problems, stderr:\n%s", errs)
	}
	if strings.Count(out, "# problem:") != 3 {
		t.Errorf("lede config does not list all three:\n%s", out)
	}
}

// TestConfigReachesReader: the settings are what the reader is given, and
// what lede config prints.
func TestConfigReachesReader(t *testing.T) {
	writeConfig(t, `
update_interval = "2h"
opener = "firefox --new-tab %s"
opener_in_terminal = true
[list]
density = "dense"
width = 60
[colors]
theme = "light"
[colors.dark]
accent = "#FF0000"
[colors.light]
text = "21"
[keys]
down = ["x", "down"]
quit = "ctrl+q"
`)
	out, errs := runConfig(t)
	if errs != "" {
		t.Fatalf("a good config, yet stderr says %q", errs)
	}
	for _, want := range []string{`update_interval = "2h0m0s"`, `down = ["x", "down"]`, `quit = ["ctrl+q"]`, `up = ["up", "k"]`, `accent = "#FF0000"`, `text = "21"`, "width = 60", "opener_in_terminal = true"} {
		if !strings.Contains(out, want) {
			t.Errorf("lede config lacks %q:\n%s", want, out)
		}
	}

	var got reader.Options
	o := newOptions(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	o.interactive = true
	o.openReader = func(_ reader.Source, opts reader.Options) error { got = opts; return nil }
	if code := o.execute([]string{"--no-state"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if strings.Join(got.Keys["down"], " ") != "x down" || strings.Join(got.Keys["quit"], " ") != "ctrl+q" || strings.Join(got.Keys["up"], " ") != "up k" {
		t.Errorf("reader keys: %v", got.Keys)
	}
	if got.Opener != "firefox --new-tab %s" || !got.OpenerInTerminal {
		t.Errorf("reader opener: %q, in the terminal %v", got.Opener, got.OpenerInTerminal)
	}
	if got.Density != "dense" || got.ListWidth != 60 || got.Style != reader.StyleLight {
		t.Errorf("reader density %q, width %d, style %q", got.Density, got.ListWidth, got.Style)
	}
	if got.DarkColors["accent"] != "#FF0000" || got.LightColors["text"] != "21" {
		t.Errorf("reader colours %v %v", got.DarkColors, got.LightColors)
	}
	if o.lib.updateEvery != 2*time.Hour {
		t.Errorf("update interval %v, want 2h", o.lib.updateEvery)
	}

	// --update-every wins over the file.
	var flagOut bytes.Buffer
	o = newOptions(strings.NewReader(""), &flagOut, &bytes.Buffer{})
	o.execute([]string{"--no-state", "--update-every", "5m", "config"})
	if o.lib.updateEvery != 5*time.Minute {
		t.Errorf("--update-every 5m: %v", o.lib.updateEvery)
	}
	if !strings.Contains(flagOut.String(), `update_interval = "5m0s"`) {
		t.Errorf("lede config --update-every 5m does not print it in effect:\n%s", flagOut.String())
	}
}

// TestConfigProblemsInReader: the reader covers stderr, so its list of
// problems (! and the status line) has the settings' too.
func TestConfigProblemsInReader(t *testing.T) {
	writeConfig(t, "[keys]\nfly = \"x\"\n")
	var got reader.Options
	var errb bytes.Buffer
	o := newOptions(strings.NewReader(""), &bytes.Buffer{}, &errb)
	o.interactive = true
	o.openReader = func(_ reader.Source, opts reader.Options) error { got = opts; return nil }
	if code := o.execute([]string{"--no-state"}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var found bool
	for _, p := range got.Problems {
		found = found || strings.Contains(p.Error(), "keys.fly: unknown action")
	}
	if !found {
		t.Errorf("the reader's problems lack the settings': %v", got.Problems)
	}
	if strings.Count(errb.String(), "keys.fly") != 1 {
		t.Errorf("stderr should name the problem once:\n%s", errb.String())
	}
}

// TestConfigRoundTrip: what lede config prints is a settings file that
// reads back without a problem, to the same settings.
func TestConfigRoundTrip(t *testing.T) {
	writeConfig(t, "[keys]\nquit_now = \"j\"\n[colors.dark]\ntext = \"#EEEEEE\"\n")
	first, errs := runConfig(t)
	if errs != "" {
		t.Fatalf("stderr: %s", errs)
	}
	writeConfig(t, first)
	second, errs := runConfig(t)
	if errs != "" {
		t.Fatalf("lede config's own output has problems: %s", errs)
	}
	cut := func(s string) string { return s[strings.Index(s, "\n"):] } // the path differs
	if cut(first) != cut(second) {
		t.Errorf("read back, the settings differ:\n%s\nwant\n%s", second, first)
	}
}

// TestConfigHostile: what the settings file says reaches the terminal
// cleaned, in the problem line and in lede config.
func TestConfigHostile(t *testing.T) {
	writeConfig(t, "[keys]\n\"\\u001b]0;pwned\\u0007\" = \"x\"\n[list]\ndensity = \"\\u001b[2J\"\n")
	out, errs := runConfig(t)
	if strings.ContainsAny(out+errs, "\x1b\x07") {
		t.Errorf("an escape sequence from the file reached the terminal:\n%q\n%q", errs, out)
	}
	if !strings.Contains(out, "# problem: keys.") || !strings.Contains(out, "# problem: line 4: list.density") {
		t.Errorf("the problems are not listed:\n%s", out)
	}
}

// FuzzSettings: no settings file panics lede, and every problem is named
// on one line, cleaned.
func FuzzSettings(f *testing.F) {
	f.Add([]byte("update_interval = \"1h\"\n[keys]\ndown = [\"x\"]\n[colors.dark]\naccent = \"#FFF\"\n"))
	f.Add([]byte("[keys\n"))
	f.Add([]byte("[list]\nwidth = 1e9\ndensity = [1, 2]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, probs := parseSettings(data)
		if s.Keys == nil {
			t.Fatal("no keys")
		}
		for _, p := range probs {
			if strings.ContainsAny(settingsLine("config.toml", []error{p}), "\n\x1b") {
				t.Fatalf("problem line not one clean line: %q", p)
			}
		}
	})
}
