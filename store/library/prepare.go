package library

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"hash/maphash"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lede-reader/lede/store"
)

// Prepared analyses: what the store would make of each article's text
// (store.Analyzer), kept beside it so that a restart indexes the library
// without analysing it again (see store/prepared.go). They are derived
// data: lost or stale, they are made again, and nothing the user saved
// depends on them.
//
// - analyses holds one per article, numbered by the lexicon; a trigger
//   drops an article's analysis when its title or body changes, and
//   deleting the article deletes it.
// - lexicon holds the spellings, append-only, in chunks: chunk (first, n)
//   numbers spellings first to first+n-1.
// - meta "analysis" is the store.AnalysisVersion they were made with and
//   the generation of their lexicon (see analysisEpoch): another
//   version's are ignored, and replaced at the next save; a save whose
//   numbers another process's writes made wrong writes nothing.
//
// Articles are prepared right after they enter the library (update, add,
// keep, a page fetched in full) and, for a library that has none or whose
// analyses are stale, by the first load that finds them missing: it
// analyses what it must anyway, hands the analyses to the build, and
// saves them in the background, a batch a transaction (Close stops it
// after the batch in hand: what was saved stays, the rest is made again).

const metaAnalysis = "analysis"

var analysisVersion = strconv.Itoa(store.AnalysisVersion)

// lastEpoch makes epochs within one process differ though the clock may not.
var lastEpoch atomic.Int64

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// analysisEpoch gives the generation of the analyses kept: meta
// "analysis" is this lede's AnalysisVersion and the time their lexicon was
// started, "" when they are another version's or there are none. Numbers
// given in one generation mean nothing in another.
func analysisEpoch(ctx context.Context, q querier) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, metaAnalysis).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !strings.HasPrefix(v, analysisVersion+":") {
		return "", nil
	}
	return v, err
}

// lexiconLen is how many spellings the lexicon kept numbers.
func lexiconLen(ctx context.Context, q querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(first + n), 0) FROM lexicon`).Scan(&n)
	return n, err
}

// readLexicon adds to lex the chunks from lex.Len() on. A chunk that does
// not follow on (the lexicon was started afresh meanwhile) or is damaged
// is errLexicon.
func readLexicon(ctx context.Context, q querier, lex *store.Lexicon) error {
	rows, err := q.QueryContext(ctx, `SELECT first, n, data FROM lexicon WHERE first >= ? ORDER BY first`, lex.Len())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var first, n int
		var data []byte
		if err := rows.Scan(&first, &n, &data); err != nil {
			return err
		}
		at := lex.Len()
		if first != at {
			return errLexicon
		}
		if err := lex.AppendChunk(data); err != nil || lex.Len() != at+n {
			lex.Truncate(at)
			return errLexicon
		}
	}
	return rows.Err()
}

var errLexicon = errors.New("the lexicon of prepared analyses is damaged")

// toPrepare is an article to analyse: its text as the library holds it.
type toPrepare struct {
	id, title, body string
	// sum is textSum of the title and body analysed: the save keeps the
	// analysis only if the library still holds that text, and needs no
	// body for it, so that a first start lets go of each body once
	// analysed instead of holding every one (4.6 GB at 1,000,000
	// articles) until the background save reaches it.
	sum  uint64
	data []byte // its analysis, once encoded
}

// sumSeed seeds textSum: its sums are compared within one process only.
var sumSeed = maphash.MakeSeed()

// textSum is a 64-bit hash of an article's title and body.
func textSum(title, body string) uint64 {
	var h maphash.Hash
	h.SetSeed(sumSeed)
	h.WriteString(title)
	h.WriteByte(0)
	h.WriteString(body)
	return h.Sum64()
}

// analysed counts the articles analysed, for tests: a load of a prepared
// library analyses none.
var analysed atomic.Int64

// placementsOffered counts the placements builds offered to keep, for
// tests: a build of what the library kept offers none.
var placementsOffered atomic.Int64

// analyse analyses arts on workers cores (at least one).
func analyse(arts []toPrepare, workers int) []*store.Analysed {
	analysed.Add(int64(len(arts)))
	out := make([]*store.Analysed, len(arts))
	workers = max(1, min(workers, len(arts)))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			z := store.NewAnalyzer()
			for i := w; i < len(arts); i += workers {
				out[i] = z.Analyze(arts[i].title, arts[i].body)
			}
		}()
	}
	wg.Wait()
	return out
}

// saveAnalyses writes, in tx, the analyses of arts (encoded with lex's
// numbers in generation epoch) and the spellings lex numbered from base
// on, when those numbers still stand: the generation is the same, and
// the library's lexicon either ends at base (nobody numbered others
// since) or holds this very chunk at base (an earlier batch of this save
// wrote it). An analysis is kept only if its article still has the text
// analysed. It reports whether it wrote.
func saveAnalyses(ctx context.Context, tx *sql.Tx, epoch string, lex *store.Lexicon, base int, arts []toPrepare) (bool, error) {
	now, err := analysisEpoch(ctx, tx)
	if err != nil || now == "" || now != epoch {
		return false, err
	}
	have, err := lexiconLen(ctx, tx)
	if err != nil {
		return false, err
	}
	switch {
	case lex.Len() == base && have >= base:
		// No new spellings: the numbers below base stand, whatever
		// others appended.
	case have == base:
		if _, err := tx.ExecContext(ctx, `INSERT INTO lexicon (first, n, data) VALUES (?, ?, ?)`, base, lex.Len()-base, lex.Chunk(base)); err != nil {
			return false, err
		}
	default:
		var kept []byte
		err := tx.QueryRowContext(ctx, `SELECT data FROM lexicon WHERE first = ?`, base).Scan(&kept)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !bytes.Equal(kept, lex.Chunk(base)) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	text, err := tx.PrepareContext(ctx, `SELECT title, body FROM articles WHERE id = ?`)
	if err != nil {
		return false, err
	}
	defer text.Close()
	insert, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO analyses (id, data) VALUES (?, ?)`)
	if err != nil {
		return false, err
	}
	defer insert.Close()
	for _, a := range arts {
		if a.data == nil {
			continue
		}
		var title, body string
		switch err := text.QueryRowContext(ctx, a.id).Scan(&title, &body); {
		case errors.Is(err, sql.ErrNoRows):
			continue // gone meanwhile
		case err != nil:
			return false, err
		}
		if textSum(title, body) != a.sum {
			continue // its text changed since it was analysed
		}
		if _, err := insert.ExecContext(ctx, a.id, a.data); err != nil {
			return false, err
		}
	}
	return true, nil
}

