package library

import (
	"bytes"
	"database/sql"
	"testing"
)

// TestRawBlobIsOurs: readArticles keeps each analysis as the driver hands
// it (sql.RawBytes), without database/sql's copy, which holds only while
// the driver gives every row a slice of its own, never a buffer it fills
// again at the next row. Rows of one size, read to the end and then
// compared, would show a reused buffer: every kept slice would hold the
// last row.
func TestRawBlobIsOurs(t *testing.T) {
	l := openTemp(t)
	conn, err := l.db.Conn(ctx) // the temporary table is this connection's
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE blobs (n INTEGER PRIMARY KEY, data BLOB NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	want := make([][]byte, 200)
	for i := range want {
		want[i] = bytes.Repeat([]byte{byte(i), byte(i >> 8), 0x80}, 700) // over a page: overflow pages too
		if _, err := conn.ExecContext(ctx, `INSERT INTO blobs (n, data) VALUES (?, ?)`, i, want[i]); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := conn.QueryContext(ctx, `SELECT data FROM blobs ORDER BY n`)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	for rows.Next() {
		var d sql.RawBytes
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		got = append(got, []byte(d))
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("row %d changed after it was read: the driver reuses its buffer, and readArticles must copy what it keeps", i)
		}
	}
}
