package reader

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

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
