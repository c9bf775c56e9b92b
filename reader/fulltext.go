package reader

import (
	"errors"
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Full text (f): an article's page fetched in the background and kept in
// place of the feed's summary, and the problem it leaves when it fails.

// fullTextMsg: an article's page was fetched (or not).
type fullTextMsg struct {
	id      string
	snap    Snapshot
	groups  map[string]store.Story // snap.Src's, worked out off the update loop
	grouped bool
	err     error
}

// fetchFullText fetches the page of article id in the background.
func (m *app) fetchFullText(id string) tea.Cmd {
	m.setStatus("Fetching the article's page…", false)
	lib, ctx := m.state.lib, m.state.ctx
	return func() tea.Msg {
		snap, err := lib.FetchFullText(ctx, id)
		if err != nil {
			return fullTextMsg{id: id, err: err}
		}
		if snap.Src == nil {
			return fullTextMsg{id: id, snap: snap}
		}
		return fullTextMsg{id: id, snap: snap, groups: storyGroups(snap.Src), grouped: true}
	}
}

// fullText takes the snapshot with the article's full text.
func (m *app) fullText(msg fullTextMsg) tea.Cmd {
	if errors.Is(msg.err, ErrNotInLibrary) {
		m.setStatusOr("Full text is for the articles of the feeds you follow: this one is not kept in the library.",
			"Full text: only for the library's articles.", false)
		return nil
	}
	if msg.err != nil {
		line := oneLine(msg.err.Error())
		if reason, url, ok := reasonFirst(line); ok {
			m.setStatusOr("Full text failed: "+reason+" ("+url+")", "Full text: "+reason, true)
		} else {
			m.setStatus("Full text failed: "+line, true)
		}
		m.forgetFullText(msg.id)
		failed := fmt.Errorf("full text%s: %w", ofTitle(m.src, msg.id), msg.err)
		if m.fullTextFailed == nil {
			m.fullTextFailed = map[string][]string{}
		}
		m.fullTextFailed[msg.id] = problemLines(failed)
		m.addProblems(failed)
		return nil
	}
	m.forgetFullText(msg.id) // it works now: its last failure is no problem
	var cmd tea.Cmd
	if msg.snap.Src != nil { // none: the load under way brings the text
		cmd, _ = m.takeSnapshot(msg.snap, msg.groups, msg.grouped, nil) // not taken: a newer one has the text
	}
	m.setStatus("Full text kept in place of the summary.", false)
	return cmd
}

// ofTitle names article id for a problem's line, " of “Title”" (its
// title one clean line, at most safe.MaxQuoted runes: a problem names
// the article, not only its page's address); "" where the snapshot no
// longer holds it or it has no title.
func ofTitle(src Source, id string) string {
	a, ok := head(src, id)
	if !ok || a == nil {
		return ""
	}
	if t := safe.Quoted(a.Title); t != "" {
		return " of “" + t + "”"
	}
	return ""
}

// forgetFullText takes the failure of id's last full text (f) out of
// the problems ! lists, unless another article's failed so too.
func (m *app) forgetFullText(id string) {
	lines, ok := m.fullTextFailed[id]
	if !ok {
		return
	}
	delete(m.fullTextFailed, id)
	m.kept = slices.DeleteFunc(slices.Clone(m.kept), func(p string) bool {
		if !slices.Contains(lines, p) {
			return false
		}
		for _, other := range m.fullTextFailed {
			if slices.Contains(other, p) {
				return false
			}
		}
		return true
	})
	m.joinProblems()
}
