package library

import (
	"context"
	"fmt"
	"strings"
)

// What a command that names one article (lede mark REF, fetch REF, show
// REF) needs of the library to find it without building a store of it
// all: every article's ID and title, in the store's order, and which
// rows are copies the store leaves out. One query on the headlines'
// columns: at 100,000 articles a tenth of a second of CPU, where a store
// is seconds and a gigabyte.

// RefRow is an article as a reference is matched against it.
type RefRow struct {
	ID, Title string
}

// Refs are the library's articles as a store of them holds them (see
// RefRows).
type Refs struct {
	// Rows are in the store's order (Articles': newest first, then in the
	// order they arrived), every row, the copies of one article too
	// (LeftOut tells them).
	Rows []RefRow

	lib   *Library
	keys  []string       // each row's title and count of words, which copies share
	twice map[string]int // how many rows have each key, where two or more
	// left gives, once the copies are read (only where a row asked about
	// shares its key), the ID of the copy kept for each copy left out.
	left map[string]string
	read bool
}

// RefRows reads the ID and title of every article, as Refs gives them.
func (l *Library) RefRows(ctx context.Context) (*Refs, error) {
	// One string a row, split here: a column each through database/sql
	// cost three times the CPU (see headlineRows). The title is last, so
	// that whatever it holds it is whole.
	rows, err := l.db.QueryContext(ctx, `SELECT id || char(31) || words || char(31) || title
		FROM articles ORDER BY `+listedBy+` DESC, rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r := &Refs{lib: l}
	seen := map[string]int{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		// words is a number: where the second field is not, the ID held
		// the separator (the title, last, may hold it).
		f := strings.SplitN(s, "\x1f", 3)
		if len(f) != 3 || strings.Trim(f[1], "0123456789") != "" {
			return nil, fmt.Errorf("article %q: its ID holds U+001F", f[0])
		}
		key := f[2] + "\x00" + f[1]
		seen[key]++
		r.Rows = append(r.Rows, RefRow{ID: f[0], Title: f[2]})
		r.keys = append(r.keys, key)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for k, n := range seen {
		if n > 1 {
			if r.twice == nil {
				r.twice = map[string]int{}
			}
			r.twice[k] = n
		}
	}
	return r, nil
}

// LeftOut says whether row i is a copy of an article (copiesOf) that an
// earlier row holds, which store.Build leaves out, and gives the ID of
// the copy it keeps. The copies are read (their keys) only where row
// i's title is another's.
func (r *Refs) LeftOut(ctx context.Context, i int) (kept string, ok bool, err error) {
	if r.twice[r.keys[i]] < 2 {
		return "", false, nil
	}
	if !r.read {
		of, err := r.lib.copiesOf(ctx)
		if err != nil {
			return "", false, err
		}
		first := map[*string]string{} // a group (its first ID's address) → the ID kept
		for _, row := range r.Rows {
			g := of[row.ID]
			if len(g) < 2 {
				continue
			}
			k, ok := first[&g[0]]
			if !ok {
				first[&g[0]] = row.ID
				continue
			}
			if r.left == nil {
				r.left = map[string]string{}
			}
			r.left[row.ID] = k
		}
		r.read = true
	}
	kept, ok = r.left[r.Rows[i].ID]
	return kept, ok, nil
}

// Kept is LeftOut of the row whose ID is id; false where no row's is.
func (r *Refs) Kept(ctx context.Context, id string) (string, bool, error) {
	for i := range r.Rows {
		if r.Rows[i].ID == id {
			return r.LeftOut(ctx, i)
		}
	}
	return "", false, nil
}
