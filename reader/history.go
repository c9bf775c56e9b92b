package reader

import "slices"

// maxHistory bounds the trail; the oldest entries fall off first.
const maxHistory = 200

// Entry is one article visited, with where the reader had scrolled to when
// leaving it, so going back lands on the same line.
type Entry struct {
	ID    string
	Title string // for the breadcrumb, so View needs no store lookup
	// Scroll is the first visible line of the article pane.
	Scroll int
	// FromList is true for an article reached by moving through the
	// headline list (or a search's results) rather than by a jump: it
	// starts a fresh trail (see Visit).
	FromList bool
}

// History is the back/forward trail of a browser. It is a value: copies are
// independent (every change copies what it would otherwise share), so a
// model that is copied by Bubble Tea on every Update never sees another
// copy's trail change under it.
type History struct {
	entries []Entry
	pos     int // index of the current entry; meaningless when entries is empty
}

// Len is the number of entries, behind and ahead of the current one.
func (h History) Len() int { return len(h.entries) }

// Current is the entry being read, if any.
func (h History) Current() (Entry, bool) {
	if len(h.entries) == 0 {
		return Entry{}, false
	}
	return h.entries[h.pos], true
}

// CanBack and CanForward say whether Back or Forward would move.
func (h History) CanBack() bool    { return len(h.entries) > 0 && h.pos > 0 }
func (h History) CanForward() bool { return h.pos+1 < len(h.entries) }

// Visit records e as the current entry. Everything ahead of the current
// entry is dropped (a new branch), as in a browser. Visiting the current
// article again changes nothing. An article chosen from the list (or from
// a search's results) starts a fresh trail: nothing led to it but the list,
// so the jumps that led to the article before are not its way back, and
// consecutive list moves replace each other, like typing in a browser's
// address bar rather than following links.
func (h History) Visit(e Entry) History {
	if cur, ok := h.Current(); ok && cur.ID == e.ID {
		return h
	}
	if e.FromList {
		return History{entries: []Entry{e}}
	}
	var entries []Entry
	if len(h.entries) > 0 {
		entries = slices.Clone(h.entries[:h.pos+1])
	}
	entries = append(entries, e)
	if len(entries) > maxHistory {
		entries = slices.Clone(entries[len(entries)-maxHistory:])
	}
	h.entries = entries
	h.pos = len(entries) - 1
	return h
}

// SetScroll remembers the scroll position of the current entry.
func (h History) SetScroll(line int) History {
	if len(h.entries) == 0 || h.entries[h.pos].Scroll == line {
		return h
	}
	h.entries = slices.Clone(h.entries)
	h.entries[h.pos].Scroll = line
	return h
}

// Back moves to the previous entry and returns it; ok is false (and h
// unchanged) at the start of the trail.
func (h History) Back() (History, Entry, bool) {
	if !h.CanBack() {
		return h, Entry{}, false
	}
	h.pos--
	return h, h.entries[h.pos], true
}

// Forward moves to the next entry, undoing a Back.
func (h History) Forward() (History, Entry, bool) {
	if !h.CanForward() {
		return h, Entry{}, false
	}
	h.pos++
	return h, h.entries[h.pos], true
}

// Trail is the path that led to the current entry, oldest first: the
// breadcrumb. The caller must not modify it.
func (h History) Trail() []Entry {
	if len(h.entries) == 0 {
		return nil
	}
	return h.entries[: h.pos+1 : h.pos+1]
}

// Retitle updates the titles of entries after the source changed under
// them, and drops entries whose article is gone, keeping the current one
// where possible.
func (h History) Retitle(title func(id string) (string, bool)) History {
	if len(h.entries) == 0 {
		return h
	}
	var out []Entry
	pos := -1
	for i, e := range h.entries {
		t, ok := title(e.ID)
		if !ok {
			continue
		}
		e.Title = t
		if n := len(out); n > 0 && out[n-1].ID == e.ID {
			// Its neighbour is gone: one entry, not the same twice.
			if i <= h.pos {
				pos = n - 1
			}
			continue
		}
		if i <= h.pos {
			pos = len(out)
		}
		out = append(out, e)
	}
	if pos < 0 {
		pos = 0
	}
	return History{entries: out, pos: pos}
}
