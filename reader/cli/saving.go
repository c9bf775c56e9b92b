package cli

// A quit that waits for the marks: the reader's alt screen is gone, and
// the marks of an A at 100,000 articles take seconds to write (4.5 s at
// load 17, measured; ~20 s under more) while the prompt does not come
// back. Where the wait lasts, one line on stderr says what it is for.

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/lede-reader/lede/store"
)

// savingAfter is how long a quit waits on the marks before it says so:
// a quit that waits less says nothing.
const savingAfter = 300 * time.Millisecond

// savingNote prints that line, once, unless it is ended first.
type savingNote struct {
	stop chan struct{}
	done chan struct{}
}

// startSaving starts the note as the reader ends: after wait, what is
// not written yet (unwritten, the library's; marking, the stories of
// the reader's batches, counted where the library is still waiting for
// them) is said on o.stderr, which is kept from other writes meanwhile.
func (o *options) startSaving(unwritten func() (articles int, held bool), marking int, wait time.Duration) {
	w := &lockedWriter{w: o.stderr}
	o.stderr = w
	n := &savingNote{stop: make(chan struct{}), done: make(chan struct{})}
	o.saving = n
	go func() {
		defer close(n.done)
		select {
		case <-n.stop:
			return
		case <-time.After(wait):
		}
		articles, held := unwritten()
		var what string
		switch {
		case held && marking > 0:
			what = store.Count(marking, "story")
		case articles > 0:
			what = store.Count(articles, "article")
		default:
			return // the wait is for something else
		}
		fmt.Fprintf(w, "lede: saving marks for %s…\n", what)
	}()
}

// endSaving ends the note, where one was started: nothing is printed
// from now on.
func (o *options) endSaving() {
	if n := o.saving; n != nil {
		close(n.stop)
		<-n.done
		o.saving = nil
	}
}

// lockedWriter is a writer two goroutines may write whole lines to.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
