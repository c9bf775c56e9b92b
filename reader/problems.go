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

// addProblems keeps the problems not kept yet, cleaned to one line each;
// a feeds' failure is one problem a feed, with its reason.
func (m *app) addProblems(errs ...error) {
	for _, err := range errs {
		if err == nil {
			continue
		}
		var ff *FeedsFailed
		if errors.As(err, &ff) {
			m.addProblems(ff.Errs...)
			if err == error(ff) {
				continue
			}
		}
		p := oneLine(err.Error())
		if !slices.Contains(m.problems, p) {
			m.problems = append(m.problems, p)
		}
	}
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
// ! asked for them, and the problems show once they are in.
type feedErrorsMsg struct {
	errs []string
	open bool
}

// askFeedErrors asks the library, off the loop, for the feeds whose last
// update failed (nil: it cannot say).
func (m app) askFeedErrors(open bool) tea.Cmd {
	fe, ok := m.state.lib.(FeedErrors)
	if !m.state.on() || !ok {
		return nil
	}
	ctx := m.state.ctx
	return func() tea.Msg {
		errs, _ := fe.FeedErrors(ctx) // a failure to ask is no feed's
		return feedErrorsMsg{errs: errs, open: open}
	}
}

// takeFeedErrors keeps the feeds' failures among the problems, and shows
// them where ! asked.
func (m *app) takeFeedErrors(msg feedErrorsMsg) {
	for _, e := range msg.errs {
		m.addProblems(errors.New(e))
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
