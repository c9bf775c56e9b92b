package reader

import (
	"testing"
	"time"

	"github.com/lede-reader/lede/store"
)

// "new" is an article added since the last run ended that the person has
// neither read nor saved.
func TestNewIsUnreadAndUnsaved(t *testing.T) {
	since := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	after, before := since.Add(time.Minute), since.Add(-time.Minute)
	state := readingState{lib: &fakeLibrary{}, since: since, marks: map[string]Mark{
		"read": {Read: true}, "saved": {Saved: true},
	}}
	f := stateFunc(state, nil)
	for _, c := range []struct {
		id    string
		added time.Time
		want  bool
	}{
		{"fresh", after, true},
		{"read", after, false},
		{"saved", after, false},
		{"old", before, false},
	} {
		if got := f(&store.Article{ID: c.id, Added: c.added}, false).isNew; got != c.want {
			t.Errorf("%s: new %v, want %v", c.id, got, c.want)
		}
	}
}
