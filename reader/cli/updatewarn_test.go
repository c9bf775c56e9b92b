package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Where stderr is not a terminal (cron, which mails what a job writes), a
// folder feed's bad file is warned of once, when it first appears, not at
// every update; lede add says every warning, and a failure is still said
// at every update.
func TestUpdateWarnsOnceUnderCron(t *testing.T) {
	freshLibrary(t)
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.txt", "A good note\n\nWith a body of some words.\n")
	write("blank.txt", "   \n")
	if _, errs, code := lede(t, "add", dir); code != 0 || !strings.Contains(errs, "blank.txt") {
		t.Fatalf("add: code %d, %q", code, errs)
	}
	if _, errs, code := lede(t, "update"); code != 0 || errs != "" {
		t.Fatalf("update after add: code %d, %q, want silence", code, errs)
	}
	write("empty.md", "")
	if _, errs, code := lede(t, "update"); code != 0 || !strings.Contains(errs, "empty.md") || strings.Contains(errs, "blank.txt") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("update with a new bad file: code %d, %q, want it alone", code, errs)
	}
	for range 2 {
		if _, errs, code := lede(t, "update"); code != 0 || errs != "" {
			t.Fatalf("update again: code %d, %q, want silence", code, errs)
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, errs, code := lede(t, "update"); code != 1 || !strings.Contains(errs, "no such file") {
			t.Fatalf("update of a folder gone: code %d, %q, want its failure each time", code, errs)
		}
	}
}
