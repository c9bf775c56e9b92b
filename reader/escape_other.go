//go:build !unix

package reader

import (
	"os"
	"time"
)

// escInput is the terminal as Bubble Tea reads it. Outside unix Bubble
// Tea reads the console's own key events, which need no escape wait, so
// it is never made there (keyInput is nil).
type escInput struct{ *os.File }

// keyInput is nil outside unix: Bubble Tea reads the terminal its own way.
func keyInput(time.Duration) (*escInput, func()) { return nil, func() {} }
