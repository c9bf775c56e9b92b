package reader

import (
	"context"
	"errors"
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// Following: what other processes change in the library (cron's lede
// update, lede mark, prune, remove, add), taken as it comes: the articles
// new, gone and edited, said in the status line, and their marks.

// followedMsg: another process changed the library (or following
// failed).
type followedMsg struct {
	c       Changes
	groups  map[string]store.Story // c.Src's, worked out off the update loop
	grouped bool
	// added and gone count the articles of c.Src not in the snapshot of
	// srcGen, and the reverse; edited those of both c.Changed names.
	added, gone, edited int
	srcGen              int
	err                 error
}

// follow watches, off the loop, for what other processes change in the
// library: one Follow at a time, once the reader has the whole library
// (a snapshot taken before the load ends would be replaced by an older
// one).
func (m *app) follow() tea.Cmd {
	if !m.state.on() || m.state.following || m.loading {
		return nil
	}
	m.state.following = true
	lib, old, gen, ctx := m.state.lib, m.src, m.srcGen, m.state.ctx
	return m.state.watch(func() tea.Msg {
		c, err := lib.Follow(ctx)
		msg := followedMsg{c: c, err: err, srcGen: gen}
		if c.Src != nil {
			msg.groups, msg.grouped = storyGroups(c.Src), true
			msg.added, msg.gone = newAndGone(old, c.Src)
			msg.edited = editedIn(old, c.Src, c.Changed)
		}
		return msg
	})
}

// newAndGone counts the articles of now not in before, and of before
// not in now.
func newAndGone(before, now Source) (added, gone int) {
	kept := 0
	for _, a := range now.List() {
		if a == nil {
			continue
		}
		if has(before, a.ID) {
			kept++
		} else {
			added++
		}
	}
	n := 0
	for _, a := range before.List() {
		if a != nil {
			n++
		}
	}
	return added, max(n-kept, 0)
}

// editedIn counts the articles of changed that before and now both hold
// (editedBetween).
func editedIn(before, now Source, changed []string) int {
	n := 0
	for _, id := range changed {
		if editedBetween(before, now, id) {
			n++
		}
	}
	return n
}

// editedBetween says the library changed id (it is among Changes.Changed)
// and before and now both hold it as an edit: with the feeds it had. One
// whose feed went (removed elsewhere, the article kept as it is saved)
// is not edited: the library counts the change of its row, its text is
// as it was.
func editedBetween(before, now Source, id string) bool {
	a, ok := head(before, id)
	if !ok || a == nil {
		return false
	}
	b, ok := head(now, id)
	return ok && b != nil && a.Feed == b.Feed && slices.Equal(a.Feeds, b.Feeds)
}

// followed takes what another process changed: marks in place (no
// snapshot is made for a mark), a snapshot through the path R's takes
// when articles came, went or were edited. Then it follows on.
func (m *app) followed(msg followedMsg) tea.Cmd {
	m.state.following = false
	if errors.Is(msg.err, context.Canceled) {
		m.frame.unchanged()
		return nil // the library is closed
	}
	if msg.err != nil {
		// One line, and on: the next look may go through (Follow gives
		// an error only after several looks failed). The same line
		// again, for a library that keeps failing, is not posted again.
		line := "Following the library: " + oneLine(msg.err.Error())
		if line != m.state.followErr {
			m.state.followErr = line
			m.addProblems(msg.err)
			m.setStatusOr(line, "Following the library failed: "+m.keys.Problems.Help().Key+" says why.", true)
		} else {
			m.frame.unchanged()
		}
		return m.follow()
	}
	m.state.followErr = ""
	marked := m.takeMarks(msg.c)
	var cmd tea.Cmd
	taken := false
	if msg.c.Src != nil {
		cur, reading := m.currentID()
		// Reading: the article is open, not beside the list's cursor.
		reading = reading && m.focus != focusList
		added, gone, edited := msg.added, msg.gone, msg.edited
		if msg.srcGen != m.srcGen {
			// A snapshot came meanwhile.
			added, gone = newAndGone(m.src, msg.c.Src)
			edited = editedIn(m.src, msg.c.Src, msg.c.Changed)
		}
		curEdited := reading && slices.Contains(msg.c.Changed, cur) && editedBetween(m.src, msg.c.Src, cur)
		// Not taken: a newer snapshot came first (an update's, R's), and
		// said what it brought.
		cmd, taken = m.takeSnapshot(Snapshot{Src: msg.c.Src, Seq: msg.c.Seq}, msg.groups, msg.grouped, msg.c.Feeds)
		switch {
		case taken && msg.c.Appeared:
			// In the seeds' place, not news among them; and updated
			// by itself from now on.
			m.setStatusOr(appearedNote(msg.c.Src, m.state.feeds, m.keys.Update.Help().Key))
			cmd = tea.Batch(cmd, m.askDue())
		case taken && msg.c.Changed != nil && changeCount{added, gone, edited} == changeCount{}:
			// Known: nothing the list holds came, went or was edited (a
			// feed removed whose items another feed carries): no line.
		case taken:
			note, short := changedNote(changeCount{added, gone, edited}, reading && !has(m.src, cur), curEdited)
			m.setStatusOr(note, short, false)
		}
	}
	switch {
	case taken:
	case marked > 0:
		// Told as it arrives, as any change elsewhere is.
		if !msg.c.Shared {
			m.setStatus(fmt.Sprintf("Marked elsewhere: %s.", plural(marked, "article")), false)
		}
	default:
		m.frame.unchanged()
	}
	return tea.Batch(cmd, m.follow())
}

// appearedNote says the library shown now is the one the person
// subscribed to since the reader opened on the seeds (and the same in
// fewer columns, for 60).
func appearedNote(src Source, feeds []string, update string) (note, short string, isErr bool) {
	// The feeds' articles: a seed saved, shown beside them, is none.
	n := 0
	for _, a := range src.List() {
		if a != nil && (a.Feed != "" || len(a.Feeds) > 0) {
			n++
		}
	}
	what := plural(len(feeds), "feed") + ", " + plural(n, "article")
	return "Now showing your library: " + what + " (" + update + " updates it).", "Your library: " + what + ".", false
}

// has says the source holds the article id.
func has(src Source, id string) bool {
	_, ok := head(src, id)
	return ok
}

// changeCount is what another process changed of the articles: how
// many came, went, and were edited (0 too where that is not known).
type changeCount struct{ added, gone, edited int }

func joinWords(parts []string) string {
	s := parts[0]
	for _, p := range parts[1:] {
		s += ", " + p
	}
	return s
}

// changedNote says, in the status line, what another process changed,
// and the same in fewer columns where that is longer than the status
// line leaves a message at 60 ("" where it fits already). wasReading:
// the article being read went; reading: it was edited.
func changedNote(c changeCount, wasReading, reading bool) (note, short string) {
	switch {
	case wasReading && c.gone > 1:
		return fmt.Sprintf("Removed elsewhere: the article you were reading and %d more.", c.gone-1),
			fmt.Sprintf("Removed elsewhere: %d articles, the open one too.", c.gone)
	case wasReading:
		return "Removed elsewhere: the article you were reading.", ""
	case reading && c == changeCount{edited: 1}:
		return "Edited elsewhere: the article you are reading.", ""
	}
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{c.added, "new"}, {c.gone, "gone"}, {c.edited, "edited"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	if len(parts) == 0 {
		return "Changed elsewhere: articles edited.", ""
	}
	note = "Changed elsewhere: " + joinWords(parts) + "."
	if reading {
		return note[:len(note)-1] + " (the article you are reading too).", note
	}
	return note, ""
}

// takeMarks keeps the marks another process set, in place, except what
// the reader has changed of an article since they were read (its read,
// its saved, its place: each on its own); it gives how many articles'
// read or saved changed.
func (m *app) takeMarks(c Changes) (n int) {
	for id, mk := range c.Marks {
		old := m.state.marks.get(id)
		at := m.state.setAt[id]
		if at.read > c.Through {
			mk.Read = old.Read // the reader's own is newer
		}
		if at.saved > c.Through {
			mk.Saved = old.Saved
		}
		if at.pos > c.Through {
			mk.Position = old.Position
		}
		if old == mk {
			continue
		}
		m.state.marks.put(id, mk)
		if old.Read != mk.Read || old.Saved != mk.Saved {
			m.recount(id, old, mk)
			if has(m.src, id) { // not the copies the store merged into it
				n++
			}
		}
	}
	if n > 0 {
		m.state.gen++
		m.setListHeader()
	}
	return n
}
