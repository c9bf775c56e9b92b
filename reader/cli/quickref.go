package cli

// A reference resolved without a store: a command that names one article
// of the library (lede mark read REF, fetch REF) finds it from the
// library's IDs and titles, and one whose REF names none or several says
// so before any store is built: at 100,000 articles the store is seconds
// and a gigabyte, the query a fraction of a second. The answers are the
// store's (store.Find's matching, resolve's copies and its usage errors),
// or, where they might not be, none: the store answers.

import (
	"context"
	"errors"
	"strings"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
)

// quickRefs are the articles a store of what is shown would hold, by ID
// and title, in its order: the library's, then the seeds beside it.
type quickRefs struct {
	refs *library.Refs
	lib  *library.Library // refs', for the candidates' feeds and dates
	// seeds are the seeds beside the library, as a store of them names
	// them (an ID made of the text where they have none).
	seeds []*store.Article
	// copies: the ID of a copy the store merged names the copy kept, as
	// resolve has it where it is given the library.
	copies bool
}

// quickRefs reads what a reference is matched against from the library
// this run shows, with the seeds beside it; false where the store's
// answer might differ (no library shown, sources named, --sort, a seed
// the library holds too, or a library that cannot be read: the store
// says why).
func (o *options) quickRefs() (*quickRefs, bool) {
	if o.sortBy != "" {
		return nil, false // the store's order is the sort's
	}
	lib, ok := o.libraryShown()
	if !ok {
		return nil, false
	}
	ctx := context.Background()
	refs, err := lib.RefRows(ctx)
	if err != nil {
		return nil, false
	}
	q := &quickRefs{refs: refs, lib: lib, copies: true}
	if beside := o.besideLibrary(ctx, lib); len(beside) > 0 {
		q.seeds = store.Build(beside).List()
		// A seed whose ID or title an article of the library has too may
		// be merged with it, or renamed, in the store of both.
		ids, titles := map[string]bool{}, map[string]bool{}
		for _, a := range q.seeds {
			ids[a.ID], titles[a.Title] = true, true
		}
		for _, r := range refs.Rows {
			if ids[safe.Line(r.ID)] || titles[safe.LineMax(r.Title, safe.MaxLine)] {
				return nil, false
			}
		}
	}
	return q, true
}

// find gives the ID and title of the article ref names, as
// resolve(store, lib, ref) gives it of a store of the same articles, or
// the same usage error.
func (q *quickRefs) find(ref string) (id, title string, err error) {
	rq, ok := store.ParseRef(ref)
	if !ok {
		return "", "", refUsageError(ref, nil)
	}
	ctx := context.Background()
	// As store.Build holds them.
	idOf := func(r library.RefRow) string { return safe.Line(r.ID) }
	titleOf := func(r library.RefRow) string { return safe.LineMax(r.Title, safe.MaxLine) }
	// The ID of an article shown; else, of a copy merged into one (its
	// title is the copy kept's too).
	for i, r := range q.refs.Rows {
		if idOf(r) != rq.ID() {
			continue
		}
		kept, left, err := q.refs.LeftOut(ctx, i)
		switch {
		case err != nil:
			return "", "", err
		case !left:
			return rq.ID(), titleOf(r), nil
		case q.copies:
			return safe.Line(kept), titleOf(r), nil
		}
	}
	for _, a := range q.seeds {
		if a.ID == rq.ID() {
			return a.ID, a.Title, nil
		}
	}
	var matches []*store.Article
	for i, r := range q.refs.Rows {
		id, title := idOf(r), titleOf(r)
		exact, match := rq.Match(id, title)
		if !match {
			continue
		}
		if _, left, err := q.refs.LeftOut(ctx, i); err != nil {
			return "", "", err
		} else if left {
			continue // the store holds its first copy, met before
		}
		if exact {
			return id, title, nil
		}
		matches = append(matches, &store.Article{ID: id, Title: title})
	}
	for _, a := range q.seeds {
		exact, match := rq.Match(a.ID, a.Title)
		if exact {
			return a.ID, a.Title, nil
		}
		if match {
			matches = append(matches, a)
		}
	}
	if len(matches) == 1 {
		return matches[0].ID, matches[0].Title, nil
	}
	if k := store.OnePrefix(rq, len(matches), func(k int) string { return matches[k].Title }); k >= 0 {
		return matches[k].ID, matches[k].Title, nil
	}
	q.date(ctx, matches)
	return "", "", refUsageError(ref, matches)
}

// date gives the first candidates the usage error lists their feeds and
// dates, which tell apart the same title in several feeds; where the
// library cannot say, they are listed without.
func (q *quickRefs) date(ctx context.Context, matches []*store.Article) {
	if q.lib == nil {
		return
	}
	ids := make([]string, 0, 10)
	for _, a := range matches[:min(len(matches), 10)] {
		ids = append(ids, a.ID)
	}
	dated, err := q.lib.Dated(ctx, ids)
	if err != nil {
		return
	}
	for _, a := range matches[:min(len(matches), 10)] {
		if d, ok := dated[a.ID]; ok {
			a.Feed, a.Published, a.Added = d.Feed, d.Published, d.Added
		}
	}
}

// refShown answers, before the store is built, a reference that names
// none of the articles shown or several: the store would say the same
// (show, related, compare). The store still finds the one it names,
// since what is printed of it needs the store (its story's versions).
func (o *options) refShown(ref string) error {
	if lib, ok := o.libraryShown(); ok {
		// An ID the library holds names its article, or the copy of it
		// the store keeps: the store finds it; no rows need reading.
		if _, ok, err := lib.Title(context.Background(), strings.TrimSpace(ref)); err == nil && ok {
			return nil
		}
	}
	q, ok := o.quickRefs()
	if !ok {
		return nil
	}
	_, _, err := q.find(ref)
	var ue *usageError
	if !errors.As(err, &ue) {
		return nil // found, or the library failed to say: the store will
	}
	return err
}
