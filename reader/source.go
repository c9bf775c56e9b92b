package reader

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// Source is what the reader needs of a store. *store.Store satisfies it. A
// Source must be read-only while the reader holds it (a store snapshot):
// the reader queries it from several goroutines without locks.
type Source interface {
	List() []*store.Article
	Get(id string) (*store.Article, bool)
	Search(query string, n int) []store.Hit
	Related(id string, n int) []store.Related
}

// Heads is what a Source may offer beyond Source: Head gives an article
// without reading its text where the source keeps that elsewhere (a
// store of the library reads a body from its file on each Get). What
// shows a title, a source or a date, or only asks whether an article is
// there, asks head, not Get.
type Heads interface {
	Head(id string) (*store.Article, bool)
}

// head finds an article for its headline: through Heads where src offers
// it, else through Get.
func head(src Source, id string) (*store.Article, bool) {
	if h, ok := src.(Heads); ok {
		return h.Head(id)
	}
	return src.Get(id)
}

// ContextSearcher is what a Source may offer beyond Source: a search that
// stops when its context ends. The reader searches as one types and
// stops the search of what was typed before (a phrase few articles hold
// can take seconds to check in a large store).
type ContextSearcher interface {
	SearchContext(ctx context.Context, query string, n int) ([]store.Hit, error)
}

// SnippetSearcher is what a Source may offer beyond ContextSearcher: a
// search that gives the snippets of its first hits only, and the others
// when asked (a snippet reads and analyses its article's whole text).
// The reader asks for the rows its list shows at once and fills in the
// rest behind them.
type SnippetSearcher interface {
	SearchSnippets(ctx context.Context, query string, n, snippets int) ([]store.Hit, error)
	Snippets(ctx context.Context, query string, hits []store.Hit) error
}

// SearchWarmer is what a Source may offer beyond Source: it makes what
// its first search as one types needs (the store's sorted spellings:
// 0.1 s at 100,000 articles) when asked, before the first letter.
type SearchWarmer interface{ WarmSearch() }

// Indexing is what a Source may offer beyond Source: one whose Indexing
// reports true holds headlines alone while the index is built behind it
// (lede opens a large library so, its first frame at once), and the
// reader says that search and related stories are on their way rather
// than that there are none. The snapshot that follows has them.
type Indexing interface{ Indexing() bool }

// indexing: src is headlines whose index is still being built.
func indexing(src Source) bool {
	i, ok := src.(Indexing)
	return ok && i.Indexing()
}

// Paging is what a Source may offer beyond Source: the newest headlines
// of a large library, which the reader opens on while the rest are read
// (lede reads a screenful in milliseconds, a million in seconds). Of
// gives how many articles the library holds; the snapshot that follows
// lists these same articles first, in this order, so that nothing on
// screen moves when it comes.
type Paging interface{ Of() int }

// pageOf is how many articles src is the first page of: 0 when it is
// the whole list.
func pageOf(src Source) int {
	if p, ok := src.(Paging); ok {
		return p.Of()
	}
	return 0
}

// SourceMsg hands the reader a new snapshot as sources finish loading.
// Send it on Options.Updates (or with tea.Program.Send); the reader swaps it
// in, keeps the article being read and the selection by ID, and shows
// Loaded/Total in the status line until Done.
type SourceMsg struct {
	Src           Source
	Loaded, Total int
	Done          bool
	// Err, if set, is shown in the status line (a source that failed to
	// load); the snapshot is still used.
	Err error
	// Problems, if not nil, is every problem loading has met so far: the
	// status line counts them and ! lists them.
	Problems []error

	// groups are Src's stories of several versions (storyGroups), worked
	// out by waitUpdate off the update loop when grouped is set.
	groups  map[string]store.Story
	grouped bool
}

// emptySource stands in for a nil Source: the reader shows its empty
// state instead of dereferencing nil.
type emptySource struct{}

func (emptySource) List() []*store.Article            { return nil }
func (emptySource) Get(string) (*store.Article, bool) { return nil, false }
func (emptySource) Search(string, int) []store.Hit    { return nil }
func (emptySource) Related(string, int) []store.Related {
	return nil
}

// waitUpdate delivers the next snapshot from ch.
func waitUpdate(ch <-chan SourceMsg) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return updatesClosedMsg{}
		}
		if msg.Src != nil {
			// A pass over every story of a big snapshot: here, not in
			// Update, where it would hold up the keys.
			msg.groups, msg.grouped = storyGroups(msg.Src), true
		}
		return msg
	}
}

type updatesClosedMsg struct{}
