//go:build unix

package reader

import (
	"errors"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// escInput is the terminal as Bubble Tea reads it, with one change: an
// escape byte that a read returns alone, with nothing after it within
// wait, is handed on as the escape key's unambiguous form (CSI 27 u, the
// kitty keyboard protocol's). Bubble Tea's input reader takes a lone
// escape byte for the start of a key's sequence and waits 50 ms for the
// rest before it calls it esc, and it offers no way to shorten that wait
// (v2.0.10 and v2.1.1 alike). A terminal writes a key's whole sequence at
// once, so an escape byte that arrives alone, with nothing on its heels,
// is the esc key (as crossterm and Bubble Tea v1 read it); wait covers a
// link slow enough to split a sequence. Everything else passes untouched,
// and Bubble Tea's own wait still holds for an escape byte that had
// company.
//
// It is still the terminal's file (Fd, Name, Write, Close), so Bubble
// Tea puts it in raw mode, restores it and cancels reads from it as it
// does the terminal itself.
type escInput struct {
	*os.File
	wait time.Duration
	// more reports whether input is waiting on fd, or arrives within
	// wait: pending, but for tests.
	more func(fd uintptr, wait time.Duration) bool
}

// escKey is the escape key as the kitty keyboard protocol sends it: a
// sequence no other key begins, so Bubble Tea reads it as esc at once.
const escKey = "\x1b[27u"

func newEscInput(f *os.File, wait time.Duration) *escInput {
	return &escInput{File: f, wait: wait, more: pending}
}

func (f *escInput) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	if err == nil && n == 1 && p[0] == '\x1b' && len(p) >= len(escKey) && !f.more(f.Fd(), f.wait) {
		return copy(p, escKey), nil
	}
	return n, err
}

// pending reports whether fd has input to read now or within wait.
func pending(fd uintptr, wait time.Duration) bool {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	deadline := time.Now().Add(wait)
	for {
		ms := int((time.Until(deadline) + time.Millisecond - 1) / time.Millisecond)
		n, err := unix.Poll(fds, max(ms, 0))
		if errors.Is(err, unix.EINTR) {
			continue // a signal (the runtime's own among them): poll again for what is left
		}
		return err == nil && n > 0
	}
}

// keyInput is the terminal the reader reads its keys from, as an
// escInput: standard input when it is the terminal, else the process's
// terminal (as Bubble Tea itself would open it). It is nil where there is
// none; Bubble Tea then fails as it would have. done closes what keyInput
// opened.
func keyInput(wait time.Duration) (in *escInput, done func()) {
	if term.IsTerminal(int(os.Stdin.Fd())) {
		return newEscInput(os.Stdin, wait), func() {}
	}
	tin, tout, err := tea.OpenTTY()
	if err != nil {
		return nil, func() {}
	}
	return newEscInput(tin, wait), func() {
		_ = tin.Close()
		if tout != tin {
			_ = tout.Close()
		}
	}
}
