package reader

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/lede-reader/lede/store"
)

// termSim does with a view what Bubble Tea's renderer does with it at each
// tick of its frame ticker, in the alternate screen: the view's text is
// parsed into a cell buffer, diffed against the screen before it and the
// difference written, here to a buffer. It is what a key costs after
// Update and View and before its answer reaches the terminal (Bubble Tea
// v2.1.1's cursedRenderer.flush, less its mode bookkeeping).
type termSim struct {
	buf uv.ScreenBuffer
	scr *uv.TerminalRenderer
	out bytes.Buffer
}

// newTermSim is a w x h terminal of the profile keylatency's pty gives
// (TERM=xterm-256color: 256 colours).
func newTermSim(w, h int, p colorprofile.Profile) *termSim {
	t := &termSim{buf: uv.NewScreenBuffer(w, h)}
	t.scr = uv.NewTerminalRenderer(&t.out, []string{"TERM=xterm-256color"})
	t.scr.SetColorProfile(p)
	t.scr.SetFullscreen(true)
	t.scr.SetRelativeCursor(false)
	t.scr.SetScrollOptim(true)
	t.scr.Resize(w, h)
	return t
}

// frame draws content as the renderer's flush does and returns the bytes
// it would write.
func (t *termSim) frame(content string) int {
	t.buf.Clear()
	uv.NewStyledString(content).Draw(t.buf, t.buf.Bounds())
	t.scr.Render(t.buf.RenderBuffer)
	_ = t.scr.Flush()
	n := t.out.Len()
	t.out.Reset()
	return n
}

// keyFrames times key k in the list at w x h, every time from the state
// prefetch leaves (the neighbours rendered, their related stories known):
// Update and View on the update loop (update-ms), then the terminal's
// frame on the renderer's goroutine (term-ms), the two costs between a key
// and its answer besides the wait for the ticker. What the key sets off
// (prefetch) runs after, untimed.
func keyFrames(b *testing.B, src Source, w, h int, k string) {
	m := start(b, src, w, h)
	term := newTermSim(w, h, colorprofile.ANSI256)
	term.frame(m.View().Content)
	const span = 40
	key := press(k)
	// j walks down from 0, k up from span: both over articles prefetch has
	// made ready on the way.
	reset := func(m app) app {
		m.list.MoveTo(0)
		for range span {
			m = drive(b, m, press("j"))
		}
		if k == "j" {
			m = drive(b, m, press("g"))
		}
		term.frame(m.View().Content)
		return m
	}
	m = reset(m)
	var update, draw time.Duration
	var written, moves int
	b.ReportAllocs()
	for b.Loop() {
		if c := m.list.Cursor(); k == "j" && c >= span || k == "k" && c == 0 {
			m = reset(m)
		}
		t0 := time.Now()
		nm, cmd := m.Update(key)
		m = nm.(app)
		v := m.View()
		t1 := time.Now()
		written += term.frame(v.Content)
		t2 := time.Now()
		update += t1.Sub(t0)
		draw += t2.Sub(t1)
		moves++
		for _, msg := range runCmd(cmd) {
			m = settle(m, msg, func(m app, _ tea.Msg) { term.frame(m.View().Content) })
		}
	}
	b.ReportMetric(float64(update.Microseconds())/1000/float64(moves), "update-ms")
	b.ReportMetric(float64(draw.Microseconds())/1000/float64(moves), "term-ms")
	b.ReportMetric(float64(written)/float64(moves), "bytes/key")
}

// BenchmarkKeyFrame: j and k in the list of the BBC corpus at 120x40 and
// 60x20, through Update, View and the terminal's frame (keyFrames).
func BenchmarkKeyFrame(b *testing.B) {
	src := bbcSource(b)
	for _, size := range []struct{ w, h int }{{120, 40}, {60, 20}} {
		for _, k := range []string{"j", "k"} {
			b.Run(k+"/"+fmt.Sprintf("%dx%d", size.w, size.h), func(b *testing.B) { keyFrames(b, src, size.w, size.h, k) })
		}
	}
}

// BenchmarkScaleKeyFrame: keyFrames at 120x40 at the sizes LEDE_BENCH_N
// lists.
func BenchmarkScaleKeyFrame(b *testing.B) {
	eachScale(b, func(b *testing.B, st *store.Store) {
		for _, k := range []string{"j", "k"} {
			b.Run(k, func(b *testing.B) { keyFrames(b, st, 120, 40, k) })
		}
	})
}

// BenchmarkKeyToScreen: j and k in the list of the BBC corpus at 120x40
// through a real Bubble Tea program — its input reader, event loop, frame
// ticker (120 fps) and renderer — each key written to its input 30 ms
// after its output went quiet, as keylatency does through a pty, and timed
// to the first byte of the answer on its output (p50-ms, p95-ms): what a
// key costs without the pty and the emulator. Beside BenchmarkKeyFrame's
// CPU it says how much of a key's answer is the wait for the ticker.
func BenchmarkKeyToScreen(b *testing.B) {
	src := bbcSource(b)
	for _, k := range []string{"j", "k"} {
		b.Run(k, func(b *testing.B) { keyToScreen(b, src, 120, 40, k) })
	}
}

