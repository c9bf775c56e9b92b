package reader

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// updating reports whether -update was given. The flag itself is defined
// by charmbracelet/x/exp/golden, which teatest brings in; defining it again
// would panic.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestGolden pins the layout a person sees, colours stripped, at a wide and
// a narrow size, on deskSource: a fixed desk of articles and related stories
// that no change to the store's parsing or ranking can rewrite. When the
// layout changes on purpose, look at the diff and rewrite them:
//
//	go test ./reader -run TestGolden -update
func TestGolden(t *testing.T) {
	src := deskSource()
	screens := []struct {
		name string
		keys []tea.Msg
	}{
		{"list", nil},
		{"article", keys("j", "enter", "space")},
		{"related", keys("enter", "r", "j")},
		{"help", keys("?")},
		{"search", append(keys("/"), typeText("rate")...)},
		{"trail", keys("1", "1", "1", "[")},
		{"norelated", keys("j", "j", "j", "j", "j", "j", "enter")},
		{"find", append(append(keys("enter", "/"), typeText("flood")...), keys("enter", "n")...)},
	}
	for _, size := range [][2]int{{120, 40}, {60, 20}} {
		for _, sc := range screens {
			name := fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				m := start(t, src, size[0], size[1])
				m = drive(t, m, sc.keys...)
				golden(t, name, screen(m))
			})
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	// Trailing spaces are padding; trimmed, the files read well in a diff.
	lines := strings.Split(got, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	got = strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (if the change is intended: go test ./reader -run TestGolden -update)\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}
