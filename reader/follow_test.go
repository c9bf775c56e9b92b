package reader

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// held is what a following reader asked for and a test delivers: its
// Follow commands and its timers, never run by themselves.
type held struct {
	follows []tea.Cmd
	timers  []time.Duration
	ticks   []tea.Msg
}

// hold keeps what m would start of itself (links opened, dwell timers,
// Follows, update timers) for the test to run.
func hold(m *app) *held {
	m.open = func(string) error { return nil }
	m.state.wait = func(dwellMsg) tea.Cmd { return nil }
	hd := &held{}
	m.state.watch = func(c tea.Cmd) tea.Cmd { hd.follows = append(hd.follows, c); return nil }
	m.state.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		hd.timers, hd.ticks = append(hd.timers, d), append(hd.ticks, msg)
		return nil
	}
	return hd
}

// startFollowing starts the reader on lib with its Follow and its timers
// held.
func startFollowing(t *testing.T, src Source, lib Library, w, h int) (app, *held) {
	t.Helper()
	m := newApp(src, Options{Style: StyleDark, Library: lib})
	hd := hold(&m)
	m.state.following = false
	m.watching = tea.Batch(m.askDue(), m.follow())
	m = drive(t, m, runCmd(m.Init())...)
	return drive(t, m, tea.WindowSizeMsg{Width: w, Height: h}), hd
}

// deliver runs the last Follow held, with changes queued in lib first.
func (hd *held) deliver(t *testing.T, m app, lib *fakeLibrary, c Changes) app {
	t.Helper()
	if len(hd.follows) == 0 {
		t.Fatal("the reader is not following the library")
	}
	lib.mu.Lock()
	lib.changes = append(lib.changes, c)
	lib.mu.Unlock()
	f := hd.follows[len(hd.follows)-1]
	hd.follows = hd.follows[:len(hd.follows)-1]
	return drive(t, m, runCmd(f)...)
}

// A mark made elsewhere shows in place: no snapshot is made for it, and
// nothing is written back; a mark the reader made after the library was
// read stays the reader's.
func TestFollowMarksInPlace(t *testing.T) {
	lib := &fakeLibrary{}
	src := newFake(6)
	m, hd := startFollowing(t, src, lib, 120, 40)
	m = drive(t, m, keys("m")...) // a0 read here, after what Follow will read
	gen := m.srcGen
	m = hd.deliver(t, m, lib, Changes{
		Marks:   map[string]Mark{"a2": {Read: true, Saved: true}, "a0": {Saved: true}},
		Through: 0,
	})
	if m.srcGen != gen || m.src != Source(src) {
		t.Fatal("a mark made elsewhere rebuilt the snapshot")
	}
	if mk := m.state.marks.get("a2"); !mk.Read || !mk.Saved {
		t.Fatalf("a2 after a mark elsewhere: %+v", mk)
	}
	if mk := m.state.marks.get("a0"); !mk.Read || !mk.Saved {
		t.Fatalf("a0 read here, saved elsewhere: %+v; the reader's newer read was undone, or the save elsewhere lost", mk)
	}
	if _, wrote := lib.marks["a2"]; wrote {
		t.Fatal("the mark made elsewhere was written back")
	}
	s := screen(m)
	if !strings.Contains(s, "★  Story number 2") || !strings.Contains(s, "4 unread") || !strings.Contains(s, "2 saved") {
		t.Fatalf("the mark made elsewhere does not show:\n%s", s)
	}
	if len(hd.follows) != 1 {
		t.Fatalf("%d Follows waiting after a change, want 1: the reader follows on", len(hd.follows))
	}
}

