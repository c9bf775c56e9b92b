package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// A damaged library is moved aside, never deleted, and a fresh one
// started; what can still be read of the damaged file is brought into
// the fresh one first, row by row, a row that cannot be read left out:
// the subscriptions (names, tags, full text), the reading state (read,
// saved, place), what was pruned, and the saved articles themselves.
// The rest of the articles come back with the next update, while their
// feeds still carry them; what is derived (analyses, placement, the kept
// index) is made again, as for any library.

// salvaged counts what came back. unsaved counts the saved articles
// whose text could not be read: their marks came back (among marks),
// and each is saved again once its feed brings it back (its ID is its
// feed's and guid's), but nothing of it is to be seen till then.
type salvaged struct {
	feeds, marks, saved, unsaved, lost int
}

// String says it in words, for Recovered: "18 feeds, 40 marks and 3
// saved articles"; the marks of saved articles whose text was lost are
// said apart (unsavedLine), not counted as marks the user can see.
func (s salvaged) String() string {
	var parts []string
	if s.feeds > 0 {
		parts = append(parts, store.Count(s.feeds, "feed"))
	}
	if n := s.marks - s.unsaved; n > 0 {
		parts = append(parts, store.Count(n, "mark"))
	}
	if s.saved > 0 {
		parts = append(parts, store.Count(s.saved, "saved article"))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	out := parts[0]
	if len(parts) > 1 {
		out = strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return out
}

// salvage reads what it can of the damaged library at aside into db, a
// fresh library, in one transaction.
func salvage(ctx context.Context, db *sql.DB, aside string) (salvaged, error) {
	var got salvaged
	// Read as it is: immutable (no log or shared memory made beside it)
	// unless it has a log of its own, moved aside with it.
	mode := "mode=ro&immutable=1"
	if _, err := os.Stat(aside + "-wal"); err == nil {
		mode = "mode=ro"
	}
	old, err := sql.Open("sqlite", "file:"+aside+"?"+mode+"&_pragma=busy_timeout(1000)")
	if err != nil {
		return got, err
	}
	defer old.Close()
	old.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return got, err
	}
	defer tx.Rollback()
	// Feeds keep their ids, which articles and marks refer to; not their
	// validators (ETag, Last-Modified): their articles are to be fetched
	// again whole, not answered 304.
	got.feeds, got.lost = copyRows(ctx, old, tx, "feeds",
		[]string{"id", "url", "name", "named", "tags", "full_text", "updated", "error", "added"},
		"INSERT OR IGNORE INTO feeds (id, url, name, named, tags, full_text, updated, error, added) VALUES (?, ?, ?, ?, ?, ?, 0, '', ?)",
		func(v []any) []any { return append(v[:6:6], v[8]) })
	var lost int
	got.marks, lost = copyRows(ctx, old, tx, "state",
		[]string{"id", "read", "saved", "position", "changed"},
		"INSERT OR IGNORE INTO state (id, read, saved, position, changed) VALUES (?, ?, ?, ?, ?)", nil)
	got.lost += lost
	_, lost = copyRows(ctx, old, tx, "gone", []string{"feed_id", "key"},
		"INSERT OR IGNORE INTO gone (feed_id, key) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM feeds WHERE id = ?1)", nil)
	got.lost += lost
	// The saved articles, by the marks that came back.
	rows, err := tx.QueryContext(ctx, `SELECT id FROM state WHERE saved = 1`)
	if err != nil {
		return got, err
	}
	var saved []string
	for rows.Next() {
		var id string
		if rows.Scan(&id) == nil {
			saved = append(saved, id)
		}
	}
	rows.Close()
	cols := "id, feed_id, key, title, section, source, links, words, published, added, body, full_text"
	get, err := old.PrepareContext(ctx, "SELECT "+cols+" FROM articles WHERE id = ?")
	if err != nil { // no article can be read at all
		got.unsaved = len(saved)
	} else {
		defer get.Close()
		for _, id := range saved {
			v := make([]any, 12)
			for i := range v {
				v[i] = new(any)
			}
			if err := get.QueryRowContext(ctx, id).Scan(v...); err != nil {
				// No row: a mark of no article of the library (a seed
				// saved), there as before. A row that cannot be read:
				// a saved article lost, but for its feed.
				if !errors.Is(err, sql.ErrNoRows) {
					got.lost++
					got.unsaved++
				}
				continue
			}
			args := deref(v)
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO articles (`+cols+`) VALUES (?, (SELECT id FROM feeds WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...); err != nil {
				got.lost++
				continue
			}
			// A key not written here is worked out where it is read.
			_ = setCopyKey(ctx, tx, id)
			got.saved++
		}
	}
	return got, tx.Commit()
}

// unsavedLine tells of the saved articles whose text was lost: not
// listed (lede list --saved shows none of them), their marks kept for
// when their feeds bring them back.
func (s salvaged) unsavedLine() string {
	switch s.unsaved {
	case 0:
		return ""
	case 1:
		return "; the text of 1 saved article could not be read: its mark is kept, and it is saved again if its feed still carries it"
	}
	return fmt.Sprintf("; the text of %d saved articles could not be read: their marks are kept, and each is saved again if its feed still carries it", s.unsaved)
}

// copyRows copies the rows of table in old into tx, one by one by rowid,
// through insert (given the columns read, after shape if not nil): a
// row that cannot be read, or written, is left out and counted in lost.
func copyRows(ctx context.Context, old *sql.DB, tx *sql.Tx, table string, cols []string, insert string, shape func([]any) []any) (copied, lost int) {
	var last int64
	if err := old.QueryRowContext(ctx, "SELECT rowid FROM "+table+" ORDER BY rowid DESC LIMIT 1").Scan(&last); err != nil {
		if !errors.Is(err, sql.ErrNoRows) {
			lost++ // the table's last page cannot be read: its rows are searched no further
		}
		return 0, lost
	}
	get, err := old.PrepareContext(ctx, "SELECT rowid, "+strings.Join(cols, ", ")+" FROM "+table+" WHERE rowid > ? ORDER BY rowid LIMIT 1")
	if err != nil {
		return 0, 1
	}
	defer get.Close()
	put, err := tx.PrepareContext(ctx, insert)
	if err != nil {
		return 0, 1
	}
	defer put.Close()
	v := make([]any, len(cols)+1)
	for after := int64(0); after < last; {
		var rowid int64
		v[0] = &rowid
		for i := range cols {
			v[i+1] = new(any)
		}
		// The next row after a good one; past one that cannot be read,
		// the next rowid is tried (a damaged page costs its rows).
		if err := scanNext(ctx, get, after, v); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				break
			}
			lost++
			after++
			continue
		}
		after = rowid
		args := deref(v[1:])
		if shape != nil {
			args = shape(args)
		}
		if _, err := put.ExecContext(ctx, args...); err != nil {
			lost++
			continue
		}
		copied++
	}
	return copied, lost
}

