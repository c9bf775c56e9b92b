package library

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
)

// Each article's copy key (copy_keys, migration 11): a SHA-256 of its
// title, count of words and text, so that the library's exact copies
// (copiesOf: rows of one title, count and text, which the store merges)
// are one query on a small index instead of reading and hashing the text
// of every row whose title another row has (at 100,000 articles with
// many repeated titles, 48,000 texts and 2.6 s of CPU at every command).
// The row that writes an article's title or text writes its key
// (setCopyKey); a trigger drops the key of any row whose title, words or
// text change otherwise, and copiesOf hashes the text of a row without
// a key itself, so a key is never stale, only missing.

// copyKey is the key of an article of title, words and body: the three
// with their lengths, so that no two of them run into one another.
func copyKey(title string, words int64, body string) []byte {
	h := sha256.New()
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(title)))
	h.Write(n[:])
	h.Write([]byte(title))
	binary.BigEndian.PutUint64(n[:], uint64(words))
	h.Write(n[:])
	h.Write([]byte(body))
	return h.Sum(nil)
}

// setCopyKey writes the key of article id as its row holds it now.
func setCopyKey(ctx context.Context, tx *sql.Tx, id string) error {
	var title, body string
	var words int64
	err := tx.QueryRowContext(ctx, `SELECT title, words, body FROM articles WHERE id = ?`, id).Scan(&title, &words, &body)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO copy_keys (id, sum) VALUES (?, ?)`, id, copyKey(title, words, body))
	return err
}

// missingCopyKeys gives the keys of the articles that have none (by ID),
// reading their text: none in a library whose writers all keep them.
func missingCopyKeys(ctx context.Context, q querier) (map[string][]byte, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.title, a.words, a.body FROM articles a
		WHERE NOT EXISTS (SELECT 1 FROM copy_keys k WHERE k.id = a.id)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := map[string][]byte{}
	for rows.Next() {
		var id, title, body string
		var words int64
		if err := rows.Scan(&id, &title, &words, &body); err != nil {
			return nil, err
		}
		keys[id] = copyKey(title, words, body)
	}
	return keys, rows.Err()
}

// fillCopyKeys writes the key of every article that has none.
func fillCopyKeys(ctx context.Context, tx *sql.Tx) error {
	keys, err := missingCopyKeys(ctx, tx)
	if err != nil {
		return err
	}
	put, err := tx.PrepareContext(ctx, `INSERT INTO copy_keys (id, sum) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer put.Close()
	for id, k := range keys {
		if _, err := put.ExecContext(ctx, id, k); err != nil {
			return err
		}
	}
	return nil
}
