package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

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
