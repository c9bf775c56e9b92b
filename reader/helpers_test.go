package reader

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// fakeSource is a Source over a fixed slice: related stories are given by
// hand, search is a case-insensitive substring match with marks. Model
// tests run on it so they say what they test without depending on the
// store's ranking.
type fakeSource struct {
	arts    []*store.Article
	related map[string][]store.Related
	// searches counts Search calls, to check that queries go through a Cmd.
	mu       sync.Mutex
	searches int
}

func (f *fakeSource) List() []*store.Article { return f.arts }

func (f *fakeSource) Get(id string) (*store.Article, bool) {
	for _, a := range f.arts {
		if a.ID == id {
			return a, true
		}
	}
	return nil, false
}

func (f *fakeSource) Related(id string, n int) []store.Related {
	r := f.related[id]
	return r[:min(n, len(r))]
}

func (f *fakeSource) Search(q string, n int) []store.Hit {
	f.mu.Lock()
	f.searches++
	f.mu.Unlock()
	// A substring search: a prefix* is matched like any word.
	q = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(q)), "*")
	var hits []store.Hit
	if q == "" {
		return nil
	}
	for _, a := range f.arts {
		t, b := strings.ToLower(a.Title), strings.ToLower(a.Body)
		h := store.Hit{ID: a.ID, Title: a.Title}
		if i := strings.Index(t, q); i >= 0 && len(t) == len(a.Title) {
			h.Score, h.TitleMarks = 2, []store.Span{{Start: i, End: i + len(q)}}
		}
		if i := strings.Index(b, q); i >= 0 && len(b) == len(a.Body) {
			h.Score++
			st, en := max(i-20, 0), min(i+len(q)+40, len(b))
			for st > 0 && b[st]&0xC0 == 0x80 {
				st--
			}
			for en < len(b) && b[en]&0xC0 == 0x80 {
				en++
			}
			h.Snippet = a.Body[st:en]
			h.Marks = []store.Span{{Start: i - st, End: i - st + len(q)}}
		}
		if h.Score > 0 {
			hits = append(hits, h)
		}
	}
	// Title matches first, then store order: a stable ranking.
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].Score > hits[j-1].Score; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	if n <= 0 {
		return hits // every one, as the store's
	}
	return hits[:min(n, len(hits))]
}

// newFake makes n articles "a0".."a{n-1}" with long bodies; each is related
// to the next two (the first of them a version).
func newFake(n int) *fakeSource {
	f := &fakeSource{related: map[string][]store.Related{}}
	for i := range n {
		var body strings.Builder
		fmt.Fprintf(&body, "Opening paragraph of story %d about topic%d.\n\n", i, i%3)
		for p := range 30 {
			fmt.Fprintf(&body, "Paragraph %d of story %d, long enough to wrap at any width the pane may have on screen.\n\n", p, i)
		}
		a := &store.Article{
			ID: fmt.Sprintf("a%d", i), Title: fmt.Sprintf("Story number %d", i), Section: "World",
			Source: fmt.Sprintf("feed/%d.txt", i), Words: 600 + i, Versions: 1, Body: body.String(),
		}
		if i%2 == 0 {
			a.Links = []string{fmt.Sprintf("https://example.com/story/%d", i)}
		}
		f.arts = append(f.arts, a)
	}
	for i := range n {
		var rel []store.Related
		for d := 1; d <= 2 && n > 1; d++ {
			j := (i + d) % n
			if j == i {
				continue
			}
			rel = append(rel, store.Related{ID: fmt.Sprintf("a%d", j), Title: fmt.Sprintf("Story number %d", j),
				Score: 0.8 / float64(d), Why: []string{"Sheinbaum", "sovereignty"}, Version: d == 1})
		}
		f.related[fmt.Sprintf("a%d", i)] = rel
	}
	return f
}

var (
	seedOnce  sync.Once
	seedStore *store.Store
)

// seedSource is a real store built from the real seed files, for golden
// files and benchmarks that should look like what a person sees.
func seedSource(t testing.TB) Source {
	t.Helper()
	seedOnce.Do(func() {
		arts, _ := ingest.LoadFS(seeds.FS)
		seedStore = store.Build(arts)
	})
	if seedStore.Len() == 0 {
		t.Skip("the store has no seed articles yet")
	}
	return seedStore
}

