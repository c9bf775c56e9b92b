// Package reader is lede's terminal UI: a headline list, the article
// rendered with glamour, related stories, search and a back/forward trail,
// on Bubble Tea v2.
//
// It reads articles through Source, a small interface over store.Store, so
// it never depends on how the store is built, and its tests run on a fake.
// Nothing here parses or indexes text; nothing in store/ knows about
// terminals.
//
// # Panes and the root
//
// The root model (app) holds the layout, the focus and the mode, and
// routes: a key goes to the focused pane unless it means the same
// everywhere (quit, help, search, back, jump to a related story), a wheel
// or click to the pane under it, with coordinates made relative to it.
// Each pane (listModel, articleModel, relatedModel, linksModel,
// searchModel) owns its state; the root changes it only through the pane's
// methods (SetItems, Select, Want, Rendered, SetSize, SetFocused…), never
// by writing its fields.
//
// A pane speaks to the root one way: its Update returns
//
//	(pane, tea.Cmd, intent)
//
// where the intent, if not nil, is what the user meant that the pane cannot
// do alone (selectIntent, readIntent, jumpIntent, linkIntent, queryIntent,
// acceptIntent, cancelIntent: see intent.go). The root acts on it in the
// same Update (app.act) and batches the pane's command with its own. An
// intent is a value, not a message through the event loop, so two quick
// moves can never arrive in the wrong order. Panes never see one another.
//
// Work off the update loop has types of its own, each with its own tests:
// renderQueue (glamour renderings: the one waited for in the foreground,
// prefetches one at a time in the background, those the cursor has left
// dropped; the LRU cache of renderings), relatedCache (related stories
// per snapshot, asked once), and searchModel's sequence numbers (results
// of an older query are dropped). Every result carries an id, and a result
// nobody waits for any more is kept, not shown.
package reader