// Articles another process added arrive as R's do: the cursor and the
// article open stay where they are, the status line counts them.
func TestFollowNewArticles(t *testing.T) {
	lib := &fakeLibrary{}
	m, hd := startFollowing(t, newFake(6), lib, 120, 40)
	m = drive(t, m, keys("j", "j", "enter")...)
	next := newFake(8)
	next.arts = append(next.arts[6:], next.arts[:6]...) // the new ones on top, as newest
	m = hd.deliver(t, m, lib, Changes{Src: next, Feeds: []string{"One"}})
	if m.list.Len() != 8 || reading(m) != "a2" || selected(m) != "a2" {
		t.Fatalf("after 2 new articles: %d in the list, reading %q, cursor on %q", m.list.Len(), reading(m), selected(m))
	}
	if !strings.Contains(screen(m), "Changed elsewhere: 2 new.") {
		t.Fatalf("no count of the new articles:\n%s", screen(m))
	}
	if len(m.state.feeds) != 1 {
		t.Fatalf("feeds after the change: %v", m.state.feeds)
	}
}

// An article pruned or removed elsewhere leaves the list; the one being
// read going costs a line, the trail and jumps still work.
func TestFollowRemovedWhileOpen(t *testing.T) {
	lib := &fakeLibrary{}
	src := newFake(6)
	src.related["a3"] = []store.Related{{ID: "a1", Score: 0.5}}
	m, hd := startFollowing(t, src, lib, 120, 40)
	m = drive(t, m, keys("j", "enter", "j", "j")...)
	m = drive(t, m, keys("tab", "enter")...) // a1, then a3 from the list
	next := &fakeSource{related: map[string][]store.Related{}}
	for _, a := range src.arts {
		if a.ID != "a3" && a.ID != "a1" {
			next.arts = append(next.arts, a)
		}
	}
	cur := reading(m)
	m = hd.deliver(t, m, lib, Changes{Src: next})
	for i := range m.list.Len() {
		if id, _ := m.list.ID(i); id == "a3" || id == "a1" {
			t.Fatalf("%s still in the list after it was removed", id)
		}
	}
	if cur == "a3" || cur == "a1" {
		if !strings.Contains(screen(m), "Removed elsewhere: the article you were reading") {
			t.Fatalf("reading %s, removed; nothing says so:\n%s", cur, screen(m))
		}
	}
	m = drive(t, m, keys("[", "[", "]", "1", "j", "k", "enter")...)
	if strings.Contains(screen(m), "panic") {
		t.Fatal(screen(m))
	}
}

// A reader left open updates every update interval, as it does at start:
// the timer is set for when the interval runs out, an update runs when
// it does, and the next timer is set after it. One the library says is
// not due yet (cron updated meanwhile) is set again, not run.
func TestPeriodicUpdate(t *testing.T) {
	next := newFake(7)
	lib := &fakeLibrary{every: 30 * time.Minute, next: next, added: 1}
	m, hd := startFollowing(t, newFake(6), lib, 120, 40)
	if lib.updates != 0 || len(hd.timers) != 1 || hd.timers[0] != 30*time.Minute {
		t.Fatalf("at start, not stale: %d updates, timers %v", lib.updates, hd.timers)
	}
	// Not due when it rings (another lede updated): set again.
	m = drive(t, m, hd.ticks[0])
	if lib.updates != 0 || len(hd.timers) != 2 {
		t.Fatalf("a timer not due: %d updates, timers %v", lib.updates, hd.timers)
	}
	// Due: it updates, in the background, and sets the next.
	lib.mu.Lock()
	lib.stale = true
	lib.mu.Unlock()
	m = drive(t, m, hd.ticks[1])
	if lib.updates != 1 || m.list.Len() != 7 || !strings.Contains(screen(m), "1 article new") {
		t.Fatalf("the interval ran out: %d updates, %d articles\n%s", lib.updates, m.list.Len(), screen(m))
	}
	if len(hd.timers) != 3 {
		t.Fatalf("no timer after the update: %v", hd.timers)
	}
	// A timer set before the last update is stale: it asks nothing.
	m = drive(t, m, hd.ticks[0])
	if len(hd.timers) != 3 || lib.updates != 1 {
		t.Fatalf("a stale timer: timers %v, %d updates", hd.timers, lib.updates)
	}
	// --update-every 0: no timer at all.
	off := &fakeLibrary{}
	_, hd = startFollowing(t, newFake(3), off, 120, 40)
	if len(hd.timers) != 0 || off.updates != 0 {
		t.Fatalf("interval off: timers %v, %d updates", hd.timers, off.updates)
	}
}

