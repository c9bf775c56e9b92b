package reader

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// fakeLibrary keeps marks in memory, as the real one keeps them on disk.
type fakeLibrary struct {
	mu      sync.Mutex
	marks   map[string]Mark
	feeds   []string
	since   time.Time
	stale   bool          // an update is due; Update clears it
	every   time.Duration // then the next is due in this long (0: never)
	changes []Changes     // what Follow gives, one a call
	next    Source        // what Update gives
	seq     int           // its number
	added   int
	err     error // what Update gives
	updates int
	fetched []string
}

func (l *fakeLibrary) Marks() map[string]Mark {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]Mark{}
	for k, v := range l.marks {
		out[k] = v
	}
	return out
}

func (l *fakeLibrary) SetMark(id string, _, m Mark) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.marks == nil {
		l.marks = map[string]Mark{}
	}
	l.marks[id] = m
}

func (l *fakeLibrary) mark(id string) Mark {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.marks[id]
}

func (l *fakeLibrary) Feeds() []string     { return l.feeds }
func (l *fakeLibrary) NewSince() time.Time { return l.since }
func (l *fakeLibrary) UpdateIn() (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.updates >= maxFakeUpdates {
		// A reader that updates whatever the answer (a wait ignored)
		// would loop update, ask, update under drive for ever: off, so
		// that its test fails on the count instead of hanging.
		return 0, false
	}
	if l.stale {
		return 0, true
	}
	return l.every, l.every > 0
}

// maxFakeUpdates is more updates than any test makes.
const maxFakeUpdates = 20

// Follow gives the changes queued, one a call; with none it ends, as
// the real one does when its library is closed.
func (l *fakeLibrary) Follow(ctx context.Context) (Changes, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.changes) == 0 {
		return Changes{}, context.Canceled
	}
	c := l.changes[0]
	l.changes = l.changes[1:]
	return c, nil
}
func (l *fakeLibrary) FetchFullText(_ context.Context, id string) (Snapshot, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fetched = append(l.fetched, id)
	return Snapshot{Src: l.next, Seq: l.seq}, nil
}

func (l *fakeLibrary) Update(context.Context) (Snapshot, int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.updates++
	l.stale = false
	return Snapshot{Src: l.next, Seq: l.seq}, l.added, l.err
}

// startLib starts the reader with a library; dwell ticks are held, not
// waited for: dwells collects them for the test to deliver.
func startLib(t *testing.T, src Source, lib Library, w, h int) (app, *[]dwellMsg) {
	t.Helper()
	m := newApp(src, Options{Style: StyleDark, Library: lib})
	m.open = func(string) error { return nil }
	dwells := &[]dwellMsg{}
	m.state.wait = func(d dwellMsg) tea.Cmd { *dwells = append(*dwells, d); return nil }
	m = drive(t, m, runCmd(m.Init())...)
	// The first show's dwell, made in newApp, is held too: were it a real
	// tick, every test would wait dwellTime for it, and what it marked
	// would depend on the machine's speed.
	if len(*dwells) == 0 || (*dwells)[0].seq != 1 {
		t.Fatalf("the first show's dwell was not held, it waits dwellTime: held %+v", *dwells)
	}
	return drive(t, m, tea.WindowSizeMsg{Width: w, Height: h}), dwells
}

func TestReadOnOpenNotOnPassing(t *testing.T) {
	lib := &fakeLibrary{}
	m, dwells := startLib(t, newFake(6), lib, 120, 40)
	m = drive(t, m, keys("j", "j", "j")...)
	for _, id := range []string{"a0", "a1", "a2", "a3"} {
		if lib.mark(id).Read {
			t.Fatalf("%s marked read by the cursor passing over it", id)
		}
	}
	// The dwell of an article the cursor has left is stale.
	var stale dwellMsg
	for _, d := range *dwells {
		if d.id == "a1" {
			stale = d
		}
	}
	if stale.id != "a1" {
		t.Fatalf("no dwell for a1 in %+v", *dwells)
	}
	m = drive(t, m, stale)
	if lib.mark("a1").Read {
		t.Fatal("a stale dwell marked a1 read")
	}
	// Resting on a3 two seconds in the list: not read (dwell.go).
	m = drive(t, m, (*dwells)[len(*dwells)-1])
	if lib.mark("a3").Read {
		t.Fatal("a3 read by the list's cursor resting on it")
	}
	// Two seconds in the article pane, after tab: read.
	m = drive(t, m, press("tab"))
	m = drive(t, m, (*dwells)[len(*dwells)-1])
	if !lib.mark("a3").Read {
		t.Fatal("a3 not read after two seconds in the article pane")
	}
	m = drive(t, m, press("tab"))
	// Enter reads at once.
	m = drive(t, m, keys("j", "enter")...)
	if !lib.mark("a4").Read {
		t.Fatal("enter did not mark a4 read")
	}
	if !strings.Contains(screen(m), "1 unread") && !strings.Contains(screen(m), "4 unread") {
		t.Fatalf("header lacks the unread count:\n%s", screen(m))
	}
}

