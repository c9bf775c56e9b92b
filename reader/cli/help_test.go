package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpSaysWhatIsShown: what lede --help says is shown when nothing is
// named is what lede shows, for a person who follows a feed (the library)
// and for one who follows none (the seeds).
func TestHelpSaysWhatIsShown(t *testing.T) {
	feed := filepath.Join("..", "..", "..", "shared", "corpora", "feeds", "feedjira__TechCrunch.xml")
	if _, err := os.Stat(feed); err != nil {
		t.Skip("no shared corpora:", err)
	}
	freshLibrary(t)
	help, _, code := lede(t, "--help")
	if code != 0 {
		t.Fatal(code)
	}
	para := ""
	for p := range strings.SplitSeq(help, "\n\n") {
		if strings.HasPrefix(p, "What is shown:") {
			para = strings.Join(strings.Fields(p), " ")
		}
	}
	// The sentence names the library before the seeds, as load.go's
	// providers choose: with subscriptions, the seeds are not shown.
	lib, seeds := strings.Index(para, "your library when you follow feeds"), strings.Index(para, "else the embedded seed articles")
	if lib < 0 || seeds < lib {
		t.Fatalf("lede --help does not say that lede shows the library when one follows feeds:\n%s", help)
	}
	if out, _, _ := lede(t); !strings.Contains(out, "Mexico") {
		t.Fatalf("lede with no feeds followed shows no seeds:\n%s", out)
	}
	if _, errs, code := lede(t, "add", feed); code != 0 {
		t.Fatalf("add %s: %d %s", feed, code, errs)
	}
	out, _, _ := lede(t)
	if strings.Contains(out, "Mexico") || !strings.Contains(out, "TechCrunch") {
		t.Fatalf("lede, following a feed, shows something else than the library:\n%s", out)
	}
	for _, c := range []string{"--load", "--seeds"} {
		if line := helpLine(help, c+" "); !strings.Contains(line, "library") {
			t.Errorf("%s's help leaves out the library: %q", c, line)
		}
	}
}

func helpLine(help, prefix string) string {
	for line := range strings.SplitSeq(help, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), prefix) {
			return line
		}
	}
	return ""
}
