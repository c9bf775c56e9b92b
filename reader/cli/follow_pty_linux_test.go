package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store/library"
)

// The reader open on a real terminal follows what other lede processes
// do to its library: a feed another lede adds brings its articles, marks
// another makes show, a feed another removes takes its articles away
// (the one being read with them, in one line), and the reader goes on.
// Each step waits for the reader to say so (a barrier; the reader looks
// every second).
func TestReaderFollowsOtherProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	freshLibrary(t)
	srv := rssServer(t, 3, 300, nil)
	if _, errs, code := lede(t, "add", srv.URL+"/feed/a", "--name", "Alpha"); code != 0 {
		t.Fatal(errs)
	}
	p := startPTY(t, "--update-every", "0")
	p.waitFor(t, "Story a.")
	p.send("\r") // read an article of Alpha: it stays open through what follows
	p.waitFor(t, "· reading")
	// other runs another lede; what the reader drew before is forgotten
	// first, so a waitFor after it sees only what that lede brought
	// (the two "Marked elsewhere" lines read the same).
	other := func(args ...string) {
		t.Helper()
		p.forget()
		if out, err := ledeProcess(args...).CombinedOutput(); err != nil {
			t.Fatalf("lede %v: %v\n%s", args, err, out)
		}
	}

	other("add", srv.URL+"/feed/b", "--name", "Beta")
	p.waitFor(t, "Changed elsewhere: 3 new.")
	p.waitFor(t, "Story b.")

	p.send("j") // a key clears the status line
	other("mark", "saved", "--all", "--feed", "Beta")
	p.waitFor(t, "Marked elsewhere: 3 articles.")

	p.send("j")
	other("remove", "Alpha")
	p.waitFor(t, "Removed elsewhere: the article you were reading and 2 more.")

	// Every article pruned while one is open: the list empties, the
	// reader goes on.
	p.send("j") // reading an article of Beta since Alpha went
	other("mark", "unsaved", "--all", "--feed", "Beta")
	p.waitFor(t, "Marked elsewhere: 3 articles.")
	lib, err := library.Open(library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	p.forget()
	if n, err := lib.Prune(context.Background(), time.Now().Add(time.Hour)); err != nil || n != 3 {
		t.Fatalf("pruned %d: %v", n, err)
	}
	lib.Close()
	p.waitFor(t, "Removed elsewhere: the article you were reading and 2 more.")

	p.send("[]jk?")
	p.waitFor(t, "close help")
	p.send("Q")
	<-p.done
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("the reader ended with %v:\n%s", err, p.out.String())
	}
}

// forget drops what the reader drew so far: the next waitFor is for what
// it draws from now on.
func (p *ptyLede) forget() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out.Reset()
}

// Marks made elsewhere through a feed whose items a mirror carries too
// are counted in articles, as the list holds them, not in rows: 20, not
// the 40 copies.
func TestReaderCountsMarksOfCopiesOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	freshLibrary(t)
	srv := mirrorServer(t)
	lede(t, "add", srv.URL+"/tc.xml", "--name", "A")
	lede(t, "add", srv.URL+"/tc-mirror.xml", "--name", "B")
	p := startPTY(t, "--update-every", "0")
	p.waitFor(t, "20 articles")
	p.forget()
	if out, err := ledeProcess("mark", "read", "--all", "--feed", "A").CombinedOutput(); err != nil || string(out) != "marked 20 articles read\n" {
		t.Fatalf("mark: %v %s", err, out)
	}
	p.waitFor(t, "Marked elsewhere: ")
	p.mu.Lock()
	screen := ansi.Strip(p.out.String())
	p.mu.Unlock()
	if !strings.Contains(screen, "Marked elsewhere: 20 articles.") {
		t.Errorf("want Marked elsewhere: 20 articles.; the screen:\n%s", screen)
	}
	p.send("Q")
	<-p.done
	p.cmd.Wait()
}
