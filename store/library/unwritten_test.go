package library

import "testing"

// Unwritten counts the articles whose marks wait to be written, each
// once, and says where a batch held is not given yet: what a quit that
// waits for them says it is saving.
func TestUnwritten(t *testing.T) {
	l := openTemp(t)
	if n, held := l.Unwritten(); n != 0 || held {
		t.Fatalf("nothing queued: %d articles, held %v", n, held)
	}
	fill := l.Hold()
	// Queued after the place held: not written until it is filled.
	l.Queue(Change{ID: "a", Mark: MarkRead}, Change{ID: "a", Mark: MarkPosition, Position: 3}, Change{ID: "b", Mark: MarkSaved})
	if n, held := l.Unwritten(); n != 2 || !held {
		t.Fatalf("two articles after a batch held: %d articles, held %v", n, held)
	}
	fill([]Change{{ID: "c", Mark: MarkRead}, {ID: "a", Mark: MarkRead}})
	if n, held := l.Unwritten(); held || n > 3 {
		t.Fatalf("filled: %d articles, held %v", n, held)
	}
	if err := l.Flush(); err != nil {
		t.Fatal(err)
	}
	if n, held := l.Unwritten(); n != 0 || held {
		t.Fatalf("written: %d articles, held %v", n, held)
	}
	st, _ := l.States(ctx)
	if !st["a"].Read || !st["b"].Saved || !st["c"].Read {
		t.Fatalf("states after the flush: %+v", st)
	}
}
