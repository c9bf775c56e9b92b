package library

import (
	"context"
	"database/sql"
	"fmt"
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
// within a moment, and before Close returns.
func (l *Library) Queue(changes ...Change) { l.queue.add(changes) }

// Flush writes what is queued now.
func (l *Library) Flush() error { return l.queue.flush() }

// marks is the background writer of queued changes.
type marks struct {
	lib     *Library
	mu      sync.Mutex
	pending []Change
	err     error // the last write's error, returned by Close
	kick    chan struct{}
	quit    chan struct{}
	done    chan struct{}
	writeMu sync.Mutex // one batch written at a time, in order
}

// batchDelay gathers the marks of a burst (A on a long list, a scroll)
// into one transaction.
const batchDelay = 200 * time.Millisecond

func (m *marks) start(l *Library) {
	m.lib = l
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
	m.pending = append(m.pending, changes...)
	m.mu.Unlock()
	select {
	case m.kick <- struct{}{}:
	default:
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

// flush writes the pending changes in one transaction; on failure they
// stay pending for the next try, and the error is kept for Close.
func (m *marks) flush() error {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	m.mu.Lock()
	batch := m.pending
	m.pending = nil
	m.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := m.lib.Apply(context.Background(), batch)
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		m.pending = append(batch, m.pending...)
	}
	m.err = err
	return err
}

// stop ends the writer and writes what is left.
func (m *marks) stop() error {
	close(m.quit)
	<-m.done
	return m.flush()
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