func TestMarkKeysAndUndo(t *testing.T) {
	lib := &fakeLibrary{}
	m, _ := startLib(t, newFake(5), lib, 120, 40)
	m = drive(t, m, keys("m")...)
	if !lib.mark("a0").Read {
		t.Fatal("m did not mark a0 read")
	}
	m = drive(t, m, keys("m", "s")...)
	if lib.mark("a0").Read || !lib.mark("a0").Saved {
		t.Fatalf("m then s: %+v", lib.mark("a0"))
	}
	if !strings.Contains(screen(m), "★• Story number 0") {
		t.Fatalf("a saved article has no star:\n%s", screen(m))
	}
	m = drive(t, m, keys("A")...)
	for i := range 5 {
		if id := "a" + string(rune('0'+i)); !lib.mark(id).Read {
			t.Fatalf("A left %s unread", id)
		}
	}
	if !strings.Contains(screen(m), "0 unread") {
		t.Fatalf("after A:\n%s", screen(m))
	}
	m = drive(t, m, keys("z")...)
	for i := range 5 {
		if id := "a" + string(rune('0'+i)); lib.mark(id).Read {
			t.Fatalf("z left %s read", id)
		}
	}
	if !lib.mark("a0").Saved {
		t.Fatal("z lost the saved mark")
	}
	_ = m
}

func TestFilters(t *testing.T) {
	src := newFake(6)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	lib := &fakeLibrary{feeds: []string{"One", "Two"}, marks: map[string]Mark{"a0": {Read: true}, "a1": {Saved: true, Read: true}}}
	m, _ := startLib(t, src, lib, 120, 40)
	m = drive(t, m, keys("u")...)
	if m.list.Len() != 4 || !strings.Contains(screen(m), "· unread") {
		t.Fatalf("u: %d articles\n%s", m.list.Len(), screen(m))
	}
	m = drive(t, m, keys("u", "S")...)
	if m.list.Len() != 1 || selected(m) != "a1" {
		t.Fatalf("S: %d articles, on %s", m.list.Len(), selected(m))
	}
	m = drive(t, m, keys("S", "F")...)
	if m.list.Len() != 3 || !strings.Contains(screen(m), "from One") {
		t.Fatalf("F: %d articles\n%s", m.list.Len(), screen(m))
	}
	m = drive(t, m, keys("F", "F")...)
	if m.list.Len() != 6 {
		t.Fatalf("F past the last feed: %d articles, want all 6", m.list.Len())
	}
}

// u keeps the cursor on its article where it is still listed, else on
// the nearest one after it that is (else before it): it kept the row,
// and read articles above it gone, that row held one further on (Time
// Warner at row 5 became "Taming the wild, wild web").
func TestUnreadOnlyKeepsTheCursorNear(t *testing.T) {
	read := map[string]Mark{"a1": {Read: true}, "a2": {Read: true}, "a4": {Read: true}, "a5": {Read: true}}
	for _, tt := range []struct {
		on, want string
	}{
		{"a3", "a3"}, // still listed
		{"a4", "a6"}, // read: the next unread after it (row 4 is a8)
		{"a5", "a6"},
	} {
		lib := &fakeLibrary{marks: maps.Clone(read)}
		m, _ := startLib(t, newFake(9), lib, 120, 40)
		if !m.list.Select(tt.on) {
			t.Fatalf("%s not listed", tt.on)
		}
		m = drive(t, m, keys("u")...)
		if selected(m) != tt.want || reading(m) != tt.want {
			t.Errorf("u on %s: cursor on %q, reading %q; want %s\n%s", tt.on, selected(m), reading(m), tt.want, screen(m))
		}
	}
	// The last ones read: the nearest before them.
	lib := &fakeLibrary{marks: map[string]Mark{"a7": {Read: true}, "a8": {Read: true}}}
	m, _ := startLib(t, newFake(9), lib, 120, 40)
	m.list.Select("a8")
	m = drive(t, m, keys("u")...)
	if selected(m) != "a6" {
		t.Errorf("u on the last, read: cursor on %q, want a6", selected(m))
	}
}

