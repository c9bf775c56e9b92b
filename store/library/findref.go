package library

import (
	"context"
)

// What a command that names one article (lede show REF, mark, fetch)
// needs of the library to find it without building a store of it all:
// every article's ID and title, in the store's order, the copies of one
// article once. A query on the headlines' columns: at 100,000 articles a
// fraction of a second, where a store is seconds and a gigabyte.

// RefRow is an article as a reference is matched against it.
type RefRow struct {
	ID, Title string
}

// Refs are the library's articles as a store of them holds them (see
// RefRows).
type Refs struct {
	// Rows are in the store's order (Articles': newest first, then in the
	// order they arrived), each article once: of the copies of one
	// (copiesOf), the first, which store.Build keeps.
	Rows []RefRow
	// shown gives, for the ID of a copy left out, the ID of the copy kept.
	shown map[string]string
}

// Kept gives, for the ID of a copy of an article the store merged into
// another copy (copiesOf), the ID of the copy the store keeps; false for
// any other ID.
func (r *Refs) Kept(id string) (string, bool) {
	k, ok := r.shown[id]
	return k, ok
}

// RefRows reads the ID and title of every article, as Refs gives them.
func (l *Library) RefRows(ctx context.Context) (*Refs, error) {
	of, err := l.copiesOf(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := l.db.QueryContext(ctx, `SELECT id, title FROM articles ORDER BY `+listedBy+` DESC, rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r := &Refs{}
	kept := map[*string]string{} // a group of copies (its first ID's address) → the ID kept
	for rows.Next() {
		var row RefRow
		if err := rows.Scan(&row.ID, &row.Title); err != nil {
			return nil, err
		}
		if g := of[row.ID]; len(g) > 1 {
			if k, ok := kept[&g[0]]; ok {
				if r.shown == nil {
					r.shown = map[string]string{}
				}
				r.shown[row.ID] = k
				continue
			}
			kept[&g[0]] = row.ID
		}
		r.Rows = append(r.Rows, row)
	}
	return r, rows.Err()
}