// An article whose text changed under the same ID (its feed edited it,
// its full text fetched) is rendered again, not shown from the cache.
func TestChangedTextRenderedAgain(t *testing.T) {
	lib := &fakeLibrary{}
	src := newFake(3)
	m, hd := startFollowing(t, src, lib, 120, 40)
	m = drive(t, m, keys("j", "enter")...)
	next := newFake(3)
	next.arts[1].Body = "Edited since: the whole story, in other words."
	m = hd.deliver(t, m, lib, Changes{Src: next})
	if s := screen(m); !strings.Contains(s, "Edited since") {
		t.Fatalf("the edited text is not shown:\n%s", s)
	}
}

// A feed removed elsewhere while the list keeps to it (F): the filter
// goes with it, and the list shows every article again, not none.
func TestFollowFeedRemovedLeavesItsFilter(t *testing.T) {
	src := newFake(4)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two"}}
	m, hd := startFollowing(t, src, lib, 120, 40)
	m = drive(t, m, keys("F")...)
	if m.state.feed != "One" || m.list.Len() != 2 {
		t.Fatalf("F: feed %q, %d in the list", m.state.feed, m.list.Len())
	}
	next := &fakeSource{related: map[string][]store.Related{}}
	for _, a := range src.arts {
		if a.Feed == "Two" {
			next.arts = append(next.arts, a)
		}
	}
	m = hd.deliver(t, m, lib, Changes{Src: next, Feeds: []string{"Two"}})
	if m.state.feed != "" || m.list.Len() != 2 {
		t.Fatalf("feed One removed elsewhere: filter %q, %d in the list", m.state.feed, m.list.Len())
	}
}

// A look at the library that fails costs a line in the status line, and
// the reader follows on.
func TestFollowErrorFollowsOn(t *testing.T) {
	lib := &failingFollow{fakeLibrary{}}
	m, hd := startFollowing(t, newFake(3), lib, 120, 40)
	m = drive(t, m, runCmd(hd.follows[0])...)
	if !strings.Contains(screen(m), "Following the library: disk on fire") {
		t.Fatalf("a failed look says nothing:\n%s", screen(m))
	}
	if len(hd.follows) != 2 {
		t.Fatalf("%d Follows asked for, want 2: the reader follows on after a failed look", len(hd.follows))
	}
	// The same failure again, after a key cleared the line: not posted
	// again (a library that keeps failing posted it at every look).
	m = drive(t, m, keys("j")...)
	m = drive(t, m, runCmd(hd.follows[1])...)
	if strings.Contains(screen(m), "Following the library") {
		t.Fatalf("the same failure posted again:\n%s", screen(m))
	}
	if len(hd.follows) != 3 {
		t.Fatalf("%d Follows asked for, want 3", len(hd.follows))
	}
}

// failingFollow is a library whose Follow fails.
type failingFollow struct{ fakeLibrary }

func (l *failingFollow) Follow(context.Context) (Changes, error) {
	return Changes{}, errors.New("disk on fire")
}

