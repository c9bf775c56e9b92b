package reader

import (
	"fmt"
	"maps"
	"sync"

	tea "charm.land/bubbletea/v2"
)

// A and z on a long list: every story in view marked read, and back. At
// 100,000 articles that is ~62,000 stories and as many marks to keep and
// write: done in Update it held the screen for seconds. The key marks
// the rows on screen at once and says what it is doing; the rest (the
// reader's marks of every article, the library's write) is worked out in
// a command from marks frozen for it, and comes back as a map that takes
// the place of the frozen one.

// markMap is the reader's marks of every article. Only the update loop
// writes top; under, when set, is frozen: a batch (A, z) is being worked
// out from it off the loop, and top holds what changed since.
type markMap struct {
	top   map[string]Mark
	under map[string]Mark
}

func newMarkMap(m map[string]Mark) *markMap {
	if m == nil {
		m = map[string]Mark{}
	}
	return &markMap{top: m}
}

// get is id's mark: the newest word on it.
func (mm *markMap) get(id string) Mark {
	if mk, ok := mm.top[id]; ok || mm.under == nil {
		return mk
	}
	return mm.under[id]
}

func (mm *markMap) put(id string, mk Mark) { mm.top[id] = mk }

// freeze hands the marks as they are to a batch worked out off the
// loop; false when one is under way already.
func (mm *markMap) freeze() (map[string]Mark, bool) {
	if mm.under != nil {
		return nil, false
	}
	mm.under, mm.top = mm.top, map[string]Mark{}
	return mm.under, true
}

// thaw takes the batch's marks of every article (made from the frozen
// ones, which it takes the place of) under what changed since: of each
// mark set since, the fields it changed (s on a row A had not reached
// yet keeps A's read); one pass over what changed since, nothing over
// every article.
func (mm *markMap) thaw(all map[string]Mark) {
	for id, mk := range mm.top {
		was, now := mm.under[id], all[id]
		if mk.Read != was.Read {
			now.Read = mk.Read
		}
		if mk.Saved != was.Saved {
			now.Saved = mk.Saved
		}
		if mk.Position != was.Position {
			now.Position = mk.Position
		}
		all[id] = now
	}
	mm.top, mm.under = all, nil
}

// MarkChange is one article's mark going from Was to Now, as SetMark
// takes it.
type MarkChange struct {
	ID       string
	Was, Now Mark
}

// MarkBatcher is what a Library may offer beyond SetMark: a place kept,
// from the update loop, for marks worked out off it (A on a long list),
// given later by fill, once. Marks set after HoldMarks are written after
// them; the batch is written whole or not at all, and before the library
// closes. Without it, fill sets each mark in turn.
type MarkBatcher interface {
	HoldMarks() (fill func([]MarkChange))
}

// markJob is a batch worked out off the loop. Its command runs it; the
// reader runs what is left of it when it quits (Bubble Tea leaves a
// command given as it quits unrun), so that what A marked is written.
type markJob struct {
	seq int
	// stories: how many stories it marks (z: the stories of the A it
	// undoes), for the line a quit that waits for it prints
	// (Options.Ended).
	stories int
	once    sync.Once
	fn      func() markedMsg
	fill    func([]MarkChange) // the library's place, given nil if fn never gives it
	// shown: the rows the key marked at once, as they were.
	shown undoMarks
	// undoing: z's, the undo it undoes, given back should it fail.
	undoing *undoMarks
	msg     markedMsg
}

// run runs fn once. Should it panic, the library's place is given up
// (else the library would wait for it until it closes, and write nothing
// set after it), and the message says why.
func (j *markJob) run() markedMsg {
	j.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				j.msg = markedMsg{seq: j.seq, err: fmt.Errorf("%v", r), shown: j.shown, unread: j.undoing != nil, undoing: j.undoing}
			}
			j.fill(nil) // once filled, the place takes nothing more
		}()
		j.msg = j.fn()
	})
	return j.msg
}

// markJobs are the batches under way, shared by every copy of the model.
type markJobs struct {
	mu   sync.Mutex
	jobs []*markJob
}

func (js *markJobs) start(seq, stories int, fill func([]MarkChange), shown undoMarks, undoing *undoMarks, fn func() markedMsg) tea.Cmd {
	j := &markJob{seq: seq, stories: stories, fn: fn, fill: fill, shown: shown, undoing: undoing}
	js.mu.Lock()
	js.jobs = append(js.jobs, j)
	js.mu.Unlock()
	return func() tea.Msg { return j.run() }
}

func (js *markJobs) done(seq int) {
	js.mu.Lock()
	defer js.mu.Unlock()
	for i, j := range js.jobs {
		if j.seq == seq {
			js.jobs = append(js.jobs[:i:i], js.jobs[i+1:]...)
			return
		}
	}
}

