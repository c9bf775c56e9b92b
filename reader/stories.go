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
// a story's lead (the first of its versions, in the store's lead order,
// that is shown) stands for the story, where the lead stands in that
// order, as lede list --stories places it; the others follow it only
// when the story is expanded. (The story stood where its first article
// in the list's order stood, its lead's title and date on that row: in
// a list newest first, a story of a version of Jan 3 led by one of Jan 2
// topped rows of Jan 3, "newest first" out of order, and 80 rows above
// where lede list put it.)
func (m app) storyItems(arts []*store.Article) []listItem {
	groups := m.groups()
	if len(groups) == 0 {
		return articleItems(arts)
	}
	// The shown articles of stories of several versions: a few in a
	// hundred, so the rest cost a comparison each.
	shown := map[string]*store.Article{}
	for _, a := range arts {
		if a != nil && a.Versions > 1 {
			if _, ok := groups[a.Story]; ok {
				shown[a.ID] = a
			}
		}
	}
	items := make([]listItem, 0, len(arts))
	// The versions shown of each story met, in the store's lead order.
	shownVersions := map[string][]*store.Article{}
	for _, a := range arts {
		if a == nil {
			continue
		}
		st, grouped := store.Story{}, false
		if a.Versions > 1 {
			st, grouped = groups[a.Story]
		}
		if !grouped {
			items = append(items, listItem{id: a.ID, art: a})
			continue
		}
		versions, seen := shownVersions[st.ID]
		if !seen {
			for _, id := range st.Versions {
				if v, ok := shown[id]; ok {
					versions = append(versions, v)
				}
			}
			shownVersions[st.ID] = versions
		}
		lead := versions[0]
		if lead != a {
			continue // the story's row is where its lead is
		}
		items = append(items, listItem{id: lead.ID, art: lead, story: st.ID, lead: true,
			sources: len(st.Sources), versions: len(st.Versions)})
		if m.expanded[st.ID] {
			for _, v := range versions[1:] {
				items = append(items, listItem{id: v.ID, art: v, story: st.ID})
			}
		}
	}
	return items
}

// groups are the snapshot's stories of more than one version, by ID (nil
// when the source groups none): worked out once a snapshot, off the
// update loop when the snapshot came by message (SourceMsg), since the
// store's Stories is a pass over every story.
func (m app) groups() map[string]store.Story {
	c := m.lists
	if !c.grouped || c.groupsGen != m.srcGen {
		c.groups, c.groupsGen, c.grouped = storyGroups(m.src), m.srcGen, true
	}
	return c.groups
}

// storyGroups are src's stories of more than one version, by ID.
func storyGroups(src Source) map[string]store.Story {
	ss, ok := src.(storySource)
	if !ok {
		return nil
	}
	groups := map[string]store.Story{}
	for _, st := range ss.Stories() {
		if len(st.Versions) > 1 {
			groups[st.ID] = st
		}
	}
	return groups
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
	m.expandGen++
	m.list.SetItems(m.listItems(), keep)
}

// storyRow is the row of items that holds article id: its own, else its
// story's, where it is a version hidden under its lead (a snapshot that
// groups what the one before listed apart: the cursor stays on the
// story it was on, not on whatever row took its place).
func storyRow(items []listItem, src Source, id string) string {
	if id == "" {
		return ""
	}
	a, ok := head(src, id)
	story := ""
	if ok && a != nil {
		story = a.Story
	}
	row := ""
	for _, it := range items {
		switch {
		case it.id == id:
			return id
		case row == "" && story != "" && it.lead && it.story == story:
			row = it.id
		}
	}
	if row == "" {
		return id
	}
	return row
}
