package store_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// The two seed reports of Valeria Márquez's killing disagree on the date
// of the shooting (May 13 / May 14): compare says so, and nothing else.
func TestCompareSeedsShowsTheDateClash(t *testing.T) {
	st := seedStore(t)
	v := find(t, st, "Valeria Márquez Killed")
	c, ok := st.Compare(v.ID)
	if !ok || len(c.Versions) != 2 {
		t.Fatalf("compare: %v %+v", ok, c.Versions)
	}
	if c.Story != v.Story {
		t.Errorf("story %q, want %q", c.Story, v.Story)
	}
	var dates []string
	for _, d := range c.Disagreements {
		if d.Kind == "date" {
			dates = append(dates, d.Values...)
		}
		t.Logf("%s: %v", d.Kind, d.Values)
	}
	if len(dates) != 2 || !strings.HasPrefix(dates[0], "May 1") || !strings.HasPrefix(dates[1], "May 1") || dates[0][:6] == dates[1][:6] {
		t.Errorf("date disagreement %v, want May 13 and May 14", dates)
	}
	if len(c.Disagreements) > 3 {
		t.Errorf("%d disagreements: most are noise %+v", len(c.Disagreements), c.Disagreements)
	}
	// Rows: every paragraph of each version appears once, in order.
	for k, ver := range c.Versions {
		a, _ := st.Get(ver.ID)
		if got := strings.Join(wordsOf(c.Rows[0].Cells[k]), " "); got != a0(st, ver.ID).Title {
			t.Errorf("the first row is not the title: %q", got)
		}
		var got []string
		for _, r := range c.Rows[1:] {
			for _, w := range r.Cells[k] {
				got = append(got, w.Text)
			}
		}
		if want := strings.Fields(store.PlainText(a.Body)); !slices.Equal(got, want) {
			t.Errorf("%s: rows do not hold its text in order", ver.ID)
		}
	}
	changed := 0
	for _, r := range c.Rows {
		for _, cell := range r.Cells {
			for _, w := range cell {
				if w.Changed {
					changed++
				}
			}
		}
	}
	if changed == 0 {
		t.Error("no word marked as differing")
	}
	// An article without versions compares with nothing.
	solo := find(t, st, "Seven Youths")
	if c, _ := st.Compare(solo.ID); len(c.Versions) != 1 || len(c.Disagreements) != 0 {
		t.Errorf("a lone article: %+v", c)
	}
	if _, ok := st.Compare("no-such-id"); ok {
		t.Error("unknown id compared")
	}
}

func TestCompareNumbersAndNames(t *testing.T) {
	a := store.Article{Title: "Seven killed in church shooting", Source: "A", Body: "Gunmen killed 7 people at a church festival in Irapuato on Tuesday, the mayor Lorena Alfaro said. Police found 40 shell casings.\n\nThe state has 12 municipalities on alert."}
	b := store.Article{Title: "Eight killed in church shooting", Source: "B", Body: "Gunmen killed 8 people at a church festival in Irapuato on Tuesday, mayor Lorena Alvarez said. Police found 40 shell casings.\n\nThe governor promised justice."}
	st := store.Build([]store.Article{a, b})
	first := st.List()[0]
	if first.Versions != 2 {
		t.Fatalf("not one story: %+v", st.List())
	}
	c, _ := st.Compare(first.ID)
	got := map[string][]string{}
	for _, d := range c.Disagreements {
		got[d.Kind] = append(got[d.Kind], d.Values...)
	}
	if !slices.Equal(got["number"], []string{"Seven killed", "Eight killed", "7 people", "8 people"}) {
		t.Errorf("numbers %v", got["number"])
	}
	if !slices.Equal(got["name"], []string{"Lorena Alfaro", "Lorena Alvarez"}) {
		t.Errorf("names %v", got["name"])
	}
	if len(got["date"]) != 0 {
		t.Errorf("dates %v", got["date"])
	}
	if len(c.Rows) != 4 { // the titles, the first paragraphs aligned, the second of each alone
		t.Errorf("%d rows", len(c.Rows))
	}
}

func wordsOf(cell []store.DiffWord) []string {
	out := make([]string, len(cell))
	for i, w := range cell {
		out[i] = w.Text
	}
	return out
}

func a0(st *store.Store, id string) *store.Article {
	a, _ := st.Get(id)
	return a
}

