package reader

import (
	"fmt"
	"strings"
	"time"

	"github.com/lede-reader/lede/store"
)

// deskSource is a small, fixed news desk for layout goldens and the
// end-to-end test: nine articles with sections, sources, dates, links,
// Markdown bodies of different lengths, and related stories given by hand
// (one pair of versions). It depends on nothing the store decides, so a
// change to ranking or parsing never rewrites a layout golden; the store's
// ranking has tests of its own.
func deskSource() *fakeSource {
	type story struct {
		id, title, section, source string
		date                       string
		paras                      int
		links                      []string
		extra                      string // Markdown after the opening paragraphs
	}
	stories := []story{
		{"storm", "Storm Ciarán Brings Record Winds to the Channel Coast", "World", "https://news.example/feed.xml", "2026-11-02", 14,
			[]string{"https://metoffice.example/warnings", "https://news.example/storm-live"},
			"## What comes next\n\nForecasters expect the wind to ease by Friday:\n\n- ferries resume on Thursday\n- schools reopen on Friday\n- rail lines are checked one by one\n"},
		{"ferries", "Ciarán: Ferries Cancelled as Gusts Reach 100 mph", "World", "https://wire.example/rss", "2026-11-02", 6,
			[]string{"https://wire.example/ferries"}, ""},
		{"rates", "Central Bank Holds Rates, Signals Cuts Next Year", "Business", "https://news.example/feed.xml", "2026-11-01", 9,
			nil, "> \"We will look through the rise in energy prices,\" the governor said.\n"},
		{"markets", "Markets Rally After the Rate Decision", "Business", "notes/markets.md", "2026-11-01", 4,
			[]string{"javascript:alert(1)"}, ""},
		{"cafe", "Café Owners in Zürich Count the Cost of a Quiet Summer", "Europe", "pages/zurich-cafes.html", "2026-10-28", 7, nil, ""},
		{"frog", "New Species of Frog Found in the Andes", "Science", "https://science.example/atom", "2026-10-20", 5,
			[]string{"https://science.example/frog", "mailto:desk@science.example"}, ""},
		{"fourday", "Opinion: Why the Four-Day Week Is Here to Stay, Whatever the Sceptics Say About Productivity", "Opinion", "notes/opinion.md", "", 8, nil, ""},
		{"housing", "Local Council Approves Riverside Housing Plan", "", "council.txt", "", 3, nil, ""},
		{"election", "Election Night: What to Watch For", "Politics", "https://news.example/feed.xml", "2026-11-03", 10, nil,
			"## The count\n\n1. exit poll at ten\n2. first results after midnight\n3. the last seats by morning\n"},
	}
	words := strings.Fields("the council said on Tuesday that its plan for the river would bring new homes and a wider path " +
		"while critics asked who would pay for the flood walls and how long the work would take before anyone could move in")
	f := &fakeSource{related: map[string][]store.Related{}}
	for i, s := range stories {
		var b strings.Builder
		for p := range s.paras {
			// Sentences of different lengths, the same on every run.
			n := 18 + (i*7+p*5)%23
			var sent []string
			for w := range n {
				sent = append(sent, words[(i*3+p*11+w)%len(words)])
			}
			text := strings.Join(sent, " ")
			fmt.Fprintf(&b, "%s%s.\n\n", strings.ToUpper(text[:1]), text[1:])
			if p == 1 && s.extra != "" {
				b.WriteString(s.extra + "\n")
			}
		}
		a := &store.Article{
			ID: s.id, Title: s.title, Section: s.section, Source: s.source,
			Body: b.String(), Links: s.links, Versions: 1,
		}
		a.Words = len(strings.Fields(a.Body))
		if s.date != "" {
			a.Published, _ = time.Parse(time.DateOnly, s.date)
		}
		f.arts = append(f.arts, a)
	}
	f.arts[0].Versions, f.arts[1].Versions = 2, 2
	rel := func(id string, score float64, version bool, why ...string) store.Related {
		a, _ := f.Get(id)
		return store.Related{ID: id, Title: a.Title, Score: score, Why: why, Version: version}
	}
	f.related = map[string][]store.Related{
		"storm":    {rel("ferries", 0.81, true, "Ciarán", "gusts", "Channel", "ferries"), rel("housing", 0.22, false, "flood", "river"), rel("election", 0.09, false, "Tuesday")},
		"ferries":  {rel("storm", 0.81, true, "Ciarán", "gusts", "Channel", "ferries"), rel("housing", 0.12, false, "river")},
		"rates":    {rel("markets", 0.64, false, "rate", "governor", "cuts"), rel("cafe", 0.18, false, "prices", "summer"), rel("fourday", 0.11, false, "productivity")},
		"markets":  {rel("rates", 0.64, false, "rate", "governor", "cuts"), rel("cafe", 0.15, false, "prices")},
		"cafe":     {rel("rates", 0.18, false, "prices", "summer"), rel("markets", 0.15, false, "prices")},
		"frog":     {rel("storm", 0.05, false, "rain")},
		"fourday":  nil, // no related stories: the rule says so, in one line
		"housing":  {rel("storm", 0.22, false, "flood", "river"), rel("election", 0.2, false, "council", "vote")},
		"election": {rel("housing", 0.2, false, "council", "vote"), rel("storm", 0.09, false, "Tuesday")},
	}
	return f
}
