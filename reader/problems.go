package reader

import (
	"errors"
	"fmt"
	"slices"
	"strings"
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
