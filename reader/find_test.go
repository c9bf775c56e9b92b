package reader

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// / in the article pane finds within the article: matches highlighted as
// one types, n and N between them (the article scrolled to each), enter
// keeps them, esc forgets them and a second esc goes back to the list; esc
// on the line goes back where the find began. / in the list still searches
// every article.
func TestFindInArticle(t *testing.T) {
	m := start(t, newFake(3), 120, 30)
	m = drive(t, m, press("enter"))
	m = drive(t, m, press("/"))
	if !m.article.Finding() || m.mode == modeSearch {
		t.Fatalf("/ in the article: finding %v, mode %v", m.article.Finding(), m.mode)
	}
	m = drive(t, m, typeText("paragraph 2")...) // 2, 20..29: 11 paragraphs of story 0
	if got := len(m.article.find.matches); got != 11 {
		t.Fatalf("%d matches, want 11", got)
	}
	if m.View().Cursor == nil || !strings.Contains(screen(m), "1/11") {
		t.Fatalf("no cursor or count on the find line:\n%s", screen(m))
	}
	m = drive(t, m, press("enter"))
	if m.article.Finding() || !m.article.HasFind() {
		t.Fatal("enter did not keep the matches")
	}
	first, _ := m.article.find.Current()
	m = drive(t, m, press("n"), press("n"))
	second, _ := m.article.find.Current()
	if reading(m) != "a0" || second <= first || m.article.offset > second || second >= m.article.offset+m.article.height {
		t.Fatalf("n n: reading %s, match on line %d (first %d), view %d+%d", reading(m), second, first, m.article.offset, m.article.height)
	}
	if !strings.Contains(screen(m), "3/11") || !strings.Contains(m.View().Content, m.styles.Match.Reverse(true).Render("Paragraph 2")) {
		t.Fatalf("the current match is not marked:\n%s", screen(m))
	}
	m = drive(t, m, press("N"))
	if line, _ := m.article.find.Current(); line >= second {
		t.Fatalf("N: match on line %d", line)
	}
	m = drive(t, m, press("esc"))
	if m.article.HasFind() || m.focus != focusArticle {
		t.Fatalf("esc: find %v, focus %v", m.article.HasFind(), m.focus)
	}
	m = drive(t, m, press("esc"))
	if m.focus != focusList {
		t.Fatalf("second esc: focus %v", m.focus)
	}
	// esc on the line: back where it began.
	m = drive(t, m, press("enter"), press("space"))
	at := m.article.offset
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("paragraph 29")...)
	m = drive(t, m, press("esc"))
	if m.article.offset != at || m.article.HasFind() {
		t.Fatalf("esc on the line: at %d, want %d", m.article.offset, at)
	}
	// n without a find is the next article.
	m = drive(t, m, press("n"))
	if reading(m) != "a1" {
		t.Fatalf("n without a find: reading %s", reading(m))
	}
	// No match says so.
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("zzz")...)
	if !strings.Contains(screen(m), "no match") {
		t.Fatalf("no match not said:\n%s", screen(m))
	}
}

// Every problem loading met is kept, once each: counted in the status
// line and listed by !, not only the last one.
func TestLoadProblems(t *testing.T) {
	m := newApp(newFake(2), Options{Style: StyleDark, Problems: []error{errors.New("a.xml: not a feed: unexpected EOF")}})
	m = drive(t, m, tea.WindowSizeMsg{Width: 100, Height: 24})
	m = drive(t, m, SourceMsg{Src: newFake(3), Loaded: 2, Total: 9, Err: errors.New("b.txt: not text"),
		Problems: []error{errors.New("a.xml: not a feed: unexpected EOF"), errors.New("b.txt: not text")}})
	m = drive(t, m, SourceMsg{Src: newFake(4), Loaded: 9, Total: 9, Done: true, Err: errors.New("c.html: too large\x1b[2J")})
	if len(m.problems) != 3 {
		t.Fatalf("problems %q", m.problems)
	}
	if !strings.Contains(screen(m), "3 problems · !") {
		t.Fatalf("no count in the status line:\n%s", screen(m))
	}
	m = drive(t, m, press("!"))
	s := screen(m)
	for _, p := range []string{"a.xml: not a feed", "b.txt: not text", "c.html: too large"} {
		if !strings.Contains(s, p) {
			t.Fatalf("! does not list %q:\n%s", p, s)
		}
	}
	checkTerminalSafe(t, "problems", m.View().Content)
	m = drive(t, m, press("esc"))
	if m.mode != modeBrowse {
		t.Fatalf("esc: mode %v", m.mode)
	}
	m = start(t, newFake(2), 100, 24)
	m = drive(t, m, press("!"))
	if m.mode != modeBrowse || m.status == "" {
		t.Fatalf("! with no problems: mode %v status %q", m.mode, m.status)
	}
}

// The help bar shows the find's own keys while it is open (every other
// key is a letter of the query: j went into it, esc cancels it), and n,
// N and esc clearing the matches once they are kept; at any width.
func TestFindHelpBar(t *testing.T) {
	bar := func(m app) string {
		lines := strings.Split(screen(m), "\n")
		return lines[len(lines)-1]
	}
	for _, size := range [][2]int{{100, 30}, {60, 20}} {
		m := start(t, newFake(3), size[0], size[1])
		m = drive(t, m, press("enter"), press("/"))
		m = drive(t, m, typeText("x")...)
		b := bar(m)
		if !strings.Contains(b, "enter keep matches") || !strings.Contains(b, "esc cancel") || strings.Contains(b, "scroll") || strings.Contains(b, "list") {
			t.Errorf("%dx%d, typing a find: help bar %q", size[0], size[1], b)
		}
		m = drive(t, m, typeText("paragraph")...)
		m = drive(t, m, press("enter"))
		b = bar(m)
		if !strings.Contains(b, "n/N next/previous match") || !strings.Contains(b, "esc clear find") || strings.Contains(b, "esc list") {
			t.Errorf("%dx%d, matches kept: help bar %q", size[0], size[1], b)
		}
		m = drive(t, m, press("esc"))
		if b = bar(m); strings.Contains(b, "match") || !strings.Contains(b, "scroll") {
			t.Errorf("%dx%d, find cleared: help bar %q", size[0], size[1], b)
		}
	}
}