// Reading one version of a story reads the story.
func TestReadingOneVersionReadsTheStory(t *testing.T) {
	lib := &fakeLibrary{}
	src := seedSource(t)
	var story []*store.Article
	for _, a := range src.List() {
		if a.Versions > 1 {
			for _, b := range src.List() {
				if b.Story == a.Story {
					story = append(story, b)
				}
			}
			break
		}
	}
	m, _ := startLib(t, src, lib, 120, 40)
	for selected(m) != story[0].ID {
		m = drive(t, m, keys("j")...)
	}
	drive(t, m, keys("enter")...)
	for _, a := range story {
		if !lib.mark(a.ID).Read {
			t.Fatalf("%s (a version of the story read) is unread", a.ID)
		}
	}
}

func TestPositionKeptAcrossRuns(t *testing.T) {
	lib := &fakeLibrary{}
	m, _ := startLib(t, newFake(4), lib, 120, 40)
	m = drive(t, m, keys("enter", "space", "space")...)
	pos := lib.mark("a0").Position
	if pos == 0 {
		t.Fatal("scrolling kept no position")
	}
	// Another article, and back from the list: the place is there.
	m = drive(t, m, keys("tab", "j", "k")...)
	if m.article.Offset() != pos {
		t.Fatalf("back on a0 at line %d, want %d", m.article.Offset(), pos)
	}
	// A new run with the same library.
	m2, _ := startLib(t, newFake(4), lib, 120, 40)
	if reading(m2) != "a0" || m2.article.Offset() != pos {
		t.Fatalf("new run: reading %s at line %d, want a0 at %d", reading(m2), m2.article.Offset(), pos)
	}
}

func TestUpdateKeyAndAuto(t *testing.T) {
	next := newFake(8)
	lib := &fakeLibrary{next: next, added: 2, stale: true}
	m, _ := startLib(t, newFake(6), lib, 120, 40)
	if lib.updates != 1 || m.list.Len() != 8 || !strings.Contains(screen(m), "2 articles new") {
		t.Fatalf("auto update: %d updates, %d articles\n%s", lib.updates, m.list.Len(), screen(m))
	}
	m = drive(t, m, keys("R")...)
	if lib.updates != 2 {
		t.Fatalf("R: %d updates", lib.updates)
	}
}

func TestNoLibraryNoMarks(t *testing.T) {
	m := start(t, newFake(3), 120, 40)
	m = drive(t, m, keys("s", "m", "A")...)
	if strings.Contains(screen(m), "★") || strings.Contains(screen(m), "unread") {
		t.Fatalf("marks shown without a library:\n%s", screen(m))
	}
}

// The article shown at start is not read by being there: nobody chose it.
func TestStartDoesNotRead(t *testing.T) {
	lib := &fakeLibrary{}
	m, dwells := startLib(t, newFake(3), lib, 120, 40)
	if len(*dwells) == 0 {
		t.Fatal("no dwell started for the first article")
	}
	drive(t, m, (*dwells)[len(*dwells)-1])
	if lib.mark("a0").Read {
		t.Fatal("the first article was marked read without a key or a click")
	}
}

func TestFullTextKey(t *testing.T) {
	next := newFake(3)
	next.arts[1].Body = "The whole story, fetched from its page."
	lib := &fakeLibrary{next: next}
	m, _ := startLib(t, newFake(3), lib, 120, 40)
	m = drive(t, m, keys("j", "enter", "f")...)
	if len(lib.fetched) != 1 || lib.fetched[0] != "a1" {
		t.Fatalf("f fetched %v, want a1", lib.fetched)
	}
	if a, _ := m.src.Get("a1"); a.Body != next.arts[1].Body || !strings.Contains(screen(m), "Full text kept") {
		t.Fatalf("after f: %q\n%s", a.Body, screen(m))
	}
	// No snapshot (the load under way brings the text): the list stays.
	lib.next = nil
	m = drive(t, m, keys("f")...)
	if m.list.Len() != 3 || !strings.Contains(screen(m), "Full text kept") {
		t.Fatalf("f with no snapshot given: %d in the list\n%s", m.list.Len(), screen(m))
	}
}

// ctxLibrary records the contexts the reader gives the library's work.
type ctxLibrary struct {
	fakeLibrary
	got []context.Context
}

