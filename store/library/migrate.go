package library

import (
	"context"
	"database/sql"
	"fmt"
)

// The schema's version is PRAGMA user_version: 0 is an empty file, and
// migrations[v] takes a library from version v to v+1. A migration is
// added, never changed once it has landed; each has a test that runs it
// on a library of the version before.
var migrations = []func(*sql.Tx) error{
	// 1: feeds, articles, reading state, what was pruned, and a few facts.
	func(tx *sql.Tx) error {
		return execAll(tx,
			`CREATE TABLE feeds (
				id            INTEGER PRIMARY KEY,
				url           TEXT NOT NULL UNIQUE,
				name          TEXT NOT NULL,
				named         INTEGER NOT NULL DEFAULT 0, -- the name was given, not the feed's title
				tags          TEXT NOT NULL DEFAULT '',   -- one per line
				full_text     INTEGER NOT NULL DEFAULT 0, -- fetch each article's page
				etag          TEXT NOT NULL DEFAULT '',
				last_modified TEXT NOT NULL DEFAULT '',
				updated       INTEGER NOT NULL DEFAULT 0, -- unix seconds of the last good update
				error         TEXT NOT NULL DEFAULT '',   -- the last update's error, one line
				added         INTEGER NOT NULL
			)`,
			`CREATE TABLE articles (
				id        TEXT PRIMARY KEY,
				feed_id   INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
				key       TEXT NOT NULL,              -- identity within the feed
				title     TEXT NOT NULL,
				section   TEXT NOT NULL DEFAULT '',
				source    TEXT NOT NULL DEFAULT '',
				links     TEXT NOT NULL DEFAULT '',   -- one per line
				words     INTEGER NOT NULL DEFAULT 0,
				published INTEGER NOT NULL DEFAULT 0, -- unix seconds; 0 unknown
				added     INTEGER NOT NULL,
				body      TEXT NOT NULL,
				full_text INTEGER NOT NULL DEFAULT 0  -- body is the page, fetched
			)`,
			`CREATE UNIQUE INDEX articles_by_key ON articles(feed_id, key)`,
			`CREATE INDEX articles_by_added ON articles(added)`,
			`CREATE TABLE state (
				id       TEXT PRIMARY KEY,            -- an article's ID
				read     INTEGER NOT NULL DEFAULT 0,
				saved    INTEGER NOT NULL DEFAULT 0,
				position INTEGER NOT NULL DEFAULT 0,  -- lines scrolled
				changed  INTEGER NOT NULL
			)`,
			// Items pruned while still in their feed, so an update does
			// not bring them back as new.
			`CREATE TABLE gone (
				feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
				key     TEXT NOT NULL,
				PRIMARY KEY (feed_id, key)
			)`,
			`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		)
	},
	// 2: the headlines in list order, covering what the list shows, so
	// that the reader's first frame reads a compact index instead of
	// every article's row (bodies and all): 100,000 headlines in a
	// fraction of the time.
	func(tx *sql.Tx) error {
		return execAll(tx, `CREATE INDEX articles_headlines ON articles(
			(CASE WHEN published > 0 THEN published ELSE added END) DESC,
			id, title, section, source, words, published, added, feed_id)`)
	},
	// 3: each article's analysis, prepared for the store (prepare.go), and
	// the lexicon that numbers its spellings. A change of the article's
	// title or body drops its analysis, whatever writes it.
	func(tx *sql.Tx) error {
		return execAll(tx,
			`CREATE TABLE analyses (
				id   TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
				data BLOB NOT NULL
			)`,
			`CREATE TABLE lexicon (
				first INTEGER PRIMARY KEY, -- the number of its first spelling
				n     INTEGER NOT NULL,    -- how many spellings it numbers
				data  BLOB NOT NULL
			)`,
			`CREATE TRIGGER articles_text_changed AFTER UPDATE OF title, body ON articles
				WHEN old.title IS NOT new.title OR old.body IS NOT new.body
				BEGIN DELETE FROM analyses WHERE id = old.id; END`,
		)
	},
	// 4: what the last build placed (store/placement.go): each article's
	// topics and story, so that a restart neither clusters nor groups
	// the library again (prepare.go). One row; derived data, made again
	// when lost.
	func(tx *sql.Tx) error {
		return execAll(tx, `CREATE TABLE placement (
			id   INTEGER PRIMARY KEY CHECK (id = 1),
			data BLOB NOT NULL
		)`)
	},
	// 5: the placement kept as rows (prepare.go, store/placement.go): a
	// base, row 0, and the parts appended by the builds since, each
	// holding only what it placed anew, so that an update of a few
	// articles writes a few articles' placement, not the whole. The one
	// row kept is the base, as it was.
	func(tx *sql.Tx) error {
		return execAll(tx,
			`CREATE TABLE placement_rows (
				seq  INTEGER PRIMARY KEY CHECK (seq >= 0), -- 0: the base, then each part
				data BLOB NOT NULL
			)`,
			`INSERT INTO placement_rows (seq, data) SELECT 0, data FROM placement`,
			`DROP TABLE placement`,
			`ALTER TABLE placement_rows RENAME TO placement`,
		)
	},
	// 6: a count of the changes to the articles (one added, edited or
	// removed: one change), and each article's count at its last change,
	// kept by triggers whatever writes (an update, a full text, prune,
	// remove, another lede), so that an open reader knows the articles
	// changed, and which, from one row (follow.go) instead of a digest
	// of words and title lengths, which an edit that keeps both missed.
	// An edit is a change of what the store is built from; an update
	// that writes an item as it was changes nothing. Adding the column
	// rewrites no row (its default is in the schema); the index over it
	// reads each row's first page, not its text.
	func(tx *sql.Tx) error {
		bump := `UPDATE article_changes SET n = n + 1;
			UPDATE articles SET changed = (SELECT n FROM article_changes) WHERE rowid = new.rowid;`
		return execAll(tx,
			`CREATE TABLE article_changes (
				id INTEGER PRIMARY KEY CHECK (id = 1),
				n  INTEGER NOT NULL
			)`,
			`INSERT INTO article_changes (id, n) VALUES (1, 0)`,
			`ALTER TABLE articles ADD COLUMN changed INTEGER NOT NULL DEFAULT 0`,
			`CREATE INDEX articles_by_changed ON articles(changed)`,
			`CREATE TRIGGER articles_added AFTER INSERT ON articles BEGIN `+bump+` END`,
			`CREATE TRIGGER articles_edited AFTER UPDATE OF feed_id, title, section, source, links, words, published, added, body, full_text ON articles
				WHEN old.feed_id IS NOT new.feed_id OR old.title IS NOT new.title
					OR old.section IS NOT new.section OR old.source IS NOT new.source OR old.links IS NOT new.links
					OR old.words IS NOT new.words OR old.published IS NOT new.published OR old.added IS NOT new.added
					OR old.body IS NOT new.body OR old.full_text IS NOT new.full_text
				BEGIN `+bump+` END`,
			`CREATE TRIGGER articles_removed AFTER DELETE ON articles BEGIN UPDATE article_changes SET n = n + 1; END`,
		)
	},
	// 7: the index the last build made, kept so that a start from a
	// library that has not changed since reads it instead of making it
	// again (keptindex.go, store/keptindex.go): row 0 its header, written
	// last, and its parts, each row with the count of changes
	// (article_changes) of the articles it was built of. Derived data,
	// made again when lost or stale.
	func(tx *sql.Tx) error {
		return execAll(tx, `CREATE TABLE kept_index (
			seq     INTEGER PRIMARY KEY CHECK (seq >= 0), -- 0: the header, then each part
			changes INTEGER NOT NULL,
			data    BLOB NOT NULL
		)`)
	},
	// 8: with the kept index's header, how many articles the library
	// held when it was made and the last of their rowids, so that a start
	// tells an update that only added articles (the kept index is
	// extended by them, store/extendindex.go) from a change that edited
	// or removed some (a build from the analyses) before reading any.
	// An index kept before says neither (-1), and is not extended.
	func(tx *sql.Tx) error {
		return execAll(tx,
			`ALTER TABLE kept_index ADD COLUMN articles INTEGER NOT NULL DEFAULT -1`,
			`ALTER TABLE kept_index ADD COLUMN last_article INTEGER NOT NULL DEFAULT -1`,
		)
	},
	// 9: what an article of the kept index was when the index was made,
	// where it is edited or removed since (keptindex.go): its analysis then
	// (NULL where it had none), its source, the generation of the
	// analyses that numbers it, the count of changes before the change
	// (at) and the article's count at its change before that (prev), so
	// that a start extends the kept index by taking its old analysis out
	// (store/extendindex.go) instead of building everything. Kept by
	// triggers, whatever writes, only while an index is kept (its header
	// is there); a row for a change the index holds goes as the next is
	// kept. Derived data.
	func(tx *sql.Tx) error {
		record := `INSERT OR REPLACE INTO article_was (id, at, prev, epoch, source, data) VALUES (old.id,
				(SELECT n FROM article_changes), old.changed,
				coalesce((SELECT value FROM meta WHERE key = 'analysis'), ''), old.source,
				(SELECT data FROM analyses WHERE id = old.id));`
		kept := `EXISTS (SELECT 1 FROM kept_index WHERE seq = 0)`
		return execAll(tx,
			`CREATE TABLE article_was (
				id     TEXT NOT NULL,
				at     INTEGER NOT NULL, -- article_changes before the change
				prev   INTEGER NOT NULL, -- the article's changed before it
				epoch  TEXT NOT NULL,    -- meta "analysis" then: the generation that numbers data
				source TEXT NOT NULL,
				data   BLOB,             -- its analysis then; NULL: none
				PRIMARY KEY (id, at)
			)`,
			`CREATE TRIGGER articles_edited_was BEFORE UPDATE OF feed_id, title, section, source, links, words, published, added, body, full_text ON articles
				WHEN (old.feed_id IS NOT new.feed_id OR old.title IS NOT new.title
					OR old.section IS NOT new.section OR old.source IS NOT new.source OR old.links IS NOT new.links
					OR old.words IS NOT new.words OR old.published IS NOT new.published OR old.added IS NOT new.added
					OR old.body IS NOT new.body OR old.full_text IS NOT new.full_text) AND `+kept+`
				BEGIN `+record+` END`,
			`CREATE TRIGGER articles_removed_was BEFORE DELETE ON articles WHEN `+kept+` BEGIN `+record+` END`,
		)
	},
	// 10: each feed's own title, as its last update gave it (save,
	// update.go), apart from its name, which a person may have given:
	// the name of a feed renamed says nothing of its title, which its
	// own items carry as their source (feedName). Backfilled only where
	// it is known: an unnamed feed's name is its title, or its title
	// numbered ("X (2)", freeName), where its items say so; the rest
	// (named feeds, folders, feeds that never updated) have none ('')
	// until their next update.
	func(tx *sql.Tx) error {
		if _, err := tx.Exec(`ALTER TABLE feeds ADD COLUMN title TEXT NOT NULL DEFAULT ''`); err != nil {
			return err
		}
		return backfillTitles(tx)
	},
	// 11: each article's copy key (copykeys.go): a digest of its title,
	// words and text, so that finding the exact copies reads an index of
	// digests, not the texts. A row whose title, words or text change
	// without its key loses it, and a row deleted takes its key along.
	// Derived data: every article's key is worked out here (at 100,000
	// articles, reading every text once).
	func(tx *sql.Tx) error {
		changed := `old.title IS NOT new.title OR old.words IS NOT new.words OR old.body IS NOT new.body`
		if err := execAll(tx,
			`CREATE TABLE copy_keys (
				id  TEXT PRIMARY KEY, -- an article's ID
				sum BLOB NOT NULL     -- copyKey of its title, words and body
			)`,
			`CREATE INDEX copy_keys_by_sum ON copy_keys(sum, id)`,
			`CREATE TRIGGER articles_copy_key_stale AFTER UPDATE OF title, words, body ON articles
				WHEN `+changed+` BEGIN DELETE FROM copy_keys WHERE id = old.id; END`,
			`CREATE TRIGGER articles_copy_key_gone AFTER DELETE ON articles
				BEGIN DELETE FROM copy_keys WHERE id = old.id; END`,
		); err != nil {
			return err
		}
		return fillCopyKeys(context.Background(), tx)
	},
}

// SchemaVersion is the version this lede writes.
var SchemaVersion = len(migrations)

func execAll(tx *sql.Tx, stmts ...string) error {
	for _, s := range stmts {
		if _, err := tx.Exec(s); err != nil {
			return err
		}
	}
	return nil
}

func userVersion(q interface {
	QueryRow(string, ...any) *sql.Row
}) (int, error) {
	var v int
	err := q.QueryRow("PRAGMA user_version").Scan(&v)
	return v, err
}

// migrate brings the library to SchemaVersion, one transaction a step: a
// step that fails leaves the library at the version before it.
func migrate(db *sql.DB) error {
	v, err := userVersion(db)
	if err != nil {
		return classify(err)
	}
	if v > SchemaVersion {
		return fmt.Errorf("library schema %d, this lede reads up to %d: %w", v, SchemaVersion, ErrNewer)
	}
	for ; v < SchemaVersion; v++ {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if err := migrations[v](tx); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrating the library to schema %d: %v", v+1, err)
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
