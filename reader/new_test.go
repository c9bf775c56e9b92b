package reader

import (
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/store"
)

// "new" is an article added since the last run ended that the person has
// neither read nor saved.
func TestNewIsUnreadAndUnsaved(t *testing.T) {
	since := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	after, before := since.Add(time.Minute), since.Add(-time.Minute)
	state := readingState{lib: &fakeLibrary{}, since: since, marks: newMarkMap(map[string]Mark{
		"read": {Read: true}, "saved": {Saved: true},
	})}
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

// The dense list shows a new article's day, with "new" before it where
// the row has room: "new" took the day's place, and a first run's rows
// all said "new" where the day goes.
func TestDenseNewRowsKeepTheirDay(t *testing.T) {
	src := newFake(4)
	day := time.Date(2011, 11, 2, 17, 25, 0, 0, time.Local)
	for i, a := range src.arts {
		a.Published = day
		if i < 2 {
			a.Added = time.Now() // new: added since the last run
		}
	}
	for _, w := range []int{60, 40} {
		lib := &fakeLibrary{since: time.Now().Add(-time.Hour)}
		m, _ := startLib(t, src, lib, w, 20)
		if !m.list.Dense() {
			m = drive(t, m, press("d"))
		}
		for i, title := range []string{"Story number 0", "Story number 1", "Story number 2"} {
			row := rowOf(t, m, title)
			if !strings.Contains(row, "Nov  2 2011") {
				t.Errorf("%d columns: the row of %s has no day: %q", w, title, row)
			}
			if isNew := strings.Contains(row, "new Nov"); isNew != (i < 2 && w >= 52) {
				t.Errorf("%d columns: the row of %s: %q", w, title, row)
			}
		}
	}
}

// A new article is told from the others at every width of the dense
// list: "new" before its day where the row has room, else one cell, N,
// in place of its unread dot. Below 48 columns nothing told it.
func TestDenseNewAtEveryWidth(t *testing.T) {
	src := newFake(4)
	day := time.Date(2011, 11, 2, 17, 25, 0, 0, time.Local)
	for i, a := range src.arts {
		a.Published = day
		if i < 2 {
			a.Added = time.Now()
		}
	}
	for _, w := range []int{99, 60, 52, 48, 40, 30, 24, 20} {
		lib := &fakeLibrary{since: time.Now().Add(-time.Hour)}
		m, _ := startLib(t, src, lib, w, 20)
		if !m.list.Dense() {
			m = drive(t, m, press("d"))
		}
		for i, title := range []string{"Story number 0", "Story number 1", "Story number 2", "Story number 3"} {
			row := rowOf(t, m, title)
			says := strings.Contains(row, "new Nov")
			flag := strings.Contains(row, " N ")
			if isNew := i < 2; (says || flag) != isNew || says && flag {
				t.Errorf("%d columns: the row of %s (new: %v) says new %v, flagged N %v: %q", w, title, isNew, says, flag, row)
			}
		}
	}
}
