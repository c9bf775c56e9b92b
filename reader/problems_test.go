package reader

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
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

// A full text that failed, then worked (the page is up now), is no
// problem any more: ! listed the 404 after "Full text kept". Another
// article's failure stays.
func TestFullTextThatWorksLeavesTheProblems(t *testing.T) {
	lib := &textFails{err: errors.New("http://example.com/0: HTTP 404 Not Found")}
	m, _ := startLib(t, newFake(3), lib, 120, 40)
	m = drive(t, m, keys("f", "j")...)
	lib.err = errors.New("http://example.com/1: HTTP 404 Not Found")
	m = drive(t, m, keys("f", "k")...)
	if len(m.problems) != 2 {
		t.Fatalf("two full texts failed: %q", m.problems)
	}
	lib.err = nil // the page is up
	m = drive(t, m, keys("f")...)
	if !strings.Contains(screen(m), "Full text kept") {
		t.Fatalf("f again:\n%s", screen(m))
	}
	if len(m.problems) != 1 || !strings.Contains(m.problems[0], "example.com/1") {
		t.Fatalf("after the full text worked, ! lists %q; want the other article's failure alone", m.problems)
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

// Feeds that answer again drop out of ! and of the status line's count,
// whoever updated them (the reader's R, cron's lede update): ! listed
// every feed that had ever failed in the session ("6 problems" after
// the server came back, lede feeds showing no error). What loading met
// stays.
func TestRecoveredFeedsLeaveProblems(t *testing.T) {
	var names []string
	ff := &FeedsFailed{Of: 6}
	for i := range 6 {
		name := fmt.Sprintf("Feed %d", i)
		why := fmt.Sprintf("%s: cannot connect: connect: connection refused", name)
		names = append(names, why)
		ff.Feeds = append(ff.Feeds, name)
		ff.Errs = append(ff.Errs, errors.New(why))
	}
	lib := &feedErrLibrary{fakeLibrary: &fakeLibrary{next: newFake(6), err: ff}}
	bad := errors.New("bad.xml: not text (binary data or an unknown encoding)")
	for _, w := range []int{120, 60} {
		lib.mu.Lock()
		lib.err, lib.errs = ff, nil
		lib.mu.Unlock()
		m := newApp(newFake(6), Options{Style: StyleDark, Library: lib, Problems: []error{bad}})
		m.state.wait = func(dwellMsg) tea.Cmd { return nil }
		m = drive(t, m, runCmd(m.Init())...)
		m = drive(t, m, tea.WindowSizeMsg{Width: w, Height: 20})
		// The server stops: R fails every feed, and the library keeps it.
		lib.mu.Lock()
		lib.errs = slices.Clone(names)
		lib.mu.Unlock()
		m = drive(t, m, press("R"))
		if len(m.problems) != 7 {
			t.Fatalf("%d columns, the feeds failed: %q\n%s", w, m.problems, screen(m))
		}
		// It comes back: R updates them all.
		lib.mu.Lock()
		lib.err, lib.errs = nil, nil
		lib.mu.Unlock()
		m = drive(t, m, press("R"))
		// At 60 columns the message and the place in the list in words
		// leave no room for the count: the place stays (statusLine).
		said := "1 problem · !"
		if w < 120 {
			said = "article 1 of 6"
		}
		if s := screen(m); len(m.problems) != 1 || m.problems[0] != oneLine(bad.Error()) || !strings.Contains(s, said) {
			t.Fatalf("%d columns, the feeds answered again: %q\n%s", w, m.problems, s)
		}
		// Cron's lede update fails two, then updates them again.
		lib.mu.Lock()
		lib.errs = slices.Clone(names[:2])
		lib.mu.Unlock()
		m = drive(t, m, press("!"))
		if s := screen(m); m.mode != modeProblems || !strings.Contains(s, "3 problems") || !strings.Contains(s, names[1]) {
			t.Fatalf("%d columns, ! after cron failed two feeds: %q\n%s", w, m.problems, s)
		}
		m = drive(t, m, press("esc"))
		lib.mu.Lock()
		lib.errs = nil
		lib.mu.Unlock()
		m = drive(t, m, press("!"))
		if s := screen(m); len(m.problems) != 1 || strings.Contains(s, "Feed 1") || !strings.Contains(s, "1 problem") {
			t.Fatalf("%d columns, ! after cron updated them again: %q\n%s", w, m.problems, s)
		}
	}
}

// A full text that failed names its article in !, not only the page's
// address (a list of URLs said nothing of which stories they were): its
// title, one clean line of at most safe.MaxQuoted runes.
func TestFullTextProblemNamesTheArticle(t *testing.T) {
	src := newFake(3)
	src.arts[0].Title = "Drought \x1b[31mgrips\x1b[0m the\nvalley " + strings.Repeat("again ", 60)
	lib := &textFails{err: errors.New("http://example.com/0: HTTP 404 Not Found")}
	m, _ := startLib(t, src, lib, 120, 40)
	m = drive(t, m, keys("f")...)
	if len(m.problems) != 1 {
		t.Fatalf("problems after f failed: %q", m.problems)
	}
	p := m.problems[0]
	if !strings.Contains(p, "“Drought grips the valley again") || !strings.Contains(p, "example.com/0: HTTP 404") {
		t.Fatalf("the problem does not name the article and its page: %q", p)
	}
	if strings.ContainsAny(p, "\x1b\n") || len([]rune(p)) > 200 {
		t.Fatalf("the title is not one bounded clean line: %q", p)
	}
	m = drive(t, m, press("!"))
	if s := screen(m); !strings.Contains(s, "Drought grips the valley") {
		t.Fatalf("! does not name the article:\n%s", s)
	}
}

// An article removed elsewhere (its feed removed, pruned) takes its
// failed full text out of !: it listed the failure of an article that
// was gone. And the status line speaks of "the article you were
// reading" only where one was open, not where the list had the focus
// with that article beside it (it said so to someone in the list).
func TestRemovedElsewhereDropsItsProblems(t *testing.T) {
	gone := func(ids ...string) Source {
		next := &fakeSource{related: map[string][]store.Related{}}
		for _, a := range newFake(6).arts {
			if !slices.Contains(ids, a.ID) {
				next.arts = append(next.arts, a)
			}
		}
		return next
	}
	lib := &textFails{err: errors.New("http://example.com/1: HTTP 404 Not Found")}
	m, hd := startFollowing(t, newFake(6), lib, 120, 40)
	m = drive(t, m, keys("j", "f")...) // a1's full text fails, in the list
	if len(m.problems) != 1 {
		t.Fatalf("problems after f failed: %q", m.problems)
	}
	m = hd.deliver(t, m, &lib.fakeLibrary, Changes{Src: gone("a1", "a4", "a5")})
	if len(m.problems) != 0 {
		t.Fatalf("! still lists the failure of an article gone: %q", m.problems)
	}
	s := screen(m)
	if strings.Contains(s, "you were reading") || strings.Contains(s, "the open one") || !strings.Contains(s, "Changed elsewhere: 3 gone.") {
		t.Fatalf("removed elsewhere while in the list, not reading:\n%s", s)
	}
	// Reading one, it is told so.
	m = drive(t, m, keys("enter")...)
	cur := reading(m)
	m = hd.deliver(t, m, &lib.fakeLibrary, Changes{Src: gone("a1", "a4", "a5", cur)})
	if s := screen(m); !strings.Contains(s, "Removed elsewhere: the article you were reading.") {
		t.Fatalf("reading %s, removed elsewhere:\n%s", cur, s)
	}
}
