package reader

import (
	"slices"
	"testing"
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
