// Package library keeps what a person follows: subscriptions, the articles
// they brought (kept after they fall out of the feed), and reading state
// (read, saved, the place in each article). It lives in one SQLite file in
// $XDG_DATA_HOME/lede/, opened through modernc.org/sqlite (pure Go) in WAL
// mode with a busy timeout, so the reader and a `lede update` from cron
// can write at once.
//
// The library knows articles, not screens: it hands out store.Articles for
// store.Build, and never imports the reader or anything of charm.land.
// Every change is one transaction; a process killed at any moment leaves
// every committed change in place.
package library

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/adrg/xdg"
	"github.com/lede-reader/lede/store"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the library's file in lede's data folder.
const FileName = "library.db"

// DefaultPath is where the library lives: $XDG_DATA_HOME/lede/library.db
// (~/.local/share/lede/library.db by default). It reads the environment
// afresh, so a test that points XDG_DATA_HOME elsewhere is obeyed.
func DefaultPath() string {
	xdg.Reload()
	return filepath.Join(xdg.DataHome, "lede", FileName)
}

// Exists says whether there is a library at path: commands that only read
// need not create one.
func Exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Library is an open library. Its methods may be called from any
// goroutine. Close it: queued marks are written then.
type Library struct {
	db   *sql.DB
	path string
	// closeOnce: Close closes once; closeErr is what it gave.
	closeOnce sync.Once
	closeErr  error
	// Recovered is set when the file at path was damaged: it says, in
	// one line, where the damaged file was moved and that a fresh library
	// was started. The caller shows it.
	Recovered string
	// ReadOnly is set when this user cannot write the file or its folder:
	// the library shows what it holds, and every write fails with
	// ErrReadOnly (readonly.go).
	ReadOnly bool
	// KeepExtended: a build that extends the kept index by the changes
	// since keeps its own at once, however few the changes (rebase).
	KeepExtended bool

	queue marks
	// visited: a reader's run began (Visit); its end is recorded at Close.
	visited atomic.Bool
	// copies is the articles held more than once (copies.go).
	copies copies
	// checked closes when the library has been checked (at once, or by
	// the background check of a large one, see checkInline).
	checked   chan struct{}
	stopCheck context.CancelFunc
	// settled closes at Settled: the background check waits for it.
	settled    chan struct{}
	settleOnce sync.Once
	damageMu   sync.Mutex
	damage     string
	opened     os.FileInfo // the file as opened: Close moves aside only that one
	// writeMu makes this process one writer: its transactions never wait
	// on one another's locks, only on other processes'.
	writeMu sync.Mutex
	// wconn is the connection every write of this process goes through
	// (under writeMu), and the one ChangedElsewhere asks for SQLite's
	// data_version: it changes for the commits of every other
	// connection, never for the connection's own, so it changes for
	// another process's writes and never for this one's. version is the
	// data_version last seen on it (seen: one was, on this connection;
	// lost: a connection before it was lost, with what it had seen).
	wconn   *sql.Conn
	version int64
	seen    bool
	lost    bool
	// lex numbers the spellings of the analyses this process prepares
	// (prepare.go) in generation lexEpoch; only touched under writeMu.
	lex      *store.Lexicon
	lexEpoch string
	// background runs the saving of analyses a load made (prepare.go);
	// Close cancels bgCtx and waits for it: what was saved stays.
	// bodyStmt reads one article's text (Body), prepared on first use;
	// a failed prepare is tried again at the next read.
	bodyMu   sync.Mutex
	bodyStmt *sql.Stmt

	background sync.WaitGroup
	bgCtx      context.Context
	stopBg     context.CancelFunc
	// closing is set by Close, under bgMu: nothing starts in the
	// background after it.
	bgMu    sync.Mutex
	closing bool
	// The kept index's saves (keptindex.go): indexGen numbers them, the
	// last one wins; indexMu runs one at a time; Quit cancels indexCtx.
	indexGen  atomic.Int64
	indexMu   sync.Mutex
	indexCtx  context.Context
	stopIndex context.CancelFunc
}

// ErrNewer is the error of a library written by a newer lede; the file
// is left as it is.
var ErrNewer = errors.New("written by a newer lede")

