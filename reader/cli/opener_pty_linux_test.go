package cli

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A text browser as $BROWSER (w3m here: a script of that name) is handed
// the terminal until it quits, as newsboat hands it to one: it reads
// keys from the terminal and draws on it, and the reader takes both back
// after it. Started apart from the terminal, as other openers are, it
// got /dev/null and failed unseen.
func TestTextBrowserGetsTheTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	freshLibrary(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	script := "#!/bin/sh\nt=notty\nif [ -t 0 ] && [ -t 1 ]; then t=tty; fi\necho $t > " + out + ".tmp\necho \"$1\" >> " + out + ".tmp\n" +
		"read line\necho \"$line\" >> " + out + ".tmp\nmv " + out + ".tmp " + out + "\n"
	if err := os.WriteFile(filepath.Join(dir, "w3m"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "page.md")
	if err := os.WriteFile(page, []byte("# A page with one link\n\nRead [the whole story](https://example.com/story) there.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BROWSER", filepath.Join(dir, "w3m"))
	p := startPTY(t, "--load", page)
	p.waitFor(t, "A page with one link")
	p.send("\r")
	p.waitFor(t, "reading")
	p.send("o")
	wait := func(paths ...string) {
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			for _, path := range paths {
				if _, err := os.Stat(path); err == nil {
					return
				}
			}
		}
		t.Fatalf("%s never written", paths[0])
	}
	wait(out+".tmp", out) // the browser waits for a line, unless it reads none
	p.send("typed in w3m\r")
	wait(out)
	got, _ := os.ReadFile(out)
	if want := "tty\nhttps://example.com/story\ntyped in w3m\n"; string(got) != want {
		t.Fatalf("the browser saw %q, want %q (the terminal, the link, the keys typed)", got, want)
	}
	p.waitFor(t, "Back from w3m.")
	p.send("Q")
	select {
	case <-p.done:
	case <-time.After(time.Minute): // a bound on a hang, not a measure
		t.Fatal("Q after the browser quit did not reach the reader")
	}
}

// A text browser that fails says why in the status line, with the last
// line it wrote to stderr, as an opener apart from the terminal does:
// w3m's "Can't load" went to the terminal and the redraw wiped it,
// leaving "w3m exited with status 2". It still has the terminal.
func TestTextBrowserThatFailsSaysWhy(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	freshLibrary(t)
	dir := t.TempDir()
	script := "#!/bin/sh\necho 'w3m: starting' >&2\nif [ -t 0 ] && [ -t 1 ]; then echo \"w3m: Can't load $1.\" >&2; else echo 'w3m: no terminal' >&2; fi\nexit 2\n"
	if err := os.WriteFile(filepath.Join(dir, "w3m"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "page.md")
	if err := os.WriteFile(page, []byte("# A page with one link\n\nRead [the whole story](https://example.com/s) there.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BROWSER", filepath.Join(dir, "w3m"))
	p := startPTY(t, "--load", page)
	p.waitFor(t, "A page with one link")
	p.send("\r")
	p.waitFor(t, "reading")
	p.send("o")
	p.waitFor(t, "w3m: Can't load https://example.com/s. (w3m exited with status 2)")
	p.send("Q")
	select {
	case <-p.done:
	case <-time.After(time.Minute): // a bound on a hang, not a measure
		t.Fatal("Q after the browser failed did not reach the reader")
	}
}