// startAnalyses drops the analyses kept and their lexicon, and starts a
// generation of this lede's, which it gives.
func startAnalyses(ctx context.Context, tx *sql.Tx) (string, error) {
	at := time.Now().UnixNano()
	for {
		last := lastEpoch.Load()
		if at <= last {
			at = last + 1
		}
		if lastEpoch.CompareAndSwap(last, at) {
			break
		}
	}
	epoch := analysisVersion + ":" + strconv.FormatInt(at, 10)
	if err := execAll(tx, `DELETE FROM analyses`, `DELETE FROM lexicon`); err != nil {
		return "", err
	}
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`, metaAnalysis, epoch)
	return epoch, err
}

// prepareWhere analyses the articles that cond (a condition on articles
// a, with args) picks and that have no analysis, and keeps what it made.
// It runs right after articles enter the library; its failure costs only
// time at the next start, so it is not reported.
func (l *Library) prepareWhere(ctx context.Context, cond string, args ...any) {
	epoch, err := analysisEpoch(ctx, l.db)
	if err != nil {
		return
	}
	if epoch == "" {
		// A library with no analyses yet starts keeping them; one with
		// another version's is left to the next load, which prepares
		// all of it at once.
		var any int
		if err := l.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM analyses LIMIT 1)`).Scan(&any); err != nil || any > 0 {
			return
		}
		if err := l.tx(ctx, func(tx *sql.Tx) error {
			var err error
			epoch, err = startAnalyses(ctx, tx)
			return err
		}); err != nil {
			return
		}
	}
	// In batches, so that a folder of 100,000 files added at once is not
	// 100,000 analyses in memory at once.
	// An article met twice was not saved (its text changed meanwhile, or
	// cannot be matched): the next load prepares it.
	seen := map[string]bool{}
	for ctx.Err() == nil {
		arts := l.unprepared(ctx, cond, args...)
		for _, a := range arts {
			if seen[a.id] {
				return
			}
			seen[a.id] = true
		}
		if len(arts) == 0 || !l.prepareBatch(ctx, epoch, arts) || len(arts) < prepareAtOnce {
			return
		}
	}
}

// prepareAtOnce is how many articles prepareWhere analyses and saves at
// once.
var prepareAtOnce = 2000

