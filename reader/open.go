package reader

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"

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

// systemOpen starts the opener and returns at once, without waiting for
// the browser. Its standard streams are /dev/null so nothing it prints can
// garble the screen, and it runs in a session of its own so it neither
// reads the terminal nor dies with the reader's ctrl+c.
func systemOpen(link string) error { return startOpener(os.Getenv("BROWSER"), link) }

// openWith is an opener that runs command (spelt as $BROWSER is) in
// place of $BROWSER: the opener of the settings file.
func openWith(command string) opener {
	return func(link string) error { return startOpener(command, link) }
}

func startOpener(browser, link string) error {
	name, args, err := browserCommand(browser, runtime.GOOS, link)
	if err != nil {
		return err
	}
	cmd := exec.Command(name, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }() // reap it whenever it ends
	return nil
}

// openedMsg reports whether the opener started.
type openedMsg struct {
	link string
	err  error
}

func openCmd(open opener, link string) tea.Cmd {
	return func() tea.Msg { return openedMsg{link: link, err: open(link)} }
}
