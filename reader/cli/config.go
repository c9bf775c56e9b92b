package cli

// The settings file, $XDG_CONFIG_HOME/lede/config.toml, and the config
// command that shows it. A setting that is wrong is named in one line on
// stderr and left at its default; the others still apply.

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
)

// settings are what config.toml can set, as `lede config` prints them.
type settings struct {
	// UpdateInterval: the reader updates feeds by itself this often, and
	// at start when the last update is older ("0s": only on R).
	// --update-every wins.
	UpdateInterval string `toml:"update_interval"`
	// Opener is the command o and L open links with, instead of $BROWSER
	// or xdg-open; %s in it stands for the link (else the link goes last).
	// Empty: $BROWSER.
	Opener string `toml:"opener"`
	// OpenerInTerminal: the opener is handed the terminal until it quits,
	// as a text browser is (w3m, lynx, links, elinks…, by name).
	OpenerInTerminal bool                `toml:"opener_in_terminal"`
	List             listSettings        `toml:"list"`
	Colors           colorSettings       `toml:"colors"`
	Keys             map[string][]string `toml:"keys"`
}

type listSettings struct {
	// Density: "auto" (one row a headline on a short terminal), "dense"
	// or "roomy".
	Density string `toml:"density"`
	// Width of the list beside the article, in columns; 0 follows the
	// terminal.
	Width int `toml:"width"`
}

type colorSettings struct {
	// Theme: "auto" (ask the terminal), "dark" or "light".
	Theme string            `toml:"theme"`
	Dark  map[string]string `toml:"dark,omitempty"`
	Light map[string]string `toml:"light,omitempty"`
}

func defaultSettings() settings {
	return settings{
		UpdateInterval: (30 * time.Minute).String(),
		List:           listSettings{Density: "auto"},
		Colors:         colorSettings{Theme: "auto"},
		Keys:           reader.DefaultKeys(),
	}
}

// configPath is where the settings file is: $XDG_CONFIG_HOME/lede/config.toml.
// xdg caches the environment when the program starts; it is read afresh,
// so a test that points XDG_CONFIG_HOME elsewhere is obeyed.
func configPath() string {
	xdg.Reload()
	return filepath.Join(xdg.ConfigHome, "lede", "config.toml")
}

// loadSettings reads the settings file at path: no file is the defaults.
// Every problem names its key; a bad value leaves that setting at its
// default, and a file that is not TOML at all leaves them all.
func loadSettings(path string) (settings, []error) {
	s := defaultSettings()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, []error{err}
	}
	return parseSettings(data)
}

