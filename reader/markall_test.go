package reader

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store/library"
)

// A answers at once: the rows on screen read and a note that it is
// marking, while every other article's mark and the library's write are
// left to the command it returns (at 100,000 articles, done in Update,
// they held the screen 3.8 s). A key pressed meanwhile answers, and a
// mark made meanwhile is kept over A's.
func TestMarkAllLeavesTheWorkToItsCommand(t *testing.T) {
	const n = 80
	lib := &fakeLibrary{}
	m, _ := startLib(t, newFake(n), lib, 120, 40)
	nm, cmd := m.Update(press("A"))
	m = nm.(app)
	if cmd == nil {
		t.Fatal("A returned no command: its work was done in Update")
	}
	if len(lib.Marks()) != 0 {
		t.Fatalf("A wrote %d marks to the library in Update", len(lib.Marks()))
	}
	if !m.state.marks.get("a0").Read || m.state.marks.get(fmt.Sprintf("a%d", n-1)).Read {
		t.Fatalf("A in Update: the row on screen read %v, the last row (off screen) read %v",
			m.state.marks.get("a0").Read, m.state.marks.get(fmt.Sprintf("a%d", n-1)).Read)
	}
	if s := screen(m); !strings.Contains(s, "Marking 80 stories read…") {
		t.Fatalf("no note while marking:\n%s", s)
	}
	// Meanwhile (the command running beside them): j moves, m marks a1
	// unread again.
	done := make(chan []tea.Msg, 1)
	go func() { done <- runCmd(cmd) }()
	m = drive(t, m, keys("j")...)
	if id, _ := m.list.Selected(); id != "a1" {
		t.Fatalf("j while marking: on %s", id)
	}
	m = drive(t, m, keys("m")...)
	msgs := <-done
	if len(lib.Marks()) < n-1 {
		t.Fatalf("A's command wrote %d marks of %d", len(lib.Marks()), n)
	}
	m = drive(t, m, msgs...)
	for i := range n {
		id := fmt.Sprintf("a%d", i)
		if want := id != "a1"; m.state.marks.get(id).Read != want || lib.mark(id).Read != want {
			t.Fatalf("after A and m on a1: %s read here %v, in the library %v", id, m.state.marks.get(id).Read, lib.mark(id).Read)
		}
	}
	if s := screen(m); !strings.Contains(s, "Marked 80 articles read · z undoes it.") || !strings.Contains(headerLine(m), "1 unread") {
		t.Fatalf("after A's command:\n%s", s)
	}
	// z likewise: the library's write is its command's.
	nm, cmd = m.Update(press("z"))
	m = nm.(app)
	if cmd == nil || !lib.mark(fmt.Sprintf("a%d", n-1)).Read {
		t.Fatal("z wrote to the library in Update")
	}
	m = drive(t, m, runCmd(cmd)...)
	for i := range n {
		if id := fmt.Sprintf("a%d", i); m.state.marks.get(id).Read || lib.mark(id).Read {
			t.Fatalf("z left %s read", id)
		}
	}
}

// A then z gives back every article's mark exactly as it was: read,
// saved and place, here and in the library; a save made between them
// stays.
func TestMarkAllThenUndoRestoresExactly(t *testing.T) {
	const n = 60
	was := map[string]Mark{}
	for i := range n {
		if i%3 == 0 || i%7 == 0 {
			was[fmt.Sprintf("a%d", i)] = Mark{Read: i%3 == 0, Saved: i%7 == 0, Position: i % 5}
		}
	}
	marks := map[string]Mark{}
	for id, mk := range was {
		marks[id] = mk
	}
	lib := &fakeLibrary{marks: marks}
	m, _ := startLib(t, newFake(n), lib, 120, 40)
	before := map[string]Mark{}
	for i := range n {
		id := fmt.Sprintf("a%d", i)
		before[id] = m.state.marks.get(id)
	}
	m = drive(t, m, keys("A")...)
	for id := range before {
		if !m.state.marks.get(id).Read || !lib.mark(id).Read {
			t.Fatalf("A left %s unread", id)
		}
	}
	m = drive(t, m, press("G"), press("s")) // the last saved between A and z
	last := fmt.Sprintf("a%d", n-1)
	m = drive(t, m, keys("z")...)
	for id, mk := range before {
		if id == last {
			mk.Saved = true
		}
		if got := m.state.marks.get(id); got != mk {
			t.Errorf("%s after A and z: %+v, was %+v", id, got, mk)
		}
		if got := lib.mark(id); got.Read != mk.Read || got.Saved != mk.Saved {
			t.Errorf("%s in the library after A and z: %+v, was %+v", id, got, mk)
		}
	}
}