// Open opens the library at path, creating it (and its folder) if need
// be, and migrates it forward. A file that is not a database or fails
// PRAGMA quick_check is moved aside (never deleted) and a fresh library
// started, with Recovered saying so. A library from a newer lede is
// refused with ErrNewer, untouched.
func Open(path string) (*Library, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	// Opened, checked and migrated, and where damaged moved aside and
	// started afresh, by one process at a time: see lockLibrary.
	unlock := lockLibrary(path)
	defer unlock()
	db, deferred, err := openDB(path)
	if err == nil && !writable(path) {
		// A file SQLite opened read-only by itself: its writes would
		// fail one by one.
		db.Close()
		return openReadOnlyLibrary(path)
	}
	if err == nil {
		return newLibrary(db, path, deferred), nil
	}
	if readOnlyErr(err) && Exists(path) {
		return openReadOnlyLibrary(path)
	}
	var damaged *damagedError
	if !errors.As(err, &damaged) {
		return nil, err
	}
	aside, merr := moveAside(path)
	if merr != nil {
		return nil, fmt.Errorf("%s is damaged (%v), and could not be moved aside: %v", path, damaged.cause, merr)
	}
	db, deferred, err = openDB(path)
	if err != nil {
		return nil, err
	}
	l := newLibrary(db, path, deferred)
	l.Recovered = recovered(db, path, damaged.cause, aside)
	return l, nil
}

// openReadOnlyLibrary opens the library at path read-only, shown as it
// is: its writes fail with ErrReadOnly, one line each.
func openReadOnlyLibrary(path string) (*Library, error) {
	db, err := openReadOnly(path)
	if err != nil {
		return nil, err
	}
	l := newLibrary(db, path, false)
	l.ReadOnly = true
	return l, nil
}

func newLibrary(db *sql.DB, path string, deferred bool) *Library {
	l := &Library{db: db, path: path, checked: make(chan struct{}), settled: make(chan struct{}), lex: store.NewLexicon()}
	l.opened, _ = os.Stat(path)
	l.bgCtx, l.stopBg = context.WithCancel(context.Background())
	l.indexCtx, l.stopIndex = context.WithCancel(context.Background())
	l.queue.start(l)
	if !deferred {
		close(l.checked)
		return l
	}
	ctx, cancel := context.WithCancel(context.Background())
	l.stopCheck = cancel
	go func() {
		defer close(l.checked)
		select {
		case <-l.settled:
		case <-ctx.Done():
			return // closed first: not checked
		}
		var damaged *damagedError
		if err := check(ctx, db); errors.As(err, &damaged) {
			l.damageMu.Lock()
			l.damage = damaged.cause
			l.damageMu.Unlock()
		}
	}()
	return l
}

// checkInline is the largest library Open checks before it returns; a
// larger one is checked in the background once its opener has settled
// (Settled; quick_check reads every page:
// half a second for 100,000 articles), so that the reader's first frame
// does not wait for it. A file that is not a database at all is still
// caught at once, by the first read.
var checkInline int64 = 64 << 20

// Settled tells a large library that its opener's heavy work is done
// (the reader's store of it is built): its background check starts only
// then, not beside the build, whose cores it would share (quick_check
// reads every page: 0.8 s of CPU at the start of a 100,000-article
// library, which a `lede list` paid though Close then cancelled the
// check). A library closed before Settled is not checked in the
// background; its reads still tell damage they meet (SQLITE_CORRUPT).
func (l *Library) Settled() { l.settleOnce.Do(func() { close(l.settled) }) }

// Damaged is what the background check found wrong with a large library,
// "" while it runs or when all is well. A damaged library is moved aside
// when it is closed.
func (l *Library) Damaged() string {
	l.damageMu.Lock()
	defer l.damageMu.Unlock()
	return l.damage
}

// Closed says Close has been called: what asks the library from then on
// (a reader's Follow) can stop.
func (l *Library) Closed() bool {
	l.bgMu.Lock()
	defer l.bgMu.Unlock()
	return l.closing
}

// Path is the library's file.
func (l *Library) Path() string { return l.path }

// Close writes the marks still queued and closes the file. Closed again,
// it gives what it gave the first time.
func (l *Library) Close() error {
	l.closeOnce.Do(func() { l.closeErr = l.close() })
	return l.closeErr
}

