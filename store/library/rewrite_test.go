package library

import (
	"slices"
	"strings"
	"testing"
)

// An update that gets a feed's items again as they were (a server
// without validators answers 200 with the same feed) writes none of
// their rows; an item edited, in its title or only its text, is written,
// counted as a change, and read back as edited; so is the title of an
// article whose full text was fetched (its text stays the page's).
func TestUpdateWritesOnlyWhatChanged(t *testing.T) {
	fs := newFeedServer(t)
	items := []item{
		{guid: "a", title: "Harbour fire", body: "Eleven people died."},
		{guid: "b", title: "Spring tide", body: "The quay flooded."},
		{guid: "c", link: fs.URL + "/page/c", title: "Court ruling", body: "A summary."},
	}
	fs.set("/f", items...)
	l := openTemp(t)
	if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + "/f"}); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for title, a := range byTitle(t, l) {
		ids[title] = a.ID
	}
	if err := l.FetchFullText(ctx, loader(), ids["Court ruling"]); err != nil {
		t.Fatal(err)
	}
	// Every row this process writes to articles, seen on the connection
	// all its writes go through.
	l.writeMu.Lock()
	c, err := l.writer()
	if err == nil {
		_, err = c.ExecContext(ctx, `CREATE TEMP TABLE written (id TEXT)`)
	}
	if err == nil {
		_, err = c.ExecContext(ctx, `CREATE TEMP TRIGGER count_written AFTER UPDATE OF title, section, source, links, words, published, body ON main.articles BEGIN INSERT INTO written VALUES (new.id); END`)
	}
	l.writeMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	update := func(items ...item) (written []string) {
		t.Helper()
		fs.set("/f", items...) // a new version: a 200, not a 304
		feeds, err := l.Feeds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if outs := l.Update(ctx, loader(), feeds, nil); outs[0].Err != nil || outs[0].Unchanged || outs[0].Added != 0 {
			t.Fatalf("%+v", outs[0])
		}
		l.writeMu.Lock()
		defer l.writeMu.Unlock()
		rows, err := l.wconn.QueryContext(ctx, `SELECT id FROM written`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			rows.Scan(&id)
			written = append(written, id)
		}
		if _, err := l.wconn.ExecContext(ctx, `DELETE FROM written`); err != nil {
			t.Fatal(err)
		}
		slices.Sort(written)
		return written
	}
	before, err := l.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if w := update(items...); len(w) != 0 {
		t.Fatalf("the same items again rewrote %v", w)
	}
	edited := slices.Clone(items)
	edited[0].title = "Harbour fire: twelve dead" // the title
	edited[1].body = "The pier flooded."          // the text alone, its words as many
	edited[2].title = "Court ruling overturned"   // full text kept: its title
	want := []string{ids["Harbour fire"], ids["Spring tide"], ids["Court ruling"]}
	slices.Sort(want)
	if w := update(edited...); !slices.Equal(w, want) {
		t.Fatalf("edits wrote %v, want %v", w, want)
	}
	after, err := l.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	changed, err := l.Changed(ctx, before, after)
	if slices.Sort(changed); err != nil || !slices.Equal(changed, want) {
		t.Fatalf("changed %v (%v), want %v", changed, err, want)
	}
	now := byTitle(t, l)
	if now["Harbour fire: twelve dead"].ID != ids["Harbour fire"] || !strings.Contains(now["Spring tide"].Body, "pier") ||
		!strings.Contains(now["Court ruling overturned"].Body, "whole text of the story") {
		t.Fatalf("edits not read back as edited: %+v", now)
	}
	if w := update(edited...); len(w) != 0 {
		t.Fatalf("the edited items again rewrote %v", w)
	}
}
