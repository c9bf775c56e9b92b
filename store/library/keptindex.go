package library

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/lede-reader/lede/store"
)

// The kept index (schema 7, store/keptindex.go): the index the last
// build of the library's articles made, so that a start from a library
// that has not changed since reads it instead of decoding every analysis
// and placing every posting again. Every row carries the count of
// changes to the articles (article_changes, schema 6) it was built at:
// a load whose count is the same reads the articles alone (no analyses,
// no bodies) and hands the build the kept index; the build checks the
// rest (its format, the articles given) and, where it does not serve,
// asks for the analyses after all. A build that made its index keeps it
// in the background: the old rows deleted first, then the parts, the
// header last, a short transaction each, so that marks and updates wait
// little, and an interrupted save leaves no index rather than a wrong
// one (a part of another save is told by its save's number). It is
// derived data: lost, stale or damaged, it costs one build.
//
// A start after a few changes extends the kept index (schema 8 says how
// many articles it was made of, and the last rowid): by the articles
// added or edited since, whose analyses it reads, less those edited or
// removed since, whose analyses then triggers keep in article_was
// (schema 9) while an index is kept, a row a change, until the next
// index is kept, or until the changes are too many to extend it by
// (dropPastShare, in the change's transaction, drops its header and the
// rows: the triggers stop).
//
// The kept index is a base, and the changes since it a delta that the
// library holds anyway (the changed articles' analyses, article_was):
// a start that extends the base applies it, and keeps its own index in
// the base's place only once the changes are past rebaseShare of the
// articles. Until then the base stays as it is, and so does what
// article_was holds since it: each start after it extends it again by
// every change since (at 100,000 articles after 50 added, about 1-2 s of
// CPU more than a start the base serves), where keeping the extended
// index cost a rewrite of all of it (220 MB, 2-3 s of CPU at 100,000,
// 18 s at 1,000,000) at every start after an update, and in a running
// reader at each update it landed.

var errIndexStale = errors.New("a newer index is being kept")

// rebaseShare is the share of a kept index's articles changed since it
// was kept (added, edited or removed, as the build counts them: an edit
// is one out and one in) past which a start that extends it keeps its
// own in its place. Each start until then applies every change since the
// base again: at 100,000 articles 50 added cost a start 1-2 s of CPU
// more than one the index serves, a feed of 6,117 removed about 3 s
// (2026-12-01, load 6-10), where keeping the index again costs 2-3 s
// once; past a thirty-second of the articles (3,125 at 100,000) the
// changes cost more at each start than a rewrite amortised over a few,
// and the changes stay well within what a build extends at all
// (store.ExtendShare), past which the base is dropped (dropPastShare)
// and a start builds everything.
const rebaseShare = store.ExtendShare / 8

// rebase says whether the index a start extended by changed articles
// of n is kept in place of the base: past rebaseShare.
func rebase(changed, n int) bool { return float64(changed) > rebaseShare*float64(n) }

// rebaseNow is store.KeptIndex.Rebase: rebase, or at once where the
// library was told to (KeepExtended: a command that reads the kept
// index in part, lede search, answers from it only where it is of the
// articles as they are).
func (l *Library) rebaseNow(changed, n int) bool { return l.KeepExtended || rebase(changed, n) }

// changeCount is the library's count of changes to its articles.
func changeCount(ctx context.Context, q querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT n FROM article_changes WHERE id = 1`).Scan(&n)
	return n, err
}

// keptAt is what the kept index was built of: the library's count of
// changes then, how many articles it held and the last of their rowids
// (-1 where not known).
type keptAt struct {
	changes, articles, last int64
}

// keptIndexAt says what the kept index was built of; false where none
// is kept whole (its header is written last).
func (l *Library) keptIndexAt(ctx context.Context) (keptAt, bool) {
	return keptIndexIn(ctx, l.db)
}

func keptIndexIn(ctx context.Context, q querier) (keptAt, bool) {
	var k keptAt
	if err := q.QueryRowContext(ctx, `SELECT changes, articles, last_article FROM kept_index WHERE seq = 0`).Scan(&k.changes, &k.articles, &k.last); err != nil {
		return keptAt{}, false
	}
	return k, true
}

// extendable says whether the articles changed since the kept index
// was built at k (added, edited or removed since) are few enough for a
// build to extend the index by them (store.ExtendShare, which the build
// checks again: past it, a build reads every analysis anyway). An
// edited article is one taken out and one put in; what each taken out
// was then, the build asks of article_was (wasFor).
func (l *Library) extendable(ctx context.Context, k keptAt) bool {
	return extendableIn(ctx, l.db, k, "")
}

// extendableIn is extendable read through q, as it will be once the
// articles going (a condition on articles with one parameter, ?3, and
// its argument; "" for none) are removed.
func extendableIn(ctx context.Context, q querier, k keptAt, going string, arg ...any) bool {
	if k.articles < 0 || k.last < 0 {
		return false
	}
	stay, gone := "", "0"
	args := []any{k.changes, k.last}
	if going != "" {
		stay, gone = " AND NOT ("+going+")", "(SELECT count(*) FROM articles WHERE "+going+")"
		args = append(args, arg...)
	}
	var added, edited, now int64
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles WHERE changed > ?1 AND rowid > ?2`+stay+`),
		(SELECT count(*) FROM articles WHERE changed > ?1 AND rowid <= ?2`+stay+`),
		(SELECT count(*) FROM articles) - `+gone, args...).Scan(&added, &edited, &now)
	removed := k.articles - (now - added)
	return err == nil && removed >= 0 && float64(added+2*edited+removed) <= store.ExtendShare*float64(now)
}

