package reader

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// Updates: R's and the update interval's fetch of every subscription, the
// snapshot an update makes taken in place of the one shown, and the timer
// of the next.

// dueMsg: how long until the periodic update is due (on: there is
// one), asked of the library for timer seq.
type dueMsg struct {
	wait time.Duration
	on   bool
	seq  int
}

// dueTickMsg: timer seq has run out; ask again whether an update is due
// (cron's may have made it needless).
type dueTickMsg struct{ seq int }

// updatedMsg: a background update finished.
type updatedMsg struct {
	snap    Snapshot               // Src nil: nothing changed
	groups  map[string]store.Story // snap.Src's, worked out off the update loop
	grouped bool
	feeds   []string // the subscriptions, with src
	// added: what the library added; with snap.Src, the articles it
	// holds that the snapshot of srcGen did not (a copy of an article
	// shown, the same item in another feed, is no article new).
	added  int
	srcGen int
	err    error
}

// updatingNote is the status line while an update runs.
const updatingNote = "Updating feeds…"

// startUpdate fetches every subscription in the background: byKey, as
// R asks; else as the update interval does, which says nothing over a
// message still in the status line (it lasts until the next key).
func (m *app) startUpdate(byKey bool) tea.Cmd {
	say := m.setStatus
	if !byKey && m.status != "" {
		say = func(string, bool) {}
	}
	if !m.state.on() {
		say("No library: run lede without --no-state to follow feeds.", false)
		return nil
	}
	if m.state.updating {
		say("Updating already…", false)
		return nil
	}
	if why := noUpdates(m.state.lib); why != "" {
		say(why, false)
		return nil
	}
	m.state.updating = true
	say(updatingNote, false)
	m.setListHeader() // an empty list says the update is under way
	lib, old, gen, ctx := m.state.lib, m.src, m.srcGen, m.state.ctx
	return func() tea.Msg {
		snap, added, err := lib.Update(ctx)
		msg := updatedMsg{snap: snap, added: added, err: err, srcGen: gen}
		if snap.Src != nil {
			msg.groups, msg.grouped = storyGroups(snap.Src), true
			msg.feeds = lib.Feeds()
			msg.added, _ = newAndGone(old, snap.Src)
		}
		return msg
	}
}

// updated takes the snapshot an update made, and sets the timer of the
// next.
func (m *app) updated(msg updatedMsg) tea.Cmd {
	m.state.updating = false
	defer m.setListHeader()
	var cmd tea.Cmd
	if msg.snap.Src != nil {
		if msg.srcGen != m.srcGen {
			msg.added, _ = newAndGone(m.src, msg.snap.Src) // a snapshot came meanwhile
		}
		// Not taken: a newer snapshot is shown, with what this one brought.
		cmd, _ = m.takeSnapshot(msg.snap, msg.groups, msg.grouped, msg.feeds)
	}
	m.updateProblems(msg.err)
	switch {
	case errors.Is(msg.err, ErrNoFeeds):
		m.setStatusOr("No subscriptions to update: lede add URL follows a feed.", "No feeds yet: lede add URL follows one.", false)
	case msg.err != nil:
		// The failure whole where it fits; else a line that fits 60
		// columns, and ! for the failure (feeds named, what to run).
		// "Updated" only where some feed was: not where every feed
		// failed, nor where the update failed before any article came.
		bang := m.keys.Problems.Help().Key
		var long, short string
		ff := (*FeedsFailed)(nil)
		errors.As(msg.err, &ff)
		switch {
		case ff != nil && ff.All():
			n := plural(len(ff.Feeds), "feed")
			long = fmt.Sprintf("Update failed: %s (%s): %s says why.", n, strings.Join(ff.Feeds, ", "), bang)
			short = fmt.Sprintf("Update failed: %s; %s says why.", n, bang)
		case ff != nil || msg.added > 0:
			news := "Updated: " + newsOf(msg.added) + "; "
			long = news + oneLine(msg.err.Error()) + ": " + bang + " says why." // each feed's reason
			short = news + bang + " says what failed."
			if ff != nil {
				// How many failed, as the long form says it: "2 feeds
				// failed", the names for ! to give.
				short = "Updated: " + newsShort(msg.added) + "; " +
					plural(len(ff.Feeds), "feed") + " failed: " + bang + " says why."
			}
		default:
			long = "Update failed: " + oneLine(msg.err.Error())
			short = "Update failed; " + bang + " says why."
		}
		m.setStatusOr(long, short, true)
	case msg.snap.Appeared:
		m.setStatusOr(appearedNote(msg.snap.Src, m.state.feeds, m.keys.Update.Help().Key))
	case msg.added == 0 && m.status != "" && m.status != updatingNote:
		// Nothing new: the message in the status line stays until
		// the next key, as every message does.
	default:
		m.setStatus("Updated: "+newsOf(msg.added)+".", false)
	}
	return tea.Batch(cmd, m.askDue(), m.askFeedErrors(false))
}