// What another process changed, and what an update brought, says itself
// whole in the status line of a 60x20 terminal, reading or in the list:
// the place in the list and the scroll position make room for it, and a
// line still too long has a shorter form; a failure is kept for !.
func TestFollowLinesFitAt60(t *testing.T) {
	gone := func(ids ...string) Source { // newFake(6) without ids
		next := &fakeSource{related: map[string][]store.Related{}}
		for _, a := range newFake(6).arts {
			if !slices.Contains(ids, a.ID) {
				next.arts = append(next.arts, a)
			}
		}
		return next
	}
	more := newFake(9)
	more.arts = append(more.arts[6:], more.arts[:6]...)
	for _, c := range []struct {
		name string
		keys []string
		c    Changes // delivered by Follow; none: an update, R
		err  error   // the update's
		want string
	}{
		{"new, reading", []string{"enter"}, Changes{Src: more}, nil, "Changed elsewhere: 3 new."},
		{"gone, reading", []string{"enter"}, Changes{Src: gone("a4", "a5")}, nil, "Changed elsewhere: 2 gone."},
		{"the open one and more gone", []string{"j", "enter"}, Changes{Src: gone("a1", "a4", "a5")}, nil, "Removed elsewhere: 3 articles, the open one too."},
		{"the open one gone", []string{"j", "enter"}, Changes{Src: gone("a1")}, nil, "Removed elsewhere: the article you were reading."},
		{"the open one edited", []string{"enter"}, Changes{Src: newFake(6), Changed: []string{"a0"}}, nil, "Edited elsewhere: the article you are reading."},
		{"new and edited, in the list", nil, Changes{Src: more, Changed: []string{"a6", "a7", "a8", "a1"}}, nil, "Changed elsewhere: 3 new, 1 edited."},
		{"updated, reading", []string{"enter"}, Changes{}, nil, "Updated: 3 articles new."},
		{"updated, a feed failed", []string{"enter"}, Changes{}, errors.New("2 feeds failed (Example News Daily, Another Long Feed Name): lede feeds says why"), "Updated: 3 articles new; ! says what failed."},
	} {
		t.Run(c.name, func(t *testing.T) {
			lib := &fakeLibrary{next: more, added: 3, err: c.err}
			m, hd := startFollowing(t, newFake(6), lib, 60, 20)
			m = drive(t, m, keys(c.keys...)...)
			if c.c.Src != nil {
				m = hd.deliver(t, m, lib, c.c)
			} else {
				m = drive(t, m, keys("R")...)
			}
			lines := strings.Split(screen(m), "\n")
			status := lines[len(lines)-2]
			if !strings.Contains(status, c.want) {
				t.Fatalf("status line %q, want %q whole in it:\n%s", status, c.want, screen(m))
			}
			if c.err != nil {
				m = drive(t, m, keys("!")...)
				if !strings.Contains(screen(m), "Example News Daily") {
					t.Fatalf("! does not show the update's failure:\n%s", screen(m))
				}
			}
		})
	}
}

// A snapshot that arrives after a newer one (each is grouped off the
// loop at its own pace: an update's, R's, a Follow's) is left: the list
// keeps the newer one's articles, and says nothing of the older one.
func TestOlderSnapshotNeverReplacesNewer(t *testing.T) {
	older, newer := newFake(7), newFake(8)
	t.Run("a Follow's after R's", func(t *testing.T) {
		lib := &fakeLibrary{next: newer, seq: 2, added: 2}
		m, hd := startFollowing(t, newFake(6), lib, 120, 40)
		m = drive(t, m, keys("R")...)
		if m.list.Len() != 8 {
			t.Fatalf("R's snapshot not taken: %d in the list", m.list.Len())
		}
		m = drive(t, m, keys("j")...) // the update's line cleared
		m = hd.deliver(t, m, lib, Changes{Src: older, Seq: 1})
		if m.list.Len() != 8 || strings.Contains(screen(m), "Changed elsewhere") {
			t.Fatalf("a Follow's older snapshot after R's: %d in the list\n%s", m.list.Len(), screen(m))
		}
		// A newer one still comes in.
		m = hd.deliver(t, m, lib, Changes{Src: newFake(9), Seq: 3})
		if m.list.Len() != 9 {
			t.Fatalf("a newer snapshot after: %d in the list", m.list.Len())
		}
	})
	t.Run("an update's after a Follow's", func(t *testing.T) {
		lib := &fakeLibrary{}
		m, hd := startFollowing(t, newFake(6), lib, 120, 40)
		m = hd.deliver(t, m, lib, Changes{Src: newer, Seq: 2})
		m = drive(t, m, updatedMsg{snap: Snapshot{Src: older, Seq: 1}, added: 1})
		if m.list.Len() != 8 {
			t.Fatalf("an update's older snapshot after a Follow's: %d in the list", m.list.Len())
		}
	})
}

