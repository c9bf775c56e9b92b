package cli

// lede search from the library's kept index, read in part: the header
// (vocabulary, lengths, spellings) and the parts that hold the query's
// terms (store.KeptSearch), where a store of the library would be built
// of that very index (the library has not changed since it was kept).
// At 100,000 articles building the store to search it was 3-4 s of CPU
// and a gigabyte. Where the kept index may not be the store's, or a
// part cannot be read, the store is built and answers, as before.

import (
	"context"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
)

// quickSearch is the store's Search(q, n) of what is shown, without
// building the store; false where it must be built.
func (o *options) quickSearch(q string, n int) ([]store.Hit, bool) {
	lib, ok := o.quickLibrary()
	if !ok {
		return nil, false
	}
	ctx := context.Background()
	// The search reads titles and texts from the library as it ranks:
	// a change committed from before the kept index was opened to after
	// the search (an update) would mix the index's articles with
	// another's titles and snippets.
	was, err := lib.Digest(ctx)
	if err != nil {
		return nil, false
	}
	ks, ok, err := lib.KeptSearch(ctx)
	if err != nil || !ok {
		return nil, false
	}
	hits, ok := ks.Search(q, n)
	if !ok || !unchangedSince(ctx, lib, was) {
		return nil, false
	}
	quickServed.Add(1)
	return hits, true
}

// unchangedSince: lib's digest is still was, the digest a quick path
// (search, related, show --json, compare) took before it read the
// library, asked once it has read it: else what it read may be of two
// libraries (an update committed meanwhile), and the store must answer.
func unchangedSince(ctx context.Context, lib *library.Library, was library.Digest) bool {
	if quickSearched != nil {
		quickSearched()
	}
	now, err := lib.Digest(ctx)
	return err == nil && now == was
}

// quickSearched, where set, runs after a quick search (related, show
// --json, compare) read the library: for the tests, a change committed
// meanwhile.
var quickSearched func()

// keepExtended has the build of a search that could not answer from the
// kept index keep the index it makes, where it extends the one kept by
// the changes since (an update, an edit): else the kept index stays of
// the articles before them until they are a thirty-second of the library
// (library.rebaseShare), and every search until then builds the store.
// The first search after a change pays the index's save, once.
func (o *options) keepExtended() {
	// Only where the quick path could answer: a search it refuses
	// (--sort, seeds beside the library) would pay the save for nothing.
	if lib, ok := o.quickLibrary(); ok {
		lib.KeepExtended = true
	}
}