// A story of many copies compares a few of them, the one asked about
// among them, and says how many there are.
func TestCompareManyVersions(t *testing.T) {
	var arts []store.Article
	for i := range 12 {
		arts = append(arts, store.Article{Title: "Storm closes the port", Source: string(rune('A' + i)),
			Body: strings.Repeat("The storm closed the port of Dover on Monday and ferries stayed in harbour. ", 3) + strings.Repeat("x", i+1)})
	}
	st := store.Build(arts)
	last := st.List()[11]
	if last.Versions != 12 {
		t.Fatalf("%d versions", last.Versions)
	}
	c, _ := st.Compare(last.ID)
	if c.Total != 12 || len(c.Versions) != 8 || len(c.Rows[0].Cells) != 8 {
		t.Fatalf("total %d, %d compared, %d cells", c.Total, len(c.Versions), len(c.Rows[0].Cells))
	}
	found := false
	for _, v := range c.Versions {
		found = found || v.ID == last.ID
	}
	if !found {
		t.Error("the version asked about is not among those compared")
	}
}

// Headline-only versions compare by their titles: the links that stand for
// their bodies always differ and say nothing.
func TestCompareHeadlinesByTitle(t *testing.T) {
	day := time.Date(2014, 3, 10, 16, 0, 0, 0, time.UTC)
	var arts []store.Article
	for i, title := range []string{"Fed's Charles Plosser sees high bar for change in pace of tapering", "Fed's Plosser sees high bar for change in tapering pace"} {
		link := fmt.Sprintf("http://example%d.com/news/feds-plosser-tapering-%d.html", i, i)
		arts = append(arts, store.Article{Title: title, Source: fmt.Sprintf("Outlet %d", i), Body: "<" + link + ">", Links: []string{link}, Published: day})
	}
	st := store.Build(arts)
	first := st.List()[0]
	if first.Versions != 2 {
		t.Fatalf("not one story: %+v", st.List())
	}
	c, _ := st.Compare(first.ID)
	if len(c.Rows) != 1 {
		t.Errorf("%d rows, want the titles' alone: %+v", len(c.Rows), c.Rows)
	}
}

// A list's items are passages of their own, each led by its bullet or
// number: run together into one paragraph ("manipulated nicotine levels
// to increase addiction targeted teenagers with…") they say something
// else. The BBC's two reports of the tobacco ruling; one lists the
// government's claims.
func TestCompareKeepsListItems(t *testing.T) {
	var arts []store.Article
	for _, f := range []string{"business/291.txt", "business/010.txt"} {
		path := bbcDir + "/" + f
		if _, err := os.Stat(path); err != nil {
			t.Skipf("no BBC corpus at %s", bbcDir)
		}
		a, errs := ingest.LoadPath(path)
		if len(errs) > 0 || len(a) != 1 {
			t.Fatalf("%s: %d articles, %v", f, len(a), errs)
		}
		arts = append(arts, a...)
	}
	st := store.Build(arts)
	first := st.List()[0]
	c, _ := st.Compare(first.ID)
	if len(c.Versions) != 2 {
		t.Fatalf("not one story: %+v", c.Versions)
	}
	k := slices.IndexFunc(c.Versions, func(v store.VersionInfo) bool { return strings.HasPrefix(v.Title, "Tobacco giants") })
	var items []string
	for _, r := range c.Rows {
		if p := strings.Join(wordsOf(r.Cells[k]), " "); strings.HasPrefix(p, "•") {
			items = append(items, p)
		}
	}
	want := []string{
		"• manipulated nicotine levels to increase addiction",
		"• targeted teenagers with multi-billion dollar advertising campaigns",
		"• lied about the dangers of smoking and ignored research to the contrary.",
	}
	if !slices.Equal(items, want) {
		t.Errorf("list items compared as %q, want %q", items, want)
	}
}

// Ordered items keep their numbers, a heading stands alone, and a line of
// prose that opens with a number inside a paragraph stays in it.
func TestCompareListPassages(t *testing.T) {
	body := "The panel found:\n\n1. the dam was sound\n2. the gates\n   were shut late\n\n## What next\nThe report ran to\n2005. pages were added later.\n\n- one\n- [two](https://example.com/two)"
	a := store.Article{Title: "Flood report blames the gates", Source: "A", Body: body}
	b := store.Article{Title: "Flood report blames the gates", Source: "B", Body: body + "\n\nA later paragraph."}
	st := store.Build([]store.Article{a, b})
	c, _ := st.Compare(st.List()[0].ID)
	var got []string
	for _, r := range c.Rows[1:] {
		if r.Cells[0] != nil {
			got = append(got, strings.Join(wordsOf(r.Cells[0]), " "))
		}
	}
	want := []string{"The panel found:", "1. the dam was sound", "2. the gates were shut late", "What next", "The report ran to 2005. pages were added later.", "• one", "• two"}
	if !slices.Equal(got, want) {
		t.Errorf("passages %q,\nwant %q", got, want)
	}
}