func (l *ctxLibrary) Update(ctx context.Context) (Snapshot, int, error) {
	l.got = append(l.got, ctx)
	return l.fakeLibrary.Update(ctx)
}

func (l *ctxLibrary) FetchFullText(ctx context.Context, id string) (Snapshot, error) {
	l.got = append(l.got, ctx)
	return l.fakeLibrary.FetchFullText(ctx, id)
}

func (l *ctxLibrary) Follow(ctx context.Context) (Changes, error) {
	l.got = append(l.got, ctx)
	return l.fakeLibrary.Follow(ctx)
}

// The library's work the reader starts (R's update, a full text, a look
// at what changed elsewhere) runs under Options.Context, which its
// caller cancels once the reader has quit: quitting waits for none of it.
func TestLibraryWorkEndsWithTheReader(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	lib := &ctxLibrary{fakeLibrary: fakeLibrary{next: newFake(4)}}
	m := newApp(newFake(3), Options{Style: StyleDark, Library: lib, Context: ctx})
	hd := hold(&m)
	m.state.following = false
	m.watching = m.follow()
	m = drive(t, m, runCmd(m.Init())...)
	m = drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = drive(t, m, keys("R", "f")...)
	m = drive(t, m, runCmd(hd.follows[0])...)
	if len(lib.got) != 3 {
		t.Fatalf("%d of the library's works started, want 3 (update, full text, follow)", len(lib.got))
	}
	cancel()
	for i, c := range lib.got {
		if c.Err() == nil {
			t.Fatalf("work %d goes on after the reader's context ended", i)
		}
	}
}

// While the first update of the feeds followed runs, the empty list says
// so, not how to load files; after it, still empty, that the feeds have
// no articles yet. The --load hint is for a reader that follows nothing.
func TestEmptyListWhileUpdating(t *testing.T) {
	lib := &fakeLibrary{feeds: []string{"One", "Two"}}
	startEmpty := func(lib Library) app {
		m := newApp(&fakeSource{}, Options{Style: StyleDark, Library: lib})
		m.open = func(string) error { return nil }
		m.state.wait = func(dwellMsg) tea.Cmd { return nil }
		m = drive(t, m, runCmd(m.Init())...)
		return drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	}
	m := startEmpty(lib)
	seen := false
	m = settle(m, press("R"), func(m app, msg tea.Msg) {
		if _, ok := msg.(tea.KeyPressMsg); !ok {
			return
		}
		seen = true
		if s := screen(m); !strings.Contains(s, "Updating 2 feeds…") || strings.Contains(s, "lede --load") {
			t.Errorf("while the update runs:\n%s", s)
		}
	})
	if !seen || lib.updates != 1 {
		t.Fatalf("R ran %d updates", lib.updates)
	}
	// What is true whether none came yet or every one was pruned (R
	// said it would update them back: pruned articles never come back).
	if s := screen(m); !strings.Contains(s, "No articles from the 2 feeds you follow:") || !strings.Contains(s, "or all were pruned") ||
		!strings.Contains(s, "does not come back") || strings.Contains(s, "lede --load") {
		t.Errorf("after the update, nothing come:\n%s", s)
	}
	m = startEmpty(&fakeLibrary{})
	if s := screen(m); !strings.Contains(s, "lede --load") {
		t.Errorf("nothing followed, nothing loaded:\n%s", s)
	}
}

// readOnlyLibrary is a library that is never updated (read-only).
type readOnlyLibrary struct{ *fakeLibrary }

func (readOnlyLibrary) NoUpdates() string { return "Read-only library: shown as it is, never updated." }

