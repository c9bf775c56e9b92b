package store

import (
	"testing"
	"unsafe"
)

// TestIndexIsDense guards what the 100,000-article store's size rests
// on: a posting in 8 bytes (26 million of them), a term of an article as
// the build holds it in 12, and nothing of the vectors' build (the counts
// for related stories beside the postings) kept once they are made.
func TestIndexIsDense(t *testing.T) {
	if n := unsafe.Sizeof(posting{}); n != 8 {
		t.Errorf("a posting is %d bytes, want 8", n)
	}
	if n := unsafe.Sizeof(pcount{}); n != 12 {
		t.Errorf("a prepared article's term is %d bytes, want 12", n)
	}
	st := Build([]Article{
		{Title: "Oil prices rise", Body: "Oil prices rose on Monday as traders weighed supply."},
		{Title: "Oil falls back", Body: "Oil prices fell back on Tuesday, traders said."},
	})
	if st.ix.rels != nil {
		t.Error("the counts the vectors were built from are kept in the store")
	}
	if st.ix.vecs.terms(0) == 0 {
		t.Error("no vectors")
	}
}
