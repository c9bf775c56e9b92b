package reader

import (
	"fmt"
	"strings"
)

// The list's header: what the list holds, counted (its rows: stories or
// articles, unread, saved), and the filters and the order it is under,
// named in words. Where that is wider than the list, the header drops,
// in turn, a count of none saved, the other counts, then cuts: the
// filters and the order are what the reader chose, and stay readable.

// listNotes names the filters and the order the list is under.
func (m app) listNotes() []string {
	var n []string
	if m.state.unread {
		n = append(n, "unread only")
	}
	if m.state.saved {
		n = append(n, "saved only")
	}
	return append(n, m.placeNotes()...)
}

// filterNotes names what the list is kept to (marks, feed, section):
// listNotes but the order. A search runs on every article whatever they
// are, and says so where there are any (searchScope).
func (m app) filterNotes() []string {
	var n []string
	if m.state.unread {
		n = append(n, "unread only")
	}
	if m.state.saved {
		n = append(n, "saved only")
	}
	if m.state.feed != "" {
		n = append(n, "from "+oneLine(m.state.feed))
	}
	if m.arrange.section != "" {
		n = append(n, "in "+m.arrange.section)
	}
	return n
}

// searchScope is what a search's header and status line add where the
// list is kept to part of the articles: the results are of all of them
// (" in all articles"), and esc goes back to that part, not to all
// (leave: "back to the list (from BBC)"); none and "all articles" where
// the list holds every article.
func (m app) searchScope() (scope, leave string) {
	n := m.filterNotes()
	if len(n) == 0 {
		return "", "all articles"
	}
	return " in all articles", "back to the list (" + strings.Join(n, " · ") + ")"
}

// placeNotes names the feed, the order and the section the list is
// under: the notes but the filters of marks.
func (m app) placeNotes() []string {
	var n []string
	if m.state.feed != "" {
		n = append(n, "from "+oneLine(m.state.feed))
	}
	switch m.arrange.sortBy {
	case "date":
		n = append(n, "newest first")
	case "source":
		n = append(n, "by source")
	case "title":
		n = append(n, "by title")
	}
	if m.arrange.section != "" {
		n = append(n, "in "+m.arrange.section)
	}
	return n
}

// listHeader is the header of the list of articles, and its shorter
// forms, longest first.
func (m app) listHeader() (string, []string) {
	notes := m.listNotes()
	line := func(parts ...string) string { return " " + strings.Join(append(parts, notes...), " · ") }
	count := m.list.count()
	if !m.list.grouped && len(m.groups()) > 0 {
		// The snapshot groups stories: its rows are stories, whether or
		// not the filters left one of several versions ("8 stories",
		// then "7 stories · unread only", not "7 articles").
		count = plural(m.list.rowCount, "story")
	}
	if !m.state.on() {
		return line(count), nil
	}
	var forms []string
	if m.list.Len() > 0 {
		unread, saved := m.counts()
		u, s := fmt.Sprintf("%d unread", unread), fmt.Sprintf("%d saved", saved)
		forms = append(forms, line(count, u, s))
		if saved == 0 {
			forms = append(forms, line(count, u))
		}
		// Too wide still: the count of articles gives way, unread stays
		// (as README says: "6 unread · from BBC · newest first").
		forms = append(forms, line(u))
	}
	forms = append(forms, line(count))
	if m.state.unread || m.state.saved {
		// "6 unread": the count and the filter in one.
		var what []string
		if m.state.unread {
			what = append(what, "unread")
		}
		if m.state.saved {
			what = append(what, "saved")
		}
		forms = append(forms, " "+strings.Join(append([]string{fmt.Sprint(m.list.rowCount) + " " + strings.Join(what, " and ")}, m.placeNotes()...), " · "))
	}
	return forms[0], forms[1:]
}

// emptyList is what an empty list of articles says: what the filters
// let through, and the keys that let more through.
func (m app) emptyList() []string {
	var what, keys []string
	if m.state.unread {
		what, keys = append(what, "unread"), append(keys, m.keys.UnreadOnly.Help().Key)
	}
	if m.state.saved {
		what, keys = append(what, "saved"), append(keys, m.keys.SavedOnly.Help().Key)
	}
	var lines []string
	switch {
	case len(what) > 0:
		lines = []string{"", "Nothing " + strings.Join(what, " and ")}
	case m.state.feed != "":
		lines = []string{"", "Nothing"}
	case m.arrange.section != "":
		return []string{"", "Nothing in " + m.arrange.section + ".", "", m.keys.Section.Help().Key + " again: every section."}
	default:
		return nil
	}
	if m.state.feed != "" {
		lines[1] += " from " + oneLine(m.state.feed)
	}
	if m.arrange.section != "" {
		lines[1] += " in " + m.arrange.section
	}
	lines[1] += "."
	lines = append(lines, "")
	if len(keys) > 0 {
		lines = append(lines, strings.Join(keys, " and ")+" again: all articles.")
	}
	if m.state.feed != "" {
		lines = append(lines, m.keys.FeedFilter.Help().Key+": the next feed, then all.")
	}
	return lines
}
