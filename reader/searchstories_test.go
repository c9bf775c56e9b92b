package reader

import (
	"strconv"
	"strings"
	"testing"
)

// Search results are stories, as the list is: one row per story, its
// best-matching version, and the counts and n/N step stories. On the
// seeds, "mexico" matches the nine articles of the eight stories.
func TestSearchOneRowPerStory(t *testing.T) {
	src := seedSource(t)
	m := start(t, src, 120, 40)
	m = drive(t, m, keys("/", "m", "e", "x", "i", "c", "o", "enter")...)
	stories := map[string]bool{}
	for _, it := range m.list.items {
		a, ok := head(src, it.id)
		if !ok {
			t.Fatalf("%s: no such article", it.id)
		}
		if stories[a.Story] {
			t.Fatalf("%q: its story has a row already\n%s", a.Title, screen(m))
		}
		stories[a.Story] = true
	}
	if len(src.Search("mexico", 0)) <= m.list.Len() {
		t.Skip("no story of several versions matches")
	}
	s := screen(m)
	want := len(stories)
	if !strings.Contains(s, "result 1 of "+strconv.Itoa(want)) || !strings.Contains(s, strconv.Itoa(want)+" matches") {
		t.Fatalf("the counts are not of the %d stories:\n%s", want, s)
	}
}