// unprepared gives up to prepareAtOnce of the articles cond picks that
// have no analysis.
func (l *Library) unprepared(ctx context.Context, cond string, args ...any) []toPrepare {
	rows, err := l.db.QueryContext(ctx, `SELECT a.id, a.title, a.body FROM articles a
		WHERE `+cond+` AND NOT EXISTS (SELECT 1 FROM analyses n WHERE n.id = a.id) LIMIT `+strconv.Itoa(prepareAtOnce), args...)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var arts []toPrepare
	for rows.Next() {
		var a toPrepare
		if err := rows.Scan(&a.id, &a.title, &a.body); err != nil {
			return nil
		}
		a.sum = textSum(a.title, a.body)
		arts = append(arts, a)
	}
	if rows.Err() != nil {
		return nil
	}
	return arts
}

// prepareBatch analyses arts and saves their analyses in generation
// epoch, numbering new spellings in the process's lexicon; it reports
// whether they were saved.
func (l *Library) prepareBatch(ctx context.Context, epoch string, arts []toPrepare) bool {
	done := analyse(arts, runtime.GOMAXPROCS(0))
	err := l.tx(ctx, func(tx *sql.Tx) error {
		// The write lock is held: the lexicon cannot move under us.
		if l.lexEpoch != epoch {
			l.lex, l.lexEpoch = store.NewLexicon(), epoch
		}
		if err := readLexicon(ctx, tx, l.lex); err != nil {
			l.lex = store.NewLexicon()
			if err := readLexicon(ctx, tx, l.lex); err != nil {
				return err
			}
		}
		base := l.lex.Len()
		for i := range arts {
			arts[i].data = l.lex.Encode(done[i])
		}
		ok, err := saveAnalyses(ctx, tx, epoch, l.lex, base, arts)
		if err != nil || !ok {
			// Read the lexicon afresh next time.
			l.lex, l.lexEpoch = store.NewLexicon(), ""
			if err == nil {
				err = errLexicon // roll back
			}
		}
		return err
	})
	return err == nil
}

// prepareArticles gives arts (the library's, in the order of ids, with
// data their kept analyses or nil) their store.Prepared: the kept ones
// as they are, the rest analysed now on every core. Those it analysed
// are saved in the background (see saveInBatches).
func (l *Library) prepareArticles(ctx context.Context, arts []store.Article, data [][]byte, epoch string, plan indexPlan) {
	lex := store.NewLexicon()
	if plan.serve {
		// Read without analyses, for the kept index, which the build
		// reads; the analyses and the lexicon only where it does not
		// serve.
		lex.Keep(l.placement(ctx), l.savePlacement)
		lex.KeepIndex(&store.KeptIndex{Read: l.readIndex(plan.of.changes), Analyses: l.analysesFor(epoch, lex), Save: l.saveIndex(plan.of)})
		for i := range arts {
			arts[i].Prepared = lex.Prepared(nil)
		}
		return
	}
	current := epoch != ""
	if current {
		// Read after the analyses: the lexicon only grows, so it numbers
		// every spelling they use.
		if err := readLexicon(ctx, l.db, lex); err != nil {
			lex, current, epoch = store.NewLexicon(), false, ""
		}
	}
	var save func(write func(put func(int, []byte) error) error)
	if plan.steady {
		save = l.saveIndex(plan.of)
	}
	if plan.extend && current {
		// The index kept at plan.at, for the build to extend by the
		// articles changed since; the analyses of the rest where it
		// cannot.
		lex.KeepIndex(&store.KeptIndex{Read: l.readIndex(plan.at), Analyses: l.analysesFor(epoch, lex), Was: l.wasFor(plan.at, epoch, lex), Save: save})
	} else if save != nil {
		lex.KeepIndex(&store.KeptIndex{Save: save})
	}
	// On the lexicon settled on, a damaged one's fresh one included: the
	// placement is of articles and their text, not of the lexicon's numbers.
	lex.Keep(l.placement(ctx), l.savePlacement)
	var missing []toPrepare
	var at []int
	for i := range arts {
		if current && data[i] != nil {
			arts[i].Prepared = lex.Prepared(data[i])
			continue
		}
		if plan.extend && current && data[i] == nil && arts[i].BodyFrom != nil {
			// Unchanged since the index kept: the build reads it there
			// (or asks for its analysis).
			arts[i].Prepared = lex.Prepared(nil)
			continue
		}
		body := arts[i].Body
		if arts[i].BodyFrom != nil {
			// Its text was left in the library for an analysis that
			// turned out unusable (a damaged lexicon): read it now.
			b, err := l.Body(arts[i].ID)
			if err != nil {
				continue // read again, and analysed, by Build
			}
			body = b
		}
		missing = append(missing, toPrepare{id: arts[i].ID, title: arts[i].Title, body: body, sum: textSum(arts[i].Title, body)})
		at = append(at, i)
	}
	if len(missing) == 0 {
		return
	}
	// In batches, each body let go once analysed: the article's text
	// stays in the library, as a prepared article's does (BodyFrom), so
	// that neither the analyses of every article (several times the text)
	// nor the text itself is held at once. A first start of 1,000,000
	// articles, every analysis made again, held both and outgrew 24 GB.
	base := lex.Len()
	for lo := 0; lo < len(missing); lo += analyseAtOnce {
		batch := missing[lo:min(lo+analyseAtOnce, len(missing))]
		done := analyse(batch, runtime.GOMAXPROCS(0))
		for k := range batch {
			i := at[lo+k]
			batch[k].data = lex.Encode(done[k])
			batch[k].body = ""
			arts[i].Prepared = lex.Prepared(batch[k].data)
			arts[i].Body, arts[i].BodyFrom = "", l
		}
	}
	// lex is the build's from here on, read and never changed: the save
	// reads it too.
	l.inBackground(func() { l.saveInBatches(lex, base, epoch, missing) })
}