// s on a row A has not reached yet, while A is worked out, saves it and
// leaves it read, as the library has it: the reader's mark takes from the
// save only what it changed. z then marks it unread again, still saved.
func TestSaveWhileMarkingAllKeepsItRead(t *testing.T) {
	const n = 80
	lib := &fakeLibrary{}
	m, _ := startLib(t, newFake(n), lib, 120, 40)
	nm, cmd := m.Update(press("A"))
	m = nm.(app)
	last := fmt.Sprintf("a%d", n-1)
	m = drive(t, m, press("G"), press("s")) // off screen at A: not marked yet
	if id, _ := m.list.Selected(); id != last {
		t.Fatalf("G: on %s", id)
	}
	m = drive(t, m, runCmd(cmd)...)
	if got := m.state.marks.get(last); got != (Mark{Read: true, Saved: true}) {
		t.Fatalf("s while A marked: %+v, want read and saved", got)
	}
	m = drive(t, m, keys("z")...)
	if got := m.state.marks.get(last); got != (Mark{Saved: true}) {
		t.Fatalf("after z: %+v, want unread and saved", got)
	}
	if got := lib.mark(last); got.Read || !got.Saved {
		t.Fatalf("after z, in the library: %+v, want unread and saved", got)
	}
}

// Quitting while A is worked out loses none of it: the reader runs what
// is left of the batch as it quits, before the library closes.
func TestMarkAllFinishedOnQuit(t *testing.T) {
	lib := &fakeLibrary{}
	m, _ := startLib(t, newFake(50), lib, 120, 40)
	nm, _ := m.Update(press("A")) // its command left unrun, as Bubble Tea leaves it on quit
	_, _ = nm.Update(press("q"))
	finishMarking(m) // as run does with the model it started, once the program ends
	for i := range 50 {
		if id := fmt.Sprintf("a%d", i); !lib.mark(id).Read {
			t.Fatalf("quit while marking: %s never written", id)
		}
	}
}

// heldLibrary gives marks to a real library, and a place held for A's
// batch there whose filling panics: A's work failing midway.
type heldLibrary struct {
	*fakeLibrary
	lib *library.Library
}

func (h heldLibrary) SetMark(id string, was, now Mark) {
	h.fakeLibrary.SetMark(id, was, now)
	if was.Read != now.Read {
		h.lib.Queue(library.Change{ID: id, Mark: map[bool]library.Mark{true: library.MarkRead, false: library.MarkUnread}[now.Read]})
	}
	if was.Saved != now.Saved {
		h.lib.Queue(library.Change{ID: id, Mark: map[bool]library.Mark{true: library.MarkSaved, false: library.MarkUnsaved}[now.Saved]})
	}
}

func (h heldLibrary) HoldMarks() func([]MarkChange) {
	fill := h.lib.Hold()
	return func(cs []MarkChange) {
		if cs != nil {
			panic("worked out wrong")
		}
		fill(nil)
	}
}

// A whose work panics gives its place in the library up: what was marked
// before and after it is written (else Flush stopped at the place for
// the session, and closing waited a minute for it), the rows A marked at
// once are written alone, the reader says why, and A answers again.
func TestMarkAllFailingGivesItsPlaceUp(t *testing.T) {
	real, err := library.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	m, _ := startLib(t, newFake(80), heldLibrary{&fakeLibrary{}, real}, 120, 40)
	nm, cmd := m.Update(press("A"))
	m = nm.(app)
	m = drive(t, m, press("G"), press("s")) // set after A's place
	m = drive(t, m, runCmd(cmd)...)
	if s := screen(m); !strings.Contains(s, "Could not mark them all: worked out wrong") {
		t.Fatalf("no word of the failure:\n%s", s)
	}
	if err := real.Flush(); err != nil {
		t.Fatalf("after A failed, Flush: %v", err)
	}
	st, err := real.States(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !st["a79"].Saved || !st["a0"].Read || !m.state.marks.get("a0").Read {
		t.Fatalf("after A failed: a79 saved %v, a0 read %v (here %v)", st["a79"].Saved, st["a0"].Read, m.state.marks.get("a0").Read)
	}
	m = drive(t, m, press("A"))
	if strings.Contains(screen(m), "Still marking") {
		t.Fatal("A after a failed A: still marking")
	}
}