func (l *Library) close() error {
	if l.stopCheck != nil {
		l.stopCheck()
	}
	<-l.checked
	l.bgMu.Lock()
	l.closing = true
	l.bgMu.Unlock()
	l.stopBg()
	l.background.Wait()
	l.stopIndex()
	err := errors.Join(l.queue.stop(), l.endVisit())
	l.writeMu.Lock()
	if l.wconn != nil {
		l.wconn.Close()
		l.wconn = nil
	}
	l.writeMu.Unlock()
	if cerr := l.db.Close(); err == nil {
		err = cerr
	}
	if cause := l.Damaged(); cause != "" {
		unlock := lockLibrary(l.path)
		defer unlock()
		// Only the file this library opened: another lede may have moved
		// it aside already and started a fresh one in its place.
		if now, serr := os.Stat(l.path); serr != nil || l.opened == nil || !os.SameFile(l.opened, now) {
			return errors.Join(err, fmt.Errorf("%s was damaged (%s); another lede has moved it aside since", l.path, cause))
		}
		aside, merr := moveAside(l.path)
		if merr != nil {
			return errors.Join(err, fmt.Errorf("%s is damaged (%s), and could not be moved aside: %v", l.path, cause, merr))
		}
		// The fresh library is made now, with what can be read of the
		// damaged one, as Open does.
		fresh, _, ferr := openDB(l.path)
		if ferr != nil {
			return errors.Join(err, fmt.Errorf("%s is damaged (%s); it is kept as %s, and a fresh library starts next time (lede import restores subscriptions from an export)", l.path, cause, aside))
		}
		defer fresh.Close()
		return errors.Join(err, errors.New(recovered(fresh, l.path, cause, aside)))
	}
	return err
}

// damagedError: the file is not a database, or not a sound one.
type damagedError struct{ cause string }

func (e *damagedError) Error() string { return "damaged: " + e.cause }

// maxConns is how many connections the library opens at most.
const maxConns = 4

// dsn opens with the busy timeout first (so that even the WAL switch
// waits for a lock), WAL, foreign keys, and write transactions that take
// the write lock when they begin: a transaction that read first and then
// wants to write cannot wait for a lock in WAL mode, only fail.
func dsn(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
}

// openDB opens and migrates the library; deferred says the check is left
// for the background (a large file).
func openDB(path string) (db *sql.DB, deferred bool, err error) {
	db, err = sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, false, err
	}
	// A few connections, so that reading the whole library (a snapshot
	// being built) does not hold up a mark or the reader's first frame;
	// writes take Library.writeMu and go through one connection of their
	// own (Library.wconn, the one more than maxConns), so the process has
	// one writer at a time. Other processes wait on the busy timeout.
	db.SetMaxOpenConns(maxConns + 1)
	db.SetConnMaxIdleTime(0)
	if info, err := os.Stat(path); err == nil && info.Size() > checkInline {
		deferred = true
	} else if err := check(context.Background(), db); err != nil {
		db.Close()
		return nil, false, err
	}
	if err := migrate(db); err != nil {
		db.Close()
		return nil, false, err
	}
	return db, deferred, nil
}

// check runs quick_check: it reads every page, so a damaged file is told
// from a locked one at open, not halfway through a write.
func check(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return classify(err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return classify(err)
	}
	if len(problems) > 0 {
		return &damagedError{cause: firstProblem(problems)}
	}
	return nil
}

// classify turns SQLite's "not a database" and "malformed" into a
// damagedError; a busy or locked file, or anything else, stays as it is.
func classify(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return &damagedError{cause: "not a database"}
		case sqlite3.SQLITE_CORRUPT:
			return &damagedError{cause: "malformed"}
		}
	}
	return err
}

// moveAside renames a damaged library (and its WAL and shared-memory
// files, which belong to it) to library.db.damaged-TIME, and gives the new
// name. It never overwrites a file: the name is reserved first (made
// empty, exclusively), and a name taken already (another file moved aside
// in the same second) gets a number after it, -2, -3 and on. The caller
// holds lockLibrary.
func moveAside(path string) (string, error) {
	base := path + ".damaged-" + time.Now().UTC().Format("20060102T150405Z")
	for n := 1; ; n++ {
		aside := base
		if n > 1 {
			aside = fmt.Sprintf("%s-%d", base, n)
		}
		if taken(aside+"-wal") || taken(aside+"-shm") {
			continue
		}
		f, err := os.OpenFile(aside, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		f.Close()
		// The name is this process's now: renaming onto it replaces only
		// the empty file just made.
		if err := os.Rename(path, aside); err != nil {
			os.Remove(aside)
			return "", err
		}
		for _, ext := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(path + ext); err == nil {
				if err := os.Rename(path+ext, aside+ext); err != nil {
					return "", err
				}
			}
		}
		return aside, nil
	}
}

