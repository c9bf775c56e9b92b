package reader

import (
	"os"
	"strings"
	"testing"
)

// The README's screen of the seeds at 110x28 (the third story open,
// with a library, so that opening it reads it) is the reader's own: it
// said "8 unread" where the reader, having read one, says 7. Where this
// fails after a change to what the reader shows, take the screen again
// from the real reader (README says how) and put it in the README.
func TestReadmeScreenIsTheReaders(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("no README beside the package")
	}
	readme := string(b)
	anchor := "third story open."
	i := strings.Index(readme, anchor)
	if i < 0 {
		t.Fatal("the README no longer shows the seeds at 110x28")
	}
	start := strings.Index(readme[i:], "```\n") + i + 4
	end := strings.Index(readme[start:], "```\n") + start
	want := strings.TrimRight(readme[start:end], "\n")

	m, _ := startLib(t, seedSource(t), &fakeLibrary{}, 110, 28)
	m = drive(t, m, keys("j", "j", "enter")...)
	var got []string
	for _, l := range strings.Split(screen(m), "\n") {
		got = append(got, strings.TrimRight(l, " "))
	}
	if g := strings.TrimRight(strings.Join(got, "\n"), "\n"); g != want {
		t.Fatalf("the README's screen at 110x28 is not the reader's:\n%s\nREADME:\n%s", g, want)
	}
}
