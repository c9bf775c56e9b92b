package cli

import (
	"bytes"
	"strings"
	"syscall"
	"testing"

	"github.com/lede-reader/lede/reader"
)

// A signal that ended the reader is the exit code a shell expects, 128+N;
// SIGQUIT's goroutine dump is printed (the reader has restored the terminal
// by then), the others end quietly.
func TestSignalExitCodes(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	for _, tc := range []struct {
		sig  syscall.Signal
		dump string
		code int
	}{
		{syscall.SIGHUP, "", 129}, {syscall.SIGINT, "", 130}, {syscall.SIGQUIT, "goroutine 1 [running]:", 131}, {syscall.SIGTERM, "", 143},
	} {
		var stdout, stderr bytes.Buffer
		o := newOptions(strings.NewReader(""), &stdout, &stderr)
		o.interactive = true
		o.openReader = func(reader.Source, reader.Options) error {
			return &reader.SignalError{Signal: tc.sig, Dump: []byte(tc.dump)}
		}
		code := o.execute(nil)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d", tc.sig, code, tc.code)
		}
		if tc.dump == "" && stderr.Len() > 0 || !strings.Contains(stderr.String(), tc.dump) {
			t.Errorf("%v: stderr %q", tc.sig, stderr.String())
		}
	}
}
