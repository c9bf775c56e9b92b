package library

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// The copies lede feeds counts by are worked out once for the articles
// as they are, and kept (meta "copies"): the next process reads that row
// instead of the text of every article whose title another has, and an
// article changed makes them worked out again.
func TestCopiesKeptForTheNextProcess(t *testing.T) {
	l := openTemp(t)
	fs := newFeedServer(t)
	items := []item{{guid: "a", title: "Same story", body: "The same text in two feeds."}, {guid: "b", title: "Other", body: "Only here."}}
	fs.set("/feed", items...)
	fs.set("/mirror", items[0])
	for _, p := range []string{"/feed", "/mirror"} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	tally := func(l *Library) int {
		t.Helper()
		if _, err := l.Feeds(ctx); err != nil {
			t.Fatal(err)
		}
		ta, err := l.Tally(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ta.Articles
	}
	if n := tally(l); n != 2 {
		t.Fatalf("%d articles, want 2 (the copy once)", n)
	}
	path := l.Path()
	l.Close() // waits for the copies to be kept
	var kept string
	reopen := func() *Library {
		t.Helper()
		l, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		return l
	}
	l = reopen()
	if err := l.db.QueryRow(`SELECT value FROM meta WHERE key = ?`, copiesKey).Scan(&kept); err != nil {
		t.Fatalf("copies not kept: %v", err)
	}
	// Told that "Other" is a copy of "Same story" (no text says so): the next process believes the row it kept.
	var other string
	l.db.QueryRow(`SELECT id FROM articles WHERE title = 'Other'`).Scan(&other)
	all, err := column(ctx, l.db, `SELECT id FROM articles`)
	if err != nil || len(all) != 3 {
		t.Fatalf("rows %v, %v; want 3", all, err)
	}
	d, _ := l.Digest(ctx)
	if _, err := l.db.Exec(`UPDATE meta SET value = ? WHERE key = ?`, copiesValue(d, map[string][]string{other: all}), copiesKey); err != nil {
		t.Fatal(err)
	}
	l.Close()
	l = reopen()
	if n := tally(l); n != 1 {
		t.Fatalf("%d articles, want 1 from the kept row (its one group of the 3 rows)", n)
	}
	// An article changed: the copies are worked out again, from the text.
	if _, err := l.db.Exec(`UPDATE articles SET body = body || ' More.' WHERE id = ?`, other); err != nil {
		t.Fatal(err)
	}
	if d2, _ := l.Digest(ctx); d2 == d {
		t.Fatal("the change counted no change")
	}
	if n := tally(l); n != 2 {
		t.Fatalf("%d articles after a change, want 2 (the real copy once)", n)
	}
}

// The copies' row is a cache: kept where no other process is writing,
// never waited for. With another process's transaction open (an update),
// the keeping fails at once instead of waiting the busy timeout (10 s,
// which held a read-only command's exit); the library's writes after it
// wait as before. The holder lets go after 5 s only as a bound: a tx that
// waits gets the lock then, and writes.
func TestCopiesNotWaitedFor(t *testing.T) {
	l := openTemp(t)
	other, err := sql.Open("sqlite", dsn(l.Path()))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	hold, err := other.BeginTx(ctx, nil) // _txlock=immediate: the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(`INSERT INTO meta (key, value) VALUES ('holder', '1') ON CONFLICT(key) DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- l.tryTx(context.Background(), func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES ('tried', '1')`)
			return err
		})
	}()
	var got error
	select {
	case got = <-done:
	case <-time.After(5 * time.Second):
		hold.Rollback()
		got = <-done
		t.Fatalf("tryTx waited for another process's write lock (then: %v)", got)
	}
	hold.Rollback()
	if got == nil {
		t.Fatal("tryTx wrote while another process held the write lock")
	}
	// The connection's busy timeout is as it was: the next write waits.
	var wait int64
	if err := l.wconn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&wait); err != nil || wait != 10000 {
		t.Fatalf("busy_timeout %d after tryTx (%v), want 10000", wait, err)
	}
	if err := l.tryTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES ('tried', '1')`)
		return err
	}); err != nil {
		t.Fatalf("tryTx with the lock free: %v", err)
	}

	// copiesOf keeps its row so: with the lock held, Close (which waits
	// for the keeping) returns, and no row is kept.
	if hold, err = other.BeginTx(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(`INSERT INTO meta (key, value) VALUES ('holder', '2') ON CONFLICT(key) DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	if _, err := l.copiesOf(ctx); err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	go func() { closed <- l.Close() }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		hold.Rollback()
		<-closed
		t.Fatal("Close waited for the copies' row behind another process's write lock")
	}
	hold.Rollback()
	var kept int
	if err := other.QueryRow(`SELECT count(*) FROM meta WHERE key = ?`, copiesKey).Scan(&kept); err != nil || kept != 0 {
		t.Fatalf("copies' row kept %d (%v) while another process held the write lock", kept, err)
	}
}
