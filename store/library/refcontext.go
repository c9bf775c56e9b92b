package library

import (
	"context"
	"strings"
	"time"

	"github.com/lede-reader/lede/store"
)

// Dated gives, for each of ids the library holds, its feed's name and
// its dates (Published where its feed gave one, Added): what tells one
// article from others of the same title where a reference names several
// (lede show gold), for a list of candidates read without a store. Few
// IDs at a time (a usage error lists ten).
func (l *Library) Dated(ctx context.Context, ids []string) (map[string]store.Article, error) {
	out := make(map[string]store.Article, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := l.db.QueryContext(ctx, `SELECT a.id, coalesce(f.name, ''), a.published, a.added
		FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
		WHERE a.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a store.Article
		var published, added int64
		if err := rows.Scan(&a.ID, &a.Feed, &published, &added); err != nil {
			return nil, err
		}
		if published != 0 {
			a.Published = time.Unix(published, 0).UTC()
		}
		if added != 0 {
			a.Added = time.Unix(added, 0).UTC()
		}
		out[a.ID] = a
	}
	return out, rows.Err()
}