func scanNext(ctx context.Context, get *sql.Stmt, after int64, v []any) error {
	return get.QueryRowContext(ctx, after).Scan(v...)
}

// deref gives the values scanned into v's *any.
func deref(v []any) []any {
	out := make([]any, len(v))
	for i, p := range v {
		out[i] = *(p.(*any))
	}
	return out
}

// firstProblem is the first line of what quick_check says is wrong that
// says something (not its "*** in database main ***" heading), one line
// of at most 120 characters, and how many more there are.
func firstProblem(problems []string) string {
	var lines []string
	for _, p := range problems {
		for _, l := range strings.Split(p, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "***") {
				lines = append(lines, l)
			}
		}
	}
	if len(lines) == 0 {
		return "failed its integrity check"
	}
	first := safe.LineMax(lines[0], 120)
	if n := len(lines) - 1; n > 0 {
		first += fmt.Sprintf(" (and %s)", store.Count(n, "more problem"))
	}
	return first
}

// recovered salvages what it can of the damaged library at aside into
// db, the fresh one at path, and says in one line what happened.
func recovered(db *sql.DB, path, cause, aside string) string {
	got, err := salvage(context.Background(), db, aside)
	switch {
	case err == nil && got.feeds > 0:
		return fmt.Sprintf("%s was damaged (%s); it is kept as %s, and a fresh library started with what could be read of it: %s (lede update fetches the feeds' articles again)%s", path, cause, aside, got, got.unsavedLine())
	case err == nil && got.marks > got.unsaved:
		return fmt.Sprintf("%s was damaged (%s); it is kept as %s, and a fresh library started with what could be read of it: %s%s", path, cause, aside, got, got.unsavedLine())
	case err == nil && got.unsaved > 0:
		return fmt.Sprintf("%s was damaged (%s); it is kept as %s, and a fresh library started%s", path, cause, aside, got.unsavedLine())
	}
	return fmt.Sprintf("%s was damaged (%s); it is kept as %s, and a fresh library started: nothing of it could be read (lede import restores subscriptions from an export)", path, cause, aside)
}
