package reader

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/charmbracelet/x/ansi"
	"github.com/lede-reader/lede/store/safe/termtest"
)

func termios(f *os.File) (syscall.Termios, error) {
	var t syscall.Termios
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&t))); e != 0 {
		return t, e
	}
	return t, nil
}

// session is the reader running in a pty, and all it wrote.
type session struct {
	cmd    *exec.Cmd
	master *os.File
	slave  *os.File
	before syscall.Termios
	mu     sync.Mutex
	out    bytes.Buffer
	eof    chan struct{}
}

// startReader runs this test binary as the reader (see TestMain) in a new
// pty of 100x30, with env added to a plain environment.
func startReader(t *testing.T, env ...string) *session {
	t.Helper()
	master, slave, err := termtest.OpenPTY(100, 30)
	if err != nil {
		t.Skipf("no pty here: %v", err)
	}
	s := &session{master: master, slave: slave, eof: make(chan struct{})}
	if s.before, err = termios(slave); err != nil {
		t.Skipf("no termios: %v", err)
	}
	s.cmd = exec.Command(os.Args[0], "-test.run=^$")
	s.cmd.Env = append([]string{"LEDE_TTY_HELPER=1", "TERM=xterm-256color", "LANG=C.UTF-8", "PATH=" + os.Getenv("PATH"),
		"HOME=" + t.TempDir()}, env...)
	s.cmd.Stdin, s.cmd.Stdout, s.cmd.Stderr = slave, slave, slave
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(s.eof)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			_ = s.cmd.Wait()
		}
		slave.Close()
		master.Close()
	})
	return s
}

// output is what the reader wrote so far.
func (s *session) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

// waitFor waits until the screen shows text.
func (s *session) waitFor(t *testing.T, text string) {
	t.Helper()
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(ansi.Strip(s.output()), text) {
			return
		}
	}
	t.Fatalf("%q never shown; the reader wrote:\n%q", text, s.output())
}

// wait waits for the reader to exit and returns its exit code, and all it
// wrote.
func (s *session) wait(t *testing.T) (int, string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		t.Fatalf("the reader did not exit; it wrote:\n%q", s.output())
	}
	after, err := termios(s.slave)
	if err != nil {
		t.Fatal(err)
	}
	if after.Iflag != s.before.Iflag || after.Oflag != s.before.Oflag || after.Cflag != s.before.Cflag ||
		after.Lflag != s.before.Lflag || after.Cc != s.before.Cc {
		t.Errorf("the terminal's modes were not restored:\nbefore %+v\nafter  %+v", s.before, after)
	}
	// All the reader wrote: closing our end of the slave ends the stream.
	s.slave.Close()
	select {
	case <-s.eof:
	case <-time.After(5 * time.Second):
		t.Fatal("the pty stayed open")
	}
	return s.cmd.ProcessState.ExitCode(), s.output()
}

var (
	decMode    = regexp.MustCompile(`\x1b\[\?([0-9;]+)([hl])`)
	kittyPush  = regexp.MustCompile(`\x1b\[>[0-9]*u`)
	kittyPop   = regexp.MustCompile(`\x1b\[<([0-9]*)u`)
	otherKeys  = regexp.MustCompile(`\x1b\[>4(;[0-9]+)?m`)
	altLeaving = "\x1b[?1049l"
)

// checkRestored fails unless out leaves the terminal as it was: every
// private mode set is reset (the alternate screen left, the mouse and
// bracketed paste off) and the cursor shown; keyboard protocols popped.
func checkRestored(t *testing.T, out string) {
	t.Helper()
	last := map[string]string{}
	for _, m := range decMode.FindAllStringSubmatch(out, -1) {
		for _, mode := range strings.Split(m[1], ";") {
			last[mode] = m[2]
		}
	}
	if last["1049"] != "l" {
		t.Errorf("the alternate screen was not left (?1049 %q)", last["1049"])
	}
	for mode, state := range last {
		want := "l"
		if mode == "25" { // cursor: shown is its normal state
			want = "h"
		}
		if state != want {
			t.Errorf("private mode ?%s left %s", mode, state)
		}
	}
	pops := 0
	for _, m := range kittyPop.FindAllStringSubmatch(out, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n = 1
		}
		pops += n
	}
	if pushes := len(kittyPush.FindAllString(out, -1)); pops < pushes {
		t.Errorf("kitty keyboard: %d pushes, %d pops", pushes, pops)
	}
	if ks := otherKeys.FindAllString(out, -1); len(ks) > 0 && ks[len(ks)-1] != "\x1b[>4m" && ks[len(ks)-1] != "\x1b[>4;0m" {
		t.Errorf("modifyOtherKeys left on: %q", ks[len(ks)-1])
	}
}

