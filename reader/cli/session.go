package cli

// Which Library the reader gets for a run (readerState): the library's,
// or marks kept for this run only (sessionLibrary, --no-state); and the
// marks still queued written when the terminal hangs up (flushOnHangup).

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
)

// readerState is the reader's Library: the library shown, else the
// library opened (made if need be) to keep the marks of what is shown;
// with --no-state, or when the library cannot be opened, marks for this
// run only.
func (o *options) readerState() reader.Library {
	if o.lib.noState {
		return &sessionLibrary{}
	}
	lib, err := o.marksLibrary(true) // closed at the end of the run
	if err != nil {
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(err.Error()))+" (marks last this run only)")
	}
	if lib == nil {
		return &sessionLibrary{}
	}
	r, err := o.readerLibrary(lib)
	if err != nil {
		fmt.Fprintln(o.stderr, "lede: library: "+safe.Text(oneLine(err.Error()))+" (marks last this run only)")
		return &sessionLibrary{}
	}
	return r
}

// sessionLibrary keeps marks for this run only: --no-state.
type sessionLibrary struct {
	mu    sync.Mutex
	marks map[string]reader.Mark
}

func (s *sessionLibrary) Marks() map[string]reader.Mark { return map[string]reader.Mark{} }

// RunOnly: the reader says a save lasts this run only.
func (s *sessionLibrary) RunOnly() bool { return true }
func (s *sessionLibrary) SetMark(id string, _, m reader.Mark) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.marks == nil {
		s.marks = map[string]reader.Mark{}
	}
	s.marks[id] = m
}
func (s *sessionLibrary) Feeds() []string                 { return nil }
func (s *sessionLibrary) NewSince() time.Time             { return time.Time{} }
func (s *sessionLibrary) UpdateIn() (time.Duration, bool) { return 0, false }

// Follow has nothing to follow: it ends at once.
func (s *sessionLibrary) Follow(context.Context) (reader.Changes, error) {
	return reader.Changes{}, context.Canceled
}
func (s *sessionLibrary) NoUpdates() string { return "No library this run: nothing to update." }
func (s *sessionLibrary) Update(context.Context) (reader.Snapshot, int, error) {
	return reader.Snapshot{}, 0, errors.New("--no-state: no subscriptions to update")
}

func (s *sessionLibrary) FetchFullText(context.Context, string) (reader.Snapshot, error) {
	return reader.Snapshot{}, errors.New("--no-state: no library to keep the text in")
}

// flushOnHangup writes queued marks when the terminal hangs up (SIGHUP
// would otherwise end the process with them in memory) and exits as a
// hung-up process does. SIGTERM and SIGINT quit the reader as q does, and
// the library is closed after it. The returned func stops listening.
func (o *options) flushOnHangup() (stop func()) {
	lib := o.lib.open
	if lib == nil {
		return func() {}
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			flushHungUp(lib)
			os.Exit(128 + int(syscall.SIGHUP))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// hangupWait bounds how long a hangup waits for a batch of marks (A, z)
// still being worked out before the process ends.
const hangupWait = 5 * time.Second

// flushHungUp writes every mark queued as the terminal hangs up: a batch
// of A or z still being worked out, given hangupWait to be, and every
// mark set after it (Flush alone would stop at the batch).
func flushHungUp(lib *library.Library) error { return lib.FlushWithin(hangupWait) }
