//go:build unix

package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Sources that are not regular files are refused with one line, never
// opened (opening a named pipe waits for a writer forever); links are
// followed, each folder read once.
func TestPathsLinksAndPipes(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, rel string) {
		if err := os.Symlink(target, filepath.Join(dir, rel)); err != nil {
			t.Fatal(err)
		}
	}
	write("notes/a.txt", "Alpha story\n\nThe body of alpha.")
	write("notes/sub/b.md", "# Beta story\n\nThe body of beta.")
	write("elsewhere/c.txt", "Gamma story\n\nThe body of gamma.")
	if err := syscall.Mkfifo(filepath.Join(dir, "notes", "pipe.txt"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	link("../elsewhere", "notes/linked")           // a folder outside, by a link
	link("../elsewhere/c.txt", "notes/c-link.txt") // a file, by a link
	link("..", "notes/sub/up")                     // a loop back up the tree
	link("nowhere.txt", "notes/dangling.txt")      // a link that leads nowhere
	link("notes", "notes-link")                    // the source itself a link

	load := func(src string) ([]string, []string) {
		arts, errs := NewLoader(Options{}).Load(context.Background(), filepath.Join(dir, src))
		var titles []string
		for _, a := range arts {
			titles = append(titles, a.Title+" @ "+strings.TrimPrefix(a.Source, dir+"/"))
		}
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, strings.TrimPrefix(e.Error(), dir+"/"))
		}
		return titles, msgs
	}

	titles, msgs := load("fifo")
	if len(titles) != 0 || len(msgs) != 1 || !strings.Contains(msgs[0], "a named pipe, not a file") {
		t.Errorf("fifo: %q, %q", titles, msgs)
	}
	for _, src := range []string{"notes", "notes-link"} {
		titles, msgs := load(src)
		want := []string{
			"Alpha story @ " + src + "/a.txt",
			"Gamma story @ " + src + "/c-link.txt",
			"Gamma story @ " + src + "/linked/c.txt",
			"Beta story @ " + src + "/sub/b.md",
		}
		if strings.Join(titles, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: titles\n%s\nwant\n%s", src, strings.Join(titles, "\n"), strings.Join(want, "\n"))
		}
		wantMsgs := []string{
			src + "/dangling.txt: a link that leads nowhere",
			src + "/pipe.txt: not a regular file",
			src + "/sub/up: a link to a folder read already: not read again",
		}
		if len(msgs) != len(wantMsgs) {
			t.Errorf("%s: messages %q", src, msgs)
			continue
		}
		for i, m := range wantMsgs {
			if !strings.HasPrefix(msgs[i], m) {
				t.Errorf("%s: message %q, want %q…", src, msgs[i], m)
			}
		}
	}
	if titles, msgs := load("notes/c-link.txt"); len(titles) != 1 || len(msgs) != 0 {
		t.Errorf("a link to a file as the source: %q, %q", titles, msgs)
	}
	// A device is refused too.
	if _, err := os.Stat("/dev/null"); err == nil {
		arts, errs := NewLoader(Options{}).Load(context.Background(), "/dev/null")
		if len(arts) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "a device") {
			t.Errorf("/dev/null: %d, %v", len(arts), errs)
		}
	}
}
