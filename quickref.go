package main

// A reference resolved without a store: a command that names one article
// of the library (lede mark read REF, fetch REF) finds it from the
// library's IDs and titles, and one whose REF names none or several says
// so before any store is built: at 100,000 articles the store is seconds
// and a gigabyte, the query a fraction of a second. The answers are the
// store's (store.Find's matching, resolve's copies and its usage errors),
// or, where they might not be, none: the store answers.

import (
	"context"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
)

// quickRefs are the articles a store of what is shown would hold, by ID
// and title, in its order: the library's, then the seeds beside it.
type quickRefs struct {
	refs *library.Refs
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
	q := &quickRefs{refs: refs, copies: true}
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
		for _, a := range q.seeds {
			if _, ok := refs.Kept(a.ID); ok {
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
	var matches []*store.Article
	each := func(yield func(id, title string) bool) {
		for _, r := range q.refs.Rows {
			// As store.Build holds them.
			if !yield(safe.Line(r.ID), safe.LineMax(r.Title, safe.MaxLine)) {
				return
			}
		}
		for _, a := range q.seeds {
			if !yield(a.ID, a.Title) {
				return
			}
		}
	}
	// The ID of an article shown; else, of a copy merged into one.
	for id, title := range each {
		if id == rq.ID() {
			return id, title, nil
		}
	}
	if kept, ok := q.refs.Kept(rq.ID()); ok && q.copies {
		for id, title := range each {
			if id == safe.Line(kept) {
				return id, title, nil
			}
		}
	}
	for id, title := range each {
		exact, match := rq.Match(id, title)
		if exact {
			return id, title, nil
		}
		if match {
			matches = append(matches, &store.Article{ID: id, Title: title})
		}
	}
	if len(matches) == 1 {
		return matches[0].ID, matches[0].Title, nil
	}
	return "", "", refUsageError(ref, matches)
}

// refShown answers, before the store is built, a reference that names
// none of the articles shown or several: the store would say the same
// (show, related, compare). The store still finds the one it names,
// since what is printed of it needs the store (its story's versions).
func (o *options) refShown(ref string) error {
	q, ok := o.quickRefs()
	if !ok {
		return nil
	}
	_, _, err := q.find(ref)
	return err
}
