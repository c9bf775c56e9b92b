package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// FuzzParseText feeds arbitrary bytes through what a text file goes
// through: decode, sanitize, parse, then build a store of the result.
func FuzzParseText(f *testing.F) {
	entries, _ := seeds.FS.ReadDir(".")
	for _, e := range entries {
		if data, err := seeds.FS.ReadFile(e.Name()); err == nil && strings.HasSuffix(e.Name(), ".txt") {
			f.Add(data)
		}
	}
	for _, name := range []string{"escape-injection.txt", "invalid-utf8-mix.txt", "latin1-cp1252.txt",
		"crlf-bom.txt", "only-title.txt", "nul-in-middle.txt", "long-words-cjk-emoji-rtl.txt"} {
		if data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "bad-inputs", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("Title\n\nMore from X\n\nStory\n\nBody.\nMXMexico"))
	f.Add([]byte("  • a\n  1. b\nSources:\n  1. https://x.y/z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := decodeText(data)
		if err != nil {
			return
		}
		arts := ParseText("fuzz.txt", "", safe.Text(text))
		for _, a := range arts {
			if a.Title == "" || utf8.RuneCountInString(a.Title) > 150 {
				t.Fatalf("title %q", a.Title)
			}
			for _, s := range []string{a.Title, a.Body} {
				if !utf8.ValidString(s) || strings.ContainsAny(s, "\x1b\x00\r\u009b") {
					t.Fatalf("unsafe text %q", s)
				}
			}
		}
		st := store.Build(arts)
		for _, a := range st.List() {
			st.Related(a.ID, 3)
		}
		st.Search("a", 3)
	})
}
