package library

import (
	"context"
	"time"
)

// Following the library from an open reader: another process (cron's
// lede update, lede mark, prune, remove, add) changes the file under it.
// ChangedElsewhere (db.go) says that something changed, for a pragma;
// Digest says whether the articles did, Changed which, and
// StatesSince which marks.

// Digest sums up the articles the library holds: the count of the
// changes made to them (migration 6: an article added, edited in any
// field the store is built from, or removed). Compared with the digest
// taken before a snapshot was read, it says whether the snapshot is
// behind, and Changed which articles it holds in another form.
type Digest struct {
	Changes int64
}

// Digest reads the library's digest: one row.
func (l *Library) Digest(ctx context.Context) (Digest, error) {
	var d Digest
	err := l.db.QueryRowContext(ctx, `SELECT n FROM article_changes`).Scan(&d.Changes)
	return d, err
}

// Changed gives the articles added or edited after the digest from was
// taken, up to to, by their IDs (removed ones are not there to give),
// through the index of each article's last change: what a snapshot read
// at to holds anew against one read at from (those changed again since
// to are not given).
func (l *Library) Changed(ctx context.Context, from, to Digest) ([]string, error) {
	ids, err := column(ctx, l.db, `SELECT id FROM articles WHERE changed > ? AND changed <= ?`, from.Changes, to.Changes)
	if err == nil && ids == nil {
		ids = []string{} // none, known: not nil
	}
	return ids, err
}

// StatesSince gives the state of each article whose state was changed at
// t or after (by any process): what a reader that read the states before
// t has not seen. Changes are stamped with the second their transaction
// began writing, so a reader asks from a while before its last look.
func (l *Library) StatesSince(ctx context.Context, t time.Time) (map[string]State, error) {
	return l.states(ctx, `SELECT id, read, saved, position FROM state WHERE changed >= ?`, t.Unix())
}
