package reader

// RunOnly is what a Library whose marks last this run only says of
// itself (lede --no-state, or a library that could not be opened), so
// that the reader says what is true of a save: nothing is kept.
type RunOnly interface {
	RunOnly() bool
}

// NoUpdates is what a Library that cannot be updated at all says of
// itself (a read-only library, lede --no-state): R says so at once, not
// "Updating feeds…" and then a failure to add to !.
type NoUpdates interface {
	// NoUpdates is why it is never updated ("": it is).
	NoUpdates() string
}

// noUpdates is why lib is never updated, if it is not.
func noUpdates(lib Library) string {
	if n, ok := lib.(NoUpdates); ok {
		return n.NoUpdates()
	}
	return ""
}

// runOnly: the marks of lib last this run only.
func runOnly(lib Library) bool {
	r, ok := lib.(RunOnly)
	return ok && r.RunOnly()
}

// savedNote says in the status line that the article was saved (saved
// true) or unsaved.
func (m *app) savedNote(saved bool) {
	switch {
	case !saved:
		m.setStatus("No longer saved.", false)
	case runOnly(m.state.lib):
		m.setStatusOr("Saved for this run only: nothing is kept once lede quits.", "Saved for this run only.", false)
	default:
		m.setStatus("Saved: it stays until you unsave it ("+m.keys.ToggleSaved.Help().Key+").", false)
	}
}
