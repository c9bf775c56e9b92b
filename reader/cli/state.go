package cli

// Where the library meets what lede shows: the library as what lede and
// lede list show when it has subscriptions (a stream provider), the reading
// state list prints, and the headlines a large library's reader opens on
// (quickSource). The reader's Library (reader.Library) over it is
// readerlibrary.go, readerfollow.go and readerupdate.go; session.go picks
// the one a run gets.

import (
	"context"
	"fmt"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
	"github.com/lede-reader/lede/store/stream"
)

// shown is the library this run shows, opened by libraryShown; closed at
// the end of the run (closeLibrary).
func (o *options) libraryShown() (*library.Library, bool) {
	if o.lib.shownChecked {
		return o.lib.shown, o.lib.shown != nil
	}
	o.lib.shownChecked = true
	if o.lib.noState || len(o.loads) > 0 {
		return nil, false
	}
	o.lib.marksChecked = true
	lib, err := o.openLibrary(false)
	if err != nil {
		// A newer lede's library, a locked one: one line, and the demo.
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(err.Error())))
		return nil, false
	}
	if lib == nil {
		return nil, false
	}
	// Kept open though empty: it holds the marks of the seeds shown.
	o.lib.open = lib
	feeds, n, err := lib.Sizes(context.Background())
	if err != nil || feeds == 0 && n == 0 {
		return nil, false
	}
	o.lib.shown, o.lib.shownSize = lib, n
	return lib, true
}

// shownLibrary is the library this run shows, nil where it shows none.
func (o *options) shownLibrary() *library.Library {
	lib, _ := o.libraryShown()
	return lib
}

// marksLibrary is the library that keeps the marks of what this run
// shows: the library shown; else (the seeds, sources named) the library
// the reader keeps their marks in, where there is one, or, with create,
// made now. Nil with --no-state, where there is none, or where it cannot
// be opened: that error is given once (libraryShown says its own).
func (o *options) marksLibrary(create bool) (*library.Library, error) {
	if lib, ok := o.libraryShown(); ok {
		return lib, nil
	}
	if o.lib.open != nil || o.lib.noState || o.lib.marksChecked && !create {
		return o.lib.open, nil
	}
	o.lib.marksChecked = true
	lib, err := o.openLibrary(create)
	if err != nil {
		return nil, err
	}
	o.lib.open = lib
	return lib, nil
}

// closeLibrary closes what this run opened: queued marks are written.
func (o *options) closeLibrary() {
	if o.lib.open != nil {
		err := o.lib.open.Close()
		o.endSaving()
		if err != nil {
			fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(err.Error())))
		}
		o.lib.open, o.lib.shown = nil, nil
	}
	o.endSaving()
}

// libraryProvider gives the library's articles, newest first; read (if
// not nil) is given the digest of the articles first. Where r is set, the
// reader's library follows the read: an update that wrote while it was
// under way has it taken again, so that the store built holds what the
// update wrote (r.afterLoad).
func libraryProvider(lib *library.Library, read func(library.Digest), r *readerLibrary) stream.Provider {
	return stream.Provider{
		Name: "library",
		Load: func(ctx context.Context) ([]store.Article, []error) {
			for {
				rctx := ctx
				if r != nil {
					rctx = r.beginRead(ctx)
				}
				if read != nil {
					if d, err := lib.Digest(rctx); err == nil {
						read(d)
					}
				}
				arts, err := lib.Articles(rctx)
				if r != nil && r.endRead() && ctx.Err() == nil {
					continue // an update wrote meanwhile: read again
				}
				if err != nil {
					return nil, []error{fmt.Errorf("library: %v", err)}
				}
				return arts, nil
			}
		},
	}
}

// listEntry is one article as list --json prints it: the store's fields,
// and its reading state ("read", "saved"; "feed" and "added" are the
// article's own).
type listEntry struct {
	*store.Article
	Read  bool `json:"read"`
	Saved bool `json:"saved"`
}

// listed gives the articles of arts (a store's, in its order) that pass
// flt, with their state.
func (o *options) listed(arts []*store.Article, flt filter) ([]listEntry, error) {
	states, err := o.states()
	if err != nil {
		return nil, err
	}
	feedName := ""
	if lib, ok := o.libraryShown(); ok && flt.feed != "" {
		f, err := findFeed(lib, flt.feed)
		if err != nil {
			return nil, err
		}
		feedName = f.Name
	} else if flt.feed != "" {
		return nil, &usageError{fmt.Sprintf("--feed %q: no subscriptions shown (lede feeds lists them)", flt.feed)}
	}
	out := make([]listEntry, 0, len(arts))
	for _, a := range arts {
		s := states[a.ID]
		if flt.keep(a, s, feedName) {
			out = append(out, listEntry{Article: a, Read: s.Read, Saved: s.Saved})
		}
	}
	return out, nil
}

// states gives the reading state of what this run shows, as the reader
// keeps it (marksLibrary): none where no library keeps any.
func (o *options) states() (map[string]library.State, error) {
	lib, err := o.marksLibrary(false)
	if err != nil {
		// Said, and what is shown is shown unmarked, as the reader
		// would show it.
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(err.Error())))
	}
	if lib == nil {
		return map[string]library.State{}, nil
	}
	return lib.States(context.Background())
}

// quickFrom is the size of library from which the reader opens on its
// headlines first: below it, the store is built before a person could
// tell. At 2,225 articles (the BBC corpus as one feed) the store's build
// put the first frame at ~230 ms; on the headlines it is ~60 ms, the
// store following ~200 ms later. A variable for tests.
var quickFrom = 1000

// firstPage is how many headlines the reader opens on from a library
// larger than that, in the library's order: more than a screen shows,
// read from the headlines index in milliseconds at any size. All of
// them follow (5 s at 1,000,000 articles), then the store. A variable
// for tests.
var firstPage = 1000

// readHeadlines reads every headline of the library for the reader;
// tests hold it back.
var readHeadlines = (*library.Library).Headlines

// quickSource is a large library's headlines, without their text: the
// list the reader shows at once while the store of the whole library
// (text, index, stories) is built behind it. In the library's own order
// (no --sort) it is the newest firstPage, and rest reads every headline
// for the reader to take in its place while the store is still being
// built; sorted otherwise, it is every headline and rest is nil.
func (o *options) quickSource() (first reader.Source, rest func(context.Context) reader.Source, ok bool) {
	lib, ok := o.libraryShown()
	if !ok {
		return nil, nil, false
	}
	if o.lib.shownSize < quickFrom {
		return nil, nil, false
	}
	if o.sortBy == "" && o.lib.shownSize > firstPage {
		arts, err := lib.FirstHeadlines(context.Background(), firstPage)
		if err != nil {
			return nil, nil, false
		}
		rest = func(ctx context.Context) reader.Source {
			arts, err := readHeadlines(lib, ctx)
			if err != nil {
				return nil // the store brings them
			}
			return newHeadlines(arts, 0, lib)
		}
		return newHeadlines(arts, o.lib.shownSize, lib), rest, true
	}
	arts, err := readHeadlines(lib, context.Background())
	if err != nil {
		return nil, nil, false
	}
	store.Sort(arts, o.sortBy)
	return newHeadlines(arts, 0, lib), nil, true
}