func keyToScreen(b *testing.B, src Source, w, h int, k string) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	m := newApp(src, Options{Style: StyleDark})
	p := tea.NewProgram(m, tea.WithInput(inR), tea.WithOutput(outW), tea.WithWindowSize(w, h),
		tea.WithFPS(120), tea.WithoutSignalHandler(), tea.WithColorProfile(colorprofile.ANSI256),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}))
	chunks := make(chan time.Time, 1<<12)
	go func() {
		buf := make([]byte, 1<<16)
		for {
			n, err := outR.Read(buf)
			if n > 0 {
				chunks <- time.Now()
			}
			if err != nil {
				close(chunks)
				return
			}
		}
	}()
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	// quiet reads output until none has come for d.
	quiet := func(d time.Duration) {
		for {
			select {
			case <-chunks:
			case <-time.After(d):
				return
			}
		}
	}
	send := func(s string) time.Time {
		t := time.Now()
		if _, err := inW.Write([]byte(s)); err != nil {
			b.Fatal(err)
		}
		return t
	}
	quiet(300 * time.Millisecond)
	// j walks down from the top, k up from the bottom; every span keys the
	// walk starts again.
	const span = 200
	home := "g"
	if k == "k" {
		home = "G"
	}
	send(home)
	quiet(300 * time.Millisecond)
	var took []time.Duration
	for b.Loop() {
		if len(took)%span == span-1 {
			send(home)
			quiet(300 * time.Millisecond)
		}
		t := send(k)
		first, ok := <-chunks
		if !ok {
			b.Fatal("the program ended")
		}
		took = append(took, first.Sub(t))
		quiet(30 * time.Millisecond)
	}
	p.Quit()
	_ = inW.Close()
	go func() {
		for range chunks {
		}
	}()
	<-done
	_ = outW.Close()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkTermFrame: the renderer's part alone (termSim.frame) on the
// frames 40 j's draw at 120x40 on BBC ("lede"), and on blank screens of
// the same size ("blank"), at the 256 colours keylatency's pty has: what
// a frame costs Bubble Tea whatever lede draws in it.
func BenchmarkTermFrame(b *testing.B) {
	m := start(b, bbcSource(b), 120, 40)
	var frames []string
	for range 40 {
		m = drive(b, m, press("j"))
		frames = append(frames, m.View().Content)
	}
	blank := strings.Repeat(strings.Repeat(" ", 120)+"\n", 39) + strings.Repeat(" ", 120)
	for _, v := range []struct {
		name string
		of   func(i int) string
	}{
		{"lede", func(i int) string { return frames[i%len(frames)] }},
		{"blank", func(int) string { return blank }},
	} {
		b.Run(v.name, func(b *testing.B) {
			t := newTermSim(120, 40, colorprofile.ANSI256)
			i := 0
			for b.Loop() {
				t.frame(v.of(i))
				i++
			}
		})
	}
}

// typeFrames times typing word into the query line at w x h, letter by
// letter: the letter's Update and View (key-ms), the search and what it
// makes of its best result (search-ms, the command the letter asks for,
// run at once), and the results' Update and View (hits-ms), each on the
// update loop as Bubble Tea runs them; what the results set off
// (prefetch, snippets) runs after, each message drawn, untimed. key-ms
// and hits-ms are the update loop's part of a letter's answer, search-ms
// the rest of it.
func typeFrames(b *testing.B, src Source, w, h int, word string) {
	m := start(b, src, w, h)
	var key, search, hits time.Duration
	var letters int
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if i%len(word) == 0 {
			m = drive(b, m, press("esc"), press("/"))
		}
		k := press(word[i%len(word) : i%len(word)+1])
		i++
		t0 := time.Now()
		nm, cmd := m.Update(k)
		m = nm.(app)
		_ = m.View()
		t1 := time.Now()
		var later []tea.Msg
		var got *hitsMsg
		for _, msg := range runCmd(cmd) {
			if h, ok := msg.(hitsMsg); ok && got == nil {
				got = &h
				continue
			}
			later = append(later, msg)
		}
		t2 := time.Now()
		key += t1.Sub(t0)
		search += t2.Sub(t1)
		letters++
		if got != nil {
			t3 := time.Now()
			nm, cmd := m.Update(*got)
			m = nm.(app)
			_ = m.View()
			hits += time.Since(t3)
			later = append(later, runCmd(cmd)...)
		}
		for _, msg := range later {
			m = settle(m, msg, func(m app, _ tea.Msg) { _ = m.View() }) // drawn, as Bubble Tea draws each
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(letters) }
	b.ReportMetric(ms(key), "key-ms")
	b.ReportMetric(ms(search), "search-ms")
	b.ReportMetric(ms(hits), "hits-ms")
}

// BenchmarkTypeFrame: typing "government" on the BBC corpus at 120x40
// (typeFrames).
func BenchmarkTypeFrame(b *testing.B) { typeFrames(b, bbcSource(b), 120, 40, "government") }

// BenchmarkScaleTypeFrame: typeFrames at 120x40 at the sizes
// LEDE_BENCH_N lists.
func BenchmarkScaleTypeFrame(b *testing.B) {
	eachScale(b, func(b *testing.B, st *store.Store) { typeFrames(b, st, 120, 40, "government") })
}