// A library made while the reader shows the seeds takes their place
// when Follow (or R) brings its first snapshot: the status line says
// the library is shown now, not that the seeds went, at 120 columns
// and 60, and the reader updates it by itself from then on. R with no
// subscription at all says how to follow one, and lists no problem.
func TestLibraryAppeared(t *testing.T) {
	for _, w := range []int{120, 60} {
		lib := &fakeLibrary{}
		m, hd := startFollowing(t, newFake(6), lib, w, 20)
		if len(hd.timers) != 0 {
			t.Fatalf("the seeds update by themselves: %v", hd.timers)
		}
		lib.mu.Lock()
		lib.every, lib.err = 0, ErrNoFeeds
		lib.mu.Unlock()
		m = drive(t, m, keys("R")...)
		want := map[int]string{120: "No subscriptions to update: lede add URL follows a feed.", 60: "No feeds yet: lede add URL follows one."}[w]
		if s := screen(m); !strings.Contains(s, want) || len(m.problems) != 0 {
			t.Fatalf("R with nothing subscribed, at %d: %d problems\n%s", w, len(m.problems), s)
		}
		lib.mu.Lock()
		lib.every, lib.err = 30*time.Minute, nil
		lib.mu.Unlock()
		// The feed's three, and a seed saved beside them: not the feed's.
		lib3 := newFake(4)
		for _, a := range lib3.arts[:3] {
			a.Feed = "One"
		}
		m = hd.deliver(t, m, lib, Changes{Src: lib3, Seq: 1, Appeared: true, Feeds: []string{"One"}})
		want = map[int]string{120: "Now showing your library: 1 feed, 3 articles (R updates it).", 60: "Your library: 1 feed, 3 articles."}[w]
		if s := screen(m); !strings.Contains(s, want) || m.list.Len() != 4 {
			t.Fatalf("the library appeared, at %d: %d in the list\n%s", w, m.list.Len(), s)
		}
		if len(hd.timers) != 1 || hd.timers[0] != 30*time.Minute {
			t.Fatalf("the library shown now is not updated by itself: timers %v", hd.timers)
		}
	}
}

// The state copies of an article share, which the library gives with
// the first Follow (Shared), shows in place as a mark made elsewhere
// does, but is not said to be one: nobody marked anything.
func TestFollowSharedCopiesSaidNothing(t *testing.T) {
	lib := &fakeLibrary{}
	m, hd := startFollowing(t, newFake(6), lib, 120, 40)
	m = hd.deliver(t, m, lib, Changes{Marks: map[string]Mark{"a2": {Read: true}}, Shared: true})
	if !m.state.marks.get("a2").Read {
		t.Fatal("the state a2's copies share was not kept")
	}
	if s := screen(m); !strings.Contains(s, "5 unread") || strings.Contains(s, "elsewhere") {
		t.Fatalf("the shared state shows wrong, or is said to be marked elsewhere:\n%s", s)
	}
	m = hd.deliver(t, m, lib, Changes{Marks: map[string]Mark{"a3": {Read: true}}})
	if s := screen(m); !strings.Contains(s, "Marked elsewhere") {
		t.Fatalf("a mark made elsewhere is not said to be:\n%s", s)
	}
}

// An update that brings only copies of articles shown (the same items
// in another feed: the library added rows, the store merged them into
// the articles it has) brings no article new, and R says none.
func TestUpdateOfCopiesIsNothingNew(t *testing.T) {
	lib := &fakeLibrary{next: newFake(6), added: 2}
	m, _ := startFollowing(t, newFake(6), lib, 120, 40)
	m = drive(t, m, keys("R")...)
	if s := screen(m); strings.Contains(s, "2 articles new") {
		t.Fatalf("copies counted as new:\n%s", s)
	}
}

