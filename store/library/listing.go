package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lede-reader/lede/store"
)

// What lede list and lede show print of the library's articles, given
// without building a store of them all: the headlines in the store's
// order, copies merged as the store merges them, and each article's
// story and versions from the kept placement, where that placement is
// the store's. At 100,000 articles a store is seconds of CPU and a
// gigabyte; this is the headlines' index and the placement's rows.
//
// When the placement is the store's: a build of the library's articles
// that indexed every one of them from its analysis (so that the
// placement it leaves holds each, as it was placed or kept) tells the
// library so (store.PlacementOffered), and the library keeps, in the
// transaction that saves that placement (or alone, where the build
// saved none), what it was of: the count of changes to the articles
// the build read them at, the placement's rows and checksum, and how
// many articles the store held. Where the articles have not changed
// since (the same count of changes) and the placement is still that one,
// a store built now would take every article's story from it
// (store groupStories: every article kept), so the stories are its.
// Anything else (an article added, edited or removed since; the
// placement replaced or damaged; the copies not merged into as many
// articles) and Listing says so: the store is built, and its build
// keeps what it was of for the next.

// placedKey is the meta row that says what the kept placement was of.
const placedKey = "placement_of"

// placedOf is what a build's placement was of (placedKey's value).
type placedOf struct {
	changes  int64  // the count of changes the articles were read at
	rows     int    // the placement's rows
	sum      uint32 // and the checksum its last row ends with
	articles int    // the store's articles of the library
}

func (p placedOf) String() string {
	return fmt.Sprintf("%d %d %d %d", p.changes, p.rows, p.sum, p.articles)
}

func parsePlacedOf(s string) (placedOf, bool) {
	var p placedOf
	f := strings.Fields(s)
	if len(f) != 4 {
		return p, false
	}
	var err [4]error
	var sum uint64
	p.changes, err[0] = strconv.ParseInt(f[0], 10, 64)
	p.rows, err[1] = strconv.Atoi(f[1])
	sum, err[2] = strconv.ParseUint(f[2], 10, 32)
	p.articles, err[3] = strconv.Atoi(f[3])
	p.sum = uint32(sum)
	return p, errors.Join(err[:]...) == nil
}

// placing is a build's placement on its way to the library: what the
// build offered to save (save) waits for what it tells of it (placed),
// so that the rows and what they are of are written in one transaction.
type placing struct {
	l *Library
	// changes is the count of changes the build's articles were read
	// at, -1 where they may be of more than one (changed while read).
	changes int64
	at      int
	encode  func() []byte
}

// keepPlacement gives lex the placement kept, and where its build keeps
// its own; changes is the count the build's articles were read at, -1
// where unknown.
func (l *Library) keepPlacement(ctx context.Context, lex *store.Lexicon, changes int64) {
	p := &placing{l: l, changes: changes}
	lex.Keep(l.placement(ctx), p.save)
	lex.KeepPlaced(p.placed)
}

func (p *placing) save(at int, encode func() []byte) { p.at, p.encode = at, encode }

// placed saves, in the background, what the build offered (savePlacement)
// and, where its placement holds every article of the library as read,
// what it is of.
func (p *placing) placed(o store.PlacementOffered) {
	of := placedOf{changes: p.changes, rows: o.Rows, sum: o.Sum, articles: o.Articles}
	known := o.Whole && p.changes >= 0 && !p.l.ReadOnly
	if p.encode == nil {
		if known && o.Rows > 0 && p.l.placedOf(context.Background()) != of {
			p.l.inBackground(func() { p.l.tx(context.Background(), func(tx *sql.Tx) error { return writePlacedOf(tx, of) }) })
		}
		return
	}
	p.l.savePlacement(p.at, func(tx *sql.Tx, data []byte) error {
		if !known {
			return nil
		}
		of.rows, of.sum = store.PlacementEnd(p.at, data)
		return writePlacedOf(tx, of)
	}, p.encode)
}

func writePlacedOf(tx *sql.Tx, of placedOf) error {
	_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, placedKey, of.String())
	return err
}

// placedOf reads what the kept placement was of; the zero placedOf where
// nothing is known.
func (l *Library) placedOf(ctx context.Context) placedOf {
	var v string
	if err := l.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, placedKey).Scan(&v); err != nil {
		return placedOf{}
	}
	of, ok := parsePlacedOf(v)
	if !ok {
		return placedOf{}
	}
	return of
}

// Listing gives the library's articles as a store of them alone lists
// them (store.Build of Articles: its order, copies merged into the first,
// fields sanitised, each article's story and versions), without their
// bodies and links (WithLinks reads those), and without building the
// store: ok is false where the kept placement may not be the store's
// (see above), and a store must be built to know.
func (l *Library) Listing(ctx context.Context) (arts []*store.Article, ok bool, err error) {
	of := l.placedOf(ctx)
	if of.rows == 0 {
		return nil, false, nil
	}
	changes, err := changeCount(ctx, l.db)
	if err != nil || changes != of.changes {
		return nil, false, err
	}
	kept := store.ReadKeptStories(l.placement(ctx))
	if kept == nil || kept.Rows != of.rows || kept.Sum != of.sum {
		return nil, false, nil
	}
	heads, err := l.Headlines(ctx)
	if err != nil {
		return nil, false, err
	}
	copies, err := l.copiesOf(ctx)
	if err != nil {
		return nil, false, err
	}
	if after, err := changeCount(ctx, l.db); err != nil || after != changes {
		return nil, false, err // changed while read
	}
	// The first of each text stays (store.Build), and takes the feeds
	// of its copies.
	same := func(s string) string { return s }
	first := make(map[*string]*store.Article, len(copies))
	arts = make([]*store.Article, 0, len(heads))
	story := make([]int32, 0, len(heads))
	for i := range heads {
		a := &heads[i]
		raw := a.ID
		if a.CleanFields(); a.ID != raw {
			return nil, false, nil // the store names it otherwise (and reads it by its name here)
		}
		g := copies[heads[i].ID]
		if len(g) > 1 {
			if k, merged := first[&g[0]]; merged {
				k.TakeCopy(a, same)
				continue
			}
			first[&g[0]] = a
		}
		s, in := kept.Story(a.ID)
		if !in {
			return nil, false, nil
		}
		arts, story = append(arts, a), append(story, s)
	}
	if len(arts) != of.articles {
		// Not the copies the store merged (those of one text whose counts
		// of words differ, say): its build says.
		return nil, false, nil
	}
	store.NameStories(arts, story)
	return arts, true, nil
}

// WithLinks gives arts (Listing's) their links, as Build keeps them.
func (l *Library) WithLinks(ctx context.Context, arts []*store.Article) error {
	byID := make(map[string]*store.Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	set := func(id, links string) {
		if a, ok := byID[id]; ok {
			a.Links = store.CleanLinks(splitLines(links))
		}
	}
	if len(arts) > linksOneByOne {
		rows, err := l.db.QueryContext(ctx, `SELECT id, links FROM articles`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, links string
			if err := rows.Scan(&id, &links); err != nil {
				return err
			}
			set(id, links)
		}
		return rows.Err()
	}
	stmt, err := l.db.PrepareContext(ctx, `SELECT links FROM articles WHERE id = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, a := range arts {
		var links string
		if err := stmt.QueryRowContext(ctx, a.ID).Scan(&links); err != nil {
			return err
		}
		set(a.ID, links)
	}
	return nil
}

// linksOneByOne is how many articles' links WithLinks reads one query
// each; past it, one pass over every article's.
const linksOneByOne = 1000
