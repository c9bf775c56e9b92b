package reader

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Problems: what went wrong loading, updating or following, kept for !
// (sheet.go shows them), one line each, and said in the status line
// reason first, where a long URL would cut it off.

// FeedsFailed is an update's failure, feed by feed: the status line
// names the feeds that failed, and ! says why each did (Errs[i] is
// Feeds[i]'s reason, "Esc Feed: https://…: HTTP 404 Not Found").
type FeedsFailed struct {
	Feeds []string
	Errs  []error
	// Of is how many feeds the update tried (0: not known): when every
	// one failed, nothing was updated, and the status line says so.
	Of int
}

// All reports whether every feed the update tried failed.
func (e *FeedsFailed) All() bool { return e.Of > 0 && len(e.Feeds) >= e.Of }

func (e *FeedsFailed) Error() string {
	return fmt.Sprintf("%s failed (%s)", plural(len(e.Feeds), "feed"), strings.Join(e.Feeds, ", "))
}

// Unwrap gives each feed's failure.
func (e *FeedsFailed) Unwrap() []error { return e.Errs }

// addProblems keeps the session's problems not kept yet (loading, a
// full text, following the library), cleaned to one line each: they
// stay for the session. A feeds' failure is one problem a feed, with its
// reason.
func (m *app) addProblems(errs ...error) {
	for _, err := range errs {
		for _, p := range problemLines(err) {
			if !slices.Contains(m.kept, p) {
				m.kept = append(m.kept, p)
			}
		}
	}
	m.joinProblems()
}

// problemLines is a failure as the lines ! lists: a feeds' failure is
// one line a feed, with its reason; what else the failure joins to it is
// one line more.
func problemLines(err error) []string {
	if err == nil {
		return nil
	}
	var ff *FeedsFailed
	if !errors.As(err, &ff) {
		return []string{oneLine(err.Error())}
	}
	var out []string
	for _, e := range ff.Errs {
		out = append(out, problemLines(e)...)
	}
	if err != error(ff) {
		out = append(out, oneLine(err.Error()))
	}
	return out
}

// updateProblems takes what the reader's own update (R, the interval's)
// met, in place of what the last one met, not beside it: the feeds that
// failed are the feeds whose last update failed now (the library's
// answer, asked after, says the same), and a feed that answered again
// drops out of !. ErrNoFeeds is no problem: nothing is followed.
func (m *app) updateProblems(err error) {
	m.updateErr = nil
	var ff *FeedsFailed
	switch {
	case errors.As(err, &ff):
		m.feedsFailed = problemLines(ff)
		if err != error(ff) {
			m.updateErr = []string{oneLine(err.Error())}
		}
	case err == nil || errors.Is(err, ErrNoFeeds):
		m.feedsFailed = nil
	default:
		// The update failed before any feed (a read-only library): the
		// feeds' last updates are as the library last said.
		m.updateErr = []string{oneLine(err.Error())}
	}
	m.feedsAsked++ // an answer asked before this one is older
	m.joinProblems()
}

// joinProblems makes the list ! shows and the status line counts: the
// session's problems, then the last update's, then the feeds whose last
// update failed, each line once.
func (m *app) joinProblems() {
	var all []string // not m.problems[:0]: a copy of the model shares it
	for _, part := range [][]string{m.kept, m.updateErr, m.feedsFailed} {
		for _, p := range part {
			if !slices.Contains(all, p) {
				all = append(all, p)
			}
		}
	}
	m.problems = all
}

// reasonFirst splits a failure that names a URL before its reason
// ("https://…: no such host") into the two: where the URL is long, the
// status line says the reason and cuts the URL, not the reverse. ok is
// false for a failure of another shape.
func reasonFirst(msg string) (reason, url string, ok bool) {
	if !strings.HasPrefix(msg, "http://") && !strings.HasPrefix(msg, "https://") {
		return "", "", false
	}
	url, reason, ok = strings.Cut(msg, ": ")
	if !ok || strings.ContainsAny(url, " \t") || reason == "" {
		return "", "", false
	}
	return reason, url, true
}

// FeedErrors is what a Library may offer beyond Library: the feeds whose
// last update failed, whoever ran it (cron's lede update, another lede),
// each "Name: why", as lede feeds says it. ! lists them among the
// problems, and the status line counts them.
type FeedErrors interface {
	FeedErrors(ctx context.Context) ([]string, error)
}

// feedErrorsMsg is the library's feeds whose last update failed; open:
// ! asked for them, and the problems show once they are in. asked is
// feedsAsked when it was asked: an update that ended since says newer.
type feedErrorsMsg struct {
	errs  []string
	open  bool
	ok    bool
	asked int
}

// askFeedErrors asks the library, off the loop, for the feeds whose last
// update failed (nil: it cannot say).
func (m app) askFeedErrors(open bool) tea.Cmd {
	fe, ok := m.state.lib.(FeedErrors)
	if !m.state.on() || !ok {
		return nil
	}
	ctx, asked := m.state.ctx, m.feedsAsked
	return func() tea.Msg {
		errs, err := fe.FeedErrors(ctx) // a failure to ask is no feed's
		return feedErrorsMsg{errs: errs, open: open, ok: err == nil, asked: asked}
	}
}

// takeFeedErrors takes the library's feeds whose last update failed in
// place of those it said before: a feed that answered since (cron's lede
// update, R) drops out. It shows the problems where ! asked.
func (m *app) takeFeedErrors(msg feedErrorsMsg) {
	if msg.ok && msg.asked == m.feedsAsked {
		m.feedsFailed = nil
		for _, e := range msg.errs {
			m.feedsFailed = append(m.feedsFailed, oneLine(e))
		}
		m.joinProblems()
	}
	if msg.open {
		m.showProblems()
	}
}

// showProblems is !: every problem met, or a line saying there was none.
func (m *app) showProblems() {
	if len(m.problems) == 0 {
		m.setStatus("Everything loaded without a problem.", false)
		return
	}
	m.mode, m.sheetTop = modeProblems, 0
}