// A feed removed elsewhere takes its articles but the one saved, which
// stays without it: the library counts a change of that article's row,
// and the reader said "9 gone, 1 edited"; nothing was edited, whether
// it is read or not.
func TestFeedRemovedKeepsTheSavedUnedited(t *testing.T) {
	withFeed := func(n int, feed string) *fakeSource {
		src := newFake(n)
		for _, a := range src.arts {
			a.Feed = feed
		}
		return src
	}
	before := withFeed(6, "Tender")
	after := withFeed(1, "") // a0, saved, stays without its feed
	for _, ks := range [][]string{nil, {"enter"}} {
		lib := &fakeLibrary{feeds: []string{"Tender"}}
		m, hd := startFollowing(t, before, lib, 120, 40)
		m = drive(t, m, keys(ks...)...)
		m = hd.deliver(t, m, lib, Changes{Src: after, Changed: []string{"a0"}})
		lines := strings.Split(screen(m), "\n")
		status := lines[len(lines)-2]
		if !strings.Contains(status, "Changed elsewhere: 5 gone.") || strings.Contains(status, "edited") {
			t.Fatalf("%v: status line %q, want 5 gone and nothing edited", ks, status)
		}
	}
}

// R says what it brought in one form, whatever else it says: "Updated:
// nothing new." where nothing came ("Updated: 0 articles new." and
// "Updated, 1 article new; …" disagreed).
func TestUpdateLinesAgree(t *testing.T) {
	for _, c := range []struct {
		next  Source
		added int
		err   error
		want  string
	}{
		{nil, 0, nil, "Updated: nothing new."},
		{more9(), 3, nil, "Updated: 3 articles new."},
		{more9(), 3, &FeedsFailed{Feeds: []string{"Far"}, Errs: []error{errors.New("Far: HTTP 500")}, Of: 2}, "Updated: 3 articles new; 1 feed failed (Far): ! says why."},
		{nil, 0, &FeedsFailed{Feeds: []string{"Far"}, Errs: []error{errors.New("Far: HTTP 500")}, Of: 2}, "Updated: nothing new; 1 feed failed (Far): ! says why."},
	} {
		lib := &fakeLibrary{next: c.next, added: c.added, err: c.err}
		m, _ := startFollowing(t, newFake(6), lib, 120, 40)
		m = drive(t, m, keys("R")...)
		if s := screen(m); !strings.Contains(s, c.want) {
			t.Errorf("want %q:\n%s", c.want, s)
		}
	}
}

// At 60 columns R's line with a feed failed is the short form, one form
// for one article as for three ("Updated: 1 article new; …" kept the
// word the plural form dropped).
func TestUpdateShortLineOneForm(t *testing.T) {
	far := &FeedsFailed{Feeds: []string{"A Feed With A Name Far Too Long To Fit"}, Errs: []error{errors.New("HTTP 500")}, Of: 2}
	for _, c := range []struct {
		next  Source
		added int
		want  string
	}{
		{more9(), 3, "Updated: 3 new; 1 feed failed: ! says why."},
		{more7(), 1, "Updated: 1 new; 1 feed failed: ! says why."},
	} {
		lib := &fakeLibrary{next: c.next, added: c.added, err: far}
		m, _ := startFollowing(t, newFake(6), lib, 60, 20)
		m = drive(t, m, keys("R")...)
		if s := screen(m); !strings.Contains(s, c.want) {
			t.Errorf("want %q:\n%s", c.want, s)
		}
	}
}

// more7 is newFake(6) and one article more, the new one first.
func more7() *fakeSource {
	more := newFake(7)
	more.arts = append(more.arts[6:], more.arts[:6]...)
	return more
}

// more9 is newFake(6) and three articles more, the new ones first.
func more9() *fakeSource {
	more := newFake(9)
	more.arts = append(more.arts[6:], more.arts[:6]...)
	return more
}

