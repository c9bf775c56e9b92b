package reader

import "testing"

// Prefetching waits a moment after the key that asks for it, and only the
// latest asked runs: a reader moving on drops the ones before.
func TestPrefetchOnlyTheLatest(t *testing.T) {
	m := start(t, newFake(10), 120, 40)
	nm, _ := m.Update(press("j"))
	m = nm.(app)
	stale := m.prefetchSeq
	nm, _ = m.Update(press("j"))
	m = nm.(app)
	if m.prefetchSeq == stale {
		t.Fatal("j onto a rendered article asked for no prefetch")
	}
	if _, cmd := m.Update(prefetchMsg{seq: stale}); cmd != nil {
		t.Fatal("a prefetch asked before the last key ran")
	}
	if _, cmd := m.Update(prefetchMsg{seq: m.prefetchSeq}); cmd == nil {
		t.Fatal("the latest prefetch did not run")
	}
}
