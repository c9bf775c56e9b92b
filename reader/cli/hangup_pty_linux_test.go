package cli

import (
	"context"
	"database/sql"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/synth"
)

// lede on a real terminal and a real library: a story saved with s, then
// A, then the process signalled while A's batch is being written (another
// process holds the library's write lock from before A until the signal
// has been taken, so the write cannot be over before it). The library
// then holds every article in view read and the story still saved: a
// hangup (SIGHUP, which ends the process from its own handler) writes the
// batch before it exits; SIGTERM and SIGINT quit the reader as q does and
// the library is closed after it. Last, the terminal itself closed during
// A, as a real hangup comes. A few hundred articles: the batch is handed
// to the library at once, well within hangupWait, so it is written whole
// (one given later is dropped whole: TestHangupWritesHeldBatchAndMarksAfter
// and the library's tests). With flushHungUp writing nothing, SIGHUP and
// the terminal closed leave every article unread (checked).
func TestSignalWritesMarkAllWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	// Under the race detector (ten times slower) a third as many: the
	// same paths, the child's store built in well under a second.
	n := 300
	if raceEnabled {
		n = 100
	}
	arts := synth.New(synth.Seeds(), n).Articles() // no ../shared needed
	for _, tc := range []struct {
		name string
		sig  syscall.Signal // 0: the terminal closes (the kernel sends SIGHUP)
		code int
		// again: a path another case takes (SIGINT is SIGTERM's, the
		// terminal closed SIGHUP's), left out under the race detector.
		again bool
	}{{"SIGHUP", syscall.SIGHUP, 129, false}, {"SIGTERM", syscall.SIGTERM, 143, false}, {"SIGINT", syscall.SIGINT, 130, true}, {"closed", 0, 129, true}} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.again && raceEnabled {
				t.Skip("the path of another case; the race detector makes each ~2.5 s")
			}
			libraryOf(t, arts)
			ctx := context.Background()
			lib, err := library.Open(library.DefaultPath())
			if err != nil {
				t.Fatal(err)
			}
			defer lib.Close()
			inView, err := lib.Articles(ctx)
			if err != nil || len(inView) < n/2 {
				t.Fatalf("%d articles in the library: %v", len(inView), err)
			}

			p := startPTY(t, "--update-every", "0")
			p.waitFor(t, "story 1 of")
			p.send("s") // the first row saved, and written, before A
			p.waitFor(t, "Saved: it stays")
			saved := waitSaved(t, lib)

			if tc.sig == 0 {
				// The terminal gone, nothing can be seen of the hangup
				// taken, so no lock is held: whenever the hangup comes,
				// the marks are whole. It comes within A's batch delay
				// (200 ms), before the write as a rule: a hangup that
				// wrote nothing failed here 3 runs of 3.
				p.send("A")
				p.waitFor(t, "z undoes it")
				p.master.Close()
				p.cmd.Wait()
				checkMarkedAll(t, lib, tc.name, tc.code, p, inView, saved)
				return
			}
			// Another process's write transaction: A's batch waits for it
			// (busy timeout 5 s) until the signal has been taken.
			db, err := sql.Open("sqlite", "file:"+library.DefaultPath()+"?_pragma=busy_timeout(5000)")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
				t.Fatal(err)
			}
			p.send("A")
			p.waitFor(t, "z undoes it") // the batch worked out and handed to the library
			at := p.outLen()
			p.cmd.Process.Signal(tc.sig)
			// Taken: the reader has left the screen as it found it (the
			// write still waiting), or the process has ended.
			p.waitForAfter(t, at, "\x1b[?1049l")
			if st, err := lib.States(ctx); err != nil || st[inView[0].ID].Read {
				t.Fatalf("A written before the signal, past the lock held: %v", err)
			}
			if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
				t.Fatal(err)
			}
			<-p.done
			p.cmd.Wait()
			checkMarkedAll(t, lib, tc.name, tc.code, p, inView, saved)
		})
	}
}

// checkMarkedAll fails unless lede ended with code, every article in
// view read and saved still saved.
func checkMarkedAll(t *testing.T, lib *library.Library, name string, want int, p *ptyLede, inView []store.Article, saved string) {
	t.Helper()
	if code := p.cmd.ProcessState.ExitCode(); code != want {
		t.Errorf("%s: exit %d (%v), want %d", name, code, p.cmd.ProcessState, want)
	}
	st, err := lib.States(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for _, a := range inView {
		if st[a.ID].Read {
			read++
		}
	}
	if read != len(inView) {
		t.Errorf("%s during A: %d of %d articles in view read, want all", name, read, len(inView))
	}
	if !st[saved].Saved {
		t.Errorf("%s during A: the story saved before it (%s) is no longer saved", name, saved)
	}
}

// waitSaved waits until the library holds one article saved, and gives
// it (a barrier: the bound is only against a hang).
func waitSaved(t *testing.T, lib *library.Library) string {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		st, err := lib.States(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var saved []string
		for id, s := range st {
			if s.Saved {
				saved = append(saved, id)
			}
		}
		switch len(saved) {
		case 0:
			continue
		case 1:
			return saved[0]
		default:
			t.Fatalf("s saved %d articles: %v", len(saved), saved)
		}
	}
	t.Fatal("s never written")
	return ""
}

func (p *ptyLede) outLen() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Len()
}

// waitForAfter waits until raw (escapes and all) is in what the program
// wrote from byte at on, or the program has ended.
func (p *ptyLede) waitForAfter(t *testing.T, at int, raw string) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		select {
		case <-p.done:
			return
		default:
		}
		p.mu.Lock()
		seen := strings.Contains(p.out.String()[at:], raw)
		p.mu.Unlock()
		if seen {
			return
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	t.Fatalf("%q never written after the signal; the screen:\n%s", raw, ansi.Strip(p.out.String()))
}
