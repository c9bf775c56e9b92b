package store_test

import (
	"testing"

	"github.com/lede-reader/lede/store"
)

// A phrase whose last word is a pair of initials ("a.l") finds the text
// that holds it with more after it, as the index read it there: the end
// of the query is not the end of the text ("a.l" was read "a" and "l",
// and "h3.r > a.l" found nothing).
func TestPhraseEndingInInitials(t *testing.T) {
	st := store.Build([]store.Article{
		{ID: "nokogiri", Title: "Nokogiri", Body: "Then doc.search('h3.r > a.l').each do print the link."},
	})
	for _, q := range []string{`"h3.r > a.l"`, `"search('h3.r > a.l"`} {
		if hits := st.Search(q, 0); len(hits) != 1 {
			t.Errorf("Search(%s): %d hits, want the article that holds it", q, len(hits))
		}
	}
}
