package reader

import (
	"fmt"
	"slices"
	"strings"
)

// The list's header: what the list holds, counted (its rows: stories or
// articles, unread, saved), and the filters and the order it is under,
// named in words. Where that is wider than the list, parts give way in
// one order (listHeader): the filters and the section are what the
// reader chose, and stay readable.

// markNotes names the filters of marks (u, S).
func (m app) markNotes() []string {
	var n []string
	if m.state.unread {
		n = append(n, "unread only")
	}
	if m.state.saved {
		n = append(n, "saved only")
	}
	return n
}

// orderNote names the order the list is in ("" as loaded).
func (m app) orderNote() string {
	switch m.arrange.sortBy {
	case "date":
		return "newest first"
	case "source":
		return "by source"
	case "title":
		return "by title"
	}
	return ""
}

// filterNotes names what the list is kept to (marks, feed, section):
// the notes but the order. A search runs on every article whatever they
// are, and says so where there are any (searchScope).
func (m app) filterNotes() []string { return m.notes(true, false, 0) }

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

// notes names, in the one order every header says them, the filters of
// marks (with marks), the feed (its name cut to feedMax columns; 0
// whole), the order (with order) and the section.
func (m app) notes(marks, order bool, feedMax int) []string {
	var out []string
	if marks {
		out = m.markNotes()
	}
	if f := m.state.feed; f != "" {
		f = oneLine(f)
		if feedMax > 0 {
			f = truncate(f, feedMax)
		}
		out = append(out, "from "+f)
	}
	if o := m.orderNote(); o != "" && order {
		out = append(out, o)
	}
	if m.arrange.section != "" {
		out = append(out, "in "+m.arrange.section)
	}
	return out
}

// listHeader is the header of the list of articles, and its shorter
// forms, longest first: the list draws the first that fits. What gives
// way, in turn, where the header is wider than the list (README says
// so): a count of none saved, the count of rows, the count saved; then
// the order ("newest first"); then the feed's name is shortened (to 24
// columns, 16, 10); then the count unread; then the line is cut.
// The filters' names and the section stay: they are what the reader
// chose. Under u or S the count and the filter are said at once ("6
// unread · from BBC") once the unread count is the only one left, where
// every row is unread (saved under S); where one is not, the rows' count
// and the filter's stay apart, the rows' count going before the other.
func (m app) listHeader() (string, []string) {
	count := plural(m.list.rowCount, m.rowWord())
	var forms []string
	add := func(counts []string, notes []string) {
		l := " " + strings.Join(append(slices.Clip(counts), notes...), " · ")
		if len(forms) == 0 || forms[len(forms)-1] != l {
			forms = append(forms, l)
		}
	}
	// The names at each step: feedMax 0 is the feed's name whole.
	type names struct {
		feedMax int
		order   bool
	}
	steps := []names{{0, true}, {0, false}, {24, false}, {16, false}, {10, false}}
	notes := func(n names, marks bool) []string { return m.notes(marks, n.order, n.feedMax) }
	if !m.state.on() || m.list.Len() == 0 {
		for _, n := range steps {
			add([]string{count}, notes(n, true))
		}
		return forms[0], forms[1:]
	}
	unread, saved := m.counts()
	u, s := fmt.Sprintf("%d unread", unread), fmt.Sprintf("%d saved", saved)
	// Each fact once: under u a count unread that is every row is what
	// "unread only" says ("105 articles · 105 unread · unread only"),
	// and so is a count saved under S; they stay where they differ (a
	// row read since u kept it: "8 stories · 7 unread").
	facts := func(fs ...string) []string {
		var out []string
		for _, f := range fs {
			if f == u && m.state.unread && unread == m.list.rowCount ||
				f == s && m.state.saved && saved == m.list.rowCount {
				continue
			}
			out = append(out, f)
		}
		return out
	}
	full := steps[0]
	add(facts(count, u, s), notes(full, true))
	if saved == 0 {
		add(facts(count, u), notes(full, true))
	} else if f := facts(u, s); len(f) == 2 {
		add(f, notes(full, true)) // the count of rows left out, not both
	}
	// The unread count alone: or, under u or S, the count and the
	// filter in one ("6 unread · from BBC") where every row is what the
	// filter says. Where a row is not (read since u kept it), the counts
	// stay apart and the filter named, the rows' count the last to go
	// before the unread ("8 stories · 7 unread · unread only", then "7
	// unread · unread only"): "8 unread" said of 8 rows, 7 of them
	// unread, was the count of rows in the unread's place.
	only := []string{u}
	marks := true
	if what := m.markNotes(); len(what) > 0 {
		if (!m.state.unread || unread == m.list.rowCount) && (!m.state.saved || saved == m.list.rowCount) {
			for i := range what {
				what[i] = strings.TrimSuffix(what[i], " only")
			}
			only, marks = []string{fmt.Sprint(m.list.rowCount) + " " + strings.Join(what, " and ")}, false
		} else {
			// The counts of what the filters keep to: unread under u,
			// saved under S.
			var kept []string
			if m.state.unread {
				kept = append(kept, u)
			}
			if m.state.saved {
				kept = append(kept, s)
			}
			for _, n := range steps {
				add(facts(append([]string{count}, kept...)...), notes(n, true))
			}
			only = facts(kept...)
		}
	}
	for _, n := range steps {
		add(only, notes(n, marks))
	}
	add(nil, notes(steps[len(steps)-1], true))
	return forms[0], forms[1:]
}

// rowWord is what the list's rows are, in the header's count and the
// status line's place alike: stories where the snapshot groups them,
// whether or not the filters left one of several versions ("8 stories",
// then "7 stories · unread only", not "7 articles"), else articles. The
// status line said "article 3 of 61972" under "61972 stories".
func (m app) rowWord() string {
	if m.list.grouped || len(m.groups()) > 0 {
		return "story"
	}
	return "article"
}

// pageHeader is the list's header over a first page of n headlines of
// of articles, and its shorter forms, longest first: the loading part
// gives way before the filters' names, which stay (under u at 100,000
// articles the header was "1000 of 100000 articles · loading the rest…
// ·…", "unread only" cut off).
func (m app) pageHeader(n, of int) (string, []string) {
	loading := []string{
		fmt.Sprintf("%d of %s · loading the rest…", n, plural(of, "article")),
		fmt.Sprintf("%d of %d · loading…", n, of),
		"loading…",
	}
	var forms []string
	for _, feedMax := range []int{0, 24, 16, 10} {
		notes := m.notes(true, feedMax == 0, feedMax)
		for _, l := range loading {
			forms = append(forms, " "+strings.Join(append([]string{l}, notes...), " · "))
		}
		if len(notes) == 0 {
			break
		}
	}
	if notes := m.notes(true, false, 10); len(notes) > 0 {
		forms = append(forms, " "+strings.Join(notes, " · ")) // the filters alone
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