// dropPastShare, in the transaction of a change to the articles, drops
// the kept index's header and every row of article_was once the changes
// since the index was built (with the articles going, as extendableIn)
// are too many for a build to extend it: it can no longer be served
// (changed) nor extended, so it costs nothing, and with no header the
// triggers stop keeping what articles were (each edit of a cron-only
// setup, every article of a feed removed) for a build that cannot use
// it. Its parts go with the next index kept (saveIndex). Derived data
// alone.
func dropPastShare(ctx context.Context, tx *sql.Tx, going string, arg ...any) error {
	k, kept := keptIndexIn(ctx, tx)
	if !kept {
		return nil
	}
	if n, err := changeCount(ctx, tx); err == nil && n == k.changes && going == "" {
		return nil // nothing changed since: no need to count
	}
	if extendableIn(ctx, tx, k, going, arg...) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM kept_index WHERE seq = 0`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM article_was`)
	return err
}

// wasFor gives, for store.KeptIndex.Was, what the articles ids were
// when the index kept at count at was built, numbered by lex in
// generation epoch: each one's first row of article_was after at, where
// the article had not changed since at before it (prev: a change while
// no index was kept is not recorded) and its analysis was of this
// generation; a Was without an analysis where not.
func (l *Library) wasFor(at int64, epoch string, lex *store.Lexicon) func(ids []string) []store.Was {
	return func(ids []string) []store.Was {
		ctx := context.Background()
		want := make(map[string]int, len(ids))
		for i, id := range ids {
			want[id] = i
		}
		out := make([]store.Was, len(ids))
		done := make([]bool, len(ids))
		asked, err := json.Marshal(ids)
		if err != nil {
			return out
		}
		rows, err := l.db.QueryContext(ctx, `SELECT id, prev, epoch, source, data FROM article_was
			WHERE at >= ? AND id IN (SELECT value FROM json_each(?)) ORDER BY at`, at, string(asked))
		if err != nil {
			return out
		}
		defer rows.Close()
		for rows.Next() {
			var id, then, source string
			var prev int64
			var data []byte
			if err := rows.Scan(&id, &prev, &then, &source, &data); err != nil {
				return make([]store.Was, len(ids))
			}
			i, ok := want[id]
			if !ok || done[i] {
				continue
			}
			done[i] = true
			if prev <= at && then == epoch && epoch != "" {
				out[i] = store.Was{Source: source, Analysis: data}
			}
		}
		if rows.Err() != nil {
			return make([]store.Was, len(ids))
		}
		// The lexicon after the rows: it only grows, so it numbers every
		// spelling they use.
		if now, err := analysisEpoch(ctx, l.db); err != nil || now != epoch || readLexicon(ctx, l.db, lex) != nil {
			return make([]store.Was, len(ids))
		}
		return out
	}
}

// articlesNow is how many articles the library holds and the last of
// their rowids, for the index of a build of them (keptAt).
func (l *Library) articlesNow(ctx context.Context) (articles, last int64) {
	if err := l.db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(rowid), 0) FROM articles`).Scan(&articles, &last); err != nil {
		return -1, -1
	}
	return articles, last
}

// readIndex reads the kept index's rows built at changes, for
// store.KeptIndex.Read; a row of another count is an error.
func (l *Library) readIndex(changes int64) func(lo, hi int, each func(int, []byte) error) error {
	return func(lo, hi int, each func(int, []byte) error) error {
		rows, err := l.db.QueryContext(context.Background(), `SELECT seq, changes, data FROM kept_index WHERE seq >= ? AND seq < ? ORDER BY seq`, lo, hi)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int
			var at int64
			var data sql.RawBytes // decoded before the next row: not copied
			if err := rows.Scan(&seq, &at, &data); err != nil {
				return err
			}
			if at != changes {
				return errIndexStale
			}
			if err := each(seq, data); err != nil {
				return err
			}
		}
		return rows.Err()
	}
}

// analysesFor gives, for store.KeptIndex.Analyses, the analyses of
// generation epoch of the articles ids, numbered by lex (read now); nil
// for every one where the generation changed meanwhile.
func (l *Library) analysesFor(epoch string, lex *store.Lexicon) func(ids []string) [][]byte {
	return func(ids []string) [][]byte {
		ctx := context.Background()
		var byID map[string][]byte
		var err error
		if len(ids) <= analysesByID {
			byID, err = l.analysesOf(ctx, ids)
		} else {
			byID, err = l.allAnalyses(ctx)
		}
		if err != nil {
			return nil
		}
		// The lexicon after the analyses: it only grows, so it numbers
		// every spelling they use.
		if now, err := analysisEpoch(ctx, l.db); err != nil || now != epoch || readLexicon(ctx, l.db, lex) != nil {
			return nil
		}
		out := make([][]byte, len(ids))
		for i, id := range ids {
			out[i] = byID[id]
		}
		return out
	}
}

// analysesByID is how many analyses analysesFor looks up one by one;
// for more, it reads them all.
const analysesByID = 5000

// analysesOf reads the analyses of the articles ids, by ID.
func (l *Library) analysesOf(ctx context.Context, ids []string) (map[string][]byte, error) {
	byID := make(map[string][]byte, len(ids))
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	one, err := conn.PrepareContext(ctx, `SELECT data FROM analyses WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	defer one.Close()
	for _, id := range ids {
		var data []byte
		switch err := one.QueryRowContext(ctx, id).Scan(&data); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, err
		default:
			byID[id] = data
		}
	}
	return byID, nil
}

