package cli

// lede related REF from the library's kept index, read in part: the
// related part a build keeps beside the index (the article's vector,
// the impact lists of its heaviest terms, its candidates' vectors,
// topics, dates and stories) and the postings of the terms the rows
// share (store.KeptSearch.Related), where a store of the library would
// be built of that very index. At 100,000 articles building the store
// for it was 3-4 s of CPU and a gigabyte. Where the kept index may not
// be the store's, or a part cannot be read, the store is built and
// answers, as before.

import (
	"context"

	"github.com/lede-reader/lede/store"
)

// quickRelated is the article ref names and the store's Related(ID, n)
// of it, without building the store; the article holds its ID and
// title, and its source where withSource (as listed: the store's).
// false where the store must be built (ref names none or several: the
// store says so, as it does).
func (o *options) quickRelated(ref string, n int, withSource bool) (*store.Article, []store.Related, bool) {
	if n <= 0 {
		return nil, nil, false
	}
	lib, ok := o.quickLibrary()
	if !ok {
		return nil, nil, false
	}
	rq, ok := store.ParseRef(ref)
	if !ok {
		return nil, nil, false
	}
	ctx := context.Background()
	// The query reads titles and texts from the library as it goes: a
	// change committed meanwhile (an update) would mix the index's
	// articles with another's.
	was, err := lib.Digest(ctx)
	if err != nil {
		return nil, nil, false
	}
	ks, ok, err := lib.KeptSearch(ctx)
	if err != nil || !ok {
		return nil, nil, false
	}
	// An article's own ID names it (resolve's first answer); else the
	// titles, as the store matches them.
	a := &store.Article{ID: rq.ID()}
	if !ks.Holds(a.ID) {
		q, ok := o.quickRefs()
		if !ok {
			return nil, nil, false
		}
		id, _, err := q.find(ref)
		if err != nil {
			return nil, nil, false
		}
		a.ID = id
	}
	if withSource {
		_, arts, ok := o.quickArticles()
		if !ok {
			return nil, nil, false
		}
		if a = byID(arts, a.ID); a == nil {
			return nil, nil, false
		}
	}
	rel, ok := ks.Related(a.ID, n)
	if !ok || !unchangedSince(ctx, lib, was) {
		return nil, nil, false
	}
	quickServed.Add(1)
	return a, rel, true
}

// quickShownRelated is what show REF --json prints of the store of what
// is shown, without building it: the article ref names with its text
// (quickShown's), and the store's Related(ID, n) of it; false where the
// store must be built.
func (o *options) quickShownRelated(ref string, n int) (*store.Article, []store.Related, bool) {
	lib, ok := o.quickLibrary()
	if !ok {
		return nil, nil, false
	}
	ctx := context.Background()
	was, err := lib.Digest(ctx) // as quickRelated's
	if err != nil {
		return nil, nil, false
	}
	a, ok := o.quickText(ref)
	if !ok {
		return nil, nil, false
	}
	ks, ok, err := lib.KeptSearch(ctx)
	if err != nil || !ok {
		return nil, nil, false
	}
	rel, ok := ks.Related(a.ID, n)
	if !ok || !unchangedSince(ctx, lib, was) {
		return nil, nil, false
	}
	quickServed.Add(1)
	return a, rel, true
}
