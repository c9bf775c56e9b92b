package reader

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSafeLink(t *testing.T) {
	tests := []struct {
		link string
		ok   bool
	}{
		{"https://example.com/a?b=c#d", true},
		{"http://example.com", true},
		{"mailto:editor@example.com", true},
		{"HTTPS://EXAMPLE.COM", true},
		{"ftp://example.com", false},
		{"file:///etc/passwd", false},
		{"javascript:alert(1)", false},
		{"-e http://x", false},
		{"https://", false},
		{"mailto:", false},
		{"https://example.com/\x1b]52;c;", false},
		{"https://example.com/a b", false},
		{"https://exa\u202emple.com", false},
		{"", false},
		{"example.com", false},
	}
	for _, tt := range tests {
		if _, ok := safeLink(tt.link); ok != tt.ok {
			t.Errorf("safeLink(%q) = %v, want %v", tt.link, ok, tt.ok)
		}
	}
	if l, ok := firstLink([]string{"ftp://x", " https://b.example ", "https://c.example"}); !ok || l != "https://b.example" {
		t.Errorf("firstLink = %q %v", l, ok)
	}
	if _, ok := firstLink(nil); ok {
		t.Error("firstLink(nil)")
	}
}

func TestBrowserCommand(t *testing.T) {
	const link = "https://example.com/a;b&c=$(rm -rf x)"
	tests := []struct {
		browser, goos string
		name          string
		args          []string
	}{
		{"", "linux", "xdg-open", []string{link}},
		{"", "darwin", "open", []string{link}},
		{"firefox", "linux", "firefox", []string{link}},
		{"firefox --new-tab", "linux", "firefox", []string{"--new-tab", link}},
		{"w3m %s -o x", "linux", "w3m", []string{link, "-o", "x"}},
		{":chromium:firefox", "linux", "chromium", []string{link}},
		{"  ", "linux", "xdg-open", []string{link}},
	}
	for _, tt := range tests {
		name, args, err := browserCommand(tt.browser, tt.goos, link)
		if err != nil || name != tt.name || !slices.Equal(args, tt.args) {
			t.Errorf("browserCommand(%q, %s) = %q %q %v, want %q %q", tt.browser, tt.goos, name, args, err, tt.name, tt.args)
		}
	}
	if _, _, err := browserCommand("", "plan9", link); err == nil {
		t.Error("plan9 without $BROWSER should fail")
	}
}

