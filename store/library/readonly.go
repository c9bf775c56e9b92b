package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// A library whose file, or folder, this user cannot write (a shared or
// archived library, a backup mounted read-only) opens read-only: it shows
// what it holds, and every write (a mark, an update, a subscription)
// fails with ErrReadOnly, one line, instead of the library passing for
// an empty one and the demo's seeds showing in its place.

// ErrReadOnly is the error of every write to a library opened
// read-only.
var ErrReadOnly = errors.New("library is read-only")

// readOnlyErr: err says SQLite could not write the file, its journal or
// its folder (SQLITE_READONLY and its kinds), or could not open the
// shared-memory file beside it (SQLITE_CANTOPEN, in a folder it cannot
// write).
func readOnlyErr(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
		return true
	}
	return false
}

// openReadOnly opens the library at path read-only (mode=ro, and
// query_only on every connection): as it is where SQLite can read its
// write-ahead log beside it, else as a file nothing else writes
// (immutable: a folder this user cannot write has no log SQLite could
// make, so a log to read is there or none is). A library of an older
// schema is refused: it cannot be migrated.
func openReadOnly(path string) (*sql.DB, error) {
	var last error
	for _, extra := range []string{"", "&immutable=1"} {
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro"+extra+"&_pragma=busy_timeout(10000)&_pragma=query_only(1)")
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(maxConns + 1)
		db.SetConnMaxIdleTime(0)
		if err = check(context.Background(), db); err == nil {
			var v int
			if v, err = userVersion(db); err == nil {
				switch {
				case v > SchemaVersion:
					err = fmt.Errorf("library schema %d, this lede reads up to %d: %w", v, SchemaVersion, ErrNewer)
				case v < SchemaVersion:
					err = fmt.Errorf("%w, and from an older lede (schema %d, this lede writes %d): it cannot be brought up to date", ErrReadOnly, v, SchemaVersion)
				default:
					return db, nil
				}
				db.Close()
				return nil, err
			}
		}
		db.Close()
		last = err
	}
	return nil, last
}

// writable: this user may write the file at path (root may write any).
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return !errors.Is(err, os.ErrPermission)
	}
	f.Close()
	return true
}
