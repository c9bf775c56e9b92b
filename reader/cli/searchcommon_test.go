package cli

import "testing"

// A search that finds nothing because its words are too common to search
// says so, as the reader's header does, not "no matches" alone.
func TestSearchSaysTooCommon(t *testing.T) {
	freshLibrary(t)
	for _, c := range []struct{ query, want string }{
		{"the", "lede: \"the\" is too common to search for\n"},
		{"the of", "lede: \"the\" and \"of\" are too common to search for\n"},
		{"the zzqxw", "lede: no matches (\"the\" left out, too common to search for)\n"},
		{"zzqxw", "lede: no matches\n"},
		// However written, the search's own parse says nothing was left.
		{"the,", "lede: \"the\" is too common to search for\n"},
		{`"the of"`, "lede: \"the\" and \"of\" are too common to search for\n"},
		{"the-of", "lede: \"the\" and \"of\" are too common to search for\n"},
		{"the -zzqxw", "lede: \"the\" is too common to search for\n"},
		{"the oil", "lede: no matches (\"the\" left out, too common to search for)\n"},
	} {
		out, errs, code := lede(t, "search", c.query)
		if code != 0 || out != "" || errs != c.want {
			t.Errorf("search %s: %d %q %q, want exit 0 and %q", c.query, code, out, errs, c.want)
		}
	}
}
