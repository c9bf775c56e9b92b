package cli

import (
	"strings"
	"testing"
)

// --json and --plain go before the command as after it (scripts write
// both): the same output either way; the bare command's list as JSON;
// and before a command with no such output, a usage error that says
// which do.
func TestOutputFlagsBeforeTheCommand(t *testing.T) {
	for _, pair := range [][2]string{
		{"--json search mexico", "search mexico --json"},
		{"--json list", "list --json"},
		{"--json", "list --json"},
		{"--json show valeria", "show valeria --json"},
		{"--plain show valeria", "show valeria --plain"},
		{"--json --plain compare beauty", "compare beauty --json --plain"},
		{"--json related valeria", "related valeria --json"},
	} {
		before, errs, code := lede(t, strings.Fields(pair[0])...)
		after, _, _ := lede(t, strings.Fields(pair[1])...)
		if code != 0 || before != after || before == "" {
			t.Errorf("lede %s: %d %q, stdout differs from lede %s's:\n%s\n---\n%s", pair[0], code, errs, pair[1], before, after)
		}
	}
	_, errs, code := lede(t, "--json", "config")
	if code != exitUsage || errs != "lede: --json: config prints no JSON (list, show, related, search, compare and feeds do)\n" {
		t.Errorf("lede --json config: %d %q", code, errs)
	}
}
