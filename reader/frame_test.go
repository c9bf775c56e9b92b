package reader

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// A key and what it sets off (prefetches, their renderings, related
// stories for articles not on screen) draw the screen fewer times than
// there are messages: those that change nothing give the frame drawn
// before (checkRedraw, in drive, holds each such frame to a fresh one).
func TestSettledKeyReusesTheFrame(t *testing.T) {
	m := start(t, seedSource(t), 120, 40)
	m = drive(t, m, press("j")) // the neighbours prefetched
	msgs, before := 0, m.frame.draws
	queue := []tea.Msg{press("j")}
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		nm, cmd := m.Update(msg)
		m = nm.(app)
		checkRedraw(t, m, msg)
		msgs++
		queue = append(queue, runCmd(cmd)...)
	}
	drawn := m.frame.draws - before
	if drawn < 1 || drawn >= msgs {
		t.Fatalf("j and what it set off: %d messages, %d frames drawn afresh; want at least one and fewer than the messages", msgs, drawn)
	}
}

// A message that changes nothing, handled after one that did but before
// the screen was drawn, does not hide the change.
func TestUnchangedKeepsAnEarlierChange(t *testing.T) {
	f := &lastFrame{have: true}
	f.changed()
	f.changed()
	f.unchanged()
	if !f.dirty {
		t.Fatal("a change before an unchanged message, with no view between, was lost")
	}
	f.dirty = false // drawn
	f.changed()
	f.unchanged()
	if f.dirty {
		t.Fatal("a message that changes nothing, after a drawn frame, asks for a new one")
	}
}

// heads counts the bodies a source is asked for, as a store of the
// library reads each from its file.
type heads struct {
	*fakeSource
	gets int
}

func (h *heads) Get(id string) (*store.Article, bool) {
	h.gets++
	return h.fakeSource.Get(id)
}

func (h *heads) Head(id string) (*store.Article, bool) { return h.fakeSource.Get(id) }

// A search's rows show titles, sources and dates: they read no article's
// text from a source that can give them without it.
func TestSearchRowsReadNoText(t *testing.T) {
	src := &heads{fakeSource: newFake(30)}
	items := hitItems(src.Search("paragraph", 100), src)
	if len(items) != 30 || items[0].art == nil || items[0].text.src == "" {
		t.Fatalf("rows: %d, first %+v", len(items), items[0])
	}
	if src.gets != 0 {
		t.Fatalf("the rows of a search read %d articles' text", src.gets)
	}
}

// flaky is a source whose text cannot be read while broken, as a store
// of the library gives an article whose body its file failed to give.
type flaky struct {
	*fakeSource
	broken bool
}

func (f *flaky) Get(id string) (*store.Article, bool) {
	a, ok := f.fakeSource.Get(id)
	if !ok || !f.broken {
		return a, ok
	}
	c := *a
	c.Body, c.Unreadable = "*The text of this article could not be read: disk I/O error.*", true
	return &c, true
}

// An article whose text could not be read shows its text once it can be
// read: the rendering of the failure is not kept as the article's.
func TestUnreadableIsNotKeptAsTheArticle(t *testing.T) {
	src := &flaky{fakeSource: newFake(3), broken: true}
	m := start(t, src, 120, 40)
	if s := screen(m); !strings.Contains(s, "could not be read") {
		t.Fatalf("the failure is not shown:\n%s", s)
	}
	src.broken = false
	m = drive(t, m, press("j"), press("k"))
	if s := screen(m); strings.Contains(s, "could not be read") || !strings.Contains(s, "Opening paragraph of story 0") {
		t.Fatalf("the text, readable again, is not shown:\n%s", s)
	}
}
