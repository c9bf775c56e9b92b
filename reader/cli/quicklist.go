package cli

// The library's articles as a store of them lists them, without
// building the store: lede list (its filters, --stories) and lede show
// REF print the headlines, the stored fields and each article's story
// and versions, which the library gives from its headlines' index and
// the placement the last build kept (library.Listing), where that
// placement is the store's. At 100,000 articles the store is seconds
// of CPU and a gigabyte. Where it may not be (the articles changed
// since the last build, the seeds beside the library, --sort, sources
// named), or anything fails, the store is built and answers, as before.

import (
	"context"
	"sync/atomic"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
)

// quickOff turns the quick answers off, and quickServed counts those
// given: for the tests, which compare them with the store's.
var (
	quickOff    bool
	quickServed atomic.Int64
)

// quickLibrary is the library shown, where what a store of it would
// hold is the library's articles alone, in the library's order: no
// sources named, no --sort, no seeds beside it.
func (o *options) quickLibrary() (*library.Library, bool) {
	if o.sortBy != "" || o.seeds || quickOff {
		return nil, false
	}
	lib, ok := o.libraryShown()
	if !ok || len(o.besideLibrary(context.Background(), lib)) > 0 {
		return nil, false
	}
	return lib, true
}

// quickArticles are the library's articles as the store lists them
// (library.Listing); false where the store must be built to know.
func (o *options) quickArticles() (*library.Library, []*store.Article, bool) {
	lib, ok := o.quickLibrary()
	if !ok {
		return nil, nil, false
	}
	arts, ok, err := lib.Listing(context.Background())
	if err != nil || !ok {
		return nil, nil, false // the store's load says what failed
	}
	return lib, arts, true
}

// quickListed is listed of the store of what is shown, without building
// it, with each entry's links where asJSON; false where the store must
// be built (the error is the filter's, as listed gives it).
func (o *options) quickListed(flt filter, asJSON bool, n int) ([]listEntry, bool, error) {
	lib, arts, ok := o.quickArticles()
	if !ok {
		return nil, false, nil
	}
	entries, err := o.listed(arts, flt)
	if err != nil {
		return nil, true, err
	}
	entries = atMost(entries, n) // the links of those printed alone
	if asJSON {
		if err := lib.WithLinks(context.Background(), articlesOf(entries)); err != nil {
			return nil, false, nil
		}
	}
	quickServed.Add(1)
	return entries, true, nil
}

// quickStories are the stories of the store of what is shown
// (Store.Stories) and listed of it under flt, without building it;
// false where it must be built (the error is the filter's).
func (o *options) quickStories(flt filter) ([]store.Story, []listEntry, bool, error) {
	_, arts, ok := o.quickArticles()
	if !ok {
		return nil, nil, false, nil
	}
	entries, err := o.listed(arts, flt)
	if err != nil {
		return nil, nil, true, err
	}
	quickServed.Add(1)
	return store.StoriesOf(arts), entries, true, nil
}

// articlesOf gives the articles of entries.
func articlesOf(entries []listEntry) []*store.Article {
	arts := make([]*store.Article, len(entries))
	for i, e := range entries {
		arts[i] = e.Article
	}
	return arts
}

// quickShown is the article ref names, with its text, as the store of
// what is shown would give it (resolve, then Get), without building the
// store; false where it must be built (ref names none or several: the
// store says so, as it does; the text could not be read: the store
// says why).
func (o *options) quickShown(ref string) (*store.Article, bool) {
	a, ok := o.quickText(ref)
	if ok {
		quickServed.Add(1)
	}
	return a, ok
}

// quickText is quickShown's article, not counted as served (show --json
// asks its related stories too).
func (o *options) quickText(ref string) (*store.Article, bool) {
	lib, arts, ok := o.quickArticles()
	if !ok {
		return nil, false
	}
	a, ok := o.quickFind(arts, ref)
	if !ok {
		return nil, false
	}
	body, links, err := lib.Text(context.Background(), a.ID)
	if err != nil {
		return nil, false
	}
	c := *a
	c.Body, c.Links = safe.Text(body), store.CleanLinks(links)
	return &c, true
}

// quickFind is the article of arts (quickArticles') ref names, as
// resolve finds it in the store; false where it names none or several
// (the store says so, as it does) or the titles cannot be read.
func (o *options) quickFind(arts []*store.Article, ref string) (*store.Article, bool) {
	// An article's own ID names it (quickRefs.find's first answer): no
	// titles need reading. Else the titles, as the store matches them.
	rq, ok := store.ParseRef(ref)
	if !ok {
		return nil, false
	}
	if a := byID(arts, rq.ID()); a != nil {
		return a, true
	}
	q, ok := o.quickRefs()
	if !ok {
		return nil, false
	}
	id, _, err := q.find(ref)
	a := byID(arts, id)
	return a, err == nil && a != nil
}

// byID is the article of arts whose ID is id; nil where none is.
func byID(arts []*store.Article, id string) *store.Article {
	for _, a := range arts {
		if a.ID == id {
			return a
		}
	}
	return nil
}