// TestTerminalRestored runs the reader in a pty and ends it every way it
// can end, and checks the terminal is left as it was found: the modes of
// the tty, the screen, the cursor, the mouse, the keyboard. A panic is
// reported after the terminal is restored, where it can be read.
// LEDE_SHOW=1 logs everything the reader wrote.
func TestTerminalRestored(t *testing.T) {
	if _, err := os.Stat("/dev/ptmx"); err != nil {
		t.Skip("no /dev/ptmx")
	}
	tests := []struct {
		name   string
		end    func(s *session) error
		code   int
		report string // printed after the terminal is restored
	}{
		{"q", func(s *session) error { _, err := s.master.WriteString("q"); return err }, 0, "lede: bye"},
		{"ctrl+c", func(s *session) error { _, err := s.master.WriteString("\x03"); return err }, 0, "lede: bye"},
		{"SIGTERM", func(s *session) error { return s.cmd.Process.Signal(syscall.SIGTERM) }, 128 + 15, "lede: ended by SIGTERM"},
		{"SIGINT", func(s *session) error { return s.cmd.Process.Signal(syscall.SIGINT) }, 128 + 2, "lede: ended by SIGINT"},
		{"SIGHUP", func(s *session) error { return s.cmd.Process.Signal(syscall.SIGHUP) }, 128 + 1, "lede: ended by SIGHUP"},
		{"SIGQUIT", func(s *session) error { return s.cmd.Process.Signal(syscall.SIGQUIT) }, 128 + 3, "lede: ended by SIGQUIT"},
		{"panic in Update", func(s *session) error { _, err := s.master.WriteString("!"); return err }, 1, "lede: reader: Update panicked: boom in Update"},
		{"panic in View", func(s *session) error { _, err := s.master.WriteString("@"); return err }, 1, "lede: reader: View panicked: boom in View"},
		{"panic in a command", func(s *session) error { _, err := s.master.WriteString("#"); return err }, 1, "lede: reader: a command panicked: boom in a command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := startReader(t)
			s.waitFor(t, "Opening paragraph of story 0") // rendered: the reader is up
			if err := tt.end(s); err != nil {
				t.Fatal(err)
			}
			code, out := s.wait(t)
			if os.Getenv("LEDE_SHOW") != "" {
				t.Logf("%q", out)
			}
			if code != tt.code {
				t.Errorf("exit code %d, want %d; it wrote:\n%q", code, tt.code, out)
			}
			checkRestored(t, out)
			restored := strings.LastIndex(out, altLeaving)
			if at := strings.LastIndex(out, tt.report); at < 0 || at < restored {
				t.Errorf("%q not written after the terminal was restored (at %d, restored at %d):\n%q", tt.report, at, restored, out[max(restored-200, 0):])
			}
			stack := tt.code == 1 || tt.name == "SIGQUIT"
			if stack && !strings.Contains(out[restored:], "goroutine") {
				t.Errorf("no stack trace after the terminal was restored:\n%q", out[restored:])
			}
			if tt.name == "SIGQUIT" {
				// Written in the terminal's normal mode: a newline is a
				// new line, not a step down in raw mode's staircase.
				dump := out[strings.LastIndex(out, tt.report):]
				if strings.Count(dump, "\n") < 10 || strings.Count(dump, "\n") != strings.Count(dump, "\r\n") {
					t.Errorf("the goroutine dump was written in raw mode (%d newlines, %d CRLF)", strings.Count(dump, "\n"), strings.Count(dump, "\r\n"))
				}
			}
		})
	}
}

// With NO_COLOR nothing the reader writes carries colour; without, it does
// (so the check can see it).
func TestTerminalNoColour(t *testing.T) {
	if _, err := os.Stat("/dev/ptmx"); err != nil {
		t.Skip("no /dev/ptmx")
	}
	for _, noColor := range []bool{true, false} {
		t.Run(fmt.Sprint("NO_COLOR=", noColor), func(t *testing.T) {
			t.Parallel()
			var env []string
			if noColor {
				env = append(env, "NO_COLOR=1")
			}
			s := startReader(t, env...)
			s.waitFor(t, "Opening paragraph of story 0")
			if _, err := s.master.WriteString("q"); err != nil {
				t.Fatal(err)
			}
			_, out := s.wait(t)
			if bad := colourCodes(out); noColor && len(bad) > 0 {
				t.Errorf("colour under NO_COLOR: %q", bad[:min(len(bad), 5)])
			} else if !noColor && len(bad) == 0 {
				t.Error("no colour without NO_COLOR: the check sees nothing")
			}
		})
	}
}

// A terminal that answers the query for grapheme clustering (mode 2027)
// gets it turned on, and off again when the reader ends; one that does not
// answer never sees it set (the reader then measures code point by code
// point, as Bubble Tea draws).
func TestTerminalGraphemeClustering(t *testing.T) {
	if _, err := os.Stat("/dev/ptmx"); err != nil {
		t.Skip("no /dev/ptmx")
	}
	for _, answer := range []bool{true, false} {
		t.Run(fmt.Sprint("answers=", answer), func(t *testing.T) {
			t.Parallel()
			s := startReader(t)
			s.waitFor(t, "Opening paragraph of story 0")
			if !strings.Contains(s.output(), "\x1b[?2027$p") {
				t.Fatalf("the reader never asked about mode 2027:\n%q", s.output())
			}
			if answer {
				if _, err := s.master.WriteString("\x1b[?2027;2$y"); err != nil { // known, reset
					t.Fatal(err)
				}
				// The mode is set with the next frame drawn: the help.
				if _, err := s.master.WriteString("?"); err != nil {
					t.Fatal(err)
				}
				s.waitFor(t, "Mouse: the wheel")
				if !strings.Contains(s.output(), "\x1b[?2027h") {
					t.Fatalf("mode 2027 never turned on:\n%q", s.output())
				}
			}
			if _, err := s.master.WriteString("Q"); err != nil {
				t.Fatal(err)
			}
			code, out := s.wait(t)
			if code != 0 {
				t.Errorf("exit code %d", code)
			}
			checkRestored(t, out) // ?2027 reset if it was set
			if !answer && strings.Contains(out, "\x1b[?2027h") {
				t.Error("mode 2027 turned on for a terminal that never answered")
			}
		})
	}
}
