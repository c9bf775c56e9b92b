package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// On a terminal, an update with a failure still says what came of the
// other feeds, on its last line (it said only "1 of 3 feeds failed").
func TestUpdateFailedSaysTheOthersOnATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	freshLibrary(t)
	srv := rssServer(t, 2, 50, nil)
	for _, f := range []string{"/feed/a", "/feed/b"} {
		if _, errs, code := lede(t, "add", srv.URL+f); code != 0 {
			t.Fatalf("add: %d %s", code, errs)
		}
	}
	file := filepath.Join(t.TempDir(), "gone.xml")
	if err := os.WriteFile(file, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><item><guid>1</guid><description>Some words.</description></item></channel></rss>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := lede(t, "add", file); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	os.Remove(file)
	p := startPTY(t, "update")
	p.waitFor(t, "lede: 1 of 3 feeds failed (0 new articles, 2 with nothing new)")
}
