package library

import (
	"strings"
	"testing"
)

// A 304 reads nothing, so it keeps the warnings the feed's last read gave
// as its last: the next read with content does not give them as new (under
// cron, a warning said after every 304).
func TestNotModifiedKeepsLastWarnings(t *testing.T) {
	l := openTemp(t)
	fs := newFeedServer(t)
	good := item{guid: "g1", link: fs.URL + "/page/1", title: "A story", body: "Its summary."}
	empty := item{guid: "g2"}
	fs.set("/f", good, empty)
	out, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/f"})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.NewWarnings) == 0 {
		t.Fatalf("add: no warning for an item with neither title nor text: %v", out.Warnings)
	}
	feeds, err := l.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	outs := l.Update(ctx, loader(), feeds, nil)
	if o := outs[0]; o.Err != nil || !o.Unchanged || len(o.NewWarnings) != 0 {
		t.Fatalf("update: err %v, unchanged %v, new warnings %v; want a quiet 304", o.Err, o.Unchanged, o.NewWarnings)
	}
	fs.set("/f", good, empty, item{guid: "g3", link: fs.URL + "/page/3", title: "Another story", body: "More."})
	outs = l.Update(ctx, loader(), feeds, nil)
	o := outs[0]
	if o.Err != nil || o.Unchanged || o.Added != 1 {
		t.Fatalf("update after a change: err %v, unchanged %v, added %d", o.Err, o.Unchanged, o.Added)
	}
	if len(o.Warnings) == 0 {
		t.Fatal("update after a change: the empty item's warning is gone")
	}
	if len(o.NewWarnings) != 0 {
		var lines []string
		for _, w := range o.NewWarnings {
			lines = append(lines, w.Error())
		}
		t.Fatalf("update after a 304 gives the old warning as new: %s", strings.Join(lines, "; "))
	}
}
