package reader

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// startLoading starts the reader on the first page of a large library,
// the rest still loading, with its Follow and its timers held as
// startFollowing holds them; the test hands it the load's snapshots
// itself, in the order lede's would come.
func startLoading(t *testing.T, page Source, lib Library, w, h int) (app, *held) {
	t.Helper()
	m := newApp(page, Options{Style: StyleDark, Library: lib, Updates: make(chan SourceMsg)})
	m.updates = nil // loading, but nothing waits on the channel: the test sends
	hd := hold(&m)
	m.watching = tea.Batch(m.askDue(), m.follow())
	m = drive(t, m, runCmd(m.Init())...)
	return drive(t, m, tea.WindowSizeMsg{Width: w, Height: h}), hd
}

// updatedLibrary is the library of full after an update that brought
// two articles, newest first.
func updatedLibrary(full *fakeSource) *fakeSource {
	next := newFake(len(full.arts) + 2)
	n := len(full.arts)
	next.arts = append(next.arts[n:], next.arts[:n]...)
	return next
}

// inList says the list holds id.
func inList(m app, id string) bool {
	for i := range m.list.Len() {
		if got, _ := m.list.ID(i); got == id {
			return true
		}
	}
	return false
}

// An update the reader starts at launch (the last one is old) that ends
// while the library is still loading: its snapshot is newer than what
// the load brings after it (every headline, then the store, read from
// the library before the update wrote), and stays. The reader follows
// the library once the load is done, not before.
func TestUpdateAtStartOutlivesTheLoad(t *testing.T) {
	full := newFake(300)
	page := firstPage{headlinesIndexingOf(&fakeSource{arts: full.arts[:40]}), 300}
	lib := &fakeLibrary{stale: true, next: updatedLibrary(full), added: 2}
	m, hd := startLoading(t, page, lib, 120, 40)
	if lib.updates != 1 || m.list.Len() != 302 || !inList(m, "a300") {
		t.Fatalf("the update at start: %d updates, %d in the list\n%s", lib.updates, m.list.Len(), screen(m))
	}
	m = drive(t, m, SourceMsg{Src: headlinesIndexingOf(&fakeSource{arts: full.arts})})
	if m.list.Len() != 302 || !inList(m, "a301") {
		t.Fatalf("every headline, read before the update, replaced its snapshot: %d in the list\n%s", m.list.Len(), screen(m))
	}
	if len(hd.follows) != 0 {
		t.Fatal("the reader follows the library while it is still loading")
	}
	m = drive(t, m, SourceMsg{Src: full, Loaded: 1, Total: 1, Done: true})
	if m.list.Len() != 302 || !inList(m, "a300") || !inList(m, "a301") {
		t.Fatalf("the load's store, read before the update, replaced its snapshot: %d in the list\n%s", m.list.Len(), screen(m))
	}
	s := screen(m)
	if strings.Contains(s, "loading") || strings.Contains(s, "indexing") || !strings.Contains(s, "302 articles") {
		t.Fatalf("once the load is done:\n%s", s)
	}
	if len(hd.follows) != 1 {
		t.Fatalf("%d Follows once the load is done, want 1", len(hd.follows))
	}
}

// R while the store is still being built: the update's articles stay
// when the store comes, and so do the cursor and the article open.
func TestUpdateKeyOutlivesTheLoad(t *testing.T) {
	full := newFake(300)
	page := firstPage{headlinesIndexingOf(&fakeSource{arts: full.arts[:40]}), 300}
	lib := &fakeLibrary{next: updatedLibrary(full), added: 2}
	m, hd := startLoading(t, page, lib, 120, 40)
	m = drive(t, m, SourceMsg{Src: headlinesIndexingOf(&fakeSource{arts: full.arts})})
	m = drive(t, m, keys("j", "j", "enter")...)
	m = drive(t, m, keys("R")...)
	if lib.updates != 1 || m.list.Len() != 302 || reading(m) != "a2" || selected(m) != "a2" {
		t.Fatalf("R: %d updates, %d in the list, reading %q, cursor on %q", lib.updates, m.list.Len(), reading(m), selected(m))
	}
	if !strings.Contains(screen(m), "loading") {
		t.Fatalf("the load goes on behind the update; nothing says so:\n%s", screen(m))
	}
	m = drive(t, m, SourceMsg{Src: full, Loaded: 1, Total: 1, Done: true})
	if m.list.Len() != 302 || !inList(m, "a300") || reading(m) != "a2" || selected(m) != "a2" {
		t.Fatalf("the load's store after R: %d in the list, reading %q, cursor on %q\n%s", m.list.Len(), reading(m), selected(m), screen(m))
	}
	if s := screen(m); !strings.Contains(s, "Updated: 2 articles new.") || strings.Contains(s, "loading") {
		t.Fatalf("once the load is done:\n%s", s)
	}
	if len(hd.follows) != 1 {
		t.Fatalf("%d Follows once the load is done, want 1", len(hd.follows))
	}
}
