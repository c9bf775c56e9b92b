//go:build unix

package reader

import (
	"os"
	"syscall"
)

// endSignals are the signals that end the reader: each quits it the way q
// does, restoring the terminal, before the process exits 128+N.
var endSignals = []os.Signal{syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM}
