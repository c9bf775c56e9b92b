package store

import (
	"strings"
	"testing"
)

// An address written without a scheme is not words: with a path, or as
// an e-mail address, it goes whole; a site named bare keeps its name and
// loses its domain's suffix, so that "com" is never a word. What only
// looks like one (initials, a sentence run on, a decimal) stays.
func TestMaskHosts(t *testing.T) {
	// In want, _ stands for a blanked byte.
	for _, c := range []struct{ in, want string }{
		{"the site lukedorny.com[6], or", "the site lukedorny____[6], or"},
		{"email luke@lukedorny.com or", "email __________________ or"},
		{"on Ko-fi.com/lukedorny or", "on ___________________ or"},
		{"see buymeacoffee.com/lukedorny[9]", "see __________________________[9]"},
		{"at bbc.co.uk/news.", "at ______________."},
		{"Amazon.com and in.reuters.com", "Amazon____ and in.reuters____"},
		{"grumbletext.co.uk, dot.com boom", "grumbletext______, dot____ boom"},
		{"Mastodon as @Luke@typo.social[7]", "Mastodon as @________________[7]"},
		{"ipv6.google.com\u00a0— Metaebene", "ipv6.google____\u00a0— Metaebene"},
		{"said.The e.g. this, i.e. that, U.S. troops, 1.5bn", "said.The e.g. this, i.e. that, U.S. troops, 1.5bn"},
		{"the end. Next, 3.30pm, No.10 and Ph.D, x.coé", "the end. Next, 3.30pm, No.10 and Ph.D, x.coé"},
		{"see https://x.com/a and y.org", "see _______________ and y____"},
	} {
		want := strings.ReplaceAll(c.want, "_", " ")
		if got := maskURLs(c.in); got != want {
			t.Errorf("maskURLs(%q)\n = %q,\nwant %q", c.in, got, want)
		}
		if got := maskURLs(c.in); len(got) != len(c.in) {
			t.Errorf("%q: offsets moved", c.in)
		}
	}
}
