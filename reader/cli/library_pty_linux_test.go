package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe/termtest"
)

// ptyLede runs the test binary as lede on a pseudo-terminal.
type ptyLede struct {
	cmd    *exec.Cmd
	master *os.File
	mu     sync.Mutex
	out    bytes.Buffer
	done   chan struct{}
}

func startPTY(t *testing.T, args ...string) *ptyLede {
	t.Helper()
	master, slave, err := termtest.OpenPTY(120, 40)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	p := &ptyLede{cmd: ledeProcess(args...), master: master, done: make(chan struct{})}
	p.cmd.Env = append(p.cmd.Env, "TERM=xterm-256color", "NO_COLOR=")
	p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = slave, slave, slave
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	go func() {
		defer close(p.done)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		p.cmd.Wait()
		master.Close()
	})
	return p
}

// waitFor waits until text is on the screen the program drew (a barrier:
// the bound is only against a hang).
func (p *ptyLede) waitFor(t *testing.T, text string) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		p.mu.Lock()
		seen := strings.Contains(ansi.Strip(p.out.String()), text)
		p.mu.Unlock()
		if seen {
			return
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	t.Fatalf("%q never shown; the screen:\n%s", text, ansi.Strip(p.out.String()))
}

func (p *ptyLede) send(s string) { p.master.Write([]byte(s)) }

// The reader on a real terminal, with a real library: an article opened
// and scrolled, the reader ended by SIGTERM, and the library has it read
// at its place; the next run opens it there.
func TestReaderKeepsStateAcrossRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	freshLibrary(t)
	srv := rssServer(t, 3, 4000, nil)
	if _, errs, code := lede(t, "add", srv.URL+"/feed/p"); code != 0 {
		t.Fatal(errs)
	}
	p := startPTY(t, "--update-every", "0")
	p.waitFor(t, "Story p.")
	p.send("\r") // open the first headline
	p.waitFor(t, "reading")
	p.send("   ?") // three pages down, then help: once help shows, the pages are turned
	p.waitFor(t, "close help")
	p.cmd.Process.Signal(syscall.SIGTERM)
	<-p.done
	p.cmd.Wait()

	lib, err := library.Open(library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	states, _ := lib.States(context.Background())
	lib.Close()
	read := 0
	var pos int
	for _, s := range states {
		if s.Read {
			read++
			pos = s.Position
		}
	}
	if read != 1 || pos == 0 {
		t.Fatalf("after SIGTERM: %d read (want 1), position %d (want > 0): %+v", read, pos, states)
	}

	// The next run opens the article where it was left.
	p = startPTY(t, "--update-every", "0")
	p.waitFor(t, fmt.Sprintf("%d–", pos+1))
	p.send("Q")
	<-p.done
}

// On a terminal, lede update says what came of it when it went well, as
// the reader's status line does.
func TestUpdateSaysWhatCameOnATerminal(t *testing.T) {
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
	p := startPTY(t, "update")
	p.waitFor(t, "lede: updated 2 feeds: 0 new articles, 2 with nothing new, 0 failed")
}
