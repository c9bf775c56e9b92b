package reader

import (
	"errors"
	"fmt"
	"image/color"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe/termtest"
)

// odd is text that is hard to lay out or dangerous to print: wide and
// zero-width characters, emoji sequences, right-to-left text, combining
// marks, controls and escape sequences (which must never reach the frame).
var odd = []string{
	"東京都の会議", "한국어", "ｆｕｌｌｗｉｄｔｈ", "👨‍👩‍👧‍👦", "🇯🇵🇲🇽", "🏳️‍🌈", "👍🏽", "❤️",
	"עברית", "مرحبا بالعالم", "e\u0301\u0301\u0301", "a\u0308\u0332", "z\u200bw\u200dj", "\u2060", "\ufeff",
	"\u202eevil\u202c", "\u2067iso\u2069", "\x1b]0;title\x07", "\x1b]52;c;aGk=\x1b\\", "\x1b[2J", "\x1bc", "\u009b31m",
	"\a", "\x00", "\b\b", "\r", "\t", "\n", "\x7f", "\xff\xfe", "-", "*", "#", ">", "|", "`", "[x](javascript:y)",
	"word", "Márquez", " ", "a very long word " + strings.Repeat("x", 300),
}

func oddText(rng *rand.Rand, parts int) string {
	var b strings.Builder
	for range parts {
		b.WriteString(odd[rng.IntN(len(odd))])
		if rng.IntN(3) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// oddSource is a store of articles written in odd text, with Markdown that
// glamour has to work at, links of every scheme, versions, and related
// stories that point at articles that are not there.
func oddSource(rng *rand.Rand, n int) *fakeSource {
	f := &fakeSource{related: map[string][]store.Related{}}
	for i := range n {
		var body strings.Builder
		fmt.Fprintf(&body, "%s\n\n## %s\n\n- %s\n  - %s\n\n> %s\n\n```\n\t%s\n```\n\n| a | %s |\n|---|---|\n| %s | b |\n\n%s",
			oddText(rng, 20), oddText(rng, 3), oddText(rng, 4), oddText(rng, 4), oddText(rng, 8), oddText(rng, 3),
			oddText(rng, 2), oddText(rng, 2), oddText(rng, 30))
		a := &store.Article{
			ID: fmt.Sprintf("o%d", i), Title: oddText(rng, 1+rng.IntN(8)), Section: oddText(rng, rng.IntN(2)),
			Source: oddText(rng, 1), Words: rng.IntN(5000), Versions: 1 + rng.IntN(3), Body: body.String(),
			Links: []string{"javascript:alert(1)", "https://example.com/" + fmt.Sprint(i), "file:///etc/passwd", oddText(rng, 1)},
		}
		if i%4 == 0 {
			a.Title, a.Body = "", "" // nothing at all
		}
		f.arts = append(f.arts, a)
	}
	for i := range n {
		var rel []store.Related
		for range rng.IntN(12) {
			id := fmt.Sprintf("o%d", rng.IntN(n+2)) // some are not in the store
			rel = append(rel, store.Related{ID: id, Title: oddText(rng, 3), Score: rng.Float64()*1.5 - 0.2,
				Why: []string{oddText(rng, 1), oddText(rng, 1)}, Version: rng.IntN(3) == 0})
		}
		f.related[fmt.Sprintf("o%d", i)] = rel
	}
	return f
}

// randomKey is any key a terminal may send: the reader's keys, text in any
// script, control and alt combinations, function and media keys.
func randomKey(rng *rand.Rand) tea.KeyPressMsg {
	named := []string{"j", "k", "g", "G", "b", "f", "r", "o", "y", "L", "?", "/", "[", "]", "q", "1", "2", "9",
		"enter", "esc", "tab", "backspace", "space", "up", "down", "pgdown"}
	special := []rune{tea.KeyUp, tea.KeyDown, tea.KeyLeft, tea.KeyRight, tea.KeyHome, tea.KeyEnd, tea.KeyPgUp,
		tea.KeyPgDown, tea.KeyInsert, tea.KeyDelete, tea.KeyF1, tea.KeyF5, tea.KeyF12, tea.KeyF63, tea.KeyEnter,
		tea.KeyEscape, tea.KeyTab, tea.KeyBackspace, tea.KeySpace, tea.KeyBegin, tea.KeyKp0, tea.KeyCapsLock,
		tea.KeyMediaPlay, tea.KeyLeftShift, tea.KeyExtended}
	mods := []tea.KeyMod{tea.ModCtrl, tea.ModAlt, tea.ModShift, tea.ModCtrl | tea.ModAlt, tea.ModSuper, tea.ModCtrl | tea.ModShift}
	switch rng.IntN(6) {
	case 0, 1:
		return press(named[rng.IntN(len(named))])
	case 2: // text in any script, one grapheme or a few
		s := odd[rng.IntN(len(odd))]
		r := []rune(s)
		return tea.KeyPressMsg{Code: r[0], Text: s}
	case 3: // ctrl, alt, super with a letter or a digit
		c := rune('a' + rng.IntN(26))
		if rng.IntN(4) == 0 {
			c = rune('0' + rng.IntN(10))
		}
		return tea.KeyPressMsg{Code: c, Mod: mods[rng.IntN(len(mods))]}
	case 4:
		return tea.KeyPressMsg{Code: special[rng.IntN(len(special))], Mod: mods[rng.IntN(len(mods))] * tea.KeyMod(rng.IntN(2))}
	}
	r := rune(rng.IntN(0x3000))
	return tea.KeyPressMsg{Code: r, Text: string(r)}
}

func randomMouse(rng *rand.Rand, w, h int) tea.Msg {
	buttons := []tea.MouseButton{tea.MouseNone, tea.MouseLeft, tea.MouseMiddle, tea.MouseRight, tea.MouseWheelUp,
		tea.MouseWheelDown, tea.MouseWheelLeft, tea.MouseWheelRight, tea.MouseBackward, tea.MouseForward}
	m := tea.Mouse{X: rng.IntN(w+10) - 5, Y: rng.IntN(h+10) - 5, Button: buttons[rng.IntN(len(buttons))]}
	if rng.IntN(4) == 0 {
		m.Mod = tea.ModCtrl | tea.ModShift
	}
	switch rng.IntN(5) {
	case 0:
		return tea.MouseReleaseMsg(m)
	case 1:
		return tea.MouseMotionMsg(m)
	case 2:
		m.Button = []tea.MouseButton{tea.MouseWheelUp, tea.MouseWheelDown}[rng.IntN(2)]
		return tea.MouseWheelMsg(m)
	}
	if rng.IntN(3) > 0 {
		m.Button = tea.MouseLeft
	}
	return tea.MouseClickMsg(m)
}

// randomMsgs is the next thing that happens to the reader: usually one
// message, a typed query several.
func randomMsgs(rng *rand.Rand, m app, sources []Source) []tea.Msg {
	w, h := max(m.width, 1), max(m.height, 1)
	switch n := rng.IntN(100); {
	case n < 45:
		return []tea.Msg{randomKey(rng)}
	case n < 65:
		return []tea.Msg{randomMouse(rng, w, h)}
	case n < 75:
		if rng.IntN(10) == 0 {
			return []tea.Msg{tea.WindowSizeMsg{Width: rng.IntN(3), Height: rng.IntN(3)}}
		}
		return []tea.Msg{tea.WindowSizeMsg{Width: 1 + rng.IntN(400), Height: 1 + rng.IntN(120)}}
	case n < 80:
		return []tea.Msg{tea.PasteMsg{Content: oddText(rng, rng.IntN(12))}}
	case n < 85: // a query, typed
		msgs := []tea.Msg{press("/")}
		for _, r := range oddText(rng, 1+rng.IntN(3)) {
			msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		return msgs
	case n < 88:
		if rng.IntN(2) == 0 {
			return []tea.Msg{tea.FocusMsg{}}
		}
		return []tea.Msg{tea.BlurMsg{}}
	case n < 92: // a new snapshot, maybe an empty one
		msg := SourceMsg{Src: sources[rng.IntN(len(sources))], Loaded: rng.IntN(5), Total: rng.IntN(5), Done: rng.IntN(2) == 0}
		if rng.IntN(3) == 0 {
			msg.Err = errors.New("bad file " + oddText(rng, 3))
		}
		return []tea.Msg{msg}
	case n < 94:
		return []tea.Msg{tea.BackgroundColorMsg{Color: color.Gray{Y: uint8(rng.IntN(256))}}}
	case n < 97: // what a misbehaving store could answer: marks anywhere
		var hits []store.Hit
		for range rng.IntN(5) {
			id := fmt.Sprintf("o%d", rng.IntN(14))
			sp := []store.Span{{Start: rng.IntN(40) - 5, End: rng.IntN(40) - 5}}
			hits = append(hits, store.Hit{ID: id, Title: oddText(rng, 2), Snippet: oddText(rng, 4), TitleMarks: sp, Marks: sp})
		}
		return []tea.Msg{hitsMsg{seq: m.search.seq - rng.IntN(2), query: oddText(rng, 1), hits: hits}}
	}
	others := []tea.Msg{
		tea.ColorProfileMsg{Profile: colorprofile.ANSI}, tea.EnvMsg{"TERM=dumb"}, tea.ClipboardMsg{Content: oddText(rng, 2)},
		tea.CursorPositionMsg{X: 3, Y: 4}, tea.KeyReleaseMsg{Code: 'j'}, tea.PasteStartMsg{}, tea.PasteEndMsg{},
		tea.ModeReportMsg{}, tea.KeyboardEnhancementsMsg{}, tea.TerminalVersionMsg{Name: oddText(rng, 1)}, nil,
	}
	return []tea.Msg{others[rng.IntN(len(others))]}
}

// TestRandomMessages is the property test: thousands of random messages —
// keys of every kind, mouse events anywhere, resizes from 1x1 to 400x120,
// pastes and queries in odd scripts, focus changes, snapshot swaps to and
// from an empty store — and after each, View does not panic, draws exactly
// the terminal's height in lines none wider than the terminal, puts the
// cursor on screen, and carries no escape sequence but colour. The seed is
// fixed: a failure names its seed and step, and replays.
//
// LEDE_STEPS and LEDE_SEED run it longer, or from another seed:
//
//	LEDE_STEPS=100000 LEDE_SEED=7 go test ./reader -run TestRandomMessages
func TestRandomMessages(t *testing.T) {
	steps, seed := 3000, uint64(1)
	if raceEnabled || testing.Short() {
		steps = 300
	}
	if n, err := strconv.Atoi(os.Getenv("LEDE_STEPS")); err == nil {
		steps = n
	}
	if n, err := strconv.ParseUint(os.Getenv("LEDE_SEED"), 10, 64); err == nil {
		seed = n
	}
	rng := rand.New(rand.NewPCG(seed, 5))
	odd := oddSource(rng, 12)
	sources := []Source{odd, newFake(0), nil, oddSource(rng, 3), newFake(4), odd}
	m := start(t, odd, 80, 24)
	var last []string // the latest messages, to say how a failure came about
	for i := range steps {
		for _, msg := range randomMsgs(rng, m, sources) {
			last = append(last, fmt.Sprintf("%T %q", msg, fmt.Sprintf("%+v", msg)))
			if len(last) > 12 {
				last = last[1:]
			}
			var err error
			m, err = step(m, msg)
			if err != nil {
				t.Fatalf("seed %d, step %d: %v\nlast messages:\n  %s", seed, i, err, strings.Join(last, "\n  "))
			}
		}
	}
}

// step sends msg to the model, runs the commands it returns and sends their
// results back (so renders, searches and related stories arrive as they
// would), then checks the frame.
func step(m app, msg tea.Msg) (_ app, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	queue := []tea.Msg{msg}
	for n := 0; len(queue) > 0; n++ {
		if n > 1000 {
			return m, errors.New("messages beget messages without end")
		}
		next := queue[0]
		queue = queue[1:]
		nm, cmd := m.Update(next)
		m = nm.(app)
		queue = append(queue, runCmd(cmd)...)
	}
	return m, frameErr(m)
}

// frameErr is what is wrong with the model's frame, if anything.
func frameErr(m app) error {
	v := m.View()
	if m.width <= 0 || m.height <= 0 {
		if v.Content != "" {
			return fmt.Errorf("%dx%d: a frame with no room: %q", m.width, m.height, v.Content)
		}
		return nil
	}
	lines := strings.Split(v.Content, "\n")
	if len(lines) != m.height {
		return fmt.Errorf("%dx%d: %d lines", m.width, m.height, len(lines))
	}
	for i, l := range lines {
		if w := width(l); w > m.width {
			return fmt.Errorf("%dx%d: line %d is %d wide: %q", m.width, m.height, i, w, ansi.Strip(l))
		}
	}
	if c := v.Cursor; c != nil && (c.X < 0 || c.Y < 0 || c.X >= m.width || c.Y >= m.height) {
		return fmt.Errorf("%dx%d: cursor at %d,%d", m.width, m.height, c.X, c.Y)
	}
	for i, l := range lines {
		if err := termtest.Err(l, false); err != nil {
			return fmt.Errorf("%dx%d: line %d: %v: %q", m.width, m.height, i, err, l)
		}
	}
	return nil
}

// width is the columns l takes as the terminal draws it (see width.go).
func width(l string) int { return textWidth(l) }

// Found by TestRandomMessages: ansi.Truncate keeps a character with an emoji
// variation selector that StringWidth counts as two columns.
func TestCutKeepsWidth(t *testing.T) {
	defer clusters.Store(clusters.Load())
	for _, on := range []bool{false, true} {
		clusters.Store(on)
		for _, s := range []string{"2\ufe0f", "ᘿ2\ufe0f", "/ /مرحبا بالعالم ᘿ2\ufe0f", "#\ufe0f#\ufe0f#\ufe0f", "\x1b[1ma\ufe0fb\x1b[m",
			"👨\u200d👩\u200d👧\u200d👦 family", "🇺🇸🇲🇽 flags", "❤️ heart"} {
			for w := 0; w <= textWidth(s)+1; w++ {
				for _, got := range []string{cut(s, w, ""), cut(s, w, "…"), fit(s, w), block([]string{s}, w, 1)} {
					if textWidth(got) > w {
						t.Errorf("clusters %v: %q cut to %d is %q, %d wide", on, s, w, got, textWidth(got))
					}
				}
			}
		}
	}
}

// Found by TestRandomMessages: alt+d with the cursor on the last character
// of the query panicked in textinput.
func TestDeleteWordForwardAtEnd(t *testing.T) {
	m := start(t, newFake(3), 80, 24)
	m = drive(t, m, press("/"))
	m = drive(t, m, typeText("ab")...)
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyLeft}, {Code: 'd', Mod: tea.ModAlt}} {
		var err error
		if m, err = step(m, k); err != nil {
			t.Fatal(err)
		}
	}
	if q := m.search.Query(); q != "a" {
		t.Errorf("query %q, want a", q)
	}
	m = drive(t, m, tea.KeyPressMsg{Code: tea.KeyHome}, tea.KeyPressMsg{Code: tea.KeyDelete, Mod: tea.ModCtrl})
	if q := m.search.Query(); q != "" {
		t.Errorf("query %q after deleting the word", q)
	}
}
