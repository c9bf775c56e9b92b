//go:build !unix

package reader

import "os"

// endSignals are the signals that end the reader (see signals_unix.go).
var endSignals = []os.Signal{os.Interrupt}
