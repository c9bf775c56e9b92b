package reader

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/synth"
)

// Keystrokes at scale: a store of N articles (the seeds for 9, else a
// synthetic corpus from package synth), at the sizes LEDE_BENCH_N lists
// (9 and 2,225 by default):
//
//	LEDE_BENCH_N=100000 go test -run '^$' -bench Scale -benchtime 500x -timeout 1h ./reader/

var (
	scaleMu     sync.Mutex
	scaleStores = map[int]*store.Store{}
)

func scaleStore(n int) *store.Store {
	scaleMu.Lock()
	defer scaleMu.Unlock()
	if st, ok := scaleStores[n]; ok {
		return st
	}
	var arts []store.Article
	if n == 9 {
		arts, _ = ingest.LoadFS(seeds.FS)
	} else {
		arts = synth.Articles(n)
	}
	st := store.Build(arts)
	scaleStores[n] = st
	return st
}

func eachScale(b *testing.B, f func(b *testing.B, st *store.Store)) {
	list := os.Getenv("LEDE_BENCH_N")
	if list == "" {
		list = "9,2225"
	}
	for _, field := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			continue
		}
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) { f(b, scaleStore(n)) })
	}
}

// BenchmarkScaleKeyMove: j in the headline list through Update and View,
// the commands it asks for (render, related) left unrun, as the update
// loop leaves them to other goroutines: what one key costs the loop.
func BenchmarkScaleKeyMove(b *testing.B) {
	eachScale(b, func(b *testing.B, st *store.Store) {
		m := start(b, st, 120, 40)
		j, g := press("j"), press("g")
		var took []time.Duration
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			k := j
			if i++; i%500 == 0 || m.list.Cursor() >= m.list.Len()-1 {
				k = g
			}
			t0 := time.Now()
			m, _ = keystroke(m, k)
			took = append(took, time.Since(t0))
		}
		reportTail(b, took)
	})
}

// BenchmarkScaleKeyType: typing a search in the list, a letter at a time,
// through Update and View, with the search each letter asks for run and
// its results drawn: what a letter costs until its results are on screen.
func BenchmarkScaleKeyType(b *testing.B) {
	eachScale(b, func(b *testing.B, st *store.Store) {
		m := start(b, st, 120, 40)
		word := "government"
		var took []time.Duration
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			if i%len(word) == 0 {
				m = drive(b, m, press("esc"), press("/"))
			}
			t0 := time.Now()
			m = drive(b, m, press(word[i%len(word):i%len(word)+1]))
			took = append(took, time.Since(t0))
			i++
		}
		reportTail(b, took)
	})
}

// scaleLibrary is reading state as a year of use leaves it: every third
// article read, every fiftieth saved.
func scaleLibrary(st *store.Store) *fakeLibrary {
	lib := &fakeLibrary{marks: map[string]Mark{}, feeds: []string{"Desk"}}
	for i, a := range st.List() {
		if i%3 == 0 || i%50 == 0 {
			lib.marks[a.ID] = Mark{Read: i%3 == 0, Saved: i%50 == 0}
		}
	}
	return lib
}

// headlinesOnly is a store seen as lede's quick start gives it: a Source
// with no stories (the list one row an article).
type headlinesOnly struct{ Source }

// scaleApp is the reader on st at 120x40 with a library of marks, every
// command of the start run.
func scaleApp(b *testing.B, src Source, lib Library) app {
	m := newApp(src, Options{Style: StyleDark, Library: lib})
	m.open = func(string) error { return nil }
	m.state.wait = func(dwellMsg) tea.Cmd { return nil }
	m = drive(b, m, runCmd(m.Init())...)
	return drive(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
}

// BenchmarkScaleStart: the reader made on N headlines (as lede opens a
// large library, the store built behind it) with their reading state,
// sized and drawn: what the first frame with the list costs the loop,
// the article's render and related stories left to their commands.
func BenchmarkScaleStart(b *testing.B) {
	eachScale(b, func(b *testing.B, st *store.Store) {
		lib := scaleLibrary(st)
		src := headlinesOnly{st}
		b.ReportAllocs()
		for b.Loop() {
			m := newApp(src, Options{Style: StyleDark, Library: lib})
			nm, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			if v := nm.View(); !strings.Contains(v.Content, "unread") {
				b.Fatal("no list header on the first frame")
			}
		}
	})
}

// BenchmarkScaleSwap: the store of N articles arriving in a reader opened
// on their headlines (the list grouped into stories, the selection and
// the article kept), through Update and View.
func BenchmarkScaleSwap(b *testing.B) {
	eachScale(b, func(b *testing.B, st *store.Store) {
		lib := scaleLibrary(st)
		m := scaleApp(b, headlinesOnly{st}, lib)
		b.ReportAllocs()
		for b.Loop() {
			nm, _ := m.Update(SourceMsg{Src: st, Loaded: 1, Total: 1, Done: true})
			_ = nm.View()
		}
	})
}

// BenchmarkScaleKeyOther: the list's keys that redo the list or count the
// library, each through Update and View at N: esc leaving a search
// (every article again), m marking the headline read, u showing unread
// only and all again, / and a letter. What they ask for (the search, a
// render) is run untimed, as the update loop leaves it to other
// goroutines. p99-ms and max-ms are over all of them.
func BenchmarkScaleKeyOther(b *testing.B) {
	eachScale(b, func(b *testing.B, st *store.Store) {
		m := scaleApp(b, st, scaleLibrary(st))
		m = drive(b, m, press("/"), press("a"))
		seq := []tea.KeyPressMsg{press("esc"), press("m"), press("u"), press("u"), press("/"), press("a")}
		var took []time.Duration
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			k := seq[i%len(seq)]
			i++
			t0 := time.Now()
			var cmd tea.Cmd
			m, cmd = keystroke(m, k)
			took = append(took, time.Since(t0))
			m = drive(b, m, runCmd(cmd)...)
		}
		reportTail(b, took)
	})
}

// BenchmarkScaleMarkAll: A then z on the whole list of N, each through
// Update and View; the batch they hand off (every article's mark, the
// library's write) run untimed, as the update loop leaves it to another
// goroutine. p99-ms and max-ms are over both keys.
func BenchmarkScaleMarkAll(b *testing.B) {
	eachScale(b, func(b *testing.B, st *store.Store) {
		m := scaleApp(b, st, scaleLibrary(st))
		seq := []tea.KeyPressMsg{press("A"), press("z")}
		var took []time.Duration
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			k := seq[i%len(seq)]
			i++
			t0 := time.Now()
			var cmd tea.Cmd
			m, cmd = keystroke(m, k)
			took = append(took, time.Since(t0))
			m = drive(b, m, runCmd(cmd)...)
		}
		reportTail(b, took)
	})
}