// parseSettings is loadSettings on the file's text.
func parseSettings(data []byte) (settings, []error) {
	s := defaultSettings()
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return s, []error{fmt.Errorf("line %d: %s (so none of the file applies)", pe.Position.Line, pe.Message)}
		}
		return s, []error{err}
	}
	var probs []error
	bad := func(key, format string, args ...any) {
		where := ""
		if n := settingLine(data, key); n > 0 {
			where = fmt.Sprintf("line %d: ", n)
		}
		probs = append(probs, fmt.Errorf("%s%s: "+format, append([]any{where, key}, args...)...))
	}
	for _, k := range sortedKeys(raw) {
		v := raw[k]
		switch k {
		case "update_interval":
			str, ok := v.(string)
			d, err := time.ParseDuration(str)
			if !ok || err != nil || d < 0 {
				bad(k, "want a duration like \"30m\" or \"2h\" (\"0s\": only on R), not %s", show(v))
				continue
			}
			s.UpdateInterval = d.String()
		case "opener":
			str, ok := v.(string)
			if !ok {
				bad(k, "want a command like \"firefox %%s\" (\"\": $BROWSER), not %s", show(v))
				continue
			}
			s.Opener = strings.TrimSpace(str)
		case "opener_in_terminal":
			on, ok := v.(bool)
			if !ok {
				bad(k, "want true or false, not %s", show(v))
				continue
			}
			s.OpenerInTerminal = on
		case "list":
			t, ok := v.(map[string]any)
			if !ok {
				bad(k, "want a table ([list]), not %s", show(v))
				continue
			}
			for _, lk := range sortedKeys(t) {
				lv, name := t[lk], "list."+lk
				switch lk {
				case "density":
					str, _ := lv.(string)
					if !slices.Contains([]string{"auto", "dense", "roomy"}, str) {
						bad(name, "want \"auto\", \"dense\" or \"roomy\", not %s", show(lv))
						continue
					}
					s.List.Density = str
				case "width":
					n, ok := lv.(int64)
					if !ok || (n != 0 && (n < 24 || n > 200)) {
						bad(name, "want a number of columns from 24 to 200 (0: follow the terminal), not %s", show(lv))
						continue
					}
					s.List.Width = int(n)
				default:
					bad(name, "unknown setting (list has density and width)")
				}
			}
		case "colors":
			t, ok := v.(map[string]any)
			if !ok {
				bad(k, "want a table ([colors]), not %s", show(v))
				continue
			}
			for _, ck := range sortedKeys(t) {
				cv, name := t[ck], "colors."+ck
				switch ck {
				case "theme":
					str, _ := cv.(string)
					if !slices.Contains([]string{"auto", "dark", "light"}, str) {
						bad(name, "want \"auto\", \"dark\" or \"light\", not %s", show(cv))
						continue
					}
					s.Colors.Theme = str
				case "dark", "light":
					ct, ok := cv.(map[string]any)
					if !ok {
						bad(name, "want a table ([%s]), not %s", name, show(cv))
						continue
					}
					for _, role := range sortedKeys(ct) {
						rv, rname := ct[role], name+"."+role
						if !slices.Contains(reader.ColorRoles(), role) {
							bad(rname, "unknown colour (there are %s)", strings.Join(reader.ColorRoles(), ", "))
							continue
						}
						str, _ := rv.(string)
						if !colorRE.MatchString(str) {
							bad(rname, "want a colour like \"#FF5FAF\" or an ANSI number \"0\" to \"255\", not %s", show(rv))
							continue
						}
						m := &s.Colors.Dark
						if ck == "light" {
							m = &s.Colors.Light
						}
						if *m == nil {
							*m = map[string]string{}
						}
						(*m)[role] = str
					}
				default:
					bad(name, "unknown setting (colors has theme, dark and light)")
				}
			}
		case "keys":
			t, ok := v.(map[string]any)
			if !ok {
				bad(k, "want a table ([keys]), not %s", show(v))
				continue
			}
			actions := reader.KeyActions()
			bound := map[string][]string{}
			for _, action := range sortedKeys(t) {
				av, name := t[action], "keys."+action
				if !slices.Contains(actions, action) {
					bad(name, "unknown action (lede config lists them)")
					continue
				}
				keys, ok := keyList(av)
				if !ok {
					bad(name, "want a key or a list of keys like [\"j\", \"down\"], not %s", show(av))
					continue
				}
				var kerr error
				for _, key := range keys {
					if kerr = reader.CheckKey(key); kerr != nil {
						break
					}
				}
				if kerr != nil {
					bad(name, "%v", kerr)
					continue
				}
				if key, other := reader.Clash(bound, action, keys); key != "" {
					bad(name, "%q is keys.%s's too; one key does one thing", key, other)
					continue
				}
				s.Keys[action] = keys
				bound[action] = keys
			}
			s.Keys = reader.BoundKeys(bound)
		default:
			bad(k, "unknown setting (there are update_interval, opener, opener_in_terminal, [list], [colors] and [keys])")
		}
	}
	return s, probs
}

// TOML's lines as settingLine reads them: a table's header, and a key
// (bare, dotted or quoted) given a value.
var (
	tomlHeader = regexp.MustCompile(`^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$`)
	tomlKey    = regexp.MustCompile(`^\s*([A-Za-z0-9_.\-" ]+?)\s*=`)
)

// settingLine is the line of data (a settings file) that sets key
// ("keys.frobnicate", "list.width", or a table: "colors"), 0 where it
// cannot tell: a problem names its line where it can.
func settingLine(data []byte, key string) int {
	table := ""
	for i, line := range strings.Split(string(data), "\n") {
		if m := tomlHeader.FindStringSubmatch(line); m != nil {
			table = unquoteKey(m[1])
			if table == key {
				return i + 1
			}
			continue
		}
		if m := tomlKey.FindStringSubmatch(line); m != nil {
			full := unquoteKey(m[1])
			if table != "" {
				full = table + "." + full
			}
			if full == key {
				return i + 1
			}
		}
	}
	return 0
}

