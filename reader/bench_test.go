package reader

import (
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// The BBC corpus (2,225 articles) lives outside the repository; the
// benchmarks that need it skip without it.
const bbcDir = "../../shared/corpora/bbc"

var (
	bbcOnce  sync.Once
	bbcStore *store.Store
)

func bbcSource(b testing.TB) Source {
	b.Helper()
	if _, err := os.Stat(bbcDir); err != nil {
		b.Skip("BBC corpus not found at " + bbcDir)
	}
	bbcOnce.Do(func() {
		arts, _ := ingest.LoadPath(bbcDir)
		bbcStore = store.Build(arts)
	})
	if bbcStore.Len() == 0 {
		b.Skip("the BBC corpus loaded no articles")
	}
	return bbcStore
}

// keystroke sends one key through Update and draws the frame, as Bubble Tea does
// for every message; it returns the commands Update asked for, not run.
func keystroke(m app, k tea.KeyPressMsg) (app, tea.Cmd) {
	nm, cmd := m.Update(k)
	m = nm.(app)
	_ = m.View()
	return m, cmd
}

// BenchmarkKeyMove: j in the headline list when the next article is
// already rendered (as prefetching makes it, usually): Update + View.
func BenchmarkKeyMove(b *testing.B) {
	m := start(b, bbcSource(b), 120, 40)
	const span = 200
	for range span { // render the first span articles, as prefetch would
		m = drive(b, m, press("j"))
	}
	m = drive(b, m, press("g"))
	j, g := press("j"), press("g")
	i := 0
	for b.Loop() {
		if i++; i%span == 0 {
			m, _ = keystroke(m, g)
			continue
		}
		m, _ = keystroke(m, j)
	}
}

// BenchmarkKeyMoveUnrendered: j onto an article never rendered: Update +
// View. The render is a command run off the update loop, so the keystroke
// shows the headline and byline at once; BenchmarkKeyMoveUntilShown times
// the rendering too.
func BenchmarkKeyMoveUnrendered(b *testing.B) {
	m := start(b, bbcSource(b), 120, 40)
	j := press("j")
	for b.Loop() {
		m.renders = newRenderQueue(renderCacheSize) // never rendered, every time
		if m.list.Cursor() == m.list.Len()-1 {
			m.list.MoveTo(0)
		}
		m, _ = keystroke(m, j)
	}
}

// BenchmarkKeyMoveUntilShown: j onto an article never rendered, until it
// is on screen: Update, the commands the key asked for run concurrently as
// Bubble Tea runs them (the glamour render, of the first screens and of the
// whole for a long article, and the related query), results through Update
// as they come, and View. The clock stops when the article's text is on
// screen; the rest is waited for untimed. This is the worst a keystroke in
// the list can cost; p99-ms and max-ms are over every article of the BBC
// corpus with -benchtime 2225x.
func BenchmarkKeyMoveUntilShown(b *testing.B) {
	m := start(b, bbcSource(b), 120, 40)
	j := press("j")
	var took []time.Duration
	defer func() { reportTail(b, took) }()
	for b.Loop() {
		m.renders = newRenderQueue(renderCacheSize) // never rendered, every time
		if m.list.Cursor() == m.list.Len()-1 {
			m.list.MoveTo(0)
		}
		t0 := time.Now()
		var cmd tea.Cmd
		m, cmd = keystroke(m, j)
		shown := false
		for msg := range runConcurrently(cmd) {
			nm, _ := m.Update(msg) // prefetches it asks for are left out
			m = nm.(app)
			if !shown && (m.article.ready || m.article.partial) {
				_ = m.View()
				took = append(took, time.Since(t0))
				shown = true
			}
		}
		if !m.article.ready {
			b.Fatal("article not rendered")
		}
	}
}

// runConcurrently runs cmd in a goroutine and every command of a batch it
// returns in one of its own, as Bubble Tea does. Their messages arrive on
// the channel, which is closed when all have finished.
func runConcurrently(cmd tea.Cmd) <-chan tea.Msg {
	out := make(chan tea.Msg, 16)
	var wg sync.WaitGroup
	var run func(c tea.Cmd)
	run = func(c tea.Cmd) {
		defer wg.Done()
		msg := c()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, sub := range batch {
				if sub != nil {
					wg.Add(1)
					go run(sub)
				}
			}
			return
		}
		if msg != nil {
			out <- msg
		}
	}
	if cmd != nil {
		wg.Add(1)
		go run(cmd)
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

// reportTail adds the 99th percentile and the worst of took to the
// benchmark's figures: a keystroke's budget is a frame every time, not on
// average.
func reportTail(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(took[len(took)*99/100]), "p99-ms")
	b.ReportMetric(ms(took[len(took)-1]), "max-ms")
}

// BenchmarkKeyScroll: j in the article pane on the longest BBC article.
func BenchmarkKeyScroll(b *testing.B) {
	src := bbcSource(b)
	m := start(b, src, 120, 40)
	longest := ""
	words := 0
	for _, a := range src.List() {
		if a.Words > words {
			longest, words = a.ID, a.Words
		}
	}
	m.list.Select(longest)
	m = drive(b, m, runCmd(m.jump(longest))...)
	m = drive(b, m, press("enter"))
	if len(m.article.lines) < 100 {
		b.Fatalf("longest article has %d lines", len(m.article.lines))
	}
	j, g := press("j"), press("g")
	for b.Loop() {
		if m.article.offset == m.article.maxOffset() {
			m, _ = keystroke(m, g)
			continue
		}
		m, _ = keystroke(m, j)
	}
}

// BenchmarkRender: one glamour rendering of a BBC article at the article
// pane's width for 120 columns, uncached.
func BenchmarkRender(b *testing.B) {
	arts := bbcSource(b).List()
	i := 0
	for b.Loop() {
		if _, err := RenderArticle(arts[i%len(arts)], 71, StyleDark); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkFirstFrame: from the embedded seed files to the first complete
// frame at 120x40: load and index the seeds, make the model, size it,
// render the first article and its related stories, draw.
func BenchmarkFirstFrame(b *testing.B) {
	for b.Loop() {
		arts, _ := ingest.LoadFS(seeds.FS)
		m := newApp(store.Build(arts), Options{Style: StyleDark})
		m.renders = newRenderQueue(renderCacheSize)
		nm, cmd := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		m = nm.(app)
		for _, msg := range append(runCmd(cmd), runCmd(m.Init())...) {
			nm, _ := m.Update(msg)
			m = nm.(app)
		}
		_ = m.View()
		if !m.article.ready || len(m.related.items) == 0 {
			b.Fatal("first frame incomplete")
		}
	}
}

// BenchmarkRenderLongest: the worst case of BenchmarkRender, the longest
// BBC article.
func BenchmarkRenderLongest(b *testing.B) {
	var longest *store.Article
	for _, a := range bbcSource(b).List() {
		if longest == nil || a.Words > longest.Words {
			longest = a
		}
	}
	for b.Loop() {
		if _, err := RenderArticle(longest, 71, StyleDark); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKeyMoveSettled: j in the list of the BBC corpus at 120x40 and
// everything it sets off (its prefetches, their renderings and related
// stories), each message through Update and then View, as Bubble Tea runs
// them: the CPU a key costs the reader, on the update loop and off it.
// draws/op counts the views drawn afresh; "every" draws a view after every
// message, as before the frame was kept for messages that change nothing.
func BenchmarkKeyMoveSettled(b *testing.B) {
	for _, keep := range []bool{true, false} {
		name := "kept"
		if !keep {
			name = "every"
		}
		b.Run(name, func(b *testing.B) {
			m := start(b, bbcSource(b), 120, 40)
			frame := &lastFrame{}
			if keep {
				m.frame = frame
			} else {
				m.frame = nil
			}
			j := press("j")
			draws := 0
			for b.Loop() {
				if m.list.Cursor() == m.list.Len()-1 {
					m.list.MoveTo(0)
				}
				m = settle(m, j, func(m app, _ tea.Msg) {
					before := frame.draws
					_ = m.View()
					if !keep || frame.draws > before {
						draws++
					}
				})
			}
			b.ReportMetric(float64(draws)/float64(b.N), "draws/op")
		})
	}
}
