package reader

import "testing"

// A quit while A's batch is still worked out tells Options.Ended how
// many stories it marks, for the line that says the quit is saving them;
// once the reader has taken the batch's marks, none.
func TestQuitCountsTheMarking(t *testing.T) {
	lib := &fakeLibrary{}
	m, _ := startLib(t, newFake(7), lib, 120, 40)
	next, cmd := m.Update(press("A")) // its batch not run yet
	if cmd == nil {
		t.Fatal("A gave no batch to run")
	}
	if got := marking(next); got != 7 {
		t.Fatalf("a quit during A: marking %d, want its 7 stories", got)
	}
	done := drive(t, next.(app), runCmd(cmd)...)
	if got := marking(done); got != 0 {
		t.Fatalf("after A's marks were taken: marking %d, want 0", got)
	}
}

// A quit during z counts the stories of the A it undoes, as a quit
// during A does: the seeds' 8 stories are 9 articles, and the line said
// "saving marks for 9 stories…".
func TestQuitDuringUndoCountsStories(t *testing.T) {
	lib := &fakeLibrary{marks: map[string]Mark{}}
	m, _ := startLib(t, seedSource(t), lib, 120, 40)
	m = drive(t, m, press("A"))
	next, cmd := m.Update(press("z")) // its batch not run yet
	if cmd == nil {
		t.Fatal("z gave no batch to run")
	}
	if got := marking(next); got != 8 {
		t.Fatalf("a quit during z: marking %d, want A's 8 stories", got)
	}
}
