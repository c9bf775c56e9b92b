package store_test

import (
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// A quoted phrase's snippet shows the phrase where the article has it,
// not its words apart: the BBC's BP report says "the high oil price
// alone" before "record oil prices".
func TestPhraseSnippetShowsThePhrase(t *testing.T) {
	st := bbcStore(t)
	for _, q := range []string{`"oil prices"`, `"interest rates"`, `"prime minister"`, `"oil prices" Opec`} {
		phrase := strings.ToLower(q[1:strings.LastIndexByte(q, '"')])
		hits := st.Search(q, 0)
		if len(hits) < 10 {
			t.Fatalf("%s: %d hits, too few to test", q, len(hits))
		}
		for _, h := range hits {
			a, _ := st.Get(h.ID)
			body := strings.ToLower(strings.Join(strings.Fields(store.PlainText(a.Body)), " "))
			if !strings.Contains(body, phrase) {
				continue // in its title only
			}
			if !strings.Contains(strings.ToLower(h.Snippet), phrase) {
				t.Errorf("%s: %q's snippet misses the phrase: %q", q, a.Title, h.Snippet)
			}
		}
	}
}

// The same, on an article of its own: the words apart come first, the
// phrase well past a snippet's length; its words are marked.
func TestPhraseSnippetOfOneArticle(t *testing.T) {
	body := "The price of oil rose in the morning. " + strings.Repeat("Traders watched the dollar and the weather all week. ", 8) +
		"By the close, oil prices had reached a four-month high."
	st := store.Build([]store.Article{{Title: "Markets close the week", Source: "A", Body: body}})
	hits := st.Search(`"oil prices"`, 1)
	if len(hits) != 1 {
		t.Fatalf("%d hits", len(hits))
	}
	h := hits[0]
	if !strings.Contains(h.Snippet, "oil prices had reached") {
		t.Errorf("snippet %q misses the phrase", h.Snippet)
	}
	var marked []string
	for _, m := range h.Marks {
		marked = append(marked, h.Snippet[m.Start:m.End])
	}
	if !strings.Contains(strings.Join(marked, " "), "oil prices") {
		t.Errorf("marks %q miss the phrase's words", marked)
	}
}