// Keys as a terminal sends them.
func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(s)
	if len(r) != 1 {
		panic("press: unknown key " + s)
	}
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

func typeText(s string) []tea.Msg {
	var msgs []tea.Msg
	for _, r := range s {
		msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return msgs
}

func keys(ks ...string) []tea.Msg {
	msgs := make([]tea.Msg, len(ks))
	for i, k := range ks {
		msgs[i] = press(k)
	}
	return msgs
}

// start makes the app at w x h and lets everything it asks for finish.
func start(t testing.TB, src Source, w, h int) app {
	t.Helper()
	m := newApp(src, Options{Style: StyleDark})
	m.open = func(string) error { return nil }
	m = drive(t, m, runCmd(m.Init())...)
	return drive(t, m, tea.WindowSizeMsg{Width: w, Height: h})
}

// drive feeds msgs to Update one by one and runs every command they return,
// feeding the results back, until nothing is left: the model a person would
// see once the screen settles. Commands that block (waiting on a channel)
// are abandoned after a while.
func drive(t testing.TB, m app, msgs ...tea.Msg) app {
	t.Helper()
	for _, msg := range msgs {
		m = settle(m, msg, func(m app, msg tea.Msg) { checkRedraw(t, m, msg) })
		checkView(t, m)
	}
	return m
}

// settle feeds msg to Update, then every message its commands give, and
// theirs, until nothing is left, calling after with the model each
// message made.
func settle(m app, msg tea.Msg, after func(app, tea.Msg)) app {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		nm, cmd := m.Update(next)
		m = nm.(app)
		after(m, next)
		queue = append(queue, runCmd(cmd)...)
	}
	return m
}

// cmdTimeout is how long runCmd waits for a command before it calls the
// test broken. It never drops a slow command: a render that was dropped
// would make every "not shown" assertion pass for nothing. It is not a
// measure of speed, only a bound on a hang (a command waiting on a channel
// nobody feeds), far beyond the slowest render under the race detector.
var cmdTimeout = 2 * time.Minute

func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(cmdTimeout):
		panic(fmt.Sprintf("runCmd: a command did not return in %v (it waits on something no test feeds)", cmdTimeout))
	}
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// checkRedraw asks for a view after a message, as Bubble Tea does, and
// holds it to a fresh drawing: a message Update said changes nothing on
// screen (the frame drawn before is given again) must change nothing.
func checkRedraw(t testing.TB, m app, msg tea.Msg) {
	t.Helper()
	got, want := m.View(), m.draw()
	if got.Content != want.Content {
		t.Fatalf("after %T the frame drawn before was given again, and the screen had changed:\n%s\n--- drawn afresh:\n%s", msg, ansi.Strip(got.Content), ansi.Strip(want.Content))
	}
	if (got.Cursor == nil) != (want.Cursor == nil) || got.Cursor != nil && got.Cursor.Position != want.Cursor.Position {
		t.Fatalf("after %T the frame drawn before was given again, and the cursor had moved: %+v, drawn afresh %+v", msg, got.Cursor, want.Cursor)
	}
}

// checkView asserts the one rule every frame obeys: exactly height lines,
// none wider than the terminal.
func checkView(t testing.TB, m app) {
	t.Helper()
	v := m.View().Content
	if m.width <= 0 || m.height <= 0 {
		return
	}
	lines := strings.Split(v, "\n")
	if len(lines) != m.height {
		t.Fatalf("%dx%d: view has %d lines", m.width, m.height, len(lines))
	}
	for i, l := range lines {
		if w := textWidth(l); w > m.width {
			t.Fatalf("%dx%d: line %d is %d wide: %q", m.width, m.height, i, w, ansi.Strip(l))
		}
	}
}

func screen(m app) string { return ansi.Strip(m.View().Content) }

func selected(m app) string {
	id, _ := m.list.Selected()
	return id
}

func reading(m app) string {
	id, _ := m.currentID()
	return id
}
