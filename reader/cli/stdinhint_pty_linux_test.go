package cli

import (
	"bytes"
	"strings"
	"testing"
)

// lede - list with standard input a terminal says, on stderr, that it
// reads what is typed (it waited with nothing on the screen); piped, it
// says nothing of it.
func TestStdinHintOnATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	freshLibrary(t)
	p := startPTY(t, "-", "list")
	p.waitFor(t, "lede: reading standard input")
	p.send("A typed note about rivers\n\x04")
	p.waitFor(t, "A typed note about rivers  (stdin)")
	<-p.done

	var out, errs bytes.Buffer
	if code := run([]string{"-", "list"}, strings.NewReader("A piped note\n"), &out, &errs); code != 0 || errs.Len() != 0 || !strings.Contains(out.String(), "A piped note") {
		t.Errorf("piped: code %d, %q, %q", code, out.String(), errs.String())
	}
}
