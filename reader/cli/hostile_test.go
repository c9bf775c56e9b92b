package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/safe/termtest"
	"github.com/lede-reader/lede/store/stream"
)

// TestHostileInputsNeverReachTheTerminal runs every file of
// ../shared/bad-inputs through every command-line path, plain and styled,
// stdout and stderr (each problem's line). Each file is parsed once and
// given to every command as what it shows when nothing is named (the
// loading of sources named on the command line is the same code, tested
// in sources_test.go).
func TestHostileInputsNeverReachTheTerminal(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "bad-inputs")
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
			arts, errs := ingest.LoadPath(path)
			file := stream.Provider{Name: path, Load: func(context.Context) ([]store.Article, []error) {
				return slices.Clone(arts), errs
			}}
			lede := func(args ...string) (string, string) {
				var out, errb bytes.Buffer
				o := newOptions(strings.NewReader(""), &out, &errb)
				o.demo = file
				o.execute(args)
				return out.String(), errb.String()
			}
			for _, args := range [][]string{
				{"list"}, {"list", "--json"}, {"search", "the"}, {"search", "--json", "news"},
				{"related", "--all", "--json"}, {"related", "--all"},
			} {
				out, errs := lede(args...)
				termtest.Check(t, strings.Join(args, " ")+" stdout", out)
				termtest.Check(t, strings.Join(args, " ")+" stderr", errs)
			}
			styles := []string{reader.StyleDark, reader.StyleLight}
			if raceEnabled {
				// show on a terminal is dark; light is the reader's (see
				// reader's hostile tests), checked here without -race
				styles = styles[:1]
			}
			for _, a := range store.Build(slices.Clone(arts)).List() {
				out, errs := lede("show", a.ID, "--json")
				termtest.Check(t, "show --json", out+errs)
				out, errs = lede("show", a.ID, "--plain")
				termtest.Check(t, "show --plain", out+errs)
				if strings.Contains(out, "\x1b") {
					t.Errorf("show --plain: an escape sequence in plain output")
				}
				for _, style := range styles {
					styled, err := reader.RenderArticle(a, 80, style)
					if err != nil {
						t.Errorf("render %s: %v", style, err)
					}
					termtest.Check(t, "render "+style, styled)
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
		termtest.Check(t, a.Title, out)
	}
}