// newsOf is what an update brought, as R's line says it after
// "Updated: ": "3 articles new", or "nothing new".
func newsOf(added int) string {
	if added == 0 {
		return "nothing new"
	}
	return plural(added, "article") + " new"
}

// newsShort is newsOf for a narrow status line: "3 new", "1 new".
func newsShort(added int) string {
	if added == 0 {
		return "nothing new"
	}
	return fmt.Sprintf("%d new", added)
}

// takeSnapshot swaps in a snapshot the library made (an update, R's or
// the interval's; a full text fetched; another process's change),
// keeping the cursor and the article open (feeds nil: the subscriptions
// are as they were). Made while a large library is still loading, it is
// newer than what that load brings from now on (every headline, the
// store: read from the library before the update wrote), and takeLoad
// keeps it in their place. Where the load read the library after it,
// the library looks again (its Follow, once the load is done) for what
// changed since this snapshot. The load goes on behind it, and says so.
// One older than the snapshot of the library shown is not taken (false).
func (m *app) takeSnapshot(snap Snapshot, groups map[string]store.Story, grouped bool, feeds []string) (tea.Cmd, bool) {
	if snap.Seq < m.state.seq {
		return nil, false
	}
	m.state.seq = snap.Seq
	if feeds != nil {
		if m.state.feed != "" && !slices.Contains(feeds, m.state.feed) {
			// Renamed, the list keeps to it by its new name; removed, its
			// articles are gone: show all.
			m.state.feed = renamedTo(m.state.feed, m.src, snap.Src, m.state.feeds, feeds)
		}
		m.state.feeds = feeds
	}
	m.state.ahead = m.loading
	cmd := m.swapSource(SourceMsg{Src: snap.Src, Loaded: m.loaded, Total: m.total, Done: !m.loading, groups: groups, grouped: grouped})
	// The library's snapshot holds every article it keeps: the failed
	// full text of one it no longer keeps (its feed removed, pruned) is
	// no problem any more.
	for id := range m.fullTextFailed {
		if !has(m.src, id) {
			m.forgetFullText(id)
		}
	}
	return tea.Batch(cmd, m.feedRowsAhead()), true
}

// renamedTo is what the feed was, gone from feeds, is called now in
// src: the feed new to feeds that an article of it in old is in ("": none,
// it was removed). A rename (lede rename elsewhere) keeps its articles.
func renamedTo(was string, old, src Source, before, feeds []string) string {
	if src == nil {
		return ""
	}
	for _, a := range old.List() {
		if a == nil || !a.InFeed(was) {
			continue
		}
		now, ok := head(src, a.ID)
		if !ok || now == nil {
			continue
		}
		for f := range now.AllFeeds {
			if !slices.Contains(before, f) && slices.Contains(feeds, f) {
				return f
			}
		}
		return ""
	}
	return ""
}

// askDue asks the library, off the loop, when the next update is due;
// every timer set before is stale from now on.
func (m *app) askDue() tea.Cmd {
	if !m.state.on() {
		return nil
	}
	m.state.due++
	seq, lib := m.state.due, m.state.lib
	return func() tea.Msg {
		wait, on := lib.UpdateIn()
		return dueMsg{wait: wait, on: on, seq: seq}
	}
}

// dueAnswer updates now if an update is due, else sets a timer for when
// it will be: a reader left open updates every update interval, as it
// does at start.
func (m *app) dueAnswer(msg dueMsg) tea.Cmd {
	if msg.seq != m.state.due || !msg.on {
		m.frame.unchanged()
		return nil
	}
	if msg.wait > 0 {
		m.frame.unchanged()
		return m.state.after(msg.wait, dueTickMsg{seq: msg.seq})
	}
	if m.state.updating {
		m.frame.unchanged()
		return nil // R's update is under way; it sets the next timer
	}
	return m.startUpdate(false)
}
