package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// State is what a person did with an article.
type State struct {
	Read  bool
	Saved bool
	// Position is how far the article was scrolled, in lines.
	Position int
}

// Mark is one change of state.
type Mark int

const (
	MarkRead Mark = iota + 1
	MarkUnread
	MarkSaved
	MarkUnsaved
	// MarkPosition sets the place in the article (Change.Position).
	MarkPosition
)

// ParseMark reads the word a person types: read, unread, saved, unsaved
// (save and unsave too).
func ParseMark(s string) (Mark, bool) {
	switch s {
	case "read":
		return MarkRead, true
	case "unread":
		return MarkUnread, true
	case "saved", "save":
		return MarkSaved, true
	case "unsaved", "unsave":
		return MarkUnsaved, true
	}
	return 0, false
}

// Change is one mark on one article.
type Change struct {
	ID       string
	Mark     Mark
	Position int // for MarkPosition
}

// States gives the state of every article that has one.
// Copies of one article (the same item in two feeds) share one state.
func (l *Library) States(ctx context.Context) (map[string]State, error) {
	own, err := l.OwnStates(ctx)
	if err != nil {
		return nil, err
	}
	return l.Shared(ctx, own)
}

// states runs query, which selects id, read, saved and position from
// state, and gives each row's state by its id.
func (l *Library) states(ctx context.Context, query string, args ...any) (map[string]State, error) {
	rows, err := l.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]State{}
	for rows.Next() {
		var id string
		var s State
		if err := rows.Scan(&id, &s.Read, &s.Saved, &s.Position); err != nil {
			return nil, err
		}
		out[id] = s
	}
	return out, rows.Err()
}

// Apply writes changes now, in one transaction, in order; a mark of an
// article the library holds more than once marks every copy.
func (l *Library) Apply(ctx context.Context, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	of, err := l.copiesOf(ctx)
	if err != nil {
		return err
	}
	changes = withCopies(changes, of)
	return l.tx(ctx, func(tx *sql.Tx) error { return apply(tx, changes) })
}

// Mark marks the articles ids (the command line's lede mark) and gives
// how many articles that changed and how many were so already: copies of
// one article, or an ID given twice, are one article, counted once, as
// lede list and lede feeds count it; an article so already is left as it
// is (no write, so no reader hears of it), and marking again changes
// none.
func (l *Library) Mark(ctx context.Context, ids []string, m Mark) (changed, already int, err error) {
	states, err := l.States(ctx)
	if err != nil {
		return 0, 0, err
	}
	of, err := l.copiesOf(ctx)
	if err != nil {
		return 0, 0, err
	}
	seen := map[string]bool{}
	var changes []Change
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		for _, c := range of[id] {
			seen[c] = true
		}
		if !m.changes(states[id]) {
			already++
			continue
		}
		changes = append(changes, Change{ID: id, Mark: m})
	}
	return len(changes), already, l.Apply(ctx, changes)
}

// changes: m makes an article of state s otherwise (a place always).
func (m Mark) changes(s State) bool {
	switch m {
	case MarkRead:
		return !s.Read
	case MarkUnread:
		return s.Read
	case MarkSaved:
		return !s.Saved
	case MarkUnsaved:
		return s.Saved
	}
	return true
}

// Each change touches one column, so two processes marking the same
// article at once keep both marks.
var markSQL = map[Mark]string{
	MarkRead:     `INSERT INTO state (id, read, changed) VALUES (?1, 1, ?2) ON CONFLICT(id) DO UPDATE SET read = 1, changed = ?2`,
	MarkUnread:   `INSERT INTO state (id, read, changed) VALUES (?1, 0, ?2) ON CONFLICT(id) DO UPDATE SET read = 0, changed = ?2`,
	MarkSaved:    `INSERT INTO state (id, saved, changed) VALUES (?1, 1, ?2) ON CONFLICT(id) DO UPDATE SET saved = 1, changed = ?2`,
	MarkUnsaved:  `INSERT INTO state (id, saved, changed) VALUES (?1, 0, ?2) ON CONFLICT(id) DO UPDATE SET saved = 0, changed = ?2`,
	MarkPosition: `INSERT INTO state (id, position, changed) VALUES (?1, ?3, ?2) ON CONFLICT(id) DO UPDATE SET position = ?3, changed = ?2`,
}

func apply(tx *sql.Tx, changes []Change) error {
	stmts := map[Mark]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	at := now().Unix()
	for _, c := range changes {
		q, ok := markSQL[c.Mark]
		if !ok {
			return fmt.Errorf("unknown mark %d", c.Mark)
		}
		st := stmts[c.Mark]
		if st == nil {
			var err error
			if st, err = tx.Prepare(q); err != nil {
				return err
			}
			stmts[c.Mark] = st
		}
		if _, err := st.Exec(c.ID, at, c.Position); err != nil {
			return err
		}
	}
	return nil
}

// Queue hands changes to a writer in the background and returns at once:
// the reader calls it from its update loop. They are written together
// within a moment, and before Close returns. Changes queued in one call
// are written in one transaction: whole or not at all.
func (l *Library) Queue(changes ...Change) { l.queue.add(changes) }

// Hold keeps a place in the queue for changes worked out off the update
// loop (the reader's A on 100,000 articles): what is queued after it is
// written after them, and fill gives them, once (nil: none). They are
// written in one transaction, whole or not at all, and Close waits for
// fill (for holdWait at most: a batch never given is never written).
func (l *Library) Hold() (fill func([]Change)) { return l.queue.hold() }

// ErrHeld is Flush's answer while a place Hold kept is not filled yet:
// what was queued before it is written, it and what follows are not.
var ErrHeld = errors.New("marks held for a batch still being worked out")

