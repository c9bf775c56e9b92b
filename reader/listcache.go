package reader

import "github.com/lede-reader/lede/store"

// listCache keeps what the list of every article is made of, worked out
// once a snapshot rather than at every key that shows it again: the
// snapshot's stories of several versions, the rows of every article under
// the order, section and filters chosen, and the library's counts of
// unread and saved. At 100,000 articles each is a pass over all of them.
//
// The root model is a value copied at every message; it holds the cache by
// pointer, and each entry says what it was worked out from, so a stale one
// is never used. It is only touched from Update and View.
type listCache struct {
	// groups are the stories of snapshot groupsGen, when grouped is set.
	groups    map[string]store.Story
	groupsGen int
	grouped   bool

	key   listKey
	items []listItem

	tally tally

	// feedRows are the rows each feed has, for the feed picker
	// (feedpicker.go).
	feedRows feedRows
}

// listKey is what the list of every article depends on.
type listKey struct {
	src      int // the snapshot's number
	arrange  arrangement
	feed     string
	expanded int // the number of the set of stories V opened
	// The filters that depend on marks, and the marks' number then.
	unread, saved bool
	marks         int
}

// tally is the unread and saved rows of the list of key, and its rows'
// articles (to keep the counts as marks change; made at the first).
type tally struct {
	ok            bool
	key           listKey
	rows          map[string]*store.Article // each article's row: its story's lead, or itself
	unread, saved int
}
