package reader

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// An update whose feeds failed names them in the status line, and ! says
// why each failed (it said "Everything loaded without a problem.", then
// only "lede feeds says why").
func TestUpdateFailuresInProblems(t *testing.T) {
	lib := &fakeLibrary{next: newFake(6), err: &FeedsFailed{
		Feeds: []string{"Esc Feed", "Other"},
		Errs: []error{
			errors.New("Esc Feed: http://127.0.0.1:8765/second.xml: HTTP 404 File not found"),
			errors.New("Other: http://example.com/feed: dial tcp: connection refused"),
		},
	}}
	m, _ := startLib(t, newFake(6), lib, 120, 40)
	m = drive(t, m, press("R"))
	if s := screen(m); !strings.Contains(s, "2 feeds failed (Esc Feed, Other): ! says why.") {
		t.Fatalf("the status line after a failed update:\n%s", s)
	}
	m = drive(t, m, press("!"))
	s := screen(m)
	for _, want := range []string{"2 problems", "Esc Feed: http://127.0.0.1:8765/second.xml: HTTP 404 File not found", "Other: http://example.com/feed: dial tcp: connection refused"} {
		if !strings.Contains(s, want) {
			t.Fatalf("! lacks %q:\n%s", want, s)
		}
	}
}

// textFails is a library whose full text fetch fails.
type textFails struct {
	fakeLibrary
	err error
}

func (l *textFails) FetchFullText(context.Context, string) (Snapshot, error) {
	return Snapshot{}, l.err
}

// A full text that failed says why before the URL: a long URL cut the
// reason off ("Full text: http://feedproxy…/: n…").
func TestFullTextFailureReasonFirst(t *testing.T) {
	url := "http://feedproxy.google.com/~r/SomeVeryLongFeedName/~3/abcdefghijklmnop/story-01.html?utm_source=feedburner&utm_medium=feed"
	lib := &textFails{err: errors.New(url + ": no such host feedproxy.google.com")}
	for _, w := range []int{120, 60} {
		m, _ := startLib(t, newFake(3), lib, w, 20)
		m = drive(t, m, keys("f")...)
		lines := strings.Split(screen(m), "\n")
		status := lines[len(lines)-2]
		if !strings.Contains(status, "Full text") || !strings.Contains(status, ": no such host feedproxy.google.com") {
			t.Fatalf("%d columns: %q", w, status)
		}
		m = drive(t, m, press("!"))
		if !strings.Contains(strings.Join(strings.Fields(screen(m)), ""), "story-01.html") {
			t.Fatalf("%d columns: ! lacks the URL:\n%s", w, screen(m))
		}
	}
}

// f on an article the library does not keep (a seed) says that full text
// is for the library's articles: a hint in the status line, no problem.
func TestFullTextOfANonLibraryArticleIsAHint(t *testing.T) {
	lib := &textFails{err: fmt.Errorf("full text: %w", ErrNotInLibrary)}
	for _, w := range []int{120, 60} {
		m, _ := startLib(t, newFake(3), lib, w, 20)
		m = drive(t, m, keys("f")...)
		lines := strings.Split(screen(m), "\n")
		status := lines[len(lines)-2]
		if !strings.Contains(status, "Full text") || !strings.Contains(status, "library") || strings.Contains(status, "failed") {
			t.Errorf("%d columns: status %q", w, status)
		}
		if len(m.problems) > 0 || m.statusErr {
			t.Errorf("%d columns: counted as a problem: %q (error %v)", w, screen(m), m.statusErr)
		}
	}
}

// feedErrLibrary is a library whose feeds' last updates failed, as cron's
// lede update leaves them.
type feedErrLibrary struct {
	*fakeLibrary
	mu   sync.Mutex
	errs []string
}

func (l *feedErrLibrary) FeedErrors(context.Context) ([]string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.errs), nil
}

// ! lists the feeds whose last update failed, whoever ran it: those
// failing when the reader opens (counted in the status line), and those
// cron's lede update failed while it was open (! said "Everything loaded
// without a problem", though lede feeds said failed).
func TestProblemsListFeedsThatFailed(t *testing.T) {
	lib := &feedErrLibrary{fakeLibrary: &fakeLibrary{}, errs: []string{"Old Feed: https://old.example/rss: HTTP 410 Gone"}}
	m, _ := startLib(t, newFake(3), lib, 120, 30)
	if s := screen(m); !strings.Contains(s, "1 problem") {
		t.Fatalf("a feed failing at the start is not counted:\n%s", s)
	}
	lib.mu.Lock()
	lib.errs = append(lib.errs, "Cron Feed: https://cron.example/rss: dial tcp: connection refused")
	lib.mu.Unlock()
	m = drive(t, m, press("!"))
	s := screen(m)
	if m.mode != modeProblems || !strings.Contains(s, "2 problems") || !strings.Contains(s, "Cron Feed: https://cron.example/rss: dial tcp: connection refused") {
		t.Fatalf("! after cron's update failed a feed:\n%s", s)
	}
	// Without failures, ! says so.
	m, _ = startLib(t, newFake(3), &feedErrLibrary{fakeLibrary: &fakeLibrary{}}, 120, 30)
	m = drive(t, m, press("!"))
	if m.mode == modeProblems || !strings.Contains(screen(m), "Everything loaded without a problem.") {
		t.Fatalf("! with no feed failing:\n%s", screen(m))
	}
}
