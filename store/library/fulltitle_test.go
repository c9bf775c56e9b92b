package library

import (
	"strings"
	"testing"
)

// A page fetched for an article's full text that opens with the
// headline (as its <h1>, or as a first paragraph) does not show it twice:
// the article's title is above the body already. A first paragraph that
// only starts with the title's words stays.
func TestFullTextDropsRepeatedTitle(t *testing.T) {
	s := newSwapServer(t)
	const paras = `<p>The river rose three metres overnight and the bridge at the mill was closed before dawn, the council said.</p>
<p>Residents of the lower town were moved to the school hall, where volunteers served breakfast to more than two hundred people.</p>
<p>Forecasters expect the rain to ease by the weekend, though the ground is too wet to take much more of it.</p>`
	s.put("/feed", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley News</title>
<item><guid>1</guid><link>`+s.URL+`/h1</link><title>Storm floods the valley</title><description>Summary one.</description></item>
<item><guid>2</guid><link>`+s.URL+`/p</link><title>Number 1 for the Mill’s bakery</title><description>Summary two.</description></item>
<item><guid>3</guid><link>`+s.URL+`/starts</link><title>Storm warning</title><description>Summary three.</description></item>
</channel></rss>`)
	s.put("/h1", "text/html", `<html><head><title>Valley News — front page</title></head><body><article><h1>Storm floods the valley</h1>`+paras+`</article></body></html>`)
	s.put("/p", "text/html", `<html><head><title>Valley News</title></head><body><article><p><strong>Number 1 for the mill's  bakery!</strong></p>`+paras+`</article></body></html>`)
	s.put("/starts", "text/html", `<html><head><title>Valley News</title></head><body><article><p>Storm warning issued for the valley as the river keeps rising through the night.</p>`+paras+`</article></body></html>`)
	l := openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: s.URL + "/feed", FullText: true}); err != nil {
		t.Fatal(err)
	}
	arts := byTitle(t, l)
	for _, title := range []string{"Storm floods the valley", "Number 1 for the Mill’s bakery"} {
		a := arts[title]
		if !strings.HasPrefix(a.Body, "The river rose") {
			t.Errorf("%q: the body does not open with its first paragraph:\n%s", title, a.Body)
		}
	}
	if a := arts["Storm warning"]; !strings.HasPrefix(a.Body, "Storm warning issued") {
		t.Errorf("a first paragraph that starts with the title went:\n%s", a.Body)
	}
}
