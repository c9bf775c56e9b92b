package store_test

import (
	"context"
	"reflect"
	"testing"
)

// A search with the snippets of its first hits only, its other snippets
// filled in after, gives what the whole search gives: the same hits in
// the same order, the same snippets and marks (words, prefixes as typed,
// phrases, exclusions).
func TestSnippetsLater(t *testing.T) {
	st := bbcStore(t)
	ctx := context.Background()
	for _, q := range []string{"gov*", "government", "interest rat*", `"prime minister"`, `"prime minister" bud*`, "mobile phone -music", "film award ceremony", "Blair Brown bud*", "mi*"} {
		want := st.Search(q, 100)
		if len(want) < 20 {
			t.Fatalf("%q: %d hits, too few to test", q, len(want))
		}
		const first = 7
		got, err := st.SearchSnippets(ctx, q, 100, first)
		if err != nil || len(got) != len(want) {
			t.Fatalf("%q: %d hits (%v), want %d", q, len(got), err, len(want))
		}
		for i := range got {
			if got[i].ID != want[i].ID || got[i].Score != want[i].Score || !reflect.DeepEqual(got[i].TitleMarks, want[i].TitleMarks) {
				t.Fatalf("%q: hit %d is %s (%v), want %s (%v)", q, i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
			}
			if i < first && (got[i].Snippet != want[i].Snippet || !reflect.DeepEqual(got[i].Marks, want[i].Marks)) {
				t.Fatalf("%q: hit %d's snippet %q, want %q", q, i, got[i].Snippet, want[i].Snippet)
			}
			if i >= first && (got[i].Snippet != "" || got[i].Marks != nil) {
				t.Fatalf("%q: hit %d has a snippet already: %q", q, i, got[i].Snippet)
			}
		}
		if err := st.Snippets(ctx, q, got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			for i := range got {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("%q: hit %d filled in as\n%+v\nwant\n%+v", q, i, got[i], want[i])
				}
			}
		}
	}
	stopped, cancel := context.WithCancel(ctx)
	cancel()
	hits, _ := st.SearchSnippets(ctx, "gov*", 100, 0)
	if err := st.Snippets(stopped, "gov*", hits); err == nil || hits[0].Snippet != "" {
		t.Fatalf("Snippets went on after its context ended: %v", err)
	}
}
