package cli

import (
	"runtime"
	"runtime/debug"
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

// A build of a checkout (no module version) names its commit as git
// does and the day it was made, "modified" where the checkout had
// changes; a module version is as Go recorded it.
func TestVersionOfACheckout(t *testing.T) {
	stamped := func(v string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: v}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	for _, c := range []struct {
		bi   *debug.BuildInfo
		want string
	}{
		{stamped("(devel)", "vcs.revision", "1a2b3c4d5e6f7a8b", "vcs.time", "2026-12-01T02:54:11Z", "vcs.modified", "false"), "devel 1a2b3c4 2026-12-01 (go1.26.8)"},
		{stamped("(devel)", "vcs.revision", "1a2b3c4d5e6f7a8b", "vcs.time", "2026-12-01T02:54:11Z", "vcs.modified", "true"), "devel 1a2b3c4 2026-12-01 modified (go1.26.8)"},
		{stamped("(devel)"), "devel (go1.26.8)"},
		{stamped("v1.2.0"), "v1.2.0 (go1.26.8)"},
		// Go 1.24 on: a checkout's build is stamped with a pseudo-version.
		{stamped("v0.0.0-20261201052000-3ec6fb9e74e5", "vcs.revision", "3ec6fb9e74e5aa00", "vcs.time", "2026-12-01T05:20:00Z", "vcs.modified", "false"), "devel 3ec6fb9 2026-12-01 (go1.26.8)"},
		{stamped("v0.0.0-20261201052000-3ec6fb9e74e5+dirty", "vcs.revision", "3ec6fb9e74e5aa00", "vcs.time", "2026-12-01T05:20:00Z", "vcs.modified", "true"), "devel 3ec6fb9 2026-12-01 modified (go1.26.8)"},
		{stamped("v1.2.1-0.20261201052000-3ec6fb9e74e5", "vcs.revision", "3ec6fb9e74e5aa00", "vcs.time", "2026-12-01T05:20:00Z"), "devel 3ec6fb9 2026-12-01 (go1.26.8)"},
		{stamped("v0.0.0-20261201052000-3ec6fb9e74e5"), "v0.0.0-20261201052000-3ec6fb9e74e5 (go1.26.8)"},
		{stamped("v1.2.0", "vcs.revision", "3ec6fb9e74e5aa00", "vcs.time", "2026-12-01T05:20:00Z"), "v1.2.0 (go1.26.8)"},
	} {
		if got := versionOf(c.bi); got != c.want {
			t.Errorf("versionOf: %q, want %q", got, c.want)
		}
	}
}
