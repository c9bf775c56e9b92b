package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestSearchExclusionWords: a -word after search is a word that must not
// appear, not a cluster of shorthand flags, wherever it stands among the
// flags; the flags still work in every spelling the help names.
func TestSearchExclusionWords(t *testing.T) {
	ids := func(args ...string) []string {
		t.Helper()
		out, errs, code := lede(t, append([]string{"search", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("search %v: code %d, stderr %q", args, code, errs)
		}
		var hits []struct{ ID string }
		if err := json.Unmarshal([]byte(out), &hits); err != nil {
			t.Fatalf("search %v: %v", args, err)
		}
		var out2 []string
		for _, h := range hits {
			out2 = append(out2, h.ID)
		}
		return out2
	}
	cartel := ids("cartel", "-n", "0")
	if len(cartel) < 3 {
		t.Fatalf("cartel finds %v in the seeds", cartel)
	}
	// Sheinbaum is named in some of the seeds' cartel stories, not all.
	without := ids("cartel", "-sheinbaum", "-n", "0")
	if len(without) == 0 || len(without) >= len(cartel) {
		t.Errorf("cartel -sheinbaum: %d hits of cartel's %d", len(without), len(cartel))
	}
	for _, id := range without {
		if !slices.Contains(cartel, id) {
			t.Errorf("cartel -sheinbaum finds %s, which cartel does not", id)
		}
		out, _, _ := lede(t, "show", id, "--plain")
		if strings.Contains(strings.ToLower(out), "sheinbaum") {
			t.Errorf("cartel -sheinbaum finds %s, which names Sheinbaum", id)
		}
	}
	// -nato is a word no seed has (not -n with the value "ato"), in any place.
	for _, args := range [][]string{{"cartel", "-nato", "-n", "0"}, {"-nato", "cartel", "-n", "0"}, {"-n", "0", "cartel", "-nato"}, {"-n", "0", "--", "cartel", "-nato"}} {
		if got := ids(args...); !slices.Equal(got, cartel) {
			t.Errorf("search %v: %v, want cartel's %v", args, got, cartel)
		}
	}
	for _, n := range [][]string{{"-n", "1"}, {"-n1"}, {"-n=1"}, {"--n", "1"}, {"--n=1"}} {
		if got := ids(append([]string{"cartel"}, n...)...); len(got) != 1 || got[0] != cartel[0] {
			t.Errorf("search cartel %v: %v, want the best alone", n, got)
		}
	}
	_, errs, code := lede(t, "search", "-cartel")
	if code != 2 || !strings.Contains(errs, "give a word to look for") {
		t.Errorf("search -cartel: code %d, stderr %q; want 2 and a word to look for", code, errs)
	}
	_, errs, code = lede(t, "search", "cartel", "-n", "nato")
	if code != 2 || !strings.Contains(errs, `-n "nato": give a whole number`) {
		t.Errorf("search cartel -n nato: code %d, stderr %q; -n alone is the flag", code, errs)
	}
	help, _, code := lede(t, "search", "-h")
	if code != 0 || !strings.Contains(help, "-nato") {
		t.Errorf("search -h: code %d, %q", code, help)
	}
	if _, errs, code = lede(t, "search", "cartel", "--bogus"); code != 2 || !strings.Contains(errs, "unknown flag: --bogus") {
		t.Errorf("search cartel --bogus: code %d, stderr %q", code, errs)
	}
}

// A negative -n is a usage error (exit 2, one line saying what to give),
// not "all": only -n 0 means all.
func TestNegativeN(t *testing.T) {
	for _, args := range [][]string{
		{"related", "valeria", "-n", "-3"},
		{"related", "--all", "--json", "-n=-1"},
		{"search", "cartel", "-n", "-2"},
		{"search", "-n-2", "cartel"},
	} {
		out, errs, code := lede(t, args...)
		if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "0 or more (0: all)") {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want exit 2 and one line", args, code, out, errs)
		}
	}
	if out, _, code := lede(t, "search", "cartel", "-n", "0"); code != 0 || strings.Count(out, "\n") < 6 {
		t.Errorf("search cartel -n 0: code %d\n%s", code, out)
	}
}
