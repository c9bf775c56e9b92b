package library

import (
	"bytes"
	"database/sql"
	"testing"
)

// TestPartAfterFewerRowsIsDropped: a part a build made to follow rows
// 0 to 2, saved when only a base is kept (a new base replaced them
// meanwhile), is not kept: the base stays the one row.
func TestPartAfterFewerRowsIsDropped(t *testing.T) {
	l := openTemp(t)
	base := []byte("the base")
	if _, err := l.db.Exec(`INSERT INTO placement (seq, data) VALUES (0, ?)`, base); err != nil {
		t.Fatal(err)
	}
	l.savePlacement(3, func(*sql.Tx, []byte) error { return nil }, func() []byte { return []byte("a part after row 2") })
	l.background.Wait()
	rows := placementRows(t, l)
	if len(rows) != 1 || !bytes.Equal(rows[0], base) {
		t.Fatalf("after a part saved at row 3 on a base alone: %q kept, want the base alone", rows)
	}
}

// TestPlacementGapEndsTheRows: rows 0 and 2 kept, 1 missing: only the
// base is read; the part at 2 followed on from a row that is gone.
func TestPlacementGapEndsTheRows(t *testing.T) {
	l := openTemp(t)
	for seq, data := range map[int]string{0: "the base", 2: "a part after a missing one"} {
		if _, err := l.db.Exec(`INSERT INTO placement (seq, data) VALUES (?, ?)`, seq, data); err != nil {
			t.Fatal(err)
		}
	}
	rows := l.placement(ctx)
	if len(rows) != 1 || string(rows[0]) != "the base" {
		t.Fatalf("rows 0 and 2 kept: %q read, want the base alone", rows)
	}
}
