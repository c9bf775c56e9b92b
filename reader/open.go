package reader

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store/safe"
)

// opener starts the system's handler for a link. The app holds one so
// tests can see what would have been opened.
type opener func(link string) error

// safeLink is the link policy of the safety package: the link to hand to
// another program, or false.
func safeLink(link string) (string, bool) { return safe.Link(link, nil) }

// refusal tells the reader why link is not opened (or copied: verb),
// without echoing more of a hostile link than its scheme.
func refusal(link, verb string) string {
	scheme := ""
	if i := strings.IndexByte(link, ':'); i > 0 && schemeRE.MatchString(link[:i]) {
		scheme = strings.ToLower(link[:i])
	}
	switch scheme {
	case "":
		return fmt.Sprintf("“%s” is not %s: it is not a web or mail link.", truncate(oneLine(link), 40), verb)
	case "http", "https", "mailto":
		return fmt.Sprintf("“%s” is not %s: a malformed link.", truncate(oneLine(link), 40), verb)
	}
	return fmt.Sprintf("A %s: link is never %s: only http, https and mailto links are.", truncate(scheme, 20), verb)
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*$`)

// firstLink is the first link of the article that safeLink accepts.
func firstLink(links []string) (string, bool) {
	for _, l := range links {
		if s, ok := safeLink(strings.TrimSpace(l)); ok {
			return s, true
		}
	}
	return "", false
}

// browserCommand is the program and arguments that open link: the first
// entry of $BROWSER (a colon-separated list; "%s" in it stands for the
// link), else xdg-open or open. The link is always one argument of its
// own; no shell is involved.
func browserCommand(browser, goos, link string) (string, []string, error) {
	for entry := range strings.SplitSeq(browser, ":") {
		f := strings.Fields(entry)
		if len(f) == 0 {
			continue
		}
		args, placed := []string{}, false
		for _, a := range f[1:] {
			if strings.Contains(a, "%s") {
				a, placed = strings.ReplaceAll(a, "%s", link), true
			}
			args = append(args, a)
		}
		if !placed {
			args = append(args, link)
		}
		return f[0], args, nil
	}
	switch goos {
	case "darwin":
		return "open", []string{link}, nil
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", link}, nil
	case "android", "ios", "plan9", "js", "wasip1":
		return "", nil, errors.New("no opener on " + goos + "; set $BROWSER")
	}
	return "xdg-open", []string{link}, nil
}

// systemOpen starts the opener apart from the terminal, and reports
// whether it failed at once (startOpener). Its standard input and output
// are /dev/null so nothing it prints can garble the screen, and it runs
// in a session of its own so it neither reads the terminal nor dies
// with the reader's ctrl+c.
func systemOpen(link string) error { return startOpener(os.Getenv("BROWSER"), link) }

// openers are what o and L open links with: command (the settings'
// opener), else $BROWSER, else the system's opener, started apart from
// the terminal; and, for a text browser or where the settings say so
// (inTerm), the terminal handed to it instead (nil: it is not).
func openers(command string, inTerm bool) (opener, func(link string) tea.Cmd) {
	open := opener(systemOpen)
	if command != "" {
		open = openWith(command)
	} else {
		command = os.Getenv("BROWSER")
	}
	if inTerm || inTerminal(command) {
		return open, terminalOpener(command)
	}
	return open, nil
}

// openWith is an opener that runs command (spelt as $BROWSER is) in
// place of $BROWSER: the opener of the settings file.
func openWith(command string) opener {
	return func(link string) error { return startOpener(command, link) }
}

// openerWait is how long an opener started apart from the terminal is
// watched: one that ends within it having failed (a $BROWSER of
// /bin/false, xdg-open finding nothing to open with) is reported, not
// taken for opened. One still running then is a browser opened. The
// reader waits for it off the update loop; the status line says
// "Opening…" meanwhile.
var openerWait = 3 * time.Second

// startOpener starts browser (spelt as $BROWSER is) on link apart from
// the terminal, and waits up to openerWait for it to fail: it exiting
// with a failure, the last line it wrote to stderr says why.
func startOpener(browser, link string) error {
	name, args, err := browserCommand(browser, runtime.GOOS, link)
	if err != nil {
		return err
	}
	cmd := exec.Command(name, args...)
	stderr := &lastLine{}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, stderr
	// A browser it starts keeps its stderr: the exit counts, not that.
	cmd.WaitDelay = 100 * time.Millisecond
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	ended := make(chan error, 1)
	go func() { ended <- cmd.Wait() }() // reaped whenever it ends
	select {
	case err := <-ended:
		return exitReason(filepath.Base(name), err, stderr.String())
	case <-time.After(openerWait):
		return nil
	}
}

// exitReason is why program failed, from what Wait (or a run in the
// terminal) gave and the last line it wrote to stderr; nil where it did
// not fail.
func exitReason(program string, err error, said string) error {
	var exit *exec.ExitError
	switch {
	case err == nil, errors.Is(err, exec.ErrWaitDelay):
		return nil
	case errors.As(err, &exit):
		why := fmt.Sprintf("%s exited with status %d", program, exit.ExitCode())
		if exit.ExitCode() < 0 {
			why = program + " " + exit.String()
		}
		if said = oneLine(said); said != "" {
			why = truncate(said, 80) + " (" + why + ")"
		}
		return errors.New(why)
	}
	return err
}

// lastLine keeps the last line (up to 1 KB) of what is written to it.
type lastLine struct {
	mu   sync.Mutex
	line []byte
	done bool // the line ended: the next write starts another
}

func (l *lastLine) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, b := range p {
		switch {
		case b == '\n' || b == '\r':
			l.done = len(l.line) > 0 || l.done
		case l.done:
			l.line, l.done = append(l.line[:0], b), false
		case len(l.line) < 1024:
			l.line = append(l.line, b)
		}
	}
	return len(p), nil
}

func (l *lastLine) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.TrimSpace(string(l.line))
}

// textBrowsers are browsers that draw in the terminal: started apart from
// it they have nowhere to draw, and fail unseen. lede hands them the
// terminal (as newsboat does its text browser) until they quit.
// www-browser is Debian's name for the text browser installed.
var textBrowsers = []string{"w3m", "lynx", "links", "links2", "elinks", "browsh", "carbonyl", "cha", "www-browser"}

// inTerminal reports whether command (spelt as $BROWSER is) is one of
// textBrowsers.
func inTerminal(command string) bool {
	name, _, err := browserCommand(command, runtime.GOOS, "")
	return err == nil && slices.Contains(textBrowsers, filepath.Base(name))
}

// terminalOpener hands the terminal to command (spelt as $BROWSER is)
// on a link, the reader paused until it quits (tea.Exec). One that fails
// says why with the last line it wrote to stderr, as a detached opener
// does: that line reaches the terminal too, where the reader's redraw
// wipes it ("w3m exited with status 2", and nothing more).
func terminalOpener(command string) func(link string) tea.Cmd {
	return func(link string) tea.Cmd {
		name, args, err := browserCommand(command, runtime.GOOS, link)
		if err != nil {
			return func() tea.Msg { return openedMsg{link: link, err: err} }
		}
		program := filepath.Base(name)
		c := terminalCommand{exec.Command(name, args...), &lastLine{}}
		// A program it leaves running keeps stderr: the exit counts.
		c.WaitDelay = 100 * time.Millisecond
		return tea.Exec(c, func(err error) tea.Msg {
			return openedMsg{link: link, err: exitReason(program, err, c.said.String()), back: program}
		})
	}
}

// terminalCommand is a program run in the terminal (tea.Exec) that reads
// the terminal's own file. Bubble Tea hands it the reader's input, the
// terminal wrapped (escInput); given that, exec would copy keys to it
// through a pipe from a goroutine that goes on reading the terminal
// after it quits, and takes the reader's next key. Its output is the
// reader's; its stderr goes there through a pipe, said keeping the last
// line (input and output stay the terminal: it draws there).
type terminalCommand struct {
	*exec.Cmd
	said *lastLine
}

func (c terminalCommand) SetStdin(r io.Reader) {
	if e, ok := r.(*escInput); ok && e != nil {
		r = e.File
	}
	if c.Stdin == nil {
		c.Stdin = r
	}
}

func (c terminalCommand) SetStdout(w io.Writer) {
	if c.Stdout == nil {
		c.Stdout = w
	}
}

func (c terminalCommand) SetStderr(w io.Writer) {
	if c.Stderr == nil {
		c.Stderr = io.MultiWriter(c.said, w)
	}
}

// openedMsg reports whether the opener opened link: started and not
// failed at once, or, run in the terminal (back: its name), ended well.
type openedMsg struct {
	link string
	err  error
	back string
}

func openCmd(open opener, link string) tea.Cmd {
	return func() tea.Msg { return openedMsg{link: link, err: open(link)} }
}
