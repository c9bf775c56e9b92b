package library

import (
	"context"
	"time"
)

// Following the library from an open reader: another process (cron's
// lede update, lede mark, prune, remove, add) changes the file under it.
// ChangedElsewhere (db.go) says that something changed, for a pragma;
// Digest says whether the articles did, and StatesSince which marks.

// Digest sums up the articles the library holds: how many, the last
// row, their words and the length of their titles. An article added,
// removed, or whose text or title another process edited changes it (an
// edit of the text changes its words, as a fetch of the full text does).
// Compared with the digest taken before a snapshot was read, it says
// whether the snapshot is behind.
type Digest struct {
	Articles, LastRow, Words, Titles int64
}

// Digest reads the library's digest: one pass over the headlines index,
// which covers it (SQLite's planner takes it: 25-28 ms at 100,000
// articles, its pages already read; 0.4 s cold).
func (l *Library) Digest(ctx context.Context) (Digest, error) {
	var d Digest
	err := l.db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(rowid), 0), coalesce(sum(words), 0), coalesce(sum(length(title)), 0)
		FROM articles`).Scan(&d.Articles, &d.LastRow, &d.Words, &d.Titles)
	return d, err
}

// StatesSince gives the state of each article whose state was changed at
// t or after (by any process): what a reader that read the states before
// t has not seen. Changes are stamped with the second their transaction
// began writing, so a reader asks from a while before its last look.
func (l *Library) StatesSince(ctx context.Context, t time.Time) (map[string]State, error) {
	return l.states(ctx, `SELECT id, read, saved, position FROM state WHERE changed >= ?`, t.Unix())
}
