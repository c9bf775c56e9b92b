package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenUTF8IsUTF8: a file of valid UTF-8 with broken bytes among it
// is read as UTF-8, each broken run U+FFFD, however many there are beside
// its valid letters; a Windows-1252 file, whose high bytes sit in words,
// is still read as Windows-1252.
func TestBrokenUTF8IsUTF8(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "bad-inputs")
	read := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skip("no shared bad inputs:", err)
		}
		s, err := decodeSource(data, "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	mix := read("invalid-utf8-mix.txt")
	if !strings.Contains(mix, "Valid á then invalid \uFFFD \uFFFD truncated and overlong \uFFFD sequence.") || strings.Contains(mix, "Ã") {
		t.Errorf("invalid-utf8-mix.txt reads %q, want UTF-8 with U+FFFD for its broken bytes", mix)
	}
	if latin := read("latin1-cp1252.txt"); !strings.Contains(latin, "Valeria Márquez") || strings.Contains(latin, "\uFFFD") {
		t.Errorf("latin1-cp1252.txt reads %q, want Windows-1252", latin)
	}
}
