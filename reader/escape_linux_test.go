package reader

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// waitForAfter waits until the reader writes text after the first from
// bytes of its output.
func (s *session) waitForAfter(t *testing.T, from int, text string) {
	t.Helper()
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(ansi.Strip(s.output()[from:]), text) {
			return
		}
	}
	t.Fatalf("%q never shown; after the key the reader wrote:\n%q", text, s.output()[from:])
}

// Through the real Run in a pty: a lone escape byte is esc (it closes the
// help); and a key's sequence that comes split after its escape byte, the
// rest within ESCDELAY, is still that key. Bubble Tea alone takes the
// split down arrow for esc, [ and B once its 50 ms are over, and the reader
// stays on the first article.
func TestTerminalEscape(t *testing.T) {
	if _, err := os.Stat("/dev/ptmx"); err != nil {
		t.Skip("no /dev/ptmx")
	}
	s := startReader(t, "ESCDELAY=1000")
	s.waitFor(t, "Opening paragraph of story 0")

	from := len(s.output())
	if _, err := s.master.WriteString("?"); err != nil {
		t.Fatal(err)
	}
	s.waitForAfter(t, from, "keys")
	from = len(s.output())
	if _, err := s.master.WriteString("\x1b"); err != nil {
		t.Fatal(err)
	}
	s.waitForAfter(t, from, "Opening paragraph of story 0") // the help closed

	if _, err := s.master.WriteString("\x1b"); err != nil {
		t.Fatal(err)
	}
	// Not a clock on the answer: the gap that splits the sequence, long
	// beside Bubble Tea's 50 ms, short beside ESCDELAY's 1000.
	time.Sleep(200 * time.Millisecond)
	if _, err := s.master.WriteString("[B"); err != nil {
		t.Fatal(err)
	}
	// The help and back (the keys keep their order): the screen drawn
	// whole, where the article the down arrow chose shows.
	from = len(s.output())
	if _, err := s.master.WriteString("?"); err != nil {
		t.Fatal(err)
	}
	s.waitForAfter(t, from, "keys")
	from = len(s.output())
	if _, err := s.master.WriteString("\x1b"); err != nil {
		t.Fatal(err)
	}
	s.waitForAfter(t, from, "Opening paragraph of story 1")

	if _, err := s.master.WriteString("q"); err != nil {
		t.Fatal(err)
	}
	if code, out := s.wait(t); code != 0 {
		t.Errorf("exit code %d; it wrote:\n%q", code, out)
	}
}