// indexPlan is what a load of the articles does about the kept index:
// serve says they were read for it (without analyses); steady that the
// library did not change while they were read, at changes, so that the
// index of their build may be kept.
type indexPlan struct {
	serve, steady bool
	// of is what the articles were read at (keptAt: the count of
	// changes, and where steady, how many and the last rowid)
	of keptAt
	// extend: the articles were read to extend the index kept at count
	// at, those unchanged since without their analyses.
	extend bool
	at     int64
}

// analyseAtOnce is how many articles prepareArticles analyses at once.
var analyseAtOnce = 4096

// inBackground runs f on a goroutine of its own that Close waits for,
// unless Close has begun.
func (l *Library) inBackground(f func()) {
	l.bgMu.Lock()
	defer l.bgMu.Unlock()
	if l.closing {
		return
	}
	l.background.Add(1)
	go func() {
		defer l.background.Done()
		f()
	}()
}

// placement is the placement the library kept of its last builds
// (store.Lexicon.Keep): its rows, the base first, then the parts
// appended since, as far as they follow one another; nil for none.
func (l *Library) placement(ctx context.Context) [][]byte {
	rows, err := l.db.QueryContext(ctx, `SELECT seq, data FROM placement ORDER BY seq`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var kept [][]byte
	for rows.Next() {
		var seq int
		var data []byte
		if err := rows.Scan(&seq, &data); err != nil || seq != len(kept) {
			break // the rows up to here stand on their own
		}
		kept = append(kept, data)
	}
	return kept
}

// savePlacement keeps, in the background, what a build of the library's
// articles placed anew: a new base (at 0), which replaces every row, or a
// part to append as row at, replacing any rows from at on (a damaged
// one, or one another build appended meanwhile: the part follows on from
// the rows before it, as the build read them). One transaction, which
// Close waits for rather than stops: the next start finds what this one
// worked out, or, after a crash, what the one before kept.
func (l *Library) savePlacement(at int, encode func() []byte) {
	placementsOffered.Add(1)
	l.inBackground(func() {
		data := encode()
		ctx := context.Background()
		l.tx(ctx, func(tx *sql.Tx) error {
			if at > 0 {
				// Rows replaced meanwhile by a new base of fewer rows:
				// a part after them would be ignored.
				var before int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM placement WHERE seq < ?`, at).Scan(&before); err != nil || before != at {
					return errPlacementMoved
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM placement WHERE seq >= ?`, at); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO placement (seq, data) VALUES (?, ?)`, at, data)
			return err
		})
	})
}

var errPlacementMoved = errors.New("the placement kept changed since it was read")

// saveBatch is how many analyses one transaction of a background save
// writes: short transactions, so that marks and other writers wait little.
const saveBatch = 2000

func (l *Library) saveInBatches(lex *store.Lexicon, base int, epoch string, arts []toPrepare) {
	ctx := l.bgCtx
	for start := 0; start < len(arts) && ctx.Err() == nil; start += saveBatch {
		batch := arts[start:min(start+saveBatch, len(arts))]
		var ok bool
		err := l.tx(ctx, func(tx *sql.Tx) error {
			if epoch == "" {
				// The analyses kept were another version's, none, or
				// their lexicon damaged: start afresh, numbering from 0
				// as lex does.
				var err error
				if epoch, err = startAnalyses(ctx, tx); err != nil {
					return err
				}
			}
			var err error
			ok, err = saveAnalyses(ctx, tx, epoch, lex, base, batch)
			return err
		})
		if err != nil || !ok {
			return
		}
		// Saved: the build has what it needs of them (a first start at
		// 1,000,000 articles held 2 GB of analyses here to the end).
		clear(batch)
	}
}