// Unwritten counts the articles whose marks are queued and not written
// yet, those of the batch being written too; held says a place Hold kept
// is not filled yet (its articles are not counted). A reader that quits
// while its A is being written says what it waits for: the 94,125 marks
// of an A at 100,000 articles took 4.5 s to write at load 17.
func (l *Library) Unwritten() (articles int, held bool) {
	m := &l.queue
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := map[string]bool{}
	for _, c := range m.writing {
		ids[c.ID] = true
	}
	for _, s := range m.pending {
		held = held || s.open
		for _, c := range s.changes {
			ids[c.ID] = true
		}
	}
	return len(ids), held
}

// Flush writes what is queued now.
func (l *Library) Flush() error { return l.queue.flush() }

// FlushWithin writes everything queued now, waiting up to wait for the
// places Hold kept to be filled (a hangup during A): a batch not given by
// then is dropped, what was queued after it written all the same.
func (l *Library) FlushWithin(wait time.Duration) error {
	l.queue.mu.Lock()
	l.queue.waitHeldLocked(wait)
	l.queue.mu.Unlock()
	return l.queue.flush()
}

// slot is a run of queued changes; open: a place Hold kept, not filled
// yet.
type slot struct {
	changes []Change
	open    bool
}

// marks is the background writer of queued changes.
type marks struct {
	lib     *Library
	mu      sync.Mutex
	filled  *sync.Cond // broadcast when a held slot is filled
	pending []*slot
	writing []Change // the batch being written, out of pending meanwhile
	err     error    // the last write's error, returned by Close
	kick    chan struct{}
	quit    chan struct{}
	done    chan struct{}
	writeMu sync.Mutex // one batch written at a time, in order
}

// batchDelay gathers the marks of a burst (A on a long list, a scroll)
// into one transaction.
const batchDelay = 200 * time.Millisecond

// holdWait bounds how long Close waits for a held batch to be filled.
const holdWait = time.Minute

func (m *marks) start(l *Library) {
	m.lib = l
	m.filled = sync.NewCond(&m.mu)
	m.kick = make(chan struct{}, 1)
	m.quit = make(chan struct{})
	m.done = make(chan struct{})
	go m.run()
}

func (m *marks) add(changes []Change) {
	if len(changes) == 0 {
		return
	}
	m.mu.Lock()
	if n := len(m.pending); n > 0 && !m.pending[n-1].open {
		m.pending[n-1].changes = append(m.pending[n-1].changes, changes...)
	} else {
		m.pending = append(m.pending, &slot{changes: slices.Clone(changes)})
	}
	m.mu.Unlock()
	m.wake()
}

func (m *marks) wake() {
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

func (m *marks) hold() func([]Change) {
	s := &slot{open: true}
	m.mu.Lock()
	m.pending = append(m.pending, s)
	m.mu.Unlock()
	var once sync.Once
	return func(changes []Change) {
		once.Do(func() {
			m.mu.Lock()
			s.changes, s.open = changes, false
			m.filled.Broadcast()
			m.mu.Unlock()
			m.wake()
		})
	}
}

func (m *marks) run() {
	defer close(m.done)
	for {
		select {
		case <-m.quit:
			return
		case <-m.kick:
		}
		select {
		case <-m.quit:
			return
		case <-time.After(batchDelay):
		}
		m.flush()
	}
}

// flush writes the pending changes up to the first place held, in one
// transaction; on failure they stay pending for the next try, and the
// error is kept for Close.
func (m *marks) flush() error {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	m.mu.Lock()
	var batch []Change
	n := 0
	for ; n < len(m.pending) && !m.pending[n].open; n++ {
		batch = append(batch, m.pending[n].changes...)
	}
	m.pending = m.pending[n:]
	held := len(m.pending) > 0
	m.writing = batch
	m.mu.Unlock()
	var err error
	if len(batch) > 0 {
		err = m.lib.Apply(context.Background(), batch)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writing = nil
	if err != nil {
		m.pending = append([]*slot{{changes: batch}}, m.pending...)
	}
	if len(batch) > 0 {
		m.err = err
	}
	if err == nil && held {
		return ErrHeld
	}
	return err
}

// stop ends the writer, waits a while for the batches held, and writes
// what is left.
func (m *marks) stop() error {
	close(m.quit)
	<-m.done
	m.mu.Lock()
	m.waitHeldLocked(holdWait)
	m.mu.Unlock()
	return m.flush()
}

// waitHeldLocked waits up to wait for every place held to be filled,
// then gives up on those that are not: none of them is written, what
// follows them is. m.mu is held.
func (m *marks) waitHeldLocked(wait time.Duration) {
	late := time.AfterFunc(wait, func() {
		m.mu.Lock()
		m.filled.Broadcast()
		m.mu.Unlock()
	})
	for start := time.Now(); time.Since(start) < wait && m.heldLocked(); {
		m.filled.Wait()
	}
	late.Stop()
	for _, s := range m.pending {
		s.open = false // never filled: none of it written, what follows is
	}
}

func (m *marks) heldLocked() bool {
	for _, s := range m.pending {
		if s.open {
			return true
		}
	}
	return false
}

// SavedElsewhere gives the IDs of the articles saved that the library
// holds no article of: marks the library keeps for what it showed beside
// its own (a seed saved before the first subscription, a file's article).
// Nothing saved may be lost from sight: whoever can give those articles
// shows them beside the library. One query over the saved rows.
func (l *Library) SavedElsewhere(ctx context.Context) (map[string]bool, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT s.id FROM state s WHERE s.saved = 1
		AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.id)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}