// marking counts the stories of the batches whose marks the reader has
// not taken yet (a z's, those of the A it undoes): a quit waits for
// them to be written.
func (js *markJobs) marking() int {
	if js == nil {
		return 0
	}
	js.mu.Lock()
	defer js.mu.Unlock()
	n := 0
	for _, j := range js.jobs {
		n += j.stories
	}
	return n
}

// finish runs, or waits for, every batch not yet done.
func (js *markJobs) finish() {
	if js == nil {
		return
	}
	js.mu.Lock()
	jobs := js.jobs
	js.jobs = nil
	js.mu.Unlock()
	for _, j := range jobs {
		j.run()
	}
}

// markedMsg: a batch of A or z was worked out and handed to the library.
type markedMsg struct {
	seq int
	// all is every article's mark after it, in place of the frozen ones.
	all map[string]Mark
	// undo: A's, what it changed as it was (z's: nil).
	undo     *undoMarks
	stories  int
	articles int
	unread   bool // z
	// err: the batch failed; none of it was written, all is nil, and the
	// rows the key marked at once (shown, as they were) are written alone.
	// A z that failed gives back the undo it was undoing (undoing), for
	// z to try again.
	err     error
	shown   undoMarks
	undoing *undoMarks
}

// undoMarks is what an A changed, as it was, and how many stories that
// is: a z carries the count, so that a quit during it says "saving marks
// for 8 stories", not the 9 articles under the noun.
type undoMarks struct {
	marks   map[string]Mark
	stories int
}

// onScreen are the list's rows shown now, the first and past the last.
func (m app) onScreen() (int, int) {
	first := max(m.list.scroll.Offset(), 0)
	return first, min(first+m.list.perPage(), m.list.Len())
}

// markAll is A: every row's story, every version, as m marks a story
// (the lead alone left a story unread in lede list and the feeds'
// counts: 2,316 of the headlines corpus's 3,316 articles).
func (m *app) markAll() tea.Cmd {
	if m.state.marks.under != nil {
		m.setStatus("Still marking… a moment.", false)
		return nil
	}
	unread, _ := m.counts()
	items, groups := m.list.items, m.groups()
	// The rows on screen at once, and what they were.
	shown := undoMarks{marks: map[string]Mark{}}
	first, last := m.onScreen()
	for _, it := range items[first:last] {
		marked := false
		for _, x := range versionIDs(it.id, it.art, groups) {
			if mk := m.state.marks.get(x); !mk.Read {
				if _, ok := shown.marks[x]; !ok {
					shown.marks[x] = mk
				}
				mk.Read = true
				m.setMarkHere(x, mk)
				marked = true
			}
		}
		if marked {
			shown.stories++
		}
	}
	if t := &m.lists.tally; t.ok && t.key == m.lists.key && !m.search.Showing() && m.mode != modeSearch {
		t.unread = 0 // every row of the list is read now
	} else {
		t.ok = false
	}
	frozen, _ := m.state.marks.freeze()
	fill := m.state.holdMarks()
	m.state.batch++
	seq := m.state.batch
	m.setListHeader()
	m.setStatus(fmt.Sprintf("Marking %s read…", plural(unread, "story")), false)
	return m.state.jobs.start(seq, unread, fill, shown, nil, func() markedMsg {
		all := maps.Clone(frozen)
		undo := map[string]Mark{}
		var changes []MarkChange
		stories := 0
		for _, it := range items {
			marked := false
			for _, x := range versionIDs(it.id, it.art, groups) {
				if _, done := undo[x]; done {
					continue
				}
				mk, ok := shown.marks[x]
				if !ok {
					if mk = all[x]; mk.Read {
						continue
					}
				}
				undo[x] = mk
				now := mk
				now.Read = true
				all[x] = now
				changes = append(changes, MarkChange{ID: x, Was: mk, Now: now})
				marked = true
			}
			if marked {
				stories++
			}
		}
		fill(changes)
		return markedMsg{seq: seq, all: all, undo: &undoMarks{marks: undo, stories: stories}, stories: stories, articles: len(undo)}
	})
}

