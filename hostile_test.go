package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/internal/termtest"
	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

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
				termtest.Check(t, strings.Join(args, " ")+" stdout", out)
				termtest.Check(t, strings.Join(args, " ")+" stderr", errs)
			}
			arts, _ := ingest.LoadPath(path)
			st := store.Build(arts)
			for _, a := range st.List() {
				out, errs, _ := lede(t, "--no-seeds", "--load", path, "show", a.ID, "--json")
				termtest.Check(t, "show --json", out+errs)
				out, errs, _ = lede(t, "--no-seeds", "--load", path, "show", a.ID, "--plain")
				termtest.Check(t, "show --plain", out+errs)
				if strings.Contains(out, "\x1b") {
					t.Errorf("show --plain: an escape sequence in plain output")
				}
				for _, style := range []string{reader.StyleDark, reader.StyleLight} {
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
