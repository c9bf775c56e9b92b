package reader

// An intent is what a pane tells the root the user meant, when it is more
// than the pane can do on its own: show another article, follow a related
// story, open a link, search. It is the one way a pane speaks to the root
// (see the package doc). A pane's Update returns it beside its command, so
// the root acts on it within the same Update: intents never overtake one
// another on their way through the event loop, as messages from commands
// may.
type intent interface{ isIntent() }

// selectIntent: the list's cursor is on another headline; show it. click:
// it was clicked, which opens it as enter does.
type selectIntent struct {
	id    string
	click bool
}

// readIntent: enter on a headline; read the article it shows.
type readIntent struct{}

// jumpIntent: follow a related story, recorded in the trail.
type jumpIntent struct{ id string }

// linkIntent: open the chosen link, or copy it.
type linkIntent struct {
	link linkEntry
	copy bool
}

// queryIntent: the query line changed; search again (an empty query shows
// every article again).
type queryIntent struct{ query string }

// acceptIntent: enter on the query line; keep the results.
type acceptIntent struct{ query string }

// cancelIntent: esc on the query line; the list as it was before `/`.
type cancelIntent struct{}

func (selectIntent) isIntent() {}
func (readIntent) isIntent()   {}
func (jumpIntent) isIntent()   {}
func (linkIntent) isIntent()   {}
func (queryIntent) isIntent()  {}
func (acceptIntent) isIntent() {}
func (cancelIntent) isIntent() {}
