//go:build unix

package reader

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// An escape byte read alone, with nothing after it, is handed on as the
// escape key's unambiguous form; anything else, an escape byte with
// company included, is handed on as read.
func TestEscInput(t *testing.T) {
	tests := []struct {
		name  string
		write string // what the terminal wrote before the read
		later string // what it writes while escInput waits for more
		buf   int    // the reader's buffer
		want  []string
	}{
		{"a lone escape", "\x1b", "", 64, []string{escKey}},
		{"a key's whole sequence", "\x1b[A", "", 64, []string{"\x1b[A"}},
		{"alt+j", "\x1bj", "", 64, []string{"\x1bj"}},
		{"a letter", "j", "", 64, []string{"j"}},
		{"a sequence split after its escape", "\x1b", "[B", 64, []string{"\x1b", "[B"}},
		{"a buffer too small for the key", "\x1b", "", 2, []string{"\x1b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			defer w.Close()
			in := newEscInput(r, time.Hour)
			in.more = func(fd uintptr, _ time.Duration) bool {
				// The rest of a split sequence comes while escInput
				// waits: written here, it has come by the time it looks.
				if tt.later != "" {
					if _, err := w.WriteString(tt.later); err != nil {
						t.Fatal(err)
					}
				}
				return pending(fd, 0)
			}
			if _, err := w.WriteString(tt.write); err != nil {
				t.Fatal(err)
			}
			for _, want := range tt.want {
				buf := make([]byte, tt.buf)
				n, err := in.Read(buf)
				if err != nil {
					t.Fatal(err)
				}
				if got := string(buf[:n]); got != want {
					t.Errorf("read %q, want %q", got, want)
				}
			}
		})
	}
}

// pending sees input waiting, and only then; with nothing waiting it
// returns once its wait is over.
func TestPending(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if pending(r.Fd(), 0) {
		t.Error("input pending on an empty pipe")
	}
	if pending(r.Fd(), 5*time.Millisecond) {
		t.Error("input pending on an empty pipe after a wait")
	}
	if _, err := w.WriteString("x"); err != nil {
		t.Fatal(err)
	}
	if !pending(r.Fd(), 0) {
		t.Error("input written, not pending")
	}
}

// Bubble Tea reads escKey as the very key a lone escape byte is, once its
// own wait is over: esc, no text, no modifier.
func TestEscKeyIsEsc(t *testing.T) {
	for _, in := range []string{escKey, "\x1b"} {
		got := firstKey(t, in)
		if got.String() != "esc" || got.Code != tea.KeyEscape || got.Text != "" || got.Mod != 0 {
			t.Errorf("%q read as %q (%+v), want esc", in, got.String(), got)
		}
	}
	if a, b := firstKey(t, escKey), firstKey(t, "\x1b"); a != b {
		t.Errorf("%q read as %+v, a lone escape as %+v", escKey, a, b)
	}
}

// keyModel quits on the first key it is given and keeps it.
type keyModel struct{ key tea.KeyPressMsg }

func (m keyModel) Init() tea.Cmd { return nil }
func (m keyModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		m.key = k
		return m, tea.Quit
	}
	return m, nil
}
func (m keyModel) View() tea.View { return tea.NewView("") }

// firstKey is the first key a Bubble Tea program reads from input.
func firstKey(t *testing.T, input string) tea.KeyPressMsg {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if _, err := w.WriteString(input); err != nil {
		t.Fatal(err)
	}
	// Not a clock on the key: a way out should the input make no key.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p := tea.NewProgram(keyModel{}, tea.WithInput(r), tea.WithOutput(io.Discard), tea.WithoutSignalHandler(),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithContext(ctx))
	final, err := p.Run()
	if err != nil {
		t.Fatalf("%q made no key: %v", input, err)
	}
	return final.(keyModel).key
}

func TestEscDelay(t *testing.T) {
	for _, tt := range []struct {
		env  string
		want time.Duration
	}{
		{"", defaultEscDelay},
		{"0", 0},
		{"25", 25 * time.Millisecond},
		{" 10 ", 10 * time.Millisecond},
		{"100000", maxEscDelay},
		{"-5", defaultEscDelay},
		{"fast", defaultEscDelay},
	} {
		got := escDelay(func(k string) string {
			if k == "ESCDELAY" {
				return tt.env
			}
			return ""
		})
		if got != tt.want {
			t.Errorf("ESCDELAY=%q: %v, want %v", tt.env, got, tt.want)
		}
	}
}
