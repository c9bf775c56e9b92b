package cli

import (
	"runtime"
	"strings"
	"testing"
)

// lede --version says which lede this is (exit 0), not "unknown flag".
func TestVersion(t *testing.T) {
	for _, flag := range []string{"--version", "-v"} {
		out, errs, code := lede(t, flag)
		if code != 0 || errs != "" || !strings.HasPrefix(out, "lede version ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("lede %s: %d %q %q", flag, code, out, errs)
		}
	}
}
