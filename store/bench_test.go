package store_test

import (
	"testing"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// Benchmarks on the BBC corpus (skipped without ../shared) and the seeds.
// Each builds its own store, outside what is timed: the tests' shared
// one (bbcStore) is warmed by whatever ran before. Figures are in
// store/SPEED.md; reproduce with
//
//	go test -run '^$' -bench . -benchmem ./store/

func BenchmarkLoadAndIndexBBC(b *testing.B) {
	bbcArticles(b) // skip early without the corpus
	for b.Loop() {
		arts, _ := ingest.LoadPath(bbcDir)
		store.Build(arts)
	}
}

func BenchmarkIndexBBC(b *testing.B) {
	arts := bbcArticles(b)
	for b.Loop() {
		store.Build(arts)
	}
}

func BenchmarkLoadSeeds(b *testing.B) {
	for b.Loop() {
		arts, _ := ingest.LoadFS(seeds.FS)
		store.Build(arts)
	}
}

func BenchmarkRelatedBBC(b *testing.B) {
	st := store.Build(bbcArticles(b)) // its own: not warmed by the tests before
	list := st.List()
	i := 0
	for b.Loop() {
		st.Related(list[i%len(list)].ID, 10)
		i++
	}
}

func BenchmarkSearchBBC(b *testing.B) {
	st := store.Build(bbcArticles(b)) // its own: not warmed by the tests before
	queries := []string{"election", "Blair Brown budget", `"interest rates"`, "mobile phone -music", "film award ceremony", "Yukos"}
	i := 0
	for b.Loop() {
		st.Search(queries[i%len(queries)], 10)
		i++
	}
}

// BenchmarkPrepareBBC analyses and encodes every BBC article with one
// Analyzer and one Lexicon, as each core of a library's first start does
// for tens of thousands (store/library prepare.go): what a library pays
// per article to be prepared again after AnalysisVersion changes, its
// spellings met before (the first pass, which meets them, is not timed).
func BenchmarkPrepareBBC(b *testing.B) {
	arts := bbcArticles(b)
	z, lex := store.NewAnalyzer(), store.NewLexicon()
	for _, a := range arts {
		lex.Encode(z.Analyze(a.Title, a.Body))
	}
	for b.Loop() {
		for _, a := range arts {
			lex.Encode(z.Analyze(a.Title, a.Body))
		}
	}
}
