package cli

import (
	"strings"
	"testing"
)

// A source that is no file and is near a command's name says which
// command it may mean, on the line that says it is no file; a name near
// none, or a path, says nothing more.
func TestTypoOfACommand(t *testing.T) {
	t.Chdir(t.TempDir())
	for arg, want := range map[string]string{
		"lsit":   "lede: lsit: no such file or directory; did you mean `lede list`?\n",
		"serch":  "lede: serch: no such file or directory; did you mean `lede search`?\n",
		"relatd": "lede: relatd: no such file or directory; did you mean `lede related`?\n",
		"bogus":  "lede: bogus: no such file or directory\n",
		"./lsit": "lede: ./lsit: no such file or directory\n",
	} {
		_, errs, code := lede(t, arg)
		if code != 1 || !strings.HasPrefix(errs, want) {
			t.Errorf("lede %s: code %d, stderr %q; want it to begin %q", arg, code, errs, want)
		}
	}
}
