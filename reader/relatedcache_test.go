package reader

import (
	"errors"
	"testing"

	"github.com/lede-reader/lede/store"
)

func TestRelatedCache(t *testing.T) {
	f := newFake(4)
	c := newRelatedCache(nil)
	cmd := c.Ask(f, "a0")
	if cmd == nil {
		t.Fatal("nothing asked")
	}
	if c.Ask(f, "a0") != nil {
		t.Fatal("asked twice while the first answer is on its way")
	}
	msg := cmd().(relatedMsg)
	if !c.Take(msg) {
		t.Fatal("the answer to the current snapshot was refused")
	}
	if items, ok := c.Get("a0"); !ok || len(items) != 2 || items[0].ID != "a1" {
		t.Fatalf("a0: %+v %v", items, ok)
	}
	if c.Ask(f, "a0") != nil {
		t.Fatal("asked again for what is known")
	}

	// A new snapshot: everything is asked again, and answers about the old
	// one are dropped.
	old := c.Ask(f, "a1")
	c.Reset()
	if _, ok := c.Get("a0"); ok {
		t.Fatal("kept across snapshots")
	}
	if c.Take(old().(relatedMsg)) {
		t.Fatal("an answer about an older snapshot was taken")
	}
	if _, ok := c.Get("a1"); ok {
		t.Fatal("an answer about an older snapshot was kept")
	}

	// A failure is not kept: the next Ask tries again.
	cmd = c.Ask(f, "a2")
	c.Take(relatedMsg{gen: c.gen, id: "a2", err: errors.New("boom")})
	if _, ok := c.Get("a2"); ok || c.Ask(f, "a2") == nil {
		t.Fatal("a failed answer was kept")
	}
	_ = cmd
}

// The article itself and empty IDs never come back as related.
func TestRelatedCmdFilters(t *testing.T) {
	f := newFake(3)
	f.related["a0"] = []store.Related{{ID: "a0"}, {ID: ""}, {ID: "a2"}}
	msg := relatedCmd(f, 0, "a0", &ask{})().(relatedMsg)
	if len(msg.items) != 1 || msg.items[0].ID != "a2" {
		t.Fatalf("%+v", msg.items)
	}
}

// A prefetch still waiting when a new snapshot comes is dropped: run
// later, it asks the old snapshot nothing and brings no answer.
func TestRelatedPrefetchDroppedOnReset(t *testing.T) {
	f := &gateSource{fakeSource: newFake(4), release: make(chan struct{})}
	close(f.release)
	c := newRelatedCache(nil)
	old := c.Prefetch(f, "a1")
	if old == nil {
		t.Fatal("nothing prefetched")
	}
	c.Reset()
	if msg := old(); msg != nil || f.most.Load() != 0 {
		t.Fatalf("a prefetch about the old snapshot ran after Reset: %+v", msg)
	}
	if c.Ask(f, "a1") == nil {
		t.Fatal("a1 is never asked of the new snapshot")
	}
}
