package cli

import (
	"os"
	"strings"
	"testing"
)

// A word before the command that is no file, no path and near a
// command's name (or a flag's, without its dashes) is a command
// mistyped: a usage error, exit 2, with the suggestion alone (no "no such
// file", no "nothing loaded", and the words after it not taken as
// sources). A name near none, or a path, is a source that is not there
// (exit 1); a file of that name is a source.
func TestTypoOfACommand(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tc := range []struct {
		args []string
		code int
		want string // stderr, whole
	}{
		{[]string{"lsit"}, 2, "lede: unknown command \"lsit\"; did you mean `lede list`?\n"},
		{[]string{"serach", "cartel"}, 2, "lede: unknown command \"serach\"; did you mean `lede search`?\n"},
		{[]string{"--sort", "date", "relatd"}, 2, "lede: unknown command \"relatd\"; did you mean `lede related`?\n"},
		{[]string{"version"}, 2, "lede: unknown command \"version\"; did you mean `lede --version`?\n"},
		{[]string{"seeds"}, 2, "lede: unknown command \"seeds\"; did you mean `lede --seeds`?\n"},
		{[]string{"bogus"}, 1, "lede: bogus: no such file or directory\n"},
		{[]string{"./lsit"}, 1, "lede: ./lsit: no such file or directory\n"},
		// after the command a word is its source: said so, with the hint
		{[]string{"list", "lsit"}, 1, "lede: lsit: no such file or directory; did you mean `lede list`?\n"},
	} {
		_, errs, code := lede(t, tc.args...)
		if code != tc.code || errs != tc.want {
			t.Errorf("lede %s: code %d, stderr %q; want %d, %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.want)
		}
	}
	// A file named like a typo is what it names.
	if err := os.WriteFile("lsit", []byte("A note\n\nSome text about a list.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := lede(t, "lsit", "list"); code != 0 || !strings.Contains(out, "A note") {
		t.Errorf("lede lsit list with a file lsit: code %d, stdout %q, stderr %q", code, out, errs)
	}
}

// `lede completion` needs a shell it knows: none, or tcsh, is a usage
// error that names the shells (cobra's own printed its help, exit 0).
func TestCompletionShells(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"completion"}, 2, "lede: completion: which shell? give one of bash, zsh, fish, powershell\n"},
		{[]string{"completion", "tcsh"}, 2, "lede: completion: no script for \"tcsh\"; give one of bash, zsh, fish, powershell\n"},
		{[]string{"completion", "bash"}, 0, ""},
		{[]string{"completion", "zsh", "--no-descriptions"}, 0, ""},
		{[]string{"completion", "fish"}, 0, ""},
		{[]string{"completion", "powershell"}, 0, ""},
	} {
		out, errs, code := lede(t, tc.args...)
		if code != tc.code || errs != tc.want {
			t.Errorf("lede %s: code %d, stderr %q; want %d, %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.want)
		}
		if tc.code == 0 && !strings.Contains(out, "lede") {
			t.Errorf("lede %s: no script: %.200q", strings.Join(tc.args, " "), out)
		}
	}
}