// allAnalyses reads every analysis the library keeps, by ID.
func (l *Library) allAnalyses(ctx context.Context) (map[string][]byte, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT id, data FROM analyses`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[string][]byte{}
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, err
		}
		byID[id] = data
	}
	return byID, rows.Err()
}

// relatedBatch is about how many bytes of a kept index's related rows a
// transaction writes.
const relatedBatch = 4 << 20

// saveIndex keeps, in the background, the index of a build of the
// articles as they were (of), for store.KeptIndex.Save. A later
// build's save supersedes one not yet done; Quit drops it. nil for a
// library this user cannot write.
func (l *Library) saveIndex(of keptAt) func(write func(put func(int, []byte) error) error) {
	changes := of.changes
	if l.ReadOnly {
		return nil
	}
	return func(write func(put func(int, []byte) error) error) {
		gen := l.indexGen.Add(1)
		l.inBackground(func() {
			l.indexMu.Lock()
			defer l.indexMu.Unlock()
			ctx := l.indexCtx
			stale := func() bool { return ctx.Err() != nil || l.indexGen.Load() != gen }
			if stale() {
				return
			}
			if err := l.tx(ctx, func(tx *sql.Tx) error {
				// What articles were before the changes this index holds
				// goes with the index before it.
				if _, err := tx.ExecContext(ctx, `DELETE FROM kept_index`); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, `DELETE FROM article_was WHERE at < ?`, changes)
				return err
			}); err != nil {
				return
			}
			// Encoded on this goroutine, written on another: a row is
			// made while the one before is written (unbuffered: when
			// put returns, the row before it is written, and its
			// buffer the encoder's again).
			type row struct {
				seq  int
				data []byte
			}
			rows := make(chan row)
			failed := make(chan struct{})
			done := make(chan struct{})
			go func() {
				defer close(done)
				// The related part's rows (store.RelatedRows: thousands of
				// a few kilobytes) are written a batch of about a part's
				// bytes a transaction, copied into one buffer as they
				// come: the encoder makes the row after next in the
				// buffer of this one.
				var batch []row
				size := 0
				var held []byte
				write := func(rs ...row) bool {
					return !stale() && l.tx(ctx, func(tx *sql.Tx) error {
						for _, r := range rs {
							if _, err := tx.ExecContext(ctx, `INSERT INTO kept_index (seq, changes, data, articles, last_article) VALUES (?, ?, ?, ?, ?)`, r.seq, changes, r.data, of.articles, of.last); err != nil {
								return err
							}
						}
						return nil
					}) == nil
				}
				for r := range rows {
					ok := true
					switch {
					case store.RelatedRows(r.seq):
						if held == nil {
							held = make([]byte, 0, relatedBatch+relatedBatch/4)
						}
						at := len(held)
						held = append(held, r.data...)
						batch = append(batch, row{r.seq, held[at:len(held):len(held)]})
						if size += len(r.data); size >= relatedBatch {
							ok = write(batch...)
							batch, size, held = batch[:0], 0, held[:0]
						}
					case len(batch) > 0:
						ok = write(batch...) && write(r)
						batch, size, held = batch[:0], 0, held[:0]
					default:
						ok = write(r)
					}
					if !ok {
						close(failed)
						for range rows { // the rest is dropped
						}
						return
					}
				}
			}()
			write(func(seq int, data []byte) error {
				select {
				case rows <- row{seq, data}:
					return nil
				case <-failed:
					return errIndexStale
				}
			})
			close(rows)
			<-done
		})
	}
}

// Quit tells the library its user quit: the index being kept, which a
// start can make again, is dropped rather than waited for (Close waits
// for it otherwise: a command's last build is kept for the next start).
func (l *Library) Quit() { l.stopIndex() }
