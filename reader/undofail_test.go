package reader

import (
	"fmt"
	"strings"
	"testing"
)

// failingHolds is a library whose place held for the second batch (a z
// after an A) cannot be filled: the batch's work fails midway.
type failingHolds struct {
	*fakeLibrary
	holds int
}

func (f *failingHolds) HoldMarks() func([]MarkChange) {
	f.holds++
	n := f.holds
	return func(cs []MarkChange) {
		if n == 2 && cs != nil {
			panic("disk full")
		}
		for _, c := range cs {
			f.fakeLibrary.SetMark(c.ID, c.Was, c.Now)
		}
	}
}

// A z whose batch fails keeps its undo, and says so: z again makes
// unread what A marked (it dropped the undo, and "Nothing to undo." was
// all z said after).
func TestUndoThatFailsCanBeTriedAgain(t *testing.T) {
	lib := &failingHolds{fakeLibrary: &fakeLibrary{}}
	m, _ := startLib(t, newFake(60), lib, 120, 40)
	m = drive(t, m, press("A"))
	if !lib.mark("a59").Read {
		t.Fatal("A did not mark a59 read")
	}
	m = drive(t, m, press("z"))
	if s := screen(m); !strings.Contains(s, "disk full") || !strings.Contains(s, "z tries again") {
		t.Fatalf("no word of the failed undo:\n%s", s)
	}
	if m.state.undo == nil {
		t.Fatal("the failed z dropped its undo")
	}
	m = drive(t, m, press("z"))
	if s := screen(m); !strings.Contains(s, "Unread again") {
		t.Fatalf("z again:\n%s", s)
	}
	for i := range 60 {
		id := fmt.Sprintf("a%d", i)
		if lib.mark(id).Read || m.state.marks.get(id).Read {
			t.Fatalf("after z again, %s is read (library %v, reader %v)", id, lib.mark(id).Read, m.state.marks.get(id).Read)
		}
	}
}

// An A whose batch fails leaves the rows it marked at once read, and
// written; z makes them unread again.
func TestMarkAllThatFailsCanBeUndone(t *testing.T) {
	lib := &failingHolds{fakeLibrary: &fakeLibrary{}, holds: 1} // the first A is the second hold
	m, _ := startLib(t, newFake(60), lib, 120, 40)
	m = drive(t, m, press("A"))
	if s := screen(m); !strings.Contains(s, "Could not mark them all: disk full") {
		t.Fatalf("no word of the failed A:\n%s", s)
	}
	if !lib.mark("a0").Read || lib.mark("a59").Read {
		t.Fatalf("after the failed A: a0 read %v (on screen), a59 read %v (not)", lib.mark("a0").Read, lib.mark("a59").Read)
	}
	m = drive(t, m, press("z"))
	if lib.mark("a0").Read || m.state.marks.get("a0").Read {
		t.Fatalf("z after the failed A left a0 read:\n%s", screen(m))
	}
}
