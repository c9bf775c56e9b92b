package reader

import (
	"slices"

	"github.com/lede-reader/lede/store"
)

// arrangement is the order of the list and the section it keeps to,
// chosen in the reader: T goes through the orders of the command line's
// --sort (as loaded, newest first, by source, by title), # through the
// sections. The header names both.
type arrangement struct {
	sortBy  string // one of store.SortKeys
	section string // "" for every section
}

// arranged is arts in the order and section chosen, a new slice when
// either is set.
func (m app) arranged(arts []*store.Article) []*store.Article {
	a := m.arrange
	if a.sortBy == "" && a.section == "" {
		return arts
	}
	out := make([]*store.Article, 0, len(arts))
	for _, x := range arts {
		if x != nil && a.in(x) {
			out = append(out, x)
		}
	}
	store.SortRefs(out, a.sortBy)
	return out
}

// in says x is in the section chosen (any, where none is).
func (a arrangement) in(x *store.Article) bool {
	return a.section == "" || oneLine(x.Section) == a.section
}

// sections are the sections of the articles the filters let through
// (u, S, F), in the order they first come: # goes through those the
// list can show, not every section of the library, most of them empty
// under a feed.
func (m app) sections() []string {
	var out []string
	seen := map[string]bool{}
	passes := m.filter()
	for _, a := range m.src.List() {
		if !passes(a) {
			continue
		}
		if s := oneLine(a.Section); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// next is the item after cur in list, then "" (none) again.
func next(list []string, cur string) string {
	i := slices.Index(list, cur)
	if i+1 < len(list) {
		return list[i+1]
	}
	return ""
}
