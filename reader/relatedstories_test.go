package reader

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The related pane lists stories, as the headline list does: two versions
// of one story are one row, its best-ranked version, saying how many
// versions it has; a digit key opens the row it is drawn beside.
func TestRelatedOneRowPerStory(t *testing.T) {
	src := seedSource(t)
	var id string
	for _, a := range src.List() {
		if strings.HasPrefix(a.Title, "Seven Youths") {
			id = a.ID
		}
	}
	if id == "" {
		t.Skip("no Seven Youths seed")
	}
	items := relatedList(src, id)
	if len(items) == 0 {
		t.Fatal("no related stories")
	}
	stories := map[string]string{}
	folded := false
	for _, it := range items {
		a, ok := head(src, it.ID)
		if !ok {
			t.Fatalf("%s: no such article", it.ID)
		}
		if it.Version {
			continue
		}
		if other, dup := stories[a.Story]; dup {
			t.Errorf("%q and %q are one story, listed twice", other, it.Title)
		}
		stories[a.Story] = it.Title
		if a.Versions > 1 {
			folded = true
			if it.Versions != a.Versions {
				t.Errorf("%q: Versions %d, want %d", it.Title, it.Versions, a.Versions)
			}
		}
	}
	if !folded {
		t.Fatal("the seeds' influencer story (2 versions) is not among Seven Youths' related")
	}
	keys := newKeyMap()
	m := newRelated(&keys, newStyles(true, false))
	m.SetSize(80, 2*len(items))
	m.Loading(id)
	m.SetItems(id, items)
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "2 versions · shares:") {
		t.Errorf("no row says its versions:\n%s", view)
	}
	for i, it := range items {
		if got, _ := m.Item(i); got.ID != it.ID {
			t.Errorf("key %d opens %s, drawn %s", i+1, got.ID, it.ID)
		}
	}
}
