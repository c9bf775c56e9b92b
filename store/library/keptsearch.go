package library

import (
	"context"
	"database/sql"
	"errors"

	"github.com/lede-reader/lede/store"
)

// KeptSearch gives what searches the library's articles as a store of
// them alone would (store.KeptSearch: the kept index read in part, the
// parts of a query's terms), without building the store; false where
// the kept index is not the one a build of the articles as they are now
// would be served as it is: none kept whole, the articles changed since
// (the count of changes), no analyses of this lede's (a build reads
// every text), or not the articles it was built of in the library's
// order (the store checks those, asking InOrder).
func (l *Library) KeptSearch(ctx context.Context) (*store.KeptSearch, bool, error) {
	epoch, err := analysisEpoch(ctx, l.db)
	if err != nil || epoch == "" {
		return nil, false, err
	}
	changes, err := changeCount(ctx, l.db)
	if err != nil {
		return nil, false, err
	}
	if k, kept := l.keptIndexAt(ctx); !kept || k.changes != changes {
		return nil, false, nil
	}
	kl := &keptLibrary{l: l, ctx: ctx}
	ks, ok := store.OpenKeptSearch(&store.KeptIndex{Read: l.readIndex(changes)}, kl)
	if kl.err != nil {
		return nil, false, kl.err
	}
	if after, err := changeCount(ctx, l.db); err != nil || after != changes {
		return nil, false, err // changed while read
	}
	return ks, ok, nil
}

// keptLibrary is the library as a store.KeptSearch reads it.
type keptLibrary struct {
	l   *Library
	ctx context.Context
	err error // InOrder's
}

func (k *keptLibrary) Body(id string) (string, error) { return k.l.Body(id) }

func (k *keptLibrary) Title(id string) (string, error) {
	title, ok, err := k.l.Title(k.ctx, id)
	if err == nil && !ok {
		err = errors.New("the library no longer holds it")
	}
	return title, err
}

// InOrder reads the articles' IDs in the order Articles gives them
// (newest first, then by rowid) and compares them with ids as it goes.
func (k *keptLibrary) InOrder(ids []string) bool {
	rows, err := k.l.db.QueryContext(k.ctx, `SELECT id FROM articles ORDER BY `+listedBy+` DESC, rowid`)
	if err != nil {
		k.err = err
		return false
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var id sql.RawBytes
		if err := rows.Scan(&id); err != nil {
			k.err = err
			return false
		}
		if i >= len(ids) || string(id) != ids[i] {
			return false
		}
		i++
	}
	if err := rows.Err(); err != nil {
		k.err = err
		return false
	}
	return i == len(ids)
}
