package cli

// lede compare REF without a store: the versions of an article's story
// are the articles the library lists with it (library.Listing: the
// placement the last build kept), their texts the library's. At 100,000
// articles building the store for it was 5-6 s of CPU and a gigabyte.
// Where the listing may not be the store's, or a text cannot be read,
// the store is built and answers, as before.

import (
	"context"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// quickCompare is the store's Compare of the article args name (REF
// alone), without building it; false where it must be built (REF names
// none or several: the store says so, as it does; a text could not be
// read: the store says why).
func (o *options) quickCompare(args []string) (store.Comparison, bool) {
	if len(args) != 1 {
		return store.Comparison{}, false
	}
	lib, ok := o.quickLibrary()
	if !ok {
		return store.Comparison{}, false
	}
	// The texts are read after the listing: a change committed from
	// before it to after them (an update) would compare another
	// library's.
	ctx := context.Background()
	was, err := lib.Digest(ctx)
	if err != nil {
		return store.Comparison{}, false
	}
	_, arts, ok := o.quickArticles()
	if !ok {
		return store.Comparison{}, false
	}
	a, ok := o.quickFind(arts, args[0])
	if !ok {
		return store.Comparison{}, false
	}
	failed := false
	c := store.CompareListed(arts, indexOf(arts, a), func(v *store.Article) (string, error) {
		body, err := lib.Body(v.ID)
		if err != nil {
			failed = true // the store says why
		}
		return safe.Text(body), err
	})
	if !unchangedSince(ctx, lib, was) || failed {
		return store.Comparison{}, false
	}
	quickServed.Add(1)
	return c, true
}

// indexOf is the place of a in arts.
func indexOf(arts []*store.Article, a *store.Article) int {
	for i, b := range arts {
		if b == a {
			return i
		}
	}
	return -1
}
