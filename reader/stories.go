package reader

import (
	"maps"
	"strconv"

	"github.com/lede-reader/lede/store"
)

// Stories in the headline list: one row per story, led by its earliest or
// fullest version (as the store leads it), with how many versions and
// sources tell it; V shows every version in place under the lead, and v
// compares them (compare.go).

// storySource is what a Source may offer beyond Source for stories:
// *store.Store does. A Source without it shows one row per article.
type storySource interface {
	Stories() []store.Story
	Compare(id string) (store.Comparison, bool)
}

// storyItems makes the list's rows of the articles shown (in their order):
// a story's first article in that order stands for the story, shown as its
// lead (the first of its versions that is shown); the others follow it
// only when the story is expanded.
func (m app) storyItems(arts []*store.Article) []listItem {
	ss, ok := m.src.(storySource)
	if !ok {
		return articleItems(arts)
	}
	shown := make(map[string]*store.Article, len(arts))
	for _, a := range arts {
		if a != nil {
			shown[a.ID] = a
		}
	}
	stories := map[string]store.Story{}
	for _, st := range ss.Stories() {
		if len(st.Versions) > 1 {
			stories[st.ID] = st
		}
	}
	items := make([]listItem, 0, len(arts))
	done := map[string]bool{}
	for _, a := range arts {
		if a == nil {
			continue
		}
		st, grouped := stories[a.Story]
		if !grouped {
			items = append(items, itemFor(a))
			continue
		}
		if done[st.ID] {
			continue
		}
		done[st.ID] = true
		var versions []*store.Article
		for _, id := range st.Versions {
			if v, ok := shown[id]; ok {
				versions = append(versions, v)
			}
		}
		lead := versions[0]
		meta := byline(lead, false)
		if n := len(st.Sources); n > 1 {
			meta = strconv.Itoa(n) + " sources · " + meta
		}
		it := itemFor(lead)
		it.meta, it.story, it.lead = meta, st.ID, true
		// The dense list's source column says how many tell the story.
		if n := len(st.Sources); n > 1 {
			it.src = strconv.Itoa(n) + " sources"
		} else {
			it.src = strconv.Itoa(len(st.Versions)) + " versions"
		}
		items = append(items, it)
		if m.expanded[st.ID] {
			for _, v := range versions[1:] {
				it := itemFor(v)
				it.story = st.ID
				items = append(items, it)
			}
		}
	}
	return items
}

// toggleVersions shows or hides the versions of the selected headline's
// story under its lead, keeping the cursor on the story.
func (m *app) toggleVersions() {
	id, ok := m.list.Selected()
	if !ok {
		return
	}
	a, ok := m.src.Get(id)
	if !ok || a.Versions < 2 {
		m.setStatus("This story has one version.", false)
		return
	}
	if _, ok := m.src.(storySource); !ok {
		return
	}
	expanded := maps.Clone(m.expanded)
	if expanded == nil {
		expanded = map[string]bool{}
	}
	keep := id
	if expanded[a.Story] {
		delete(expanded, a.Story)
		// Back on the lead: the row the versions folded into.
		if i := m.list.indexOf(id); i >= 0 {
			for j := i; j >= 0; j-- {
				if it := m.list.items[j]; it.story == a.Story && it.lead {
					keep = it.id
					break
				}
			}
		}
	} else {
		expanded[a.Story] = true
		m.setStatus(strconv.Itoa(a.Versions)+" versions of this story: "+m.keys.Compare.Help().Key+" compares them.", false)
	}
	m.expanded = expanded
	m.list.SetItems(m.listItems(), keep)
}

// count says how many rows the list has: stories where it groups versions
// into one row, else articles.
func (m listModel) count() string {
	grouped := false
	rows := 0
	for _, it := range m.items {
		if it.story != "" {
			grouped = true
			if !it.lead {
				continue // a version shown under its lead is no row of its own
			}
		}
		rows++
	}
	switch {
	case !grouped:
		return plural(len(m.items), "article")
	case rows == 1:
		return "1 story"
	}
	return strconv.Itoa(rows) + " stories"
}