// unquoteKey is a dotted TOML key as the problems name it: `"colors" .
// dark` is colors.dark.
func unquoteKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"`)
	}
	return strings.Join(parts, ".")
}

var colorRE = regexp.MustCompile(`^(#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3}|[0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$`)

// keyList is a key or a non-empty list of keys.
func keyList(v any) ([]string, bool) {
	if s, ok := v.(string); ok {
		return []string{s}, true
	}
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	var out []string
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// show is a value as a problem quotes it: TOML's spelling, short.
func show(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", cutTo(v, 40))
	case map[string]any:
		return "a table"
	case []any:
		return "a list"
	}
	return cutTo(fmt.Sprint(v), 40)
}

func cutTo(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// settingsLine is the one line a bad settings file gets: the first
// problem, and how many more there are.
func settingsLine(path string, probs []error) string {
	line := fmt.Sprintf("%s: %v; using the default", path, probs[0])
	if n := len(probs) - 1; n > 0 {
		line += fmt.Sprintf(" (and %d more: lede config lists them)", n)
	}
	return safe.Text(oneLine(line))
}

// readSettings loads the settings into o and says what was wrong with them
// in one line on stderr.
func (o *options) readSettings() {
	o.configPath = configPath()
	o.settings, o.settingsProblems = loadSettings(o.configPath)
	if len(o.settingsProblems) > 0 {
		fmt.Fprintln(o.stderr, "lede: "+settingsLine(o.configPath, o.settingsProblems))
	}
}

// readerSettings are the reader's options the settings give.
func (o *options) readerSettings(opts reader.Options) reader.Options {
	opts.Keys = o.settings.Keys
	opts.Opener = o.settings.Opener
	opts.OpenerInTerminal = o.settings.OpenerInTerminal
	if d := o.settings.List.Density; d != "auto" {
		opts.Density = d
	}
	opts.ListWidth = o.settings.List.Width
	if t := o.settings.Colors.Theme; t == reader.StyleDark || t == reader.StyleLight {
		opts.Style = t
	}
	opts.DarkColors, opts.LightColors = o.settings.Colors.Dark, o.settings.Colors.Light
	// The reader covers stderr: its status line counts the problems and !
	// lists them.
	for _, p := range o.settingsProblems {
		opts.Problems = append(opts.Problems, fmt.Errorf("%s: %w; using the default", o.configPath, p))
	}
	if lib := o.lib.open; lib != nil && lib.ReadOnly {
		opts.Problems = append(opts.Problems, fmt.Errorf("%s: %w: shown as it is; marks last this run only, and nothing updates", lib.Path(), library.ErrReadOnly))
	}
	return opts
}

func newConfig(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print where the settings file is and the settings in effect",
		Long: `config prints, as TOML, the path of the settings file
($XDG_CONFIG_HOME/lede/config.toml), what is wrong with it, the names of
the actions keys can bind, and the settings in effect: a starting point
for a file of your own. A setting the file gets wrong is listed at the
top and left at its default.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := o.stdout
			fmt.Fprintf(w, "# %s\n", safe.Text(o.configPath))
			if _, err := os.Stat(o.configPath); err != nil {
				fmt.Fprintln(w, "# (no such file: these are the defaults)")
			}
			for _, p := range o.settingsProblems {
				fmt.Fprintf(w, "# problem: %s\n", safe.Text(oneLine(p.Error())))
			}
			fmt.Fprintf(w, "# actions keys can bind: %s\n\n", strings.Join(reader.KeyActions(), ", "))
			s := o.settings
			if cmd.Flags().Changed("update-every") {
				s.UpdateInterval = o.lib.updateEvery.String() // the flag wins
			}
			// Every colour in effect, the file's over the reader's own.
			s.Colors.Dark, s.Colors.Light = reader.DefaultColors(true), reader.DefaultColors(false)
			maps.Copy(s.Colors.Dark, o.settings.Colors.Dark)
			maps.Copy(s.Colors.Light, o.settings.Colors.Light)
			enc := toml.NewEncoder(w)
			enc.Indent = ""
			return enc.Encode(s)
		},
	}
}

// updateInterval is the settings' update interval (checked when read).
func (s settings) updateInterval() time.Duration {
	d, err := time.ParseDuration(s.UpdateInterval)
	if err != nil {
		return 30 * time.Minute
	}
	return d
}
