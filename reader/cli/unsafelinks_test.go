package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestUnsafeLinksArePlainText: as README's Safety says, a link that is
// not http, https or mailto is its text alone, wherever it comes from (a
// Markdown note, a page): never numbered, never listed, its address never
// printed; the links beside it keep their numbers.
func TestUnsafeLinksArePlainText(t *testing.T) {
	dir := t.TempDir()
	note := filepath.Join(dir, "note.md")
	os.WriteFile(note, []byte("---\ntitle: Links Note\n---\n\nA [js link](javascript:alert(1)), a [file](file:///etc/passwd), <a href=\"data:text/html,x\">data link</a> and [a real one](https://example.com/a).\n"), 0o644)
	sources := []string{note}
	page := filepath.Join("..", "..", "..", "shared", "bad-inputs", "escape-injection.html")
	if _, err := os.Stat(page); err == nil {
		sources = append(sources, page) // <a href="javascript:…">js link</a> <a href="file:///etc/passwd">file link</a>
	}
	for _, src := range sources {
		ref := "Links Note"
		if src != note {
			ref = "Entity title"
		}
		out, errs, code := lede(t, "show", ref, "--no-seeds", src, "--plain", "--width", "200")
		if code != 0 {
			t.Fatalf("%s: code %d, %s", src, code, errs)
		}
		for _, bad := range []string{"javascript:", "file:", "data:", "not opened", "js link[", "file[", "file link[", "data link["} {
			if strings.Contains(out, bad) {
				t.Errorf("%s shows %q:\n%s", src, bad, out)
			}
		}
		if !strings.Contains(out, "js link") {
			t.Errorf("%s: the link's text is gone:\n%s", src, out)
		}
	}
	out, _, _ := lede(t, "--no-seeds", note, "list", "--json")
	var arts []struct{ Links []string }
	if err := json.Unmarshal([]byte(out), &arts); err != nil || len(arts) != 1 {
		t.Fatalf("list --json: %v %s", err, out)
	}
	if !slices.Equal(arts[0].Links, []string{"https://example.com/a"}) {
		t.Errorf("links %q, want the https one alone", arts[0].Links)
	}
	show, _, _ := lede(t, "show", "Links Note", "--no-seeds", note, "--plain", "--width", "200")
	if !strings.Contains(show, "A js link, a file, data link and a real one[1].") {
		t.Errorf("the note reads:\n%s", show)
	}
}
