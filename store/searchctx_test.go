package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/synth"
)

// cancelling is a BodySource that ends a search's context at the first
// text it is asked for, and counts what it gives after that.
type cancelling struct {
	*bodies
	stop  context.CancelFunc
	reads int
}

func (c *cancelling) Body(id string) (string, error) {
	c.reads++
	c.stop()
	return c.bodies.Body(id)
}

// A search whose context ends stops reading texts within a few: a phrase
// whose words many articles hold, spelt so, but none with what stands
// after it ("government]": the positions say nothing of what follows a
// phrase's last word) is checked in every such candidate's text, and the
// reader stops the search of what was typed before.
func TestSearchContextStops(t *testing.T) {
	arts := keepBodies(prepare(synth.Articles(600), nil))
	src := &cancelling{bodies: arts[0].BodyFrom.(*bodies), stop: func() {}}
	for i := range arts {
		if arts[i].BodyFrom != nil {
			arts[i].BodyFrom = src
		}
	}
	st := store.Build(arts)
	const q = `"government]"`
	src.reads = 0
	if hits := st.Search(q, 10); len(hits) != 0 || src.reads < 100 {
		t.Fatalf("the phrase: %d hits, %d texts read; want none, of many candidates", len(hits), src.reads)
	}
	ctx, stop := context.WithCancel(context.Background())
	src.reads, src.stop = 0, stop
	hits, err := st.SearchContext(ctx, q, 10)
	if !errors.Is(err, context.Canceled) || hits != nil || src.reads > 40 {
		t.Fatalf("stopped at the first text: %d hits, %v, %d texts read", len(hits), err, src.reads)
	}
	if _, err := st.SearchContext(ctx, "government", 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("a search begun after its context ended: %v", err)
	}
	want := st.Search("government minister", 10)
	got, err := st.SearchContext(context.Background(), "government minister", 10)
	if err != nil || !slices.EqualFunc(got, want, func(a, b store.Hit) bool { return a.ID == b.ID && a.Score == b.Score }) {
		t.Fatalf("SearchContext and Search differ: %v", err)
	}
}

// TooCommon names the words a search leaves out (stop words), as
// written, once each; never a phrase's words, an exclusion, a prefix,
// or a word the index keeps ("US" in capitals is the country).
func TestTooCommon(t *testing.T) {
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"the", []string{"the"}},
		{"oil the The of", []string{"the", "The", "of"}},
		{"the the", []string{"the"}},
		{"cart", nil},
		{"the*", nil},
		{`"the oil"`, nil},
		{`"oil in the" of`, []string{"of"}},
		{"-the oil", nil},
		{"US", nil},
		// As the search parses them: a phrase glued to a word is a
		// phrase, a prefix of one letter is a word, a quote left open
		// runs to the end.
		{`oil"the market"`, nil},
		{"a*", []string{"a"}},
		{`oil "the`, []string{"the"}},
	} {
		if got := store.TooCommon(c.q); !slices.Equal(got, c.want) {
			t.Errorf("TooCommon(%q) = %q, want %q", c.q, got, c.want)
		}
	}
	st := store.Build(seedArticles(t))
	if hits := st.Search("the", 0); len(hits) != 0 {
		t.Errorf("the: %d hits; a word TooCommon names is searched", len(hits))
	}
}
