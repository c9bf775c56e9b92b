package cli

import (
	"strings"
	"testing"
)

// Help says what lede does, as README does: -n N (not "-n, --n N"),
// --width's default at most 100 and $COLUMNS in a pipe (not "the
// terminal's width, or 80"), and mark with no REF names --all alone,
// which works, not "--all with a filter".
func TestHelpAgreesWithBehaviour(t *testing.T) {
	for _, cmd := range []string{"list", "search", "related"} {
		out, _, code := lede(t, cmd, "--help")
		if code != 0 || strings.Contains(out, "--n ") || !strings.Contains(out, "\n  -n N  ") {
			t.Errorf("%s --help: -n shown as\n%s", cmd, out)
		}
	}
	for _, cmd := range []string{"show", "compare"} {
		out, _, _ := lede(t, cmd, "--help")
		if !strings.Contains(out, "at most 100; in a pipe $COLUMNS where set, else 80") {
			t.Errorf("%s --help: --width's default as\n%s", cmd, out)
		}
	}
	// --n still works, as scripts may give it.
	if out, _, code := lede(t, "list", "--n", "2"); code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("list --n 2: code %d\n%s", code, out)
	}
	_, errs, code := lede(t, "mark", "read")
	if code != 2 || strings.Contains(errs, "with a filter") || !strings.Contains(errs, "--all") {
		t.Errorf("mark read: code %d, %q", code, errs)
	}
}
