package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// A quit that waits for the marks says on stderr what it is saving: the
// stories of the reader's A while the library waits for them, else the
// articles the library has still to write; nothing where nothing waits,
// or where the library closed before the note was due.
func TestSavingNote(t *testing.T) {
	for _, c := range []struct {
		name     string
		articles int
		held     bool
		marking  int
		wait     time.Duration
		want     string
	}{
		{"A still worked out", 0, true, 61972, 0, "lede: saving marks for 61972 stories…\n"},
		{"A being written", 94125, false, 0, 0, "lede: saving marks for 94125 articles…\n"},
		{"nothing to write", 0, false, 0, 0, ""},
		{"closed in time", 94125, false, 0, time.Hour, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			o := newOptions(strings.NewReader(""), &bytes.Buffer{}, &stderr)
			asked := make(chan bool, 1)
			o.startSaving(func() (int, bool) { asked <- true; return c.articles, c.held }, c.marking, c.wait)
			if c.wait == 0 {
				<-asked // past its wait: the line comes before the note ends
			}
			o.closeLibrary() // ends the note: nothing after it
			if got := stderr.String(); got != c.want {
				t.Fatalf("stderr %q, want %q", got, c.want)
			}
			if o.saving != nil {
				t.Fatal("the note outlived the library")
			}
		})
	}
}
