package library

import (
	"testing"
)

// BenchmarkKeptSearch is a search from the kept index read in part, as
// lede search makes it: the header and the parts of the query's terms.
//
//	LEDE_BENCH_LIBRARY=/tmp/copy-100k/lede/library.db go test -run '^$' -bench KeptSearch -benchtime 5x -cpuprofile /tmp/cpu.prof ./store/library
func BenchmarkKeptSearch(b *testing.B) {
	l := benchLibrary(b)
	for b.Loop() {
		ks, ok, err := l.KeptSearch(ctx)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
		if _, ok := ks.Search("cartel", 5); !ok {
			b.Fatal("not searched")
		}
	}
}