// taken says a file of that name is there (or cannot be told not to be).
func taken(name string) bool {
	_, err := os.Lstat(name)
	return !errors.Is(err, fs.ErrNotExist)
}

// tx runs f in one write transaction: all of it is written, or none.
// Every write of the process goes through here (or tryTx), on wconn.
func (l *Library) tx(ctx context.Context, f func(*sql.Tx) error) error {
	return l.write(ctx, true, f)
}

// tryTx is tx for a write that can be left undone (a cache kept for the
// next process): where another process holds the library's write lock it
// does not wait the busy timeout (an update's transaction, up to 10 s,
// would hold a read-only command's exit that long) but fails at once;
// nothing is written then.
func (l *Library) tryTx(ctx context.Context, f func(*sql.Tx) error) error {
	return l.write(ctx, false, f)
}

// write is tx, and tryTx where wait is false: the connection's busy
// timeout 0 for that one transaction, then as it was.
func (l *Library) write(ctx context.Context, wait bool, f func(*sql.Tx) error) error {
	if l.ReadOnly {
		return fmt.Errorf("%s: %w", l.path, ErrReadOnly)
	}
	l.writeMu.Lock()
	defer l.writeMu.Unlock()
	c, err := l.writer()
	if err != nil {
		return err
	}
	if !wait {
		var was int64
		if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&was); err != nil {
			l.dropWriter(err)
			return err
		}
		if _, err := c.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
			l.dropWriter(err)
			return err
		}
		defer c.ExecContext(context.Background(), "PRAGMA busy_timeout = "+strconv.FormatInt(was, 10))
	}
	tx, err := c.BeginTx(ctx, nil) // SQLITE_BUSY at once where !wait and another process writes
	if err != nil {
		l.dropWriter(err)
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		l.dropWriter(err)
		return err
	}
	err = tx.Commit()
	l.dropWriter(err)
	return err
}

// writer is wconn, taken from the pool when there is none; under writeMu.
func (l *Library) writer() (*sql.Conn, error) {
	if l.wconn == nil {
		c, err := l.db.Conn(context.Background())
		if err != nil {
			return nil, err
		}
		// A new connection counts data_version afresh.
		l.wconn, l.seen = c, false
	}
	return l.wconn, nil
}

// dropWriter lets go of wconn when err says the connection is lost, so
// that the next write takes another; under writeMu.
func (l *Library) dropWriter(err error) {
	if l.wconn != nil && (errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn)) {
		l.wconn.Close()
		l.wconn, l.lost = nil, true
	}
}

// ChangedElsewhere says whether another process (or another Library on
// the same file) has committed a change to the library since the last
// call; the first call starts counting. This process's own writes never
// count: they go through the connection asked. It costs a pragma
// (microseconds) and never waits on this process's writes: while one is
// under way it says false, and what changed is seen at the next call.
func (l *Library) ChangedElsewhere(ctx context.Context) (bool, error) {
	if !l.writeMu.TryLock() {
		return false, nil
	}
	defer l.writeMu.Unlock()
	c, err := l.writer()
	if err != nil {
		return false, err
	}
	var v int64
	if err := c.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		l.dropWriter(err)
		return false, err
	}
	// The first look on a connection only starts counting, unless one
	// was lost before it: what changed meanwhile is not known, so it did.
	changed := l.seen && v != l.version || !l.seen && l.lost
	l.version, l.seen, l.lost = v, true, false
	return changed, nil
}

// now is the clock, replaced by tests that need times apart.
var (
	nowMu sync.Mutex
	nowFn = time.Now
)

func now() time.Time {
	nowMu.Lock()
	defer nowMu.Unlock()
	return nowFn().UTC().Truncate(time.Second)
}