// undoAll is z: what the last A marked read, unread again; an article
// marked unread or saved since keeps what was done to it since.
func (m *app) undoAll() tea.Cmd {
	if m.state.marks.under != nil {
		m.setStatus("Still marking… a moment.", false)
		return nil
	}
	undo := m.state.undo
	if undo == nil {
		m.setStatus("Nothing to undo.", false)
		return nil
	}
	m.state.undo = nil
	first, last := m.onScreen()
	groups := m.groups()
	shown := undoMarks{marks: map[string]Mark{}}
	for _, it := range m.list.items[first:last] {
		marked := false
		for _, x := range versionIDs(it.id, it.art, groups) {
			if was, ok := undo.marks[x]; ok {
				if mk := m.state.marks.get(x); mk.Read != was.Read {
					shown.marks[x] = mk
					mk.Read = was.Read
					m.setMarkHere(x, mk)
					marked = true
				}
			}
		}
		if marked {
			shown.stories++
		}
	}
	m.lists.tally = tally{} // counted again (once a list, ~1 ms at 100,000)
	frozen, _ := m.state.marks.freeze()
	fill := m.state.holdMarks()
	m.state.batch++
	seq := m.state.batch
	m.setListHeader()
	m.setStatus(fmt.Sprintf("Marking %s unread again…", plural(len(undo.marks), "article")), false)
	return m.state.jobs.start(seq, undo.stories, fill, shown, undo, func() markedMsg {
		all := maps.Clone(frozen)
		var changes []MarkChange
		for id, was := range undo.marks {
			mk, ok := shown.marks[id]
			if !ok {
				if mk = all[id]; mk.Read == was.Read {
					continue
				}
			}
			now := mk
			now.Read = was.Read
			all[id] = now
			changes = append(changes, MarkChange{ID: id, Was: mk, Now: now})
		}
		fill(changes)
		return markedMsg{seq: seq, all: all, articles: len(undo.marks), unread: true}
	})
}

// marked takes a batch's marks of every article: the header is counted
// again (once a list, ~1 ms at 100,000), nothing else goes over them.
func (m *app) marked(msg markedMsg) tea.Cmd {
	m.state.jobs.done(msg.seq)
	if m.state.holding {
		m.state.holding = false
		for _, c := range m.state.later {
			m.state.lib.SetMark(c.ID, c.Was, c.Now)
		}
		m.state.later = nil
	}
	m.state.gen++
	m.lists.tally = tally{} // counted again from the marks now
	if msg.err != nil {
		m.state.marks.thaw(m.state.marks.under) // what was marked, as it was
		if m.state.lib != nil {
			for id, was := range msg.shown.marks {
				m.state.lib.SetMark(id, was, m.state.marks.get(id))
			}
		}
		why := oneLine(msg.err.Error())
		switch {
		case msg.unread && msg.undoing != nil:
			// The undo stays: what z did not make unread, z again does
			// (the rows it made unread at once stay so).
			m.state.undo = msg.undoing
			m.setStatusOr("Could not undo it all: "+why+" · "+m.keys.Undo.Help().Key+" tries again.",
				"Undo failed · "+m.keys.Undo.Help().Key+" tries again.", true)
		case len(msg.shown.marks) > 0:
			// The rows A marked at once are read, and written: z makes
			// them unread again.
			m.state.undo = &msg.shown
			m.setStatusOr("Could not mark them all: "+why+" · "+plural(len(msg.shown.marks), "article")+" on screen marked read, "+m.keys.Undo.Help().Key+" undoes it.",
				"Could not mark them all: "+why, true)
		default:
			m.setStatus("Could not mark them all: "+why, true)
		}
		m.setListHeader()
		return nil
	}
	m.state.marks.thaw(msg.all)
	if msg.unread {
		m.setStatus(fmt.Sprintf("Unread again: %s.", plural(msg.articles, "article")), false)
	} else {
		m.state.undo = msg.undo
		m.setStatus(markedAllNote(msg.stories, msg.articles), false)
	}
	m.setListHeader()
	return nil
}

// setMarkHere changes id's mark in the reader alone, as setMark does,
// for a batch that writes it to the library with the rest.
func (m *app) setMarkHere(id string, mk Mark) {
	old := m.state.marks.get(id)
	if old == mk {
		return
	}
	m.state.gen++
	m.state.marks.put(id, mk)
	at := m.state.setAt[id]
	if old.Read != mk.Read {
		at.read = m.state.sets + 1 // the batch's, counted at holdMarks
	}
	m.state.setAt[id] = at
	// The header's counts are set by the batch's key, not kept up here:
	// recount's first change of a list maps every article to its row.
}

// holdMarks keeps the library's place for a batch (MarkBatcher), counted
// as one mark handed to it (Changes.Through).
func (r *readingState) holdMarks() func([]MarkChange) {
	if r.lib == nil {
		return func([]MarkChange) {}
	}
	r.sets++
	if b, ok := r.lib.(MarkBatcher); ok {
		return b.HoldMarks()
	}
	lib := r.lib
	r.holding = true
	return func(cs []MarkChange) {
		for _, c := range cs {
			lib.SetMark(c.ID, c.Was, c.Now)
		}
	}
}