// A message lasts until the next key, as README says: an update of the
// interval's that brings nothing says nothing over it ("Updated: 1
// article new." became "Updated: nothing new." five seconds later, no
// key pressed), while a change made elsewhere is told as it arrives
// (lede mark from another shell showed nothing while a message was up).
// And at 60 columns an update whose feeds failed says how many.
func TestBackgroundUpdateKeepsTheMessage(t *testing.T) {
	lib := &fakeLibrary{next: newFake(7), seq: 1, added: 1}
	m, hd := startFollowing(t, newFake(6), lib, 120, 40)
	m = drive(t, m, press("R"))
	if m.status != "Updated: 1 article new." {
		t.Fatalf("R: status %q", m.status)
	}
	lib.mu.Lock()
	lib.next, lib.added = nil, 0
	lib.mu.Unlock()
	m = drive(t, m, dueMsg{on: true, seq: m.state.due}) // the interval's update, nothing new
	if lib.updates != 2 {
		t.Fatalf("the interval's update did not run: %d updates", lib.updates)
	}
	if m.status != "Updated: 1 article new." {
		t.Fatalf("a quiet update replaced the message, no key pressed: %q", m.status)
	}
	m = hd.deliver(t, m, lib, Changes{Marks: map[string]Mark{"a0": {Read: true}, "a2": {Saved: true}}})
	if s := screen(m); !strings.Contains(s, "Marked elsewhere: 2 articles.") {
		t.Fatalf("a mark made elsewhere is not told as it arrives:\n%s", s)
	}
	m = drive(t, m, press("j"), dueMsg{on: true, seq: m.state.due})
	if m.status != "Updated: nothing new." {
		t.Fatalf("with no message up, the interval's update says nothing new: %q", m.status)
	}

	failed := &FeedsFailed{Feeds: []string{"Example News Daily", "Another Long Feed Name"},
		Errs: []error{errors.New("Example News Daily: HTTP 500"), errors.New("Another Long Feed Name: HTTP 404")}, Of: 9}
	lib = &fakeLibrary{next: newFake(9), added: 3, err: failed}
	m, _ = startFollowing(t, newFake(6), lib, 60, 20)
	m = drive(t, m, press("R"))
	lines := strings.Split(screen(m), "\n")
	if status := lines[len(lines)-2]; !strings.Contains(status, "2 feeds failed") || !strings.Contains(status, "3 new") {
		t.Fatalf("at 60 columns the failed update does not say how many failed: %q", status)
	}
}

// A feed renamed elsewhere while the list keeps to it (F): the filter
// keeps to it under its new name (its articles say it), and the article
// open says the new name in its byline (its page was drawn again, though
// neither its title nor its text changed).
func TestFollowFeedRenamedKeepsItsFilter(t *testing.T) {
	src := newFake(4)
	for i, a := range src.arts {
		a.Feed, a.FeedsOwn = []string{"One", "Two"}[i%2], true // the feed's own items, named by it
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two"}}
	m, hd := startFollowing(t, src, lib, 120, 40)
	m = drive(t, m, keys("F", "j", "enter")...)
	if m.state.feed != "One" || m.list.Len() != 2 || reading(m) != "a2" {
		t.Fatalf("F: feed %q, %d in the list, reading %s", m.state.feed, m.list.Len(), reading(m))
	}
	next := &fakeSource{related: map[string][]store.Related{}}
	for _, a := range src.arts {
		b := *a
		if b.Feed == "One" {
			b.Feed = "Uno"
		}
		next.arts = append(next.arts, &b)
	}
	m = hd.deliver(t, m, lib, Changes{Src: next, Feeds: []string{"Two", "Uno"}, Changed: []string{}})
	if m.state.feed != "Uno" || m.list.Len() != 2 || reading(m) != "a2" {
		t.Fatalf("feed One renamed Uno elsewhere: filter %q, %d in the list, reading %s", m.state.feed, m.list.Len(), reading(m))
	}
	if s := screen(m); !strings.Contains(s, "World · Uno (feed/2.txt) ·") {
		t.Fatalf("the article open does not name its feed anew:\n%s", s)
	}
}