// The status line says "Updated" only where something was: an update
// whose every feed failed says it failed, and R on a library that is
// never updated (read-only) says so at once, without trying and without
// a second problem for !.
func TestUpdateSaysWhenNothingUpdated(t *testing.T) {
	failed := func(n, of int) *FeedsFailed {
		ff := &FeedsFailed{Of: of}
		for i := range n {
			ff.Feeds = append(ff.Feeds, fmt.Sprintf("Feed %d", i))
			ff.Errs = append(ff.Errs, fmt.Errorf("Feed %d: dial tcp: connection refused", i))
		}
		return ff
	}
	for _, w := range []int{120, 60} {
		lib := &fakeLibrary{err: failed(15, 15)}
		m, _ := startLib(t, newFake(3), lib, w, 20)
		m = drive(t, m, press("R"))
		if s := screen(m); !strings.Contains(s, "Update failed: 15 feeds") || strings.Contains(s, "Updated") {
			t.Errorf("%d columns, every feed failed:\n%s", w, s)
		}
		if len(m.problems) != 15 {
			t.Errorf("%d columns: %d problems, want a feed each", w, len(m.problems))
		}
		lib = &fakeLibrary{err: failed(2, 15)}
		m, _ = startLib(t, newFake(3), lib, w, 20)
		m = drive(t, m, press("R"))
		if s := screen(m); !strings.Contains(s, "Updated: nothing new;") {
			t.Errorf("%d columns, 2 of 15 feeds failed:\n%s", w, s)
		}
		ro := readOnlyLibrary{&fakeLibrary{}}
		m, _ = startLib(t, newFake(3), ro, w, 20)
		before := len(m.problems)
		m = drive(t, m, press("R"))
		if s := screen(m); !strings.Contains(s, "Read-only library") || strings.Contains(s, "Updat") {
			t.Errorf("%d columns, R on a read-only library:\n%s", w, s)
		}
		if ro.updates != 0 || len(m.problems) != before {
			t.Errorf("%d columns, read-only: %d updates tried, %d problems (were %d)", w, ro.updates, len(m.problems), before)
		}
	}
}

// esc and q take a filter off before anything else, as they take off a
// search (back one level): after F, esc did nothing and q quit the
// reader. And F steps through the feeds with something in the list:
// it stepped through all 19, empty ones too ("0 stories · from bad").
func TestLeavingAFilter(t *testing.T) {
	src := newFake(6)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	lib := &fakeLibrary{feeds: []string{"Empty", "One", "Gone", "Two"}, marks: map[string]Mark{"a1": {Read: true}, "a3": {Read: true}, "a5": {Read: true}}}
	for _, k := range []string{"esc", "q"} {
		m, _ := startLib(t, src, lib, 120, 40)
		m = drive(t, m, press("F"))
		if m.state.feed != "One" || m.list.Len() != 3 {
			t.Fatalf("F: on feed %q, %d articles; want One (Empty has none), 3", m.state.feed, m.list.Len())
		}
		if s := screen(m); !strings.Contains(s, "esc all articles") || strings.Contains(s, "q quit") {
			t.Fatalf("the help bar of a filtered list:\n%s", s)
		}
		m = drive(t, m, press(k))
		if m.state.feed != "" || m.list.Len() != 6 {
			t.Fatalf("%s after F: feed %q, %d articles; want all 6", k, m.state.feed, m.list.Len())
		}
		if !strings.Contains(screen(m), "All articles again.") {
			t.Fatalf("%s after F says nothing:\n%s", k, screen(m))
		}
		// Under u, Two has nothing unread: F goes from One to all.
		m = drive(t, m, press("u"), press("F"), press("F"))
		if m.state.feed != "" || !m.state.unread || m.list.Len() != 3 {
			t.Fatalf("u, F, F: feed %q, %d articles; want all 3 unread", m.state.feed, m.list.Len())
		}
		m = drive(t, m, press(k))
		if m.state.unread || m.list.Len() != 6 {
			t.Fatalf("%s under u: still unread only, %d articles", k, m.list.Len())
		}
		if k == "q" {
			m2, cmd := m.Update(press("q"))
			if cmd == nil || m2.(app).state.feed != "" {
				t.Fatal("q with no filter left does not quit")
			}
			if _, quits := runCmd(cmd)[0].(tea.QuitMsg); !quits {
				t.Fatal("q with no filter left does not quit")
			}
		}
	}
}

// F steps through the feeds an article is in by a copy merged into it
// too (Article.AllFeeds, which F's filter's InFeed agrees with): the
// feed of a mirror whose items are all copies has them listed under it.
func TestFeedOfCopiesIsStepped(t *testing.T) {
	src := newFake(4)
	for i, a := range src.arts {
		a.Feed = []string{"One", "Two"}[i%2]
	}
	src.arts[2].Feeds = []string{"One", "Mirror"}
	lib := &fakeLibrary{feeds: []string{"Mirror", "One", "Two"}}
	m, _ := startLib(t, src, lib, 120, 40)
	var got []string
	for range 3 {
		m = drive(t, m, press("F"))
		got = append(got, fmt.Sprintf("%s:%d", m.state.feed, m.list.Len()))
	}
	if want := []string{"Mirror:1", "One:2", "Two:2"}; !slices.Equal(got, want) {
		t.Fatalf("F, F, F: %v, want %v", got, want)
	}
}
