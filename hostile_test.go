package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// sgr is the one escape sequence lede may emit itself: a colour or style.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// checkTerminalSafe fails when out holds anything that could move the
// cursor, retitle the window, write the clipboard, plant a link or reset
// the terminal: any escape other than SGR, any C0 control but tab and
// newline, DEL, any C1 control, bidi overrides, invalid UTF-8.
func checkTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	rest := sgr.ReplaceAllString(out, "")
	if !utf8.ValidString(rest) {
		t.Errorf("%s: invalid UTF-8", what)
	}
	for i, r := range rest {
		bad := r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f ||
			r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
		if bad {
			lo, hi := max(0, i-20), min(len(rest), i+20)
			t.Errorf("%s: control %U at %d: %q", what, r, i, rest[lo:hi])
			return
		}
	}
}

// TestHostileInputsNeverReachTheTerminal runs every file of
// ../shared/bad-inputs through every command-line path, plain and styled.
func TestHostileInputsNeverReachTheTerminal(t *testing.T) {
	dir := filepath.Join("..", "shared", "bad-inputs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("no ../shared/bad-inputs: %v", err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".sh") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			for _, args := range [][]string{
				{"list"}, {"list", "--json"}, {"search", "the"}, {"search", "--json", "news"},
				{"related", "--all", "--json"}, {"related", "--all"},
			} {
				out, errs, _ := lede(t, append([]string{"--no-seeds", "--load", path}, args...)...)
				checkTerminalSafe(t, strings.Join(args, " ")+" stdout", out)
				checkTerminalSafe(t, strings.Join(args, " ")+" stderr", errs)
			}
			arts, _ := ingest.LoadPath(path)
			st := store.Build(arts)
			for _, a := range st.List() {
				out, errs, _ := lede(t, "--no-seeds", "--load", path, "show", a.ID, "--json")
				checkTerminalSafe(t, "show --json", out+errs)
				out, errs, _ = lede(t, "--no-seeds", "--load", path, "show", a.ID, "--plain")
				checkTerminalSafe(t, "show --plain", out+errs)
				if strings.Contains(out, "\x1b") {
					t.Errorf("show --plain: an escape sequence in plain output")
				}
				for _, style := range []string{reader.StyleDark, reader.StyleLight} {
					styled, err := reader.RenderArticle(a, 80, style)
					if err != nil {
						t.Errorf("render %s: %v", style, err)
					}
					checkTerminalSafe(t, "render "+style, styled)
				}
			}
		})
	}
}

// TestSeedsRenderSafely: the seeds, styled, carry colour and nothing else.
func TestSeedsRenderSafely(t *testing.T) {
	arts, _ := ingest.LoadFS(seeds.FS)
	for _, a := range store.Build(arts).List() {
		out, err := reader.RenderArticle(a, 100, reader.StyleDark)
		if err != nil {
			t.Fatal(err)
		}
		checkTerminalSafe(t, a.Title, out)
	}
}
