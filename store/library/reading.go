package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// What the reader reads of the library a row at a time, beside the
// snapshots it is given.

// Text is the text and the links of article id as the library holds
// them: what a headline (Headlines gives neither) needs to be read while
// the store of the whole library is still being built. One point read.
// The caller sanitises them, as store.Build does.
func (l *Library) Text(ctx context.Context, id string) (body string, links []string, err error) {
	var all string
	err = l.db.QueryRowContext(ctx, `SELECT body, links FROM articles WHERE id = ?`, id).Scan(&body, &all)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, errors.New("the library no longer holds it")
	}
	if err != nil {
		return "", nil, fmt.Errorf("library: %v", err)
	}
	return body, splitLines(all), nil
}

// FeedErrors are the feeds whose last update failed (this process's,
// cron's, another lede's), each "Name: why", as lede feeds says it, by
// name: without the counts Feeds works out, so a reader can ask often.
func (l *Library) FeedErrors(ctx context.Context) ([]string, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT name, error FROM feeds WHERE error != '' ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, why string
		if err := rows.Scan(&name, &why); err != nil {
			return nil, err
		}
		out = append(out, name+": "+why)
	}
	return out, rows.Err()
}