// The system opener runs the program with the link as one argument and
// returns without waiting for it.
func TestSystemOpen(t *testing.T) {
	t.Setenv("BROWSER", "true")
	if err := systemOpen("https://example.com"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BROWSER", "/nonexistent/browser")
	if err := systemOpen("https://example.com"); err == nil {
		t.Fatal("a missing browser did not fail")
	}
}

// Links other than http, https and mailto are shown, never opened or
// copied, and the status line says why.
func TestUnsafeLinksRefused(t *testing.T) {
	f := newFake(1)
	f.arts[0].Links = []string{"javascript:alert(1)", "  ", "file:///etc/passwd", "data:text/html,<script>x</script>",
		"example.com/page", "https://exa mple.com", "-e"}
	var opened []string
	m := start(t, f, 120, 40)
	m.open = func(l string) error { opened = append(opened, l); return nil }
	for _, k := range []string{"o", "y"} {
		// Six links: o and y ask for a number; enter takes the first.
		nm, _ := m.Update(press(k))
		nm, cmd := nm.(app).Update(press("enter"))
		m = nm.(app)
		if cmd != nil {
			t.Errorf("%s: a command for a javascript: link: %v", k, cmd())
		}
		verb := map[string]string{"o": "opened", "y": "copied"}[k]
		if want := "A javascript: link is never " + verb + ": only http, https and mailto links are."; m.status != want || !m.statusErr {
			t.Errorf("%s: status %q, want %q", k, m.status, want)
		}
	}
	m = drive(t, m, press("L"))
	if len(m.links.links) != 6 {
		t.Fatalf("listed %v", m.links.links)
	}
	if s := screen(m); strings.Count(s, "not opened") != 6 || !strings.Contains(s, "file:///etc/passwd") {
		t.Errorf("links not shown as text:\n%s", s)
	}
	want := []string{
		"A javascript: link is never opened",
		"A file: link is never opened",
		"A data: link is never opened",
		"“example.com/page” is not opened: it is not a web or mail link.",
		"“https://exa mple.com” is not opened: a malformed link.",
		"“-e” is not opened: it is not a web or mail link.",
	}
	for i, w := range want {
		nm, cmd := m.Update(press("enter"))
		m = nm.(app)
		if cmd != nil || !strings.HasPrefix(m.status, w) {
			t.Errorf("link %d: cmd %v, status %q, want %q", i, cmd != nil, m.status, w)
		}
		nm, cmd = m.Update(press("y"))
		m = nm.(app)
		if cmd != nil {
			t.Errorf("link %d copied", i)
		}
		m = drive(t, m, press("j"))
	}
	if len(opened) != 0 {
		t.Fatalf("opened %v", opened)
	}
}

// The opener gets the link as one argument of its own: no shell sees it.
func TestSystemOpenOneArgument(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "args")
	script := filepath.Join(dir, "browser.sh")
	if err := os.WriteFile(script, []byte("printf '%s\\n' \"$#\" \"$@\" > "+out+".tmp && mv "+out+".tmp "+out+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	const link = "https://example.com/?a=$(touch${IFS}pwned)&b=`touch${IFS}pwned`;touch>pwned|x"
	if _, ok := safeLink(link); !ok {
		t.Fatal("test link not accepted")
	}
	t.Setenv("BROWSER", "/bin/sh "+script)
	if err := systemOpen(link); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for range 500 {
		if b, err := os.ReadFile(out); err == nil {
			got = b
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if want := "1\n" + link + "\n"; string(got) != want {
		t.Fatalf("the opener got %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Fatal("a shell ran part of the link")
	}
}

// An opener that fails soon after it starts is reported, with the last
// line it wrote to stderr, not taken for a link opened ($BROWSER of
// /bin/false said "Opened http://…"); one still running when the wait is
// over is a browser opened.
func TestOpenerThatFails(t *testing.T) {
	dir := t.TempDir()
	script := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if err := startOpener("true", "https://example.com"); err != nil {
		t.Errorf("true: %v", err)
	}
	if err := startOpener("false", "https://example.com"); err == nil || err.Error() != "false exited with status 1" {
		t.Errorf("false: %v", err)
	}
	nothing := script("xdg-nothing", "echo 'warming up' >&2\necho 'xdg-nothing: no method available for opening it' >&2\nexit 3\n")
	if err := startOpener(nothing, "https://example.com"); err == nil || err.Error() != "xdg-nothing: no method available for opening it (xdg-nothing exited with status 3)" {
		t.Errorf("a failure it explains: %v", err)
	}
	wait := openerWait
	openerWait = 10 * time.Millisecond
	t.Cleanup(func() { openerWait = wait })
	slow := script("slow", "sleep 2\nexit 1\n") // fails, but after the wait: a browser that ran
	if err := startOpener(slow, "https://example.com"); err != nil {
		t.Errorf("an opener still running after the wait: %v", err)
	}
}

// Text browsers get the terminal: by name, wherever $BROWSER or the
// opener setting names them, or any opener where the settings say so.
func TestTextBrowsersInTerminal(t *testing.T) {
	for _, tt := range []struct {
		command string
		inTerm  bool
		want    bool
	}{
		{"w3m", false, true},
		{"/usr/bin/lynx -accept_all_cookies %s", false, true},
		{"elinks:firefox", false, true},
		{"www-browser", false, true},
		{"firefox --new-tab %s", false, false},
		{"xdg-open", false, false},
		{"my-browser %s", true, true},
	} {
		if _, in := openers(tt.command, tt.inTerm); (in != nil) != tt.want {
			t.Errorf("openers(%q, %v): in the terminal %v, want %v", tt.command, tt.inTerm, in != nil, tt.want)
		}
	}
	t.Setenv("BROWSER", "lynx")
	if _, in := openers("", false); in == nil {
		t.Error("BROWSER=lynx: not in the terminal")
	}
	if _, in := openers("firefox", false); in != nil {
		t.Error("the opener setting firefox, BROWSER=lynx: in the terminal")
	}
}
