package library

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"runtime"
	"slices"
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
// saves them as it makes them, a few thousand a transaction (analyseAll;
// Close stops it after the batch in hand: what was saved stays, the rest
// is made again).

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
	// changed is the article's count of changes at its last change
	// (articles.changed) when its text was read: the save keeps the
	// analysis only if it is still so (its text is the text analysed),
	// and needs no body to tell, so that a first start lets go of each
	// body once analysed.
	changed int64
	data    []byte // its analysis, once encoded
	// What analyseAll knows of it: its place in the articles it
	// prepares and its rowid; gone: its text was not there to read as
	// it was when the articles were (edited or removed meanwhile), and
	// read: what there is was read (not removed).
	at         int
	rowid      int64
	gone, read bool
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

// spellings are the spellings a lexicon numbered from base on, n of
// them, encoded as a chunk (store.Lexicon.Chunk): what the analyses of a
// save use beyond the lexicon kept.
type spellings struct {
	base, n int
	chunk   []byte
}

// newSpellings gives lex's spellings from base on.
func newSpellings(lex *store.Lexicon, base int) spellings {
	return spellings{base: base, n: lex.Len() - base, chunk: lex.Chunk(base)}
}

// saveAnalyses writes, in tx, the analyses of arts (encoded in
// generation epoch with the lexicon kept and then sp) and sp, when those
// numbers still stand: the generation is the same, and the library's
// lexicon either ends at sp.base (nobody numbered others since) or holds
// this very chunk at sp.base (an earlier batch of this save wrote it).
// An analysis is kept only if its article still has the text analysed:
// it has not changed since (articles.changed); since is the library's
// count of changes when every one of arts was read as it is, -1 where
// not known: while the count is still since, none changed. It reports
// whether it wrote.
func saveAnalyses(ctx context.Context, tx *sql.Tx, epoch string, sp spellings, arts []toPrepare, since int64) (bool, error) {
	now, err := analysisEpoch(ctx, tx)
	if err != nil || now == "" || now != epoch {
		return false, err
	}
	have, err := lexiconLen(ctx, tx)
	if err != nil {
		return false, err
	}
	switch {
	case sp.n == 0 && have >= sp.base:
		// No new spellings: the numbers below base stand, whatever
		// others appended.
	case have == sp.base:
		if _, err := tx.ExecContext(ctx, `INSERT INTO lexicon (first, n, data) VALUES (?, ?, ?)`, sp.base, sp.n, sp.chunk); err != nil {
			return false, err
		}
	default:
		var kept []byte
		err := tx.QueryRowContext(ctx, `SELECT data FROM lexicon WHERE first = ?`, sp.base).Scan(&kept)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !bytes.Equal(kept, sp.chunk) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	check := true
	if since >= 0 {
		n, err := changeCount(ctx, tx)
		if err != nil {
			return false, err
		}
		check = n != since
	}
	changed, err := tx.PrepareContext(ctx, `SELECT changed FROM articles WHERE id = ?`)
	if err != nil {
		return false, err
	}
	defer changed.Close()
	insert, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO analyses (id, data) VALUES (?, ?)`)
	if err != nil {
		return false, err
	}
	defer insert.Close()
	for _, a := range arts {
		if a.data == nil {
			continue
		}
		if check {
			var now int64
			switch err := changed.QueryRowContext(ctx, a.id).Scan(&now); {
			case errors.Is(err, sql.ErrNoRows):
				continue // gone meanwhile
			case err != nil:
				return false, err
			case now != a.changed:
				continue // its text changed since it was analysed
			}
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
	rows, err := l.db.QueryContext(ctx, `SELECT a.id, a.title, a.body, a.changed FROM articles a
		WHERE `+cond+` AND NOT EXISTS (SELECT 1 FROM analyses n WHERE n.id = a.id) LIMIT `+strconv.Itoa(prepareAtOnce), args...)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var arts []toPrepare
	for rows.Next() {
		var a toPrepare
		if err := rows.Scan(&a.id, &a.title, &a.body, &a.changed); err != nil {
			return nil
		}
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
		ok, err := saveAnalyses(ctx, tx, epoch, newSpellings(l.lex, base), arts, -1)
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
// data their kept analyses or nil, rows where each is) their
// store.Prepared: the kept ones as they are, the rest analysed now
// (analyseAll), their analyses saved as they are made.
func (l *Library) prepareArticles(ctx context.Context, arts []store.Article, data [][]byte, rows []articleRow, epoch string, plan indexPlan) error {
	lex := store.NewLexicon()
	if plan.serve {
		// Read without analyses, for the kept index, which the build
		// reads; the analyses and the lexicon only where it does not
		// serve.
		l.keepPlacement(ctx, lex, plan.of.changes)
		lex.KeepIndex(&store.KeptIndex{Read: l.readIndex(plan.of.changes), Analyses: l.analysesFor(epoch, lex), Save: l.saveIndex(plan.of)})
		for i := range arts {
			arts[i].Prepared = lex.Prepared(nil)
		}
		return nil
	}
	current := epoch != ""
	if current {
		// Read after the analyses: the lexicon only grows, so it numbers
		// every spelling they use.
		if err := readLexicon(ctx, l.db, lex); err != nil {
			lex, current, epoch = store.NewLexicon(), false, ""
		}
	}
	var missing []toPrepare
	for i := range arts {
		switch {
		case current && data[i] != nil:
			arts[i].Prepared = lex.Prepared(data[i])
		case plan.extend && current && rows[i].changed <= plan.at:
			// Unchanged since the index kept: the build reads it there
			// (or asks for its analysis).
			arts[i].Prepared = lex.Prepared(nil)
		default:
			missing = append(missing, toPrepare{id: arts[i].ID, at: i, rowid: rows[i].rowid, changed: rows[i].changed})
		}
	}
	since := int64(-1)
	if plan.steady {
		since = plan.of.changes
	}
	moved, err := l.analyseAll(ctx, arts, missing, lex, epoch, since)
	if err != nil {
		return err
	}
	var save func(write func(put func(int, []byte) error) error)
	if plan.steady && !moved {
		save = l.saveIndex(plan.of)
	}
	if plan.extend && current {
		// The index kept at plan.at, for the build to extend by the
		// articles changed since; the analyses of the rest where it
		// cannot.
		lex.KeepIndex(&store.KeptIndex{Read: l.readIndex(plan.at), Analyses: l.analysesFor(epoch, lex), Was: l.wasFor(plan.at, epoch, lex), Save: save, Rebase: l.rebaseNow})
	} else if save != nil {
		lex.KeepIndex(&store.KeptIndex{Save: save})
	}
	// On the lexicon settled on, a damaged one's fresh one included: the
	// placement is of articles and their text, not of the lexicon's numbers.
	// The articles are of one count of changes where none changed while
	// read, nor any text read to analyse it since.
	at := int64(-1)
	if plan.steady && !moved {
		at = plan.of.changes
	}
	l.keepPlacement(ctx, lex, at)
	return nil
}

// analyseAll analyses the articles missing (of arts: their places, rowids
// and counts of changes as read) and gives each its store.Prepared,
// numbering its spellings in lex, and saves their analyses in generation
// epoch ("": none kept is this lede's; it starts one) as they are made.
// It reads the articles' text a few at a time (textsAtOnce) and lets go
// of each body once analysed: the text stays in the library (BodyFrom),
// as a prepared article's does, so that neither every body nor every
// analysis is held at once. The texts are read on one goroutine,
// analysed on every core, encoded in rowid order on this one and saved
// on another, a few thousand a transaction (saveAtOnce), all at once, so
// that the first start of a library every article of which is analysed
// again (a new AnalysisVersion, a library of an older lede) takes the
// cores' time for the analysis and little more; and what was saved stays
// when it is cut short (a person quits), for the next start to read. An
// article whose text is not there as read (edited or removed since) is
// given the text there is, unprepared, and moved says so: its store is
// not the library's as of any one count of changes.
func (l *Library) analyseAll(ctx context.Context, arts []store.Article, missing []toPrepare, lex *store.Lexicon, epoch string, since int64) (moved bool, err error) {
	if len(missing) == 0 {
		return false, nil
	}
	slices.SortFunc(missing, func(x, y toPrepare) int { return cmp.Compare(x.rowid, y.rowid) })
	ctx, cancel := context.WithCancel(ctx)
	// Close stops it too (it cancels bgCtx): the batch in hand is saved,
	// the rest made again at the next start, as where ctx is cancelled.
	defer context.AfterFunc(l.bgCtx, cancel)()
	workers := max(1, runtime.GOMAXPROCS(0))
	// A batch of texts read, analysed by every worker, each a share;
	// ready once all are done.
	type batch struct {
		items []toPrepare
		done  []*store.Analysed
		left  atomic.Int32
		ready chan struct{}
		err   error
	}
	type share struct {
		b *batch
		w int
	}
	inOrder := make(chan *batch, textsAhead)
	shares := make(chan share, workers)
	go func() {
		defer close(inOrder)
		defer close(shares)
		for lo := 0; lo < len(missing); lo += textsAtOnce {
			b := &batch{items: missing[lo:min(lo+textsAtOnce, len(missing))], ready: make(chan struct{})}
			b.err = l.readTexts(ctx, b.items)
			b.done = make([]*store.Analysed, len(b.items))
			b.left.Store(int32(workers))
			select {
			case inOrder <- b:
			case <-ctx.Done():
				return
			}
			if b.err != nil {
				return
			}
			for w := range workers {
				select {
				case shares <- share{b, w}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	var wg sync.WaitGroup
	defer func() {
		cancel() // the reader stops, and with it the workers
		wg.Wait()
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			z := store.NewAnalyzer()
			for sh := range shares {
				b := sh.b
				for k := sh.w; k < len(b.items); k += workers {
					if it := &b.items[k]; !it.gone {
						b.done[k] = z.Analyze(it.title, it.body)
					}
				}
				if b.left.Add(-1) == 0 {
					close(b.ready)
				}
			}
		}()
	}
	// The saves, one transaction at a time on a goroutine of their own
	// that Close waits for: the batch in hand is written, the rest
	// dropped (made again at the next start).
	type save struct {
		arts []toPrepare
		sp   spellings
	}
	saves := make(chan save, 1)
	saving := l.inBackground(func() {
		bg, failed := l.bgCtx, false
		for sv := range saves {
			if failed || bg.Err() != nil {
				continue
			}
			var ok bool
			err := l.tx(bg, func(tx *sql.Tx) error {
				if epoch == "" {
					// The analyses kept were another version's, none, or
					// their lexicon damaged: start afresh, numbering from 0
					// as lex does.
					var err error
					if epoch, err = startAnalyses(bg, tx); err != nil {
						return err
					}
				}
				var err error
				ok, err = saveAnalyses(bg, tx, epoch, sv.sp, sv.arts, since)
				return err
			})
			failed = err != nil || !ok
			if savedHook != nil {
				savedHook(len(sv.arts), failed)
			}
		}
	})
	if saving {
		defer close(saves)
	}
	// missing[:encoded] is encoded, from from on not yet saved, and lex
	// numbers its spellings from base on for them.
	base, from, encoded := lex.Len(), 0, 0
	for b := range inOrder {
		if b.err != nil {
			return false, b.err
		}
		if err := ctx.Err(); err != nil {
			return false, err // cut short: what was saved stays
		}
		select {
		case <-b.ready:
		case <-ctx.Done():
			return false, ctx.Err()
		}
		for k := range b.items {
			it := &b.items[k]
			a := &arts[it.at]
			if it.gone {
				// Not the text read with the rest of the article:
				// the build analyses the text there is (none, where
				// the article is removed), and the next start
				// prepares it.
				if it.read {
					a.Title, a.Body = it.title, it.body
				}
				a.BodyFrom, moved = nil, true
				continue
			}
			it.data = lex.Encode(b.done[k])
			it.title, it.body = "", ""
			a.Prepared = lex.Prepared(it.data)
			analysed.Add(1)
		}
		encoded += len(b.items)
		if saving && (encoded-from >= saveAtOnce || encoded == len(missing)) {
			saves <- save{missing[from:encoded], newSpellings(lex, base)}
			base, from = lex.Len(), encoded
		}
	}
	return moved, ctx.Err()
}

// textsAtOnce is how many articles' texts analyseAll reads at once;
// textsAhead how many such batches it reads ahead of their encoding.
// saveAtOnce is about how many analyses one transaction of its saves
// writes: a few large transactions, each a fraction of a second during
// which a mark waits.
var (
	textsAtOnce = 256
	textsAhead  = 4
	saveAtOnce  = 8192
)

// savedHook, where set (by tests), is told of each save of analyseAll:
// how many analyses it was given, and whether it failed.
var savedHook func(n int, failed bool)

// readTexts reads the title and body of the articles items (rowids in
// order) into them; one that is not as it was read (its count of
// changes differs) or is gone is marked gone, with the text there is.
func (l *Library) readTexts(ctx context.Context, items []toPrepare) error {
	ids := make([]int64, len(items))
	for k, it := range items {
		ids[k] = it.rowid
	}
	asked, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := l.db.QueryContext(ctx, `SELECT rowid, title, body, changed FROM articles
		WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid`, string(asked))
	if err != nil {
		return err
	}
	defer rows.Close()
	for k := range items {
		items[k].gone = true
	}
	k := 0
	for rows.Next() {
		var rowid, changed int64
		var title, body string
		if err := rows.Scan(&rowid, &title, &body, &changed); err != nil {
			return err
		}
		for k < len(items) && items[k].rowid < rowid {
			k++
		}
		if k == len(items) || items[k].rowid != rowid {
			continue
		}
		it := &items[k]
		it.title, it.body, it.gone, it.read = title, body, changed != it.changed, true
	}
	return rows.Err()
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

// inBackground runs f on a goroutine of its own that Close waits for,
// unless Close has begun; it says whether it did.
func (l *Library) inBackground(f func()) bool {
	l.bgMu.Lock()
	defer l.bgMu.Unlock()
	if l.closing {
		return false
	}
	l.background.Add(1)
	go func() {
		defer l.background.Done()
		f()
	}()
	return true
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
// the rows before it, as the build read them), and then calls also in
// the same transaction (listing.go: what the placement is of). One
// transaction, which Close waits for rather than stops: the next start
// finds what this one worked out, or, after a crash, what the one before
// kept.
func (l *Library) savePlacement(at int, also func(tx *sql.Tx, data []byte) error, encode func() []byte) {
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
			if _, err := tx.ExecContext(ctx, `INSERT INTO placement (seq, data) VALUES (?, ?)`, at, data); err != nil {
				return err
			}
			return also(tx, data)
		})
	})
}

var errPlacementMoved = errors.New("the placement kept changed since it was read")
