package library

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lede-reader/lede/store"
)

// Articles gives every article the library holds, newest first (by the
// date the source gave, else when it was added), each with its ID, its
// feed's name and when it was added. They are ready for store.Build,
// which keeps their IDs, and prepared for it (see prepare.go): those the
// library kept no analysis of are analysed now, and their analyses saved
// as they are made. The text of every article stays in the library: its
// Body is empty and BodyFrom is the library, which the store reads it
// from when asked (a store of 100,000 articles holds 460 MB less).
//
// Where the library kept the index of a build of its articles as they
// are (keptindex.go), it reads neither analyses nor bodies: the
// articles come prepared without their analyses, and the build reads the
// kept index (or, where it does not serve, the analyses after all).
// Where it kept the index of its articles as they were a few changes ago,
// those unchanged since come so, and the changed ones with their
// analyses: the build extends the kept index by them and takes out
// what the edited and removed ones were (article_was, keptindex.go;
// store/extendindex.go), or where it cannot, asks for the rest.
func (l *Library) Articles(ctx context.Context) ([]store.Article, error) {
	epoch, err := analysisEpoch(ctx, l.db)
	if err != nil {
		return nil, err
	}
	changes, err := changeCount(ctx, l.db)
	if err != nil {
		return nil, err
	}
	k, kept := l.keptIndexAt(ctx)
	at := k.changes
	serve := epoch != "" && kept && at == changes
	extend := epoch != "" && kept && at < changes && l.extendable(ctx, k)
	for {
		arts, data, rows, err := l.articles(ctx, epoch, serve, extend, at)
		if err != nil {
			return nil, err
		}
		after, err := changeCount(ctx, l.db)
		if err != nil {
			return nil, err
		}
		if serve && after != changes {
			// Changed while read: the articles are not all the kept
			// index's. Read again, with what changed.
			serve, changes = false, after
			extend = l.extendable(ctx, k)
			continue
		}
		plan := indexPlan{serve: serve, extend: extend, at: at, of: keptAt{changes: changes}, steady: after == changes}
		if plan.steady {
			plan.of.articles, plan.of.last = l.articlesNow(ctx)
		}
		if err := l.prepareArticles(ctx, arts, data, rows, epoch, plan); err != nil {
			return nil, err
		}
		return arts, nil
	}
}

// articleRow is where an article read by Articles is in the library:
// its rowid, and its count of changes at its last change (articles.changed),
// which says whether its text is still the text read.
type articleRow struct {
	rowid, changed int64
}

// articles reads every article in the library's order, without its
// body (BodyFrom the library: prepareArticles reads the text of those it
// analyses), with its analysis where kept and current or, to serve a
// kept index, without; to extend one kept at count at, without for the
// articles unchanged since. rows says where each is in the library.
func (l *Library) articles(ctx context.Context, epoch string, serve, extend bool, at int64) ([]store.Article, [][]byte, []articleRow, error) {
	// Read in parts by rowid, one a core (a connection is left for marks
	// and the reader's queries): SQLite reads on one core, and at 100,000
	// articles reading is seconds. Each article is in one part; the
	// parts are put in the library's order here.
	var lo, hi, count int64
	if err := l.db.QueryRowContext(ctx, `SELECT coalesce((SELECT min(rowid) FROM articles), 0),
		coalesce((SELECT max(rowid) FROM articles), -1), (SELECT count(*) FROM articles)`).Scan(&lo, &hi, &count); err != nil {
		return nil, nil, nil, err
	}
	names, err := l.feedNames(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	parts := int64(max(1, min(runtime.GOMAXPROCS(0), maxConns-1)))
	if hi-lo < readInParts {
		parts = 1
	}
	type part struct {
		arts []store.Article
		data [][]byte
		when []int64
		rows []articleRow
		err  error
	}
	got := make([]part, parts)
	var wg sync.WaitGroup
	step := (hi - lo + parts) / parts
	for k := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &got[k]
			p.arts, p.data, p.when, p.rows, p.err = l.readArticles(ctx, names, lo+k*step, lo+(k+1)*step, count, epoch != "", serve, extend, at)
		}()
	}
	wg.Wait()
	n := 0
	for _, p := range got {
		if p.err != nil {
			return nil, nil, nil, p.err
		}
		n += len(p.arts)
	}
	type row struct {
		a    *store.Article
		d    []byte
		when int64
		seq  int // in rowid order: the order the articles arrived in
		at   articleRow
	}
	all := make([]row, 0, n)
	for _, p := range got {
		for i := range p.arts {
			all = append(all, row{&p.arts[i], p.data[i], p.when[i], len(all), p.rows[i]})
		}
	}
	// Newest first (by the date the source gave, else when added), then
	// in the order they arrived (a feed's own order, for the items of one
	// fetch): the order of the headlines.
	slices.SortFunc(all, func(x, y row) int {
		if c := cmp.Compare(y.when, x.when); c != 0 {
			return c
		}
		return cmp.Compare(x.seq, y.seq)
	})
	arts := make([]store.Article, n)
	data := make([][]byte, n)
	rows := make([]articleRow, n)
	for i, r := range all {
		arts[i], data[i], rows[i] = *r.a, r.d, r.at
	}
	return arts, data, rows, nil
}

// readInParts is the span of rowids from which Articles reads in parts.
var readInParts int64 = 1000

// readArticles reads the articles whose rowid is in [from, to), in rowid
// order (the order they arrived in), with the analyses kept of them (nil
// where none, and not read where they are another lede's), the date each
// is listed by and where each is (articleRow); names are the feeds'
// names by id (feedNames), a map where a join looked every article's
// feed up in the file. No body is read: each article's BodyFrom is the
// library (prepareArticles reads the text of those it analyses, a few at
// a time: read here, every body of a library to analyse again was held
// at once). To extend an index kept at count at, an article unchanged
// since comes without its analysis.
func (l *Library) readArticles(ctx context.Context, names map[int64]feedName, from, to, count int64, current, serve, extend bool, at int64) ([]store.Article, [][]byte, []int64, []articleRow, error) {
	query := `
		SELECT a.id, a.title, a.section, a.source, a.links, a.words, a.published, a.added,
			coalesce(a.feed_id, 0), a.rowid, a.changed, n.data
		FROM articles a LEFT JOIN analyses n ON n.id = a.id
		WHERE a.rowid >= ?1 AND a.rowid < ?2 ORDER BY a.rowid`
	if serve || !current { // no analyses: the kept index serves, or they are another lede's
		query = `
		SELECT a.id, a.title, a.section, a.source, a.links, a.words, a.published, a.added,
			coalesce(a.feed_id, 0), a.rowid, a.changed, NULL
		FROM articles a WHERE a.rowid >= ?1 AND a.rowid < ?2 ORDER BY a.rowid`
	} else if extend { // the analyses of the changed alone: one lookup each
		query = `
		SELECT a.id, a.title, a.section, a.source, a.links, a.words, a.published, a.added,
			coalesce(a.feed_id, 0), a.rowid, a.changed,
			CASE WHEN a.changed > ?3 THEN (SELECT data FROM analyses WHERE id = a.id) END
		FROM articles a WHERE a.rowid >= ?1 AND a.rowid < ?2 ORDER BY a.rowid`
	}
	rows, err := l.db.QueryContext(ctx, query, from, to, at)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	defer rows.Close()
	// Room for every rowid of the span, or every article where fewer (a
	// pruned library has gaps): grown by appending, the articles were
	// copied over and over.
	room := int(max(0, min(to-from, count)))
	arts := make([]store.Article, 0, room)
	data := make([][]byte, 0, room)
	when := make([]int64, 0, room)
	where := make([]articleRow, 0, room)
	for rows.Next() {
		var a store.Article
		var links string
		var published, added int64
		var d sql.RawBytes
		var feed int64
		var r articleRow
		if err := rows.Scan(&a.ID, &a.Title, &a.Section, &a.Source, &links, &a.Words, &published, &added, &feed, &r.rowid, &r.changed, &d); err != nil {
			return nil, nil, nil, nil, err
		}
		names[feed].name(&a)
		a.BodyFrom = l
		where = append(where, r)
		a.Links = splitLines(links)
		if published != 0 {
			a.Published = time.Unix(published, 0).UTC()
		}
		a.Added = time.Unix(added, 0).UTC()
		arts = append(arts, a)
		// The driver's own copy of the analysis, kept: scanned into a
		// []byte, database/sql copied each again (240 MB at 100,000
		// articles, every byte of it fresh memory). TestRawBlobIsOurs
		// holds the driver to giving each row a slice of its own.
		data = append(data, []byte(d))
		if published > 0 {
			when = append(when, published)
		} else {
			when = append(when, added)
		}
	}
	return arts, data, when, where, rows.Err()
}

// articleKey is an article's identity within its feed: the feed's guid or
// link for a feed item, else its content (a file in a folder, a page).
func articleKey(a *store.Article) string {
	if a.Key != "" {
		return a.Key
	}
	return "text:" + store.ContentID(a.Title, a.Body)
}

// articleID is the ID a new article gets: for a feed item, the slug of its
// first title and a hash of the feed's URL and the item's key, so that two
// feeds with the same guids do not meet; for the rest, the ID the text
// has outside the library too.
func articleID(feedURL string, a *store.Article) string {
	if a.Key != "" {
		return store.KeyID(a.Title, feedURL+"\n"+a.Key)
	}
	return store.ContentID(a.Title, a.Body)
}

// saveArticles writes what one fetch of a feed gave, in tx: new items are
// added, items it had already are updated in place (same ID, same marks;
// a body fetched in full is kept), items pruned while still in the feed
// stay out. It gives the IDs of the articles added.
func saveArticles(tx *sql.Tx, f Feed, arts []store.Article, at time.Time) (added []string, err error) {
	type row struct {
		id       string
		fullText bool
	}
	have := map[string]row{}
	rows, err := tx.Query(`SELECT key, id, full_text FROM articles WHERE feed_id = ?`, f.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k string
		var r row
		if err := rows.Scan(&k, &r.id, &r.fullText); err != nil {
			rows.Close()
			return nil, err
		}
		have[k] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	gone := map[string]bool{}
	rows, err = tx.Query(`SELECT key FROM gone WHERE feed_id = ?`, f.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, err
		}
		gone[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	insert, err := tx.Prepare(`INSERT INTO articles (id, feed_id, key, title, section, source, links, words, published, added, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer insert.Close()
	// An item the feed gives again as it was is not written: the
	// conditions leave its row alone (an update that changes nothing
	// would still write the row's pages and grow the WAL, every item of
	// every feed at each lede update from a server without validators).
	update, err := tx.Prepare(`UPDATE articles SET title = ?1, section = ?2, source = ?3, links = ?4, words = ?5, published = ?6, body = ?7
		WHERE id = ?8 AND (title IS NOT ?1 OR section IS NOT ?2 OR source IS NOT ?3 OR links IS NOT ?4
			OR words IS NOT ?5 OR published IS NOT ?6 OR body IS NOT ?7)`)
	if err != nil {
		return nil, err
	}
	defer update.Close()
	retitle, err := tx.Prepare(`UPDATE articles SET title = ?1, section = ?2, source = ?3, published = ?4
		WHERE id = ?5 AND (title IS NOT ?1 OR section IS NOT ?2 OR source IS NOT ?3 OR published IS NOT ?4)`)
	if err != nil {
		return nil, err
	}
	defer retitle.Close()
	seen := map[string]bool{}
	copyOf := newListedWith(tx, arts)
	for i := range arts {
		a := &arts[i]
		key := articleKey(a)
		if seen[key] {
			continue // the feed lists an item twice: the first wins
		}
		seen[key] = true
		if gone[key] {
			continue
		}
		published := int64(0)
		if !a.Published.IsZero() {
			published = a.Published.Unix()
		}
		if r, ok := have[key]; ok {
			var res sql.Result
			if r.fullText {
				res, err = retitle.Exec(a.Title, a.Section, a.Source, published, r.id)
			} else {
				res, err = update.Exec(a.Title, a.Section, a.Source, strings.Join(a.Links, "\n"), a.Words, published, a.Body, r.id)
			}
			if err != nil {
				return nil, err
			}
			if n, err := res.RowsAffected(); err != nil {
				return nil, err
			} else if n > 0 {
				if err := setCopyKey(context.Background(), tx, r.id); err != nil {
					return nil, err
				}
			}
			continue
		}
		id, err := freeID(tx, articleID(f.URL, a))
		if err != nil {
			return nil, err
		}
		arrived := at.Unix()
		if when, ok, err := copyOf.of(a); err != nil {
			return nil, err
		} else if ok {
			arrived = when // listed with the article it copies (listedWith)
		}
		if _, err := insert.Exec(id, f.ID, key, a.Title, a.Section, a.Source, strings.Join(a.Links, "\n"), a.Words, published, arrived, a.Body); err != nil {
			return nil, err
		}
		if err := setCopyKey(context.Background(), tx, id); err != nil {
			return nil, err
		}
		have[key] = row{id: id}
		added = append(added, id)
	}
	if err := dropPastShare(context.Background(), tx, ""); err != nil {
		return nil, err
	}
	// What is no longer in the feed cannot come back: forget it was pruned.
	for k := range gone {
		if !seen[k] {
			if _, err := tx.Exec(`DELETE FROM gone WHERE feed_id = ? AND key = ?`, f.ID, k); err != nil {
				return nil, err
			}
		}
	}
	return added, nil
}

// freeID is id, or id-2, id-3… when another article has it (the same text
// in two folders, a slug and hash prefix that meet).
func freeID(tx *sql.Tx, id string) (string, error) {
	try := id
	for n := 2; ; n++ {
		var one int
		err := tx.QueryRow(`SELECT 1 FROM articles WHERE id = ?`, try).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return try, nil
		}
		if err != nil {
			return "", err
		}
		try = id + "-" + itoa(n)
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// Prune removes articles older than before (by the date the source gave,
// else when they were added) and their reading state, except saved ones:
// saved articles are never pruned. It gives how many articles went (the
// copies of one in two feeds once: goneArticles).
func (l *Library) Prune(ctx context.Context, before time.Time) (int, error) {
	of, err := l.copiesOf(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = l.tx(ctx, func(tx *sql.Tx) error {
		old := `SELECT id FROM articles WHERE (CASE WHEN published > 0 THEN published ELSE added END) < ?
			AND id NOT IN (SELECT id FROM state WHERE saved = 1)`
		cut := before.Unix()
		ids, err := column(ctx, tx, old, cut)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT OR IGNORE INTO gone (feed_id, key)
			SELECT feed_id, key FROM articles WHERE feed_id IS NOT NULL AND id IN (`+old+`)`, cut); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM state WHERE id IN (`+old+`)`, cut); err != nil {
			return err
		}
		// Before the articles go: past the share, what each was is
		// not copied for an index that cannot use it.
		if err := dropPastShare(ctx, tx, `(CASE WHEN published > 0 THEN published ELSE added END) < ?3
			AND id NOT IN (SELECT id FROM state WHERE saved = 1)`, cut); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM articles WHERE id IN (`+old+`)`, cut); err != nil {
			return err
		}
		n, err = goneArticles(tx, ids, of)
		return err
	})
	return n, err
}

// SetFullText keeps the text of an article's page in place of the
// summary its feed gave; later updates of the feed change its title but
// keep this text.
func (l *Library) SetFullText(ctx context.Context, id string, page store.Article) error {
	err := l.tx(ctx, func(tx *sql.Tx) error {
		var links string
		if err := tx.QueryRow(`SELECT links FROM articles WHERE id = ?`, id).Scan(&links); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotInLibrary
			}
			return err
		}
		// The item's own link stays first: it is the article's address.
		merged := splitLines(links)
		for _, u := range page.Links {
			if !slices.Contains(merged, u) {
				merged = append(merged, u)
			}
		}
		if _, err := tx.Exec(`UPDATE articles SET body = ?, words = ?, links = ?, full_text = 1 WHERE id = ?`,
			page.Body, page.Words, strings.Join(merged, "\n"), id); err != nil {
			return err
		}
		if err := setCopyKey(ctx, tx, id); err != nil {
			return err
		}
		return dropPastShare(ctx, tx, "")
	})
	if err == nil {
		l.prepareWhere(ctx, `a.id = ?`, id)
	}
	return err
}

// Link is the address of an article in the library: its first link.
func (l *Library) Link(ctx context.Context, id string) (string, error) {
	var links string
	err := l.db.QueryRowContext(ctx, `SELECT links FROM articles WHERE id = ?`, id).Scan(&links)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotInLibrary
	}
	if err != nil {
		return "", err
	}
	list := splitLines(links)
	if len(list) == 0 {
		return "", errors.New("the article has no link to fetch")
	}
	return list[0], nil
}

// Body is the text of article id as the library holds it: the store
// reads it here for the articles whose text Articles left in the library
// (store.BodySource). One point read, tens of microseconds.
func (l *Library) Body(id string) (string, error) {
	stmt, err := l.bodyQuery()
	if err != nil {
		return "", fmt.Errorf("library: %v", err)
	}
	var body string
	err = stmt.QueryRow(id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errors.New("the library no longer holds it")
	}
	if err != nil {
		return "", fmt.Errorf("library: %v", err)
	}
	return body, nil
}

// bodyQuery is Body's statement, prepared once it can be: a failure (the
// file busy, say) is not kept, so one does not cost every read after it.
func (l *Library) bodyQuery() (*sql.Stmt, error) {
	l.bodyMu.Lock()
	defer l.bodyMu.Unlock()
	if l.bodyStmt == nil {
		stmt, err := l.db.Prepare(`SELECT body FROM articles WHERE id = ?`)
		if err != nil {
			return nil, err
		}
		l.bodyStmt = stmt
	}
	return l.bodyStmt, nil
}

// ErrNotInLibrary: the article is not one the library keeps (a seed, a
// file loaded for one run).
var ErrNotInLibrary = errors.New("not an article of the library")

// Keep stores articles under a feed as an update that gave them would,
// without fetching: for generated libraries (benchmarks, librarycorpus)
// and tests.
func (l *Library) Keep(ctx context.Context, f Feed, arts []store.Article) (added int, err error) {
	err = l.tx(ctx, func(tx *sql.Tx) error {
		ids, err := saveArticles(tx, f, arts, now())
		added = len(ids)
		return err
	})
	if err == nil {
		l.prepareWhere(ctx, `a.feed_id = ?`, f.ID)
	}
	return added, err
}

// Headlines gives every article as Articles does but without its body
// (nor its links): what a list shows at once. Each row comes as one
// string, its numbers joined by U+001F and its texts run together after
// them, cut by their lengths, and the feeds' names from a map: three
// times quicker than a column each through database/sql, which is most
// of the reader's first frame on a large library.
func (l *Library) Headlines(ctx context.Context) ([]store.Article, error) {
	return l.headlines(ctx, -1)
}

// FirstHeadlines gives the n newest headlines, as the first n of
// Headlines: what a list shows first. They are read from the headlines
// index in list order, so they cost the same at any size of library
// (milliseconds, where all of a million take seconds).
func (l *Library) FirstHeadlines(ctx context.Context, n int) ([]store.Article, error) {
	if n <= 0 {
		return nil, nil
	}
	return l.headlines(ctx, n)
}

// headlines gives the first limit headlines in list order; all of them
// where limit is negative, read in parts of the list (by the date it is
// ordered by, one part a core: a million take 6 s on one).
func (l *Library) headlines(ctx context.Context, limit int) ([]store.Article, error) {
	names, err := l.feedNames(ctx)
	if err != nil {
		return nil, err
	}
	if limit >= 0 {
		return l.headlinesIn(ctx, names, math.MaxInt64, math.MinInt64, limit)
	}
	var lo, hi int64
	if err := l.db.QueryRowContext(ctx, `SELECT coalesce((SELECT `+listedBy+` FROM articles ORDER BY `+listedBy+` LIMIT 1), 0),
		coalesce((SELECT `+listedBy+` FROM articles ORDER BY `+listedBy+` DESC LIMIT 1), 0)`).Scan(&lo, &hi); err != nil {
		return nil, err
	}
	parts := int64(max(1, min(runtime.GOMAXPROCS(0), maxConns-1)))
	if hi-lo < parts {
		parts = 1
	}
	// Part k holds the dates in [bound[k+1], bound[k]), newest first.
	bound := make([]int64, parts+1)
	bound[0], bound[parts] = math.MaxInt64, math.MinInt64
	for k := int64(1); k < parts; k++ {
		bound[k] = hi - (hi-lo)/parts*k
	}
	got := make([][]store.Article, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[k], errs[k] = l.headlinesIn(ctx, names, bound[k], bound[k+1], -1)
		}()
	}
	wg.Wait()
	n := 0
	for k := range got {
		if errs[k] != nil {
			return nil, errs[k]
		}
		n += len(got[k])
	}
	if parts == 1 {
		return got[0], nil
	}
	arts := make([]store.Article, 0, n)
	for _, p := range got {
		arts = append(arts, p...)
	}
	return arts, nil
}

// listedBy is the date the list is ordered by, newest first: the one
// the source gave, else when the article was added (the headlines
// index's first column).
const listedBy = `(CASE WHEN published > 0 THEN published ELSE added END)`

// headlinesIn gives the first limit headlines (all where limit is
// negative) listed by a date in [from, before), in list order: newest
// first, and those of one date in the order they arrived (by rowid: a
// feed's own order, for the items of one fetch). The headlines index
// orders a date's articles by ID, so they are put in arrival order here
// (SQLite's own sort of them cost the read a third more); where the
// limit cuts the last date's articles, that date's are read again by
// rowid, only as many as the limit leaves room for: the undated items
// of one fetch (a folder or import of thousands) share one date, and
// the first page would otherwise read them all.
func (l *Library) headlinesIn(ctx context.Context, names map[int64]feedName, before, from int64, limit int) ([]store.Article, error) {
	arts, seq, err := l.headlineRows(ctx, names, max(limit, 0), `WHERE `+listedBy+` < ?1 AND `+listedBy+` >= ?2
		ORDER BY `+listedBy+` DESC LIMIT ?3`, before, from, limit)
	if err != nil {
		return nil, err
	}
	if limit > 0 && len(arts) == limit {
		last := listedAt(&arts[len(arts)-1])
		i := len(arts) - 1
		for i > 0 && listedAt(&arts[i-1]) == last {
			i--
		}
		run, runSeq, err := l.headlineRows(ctx, names, limit-i, `WHERE `+listedBy+` = ?1
			ORDER BY rowid LIMIT ?2`, last, limit-i)
		if err != nil {
			return nil, err
		}
		arts, seq = append(arts[:i], run...), append(seq[:i], runSeq...)
	}
	inArrivalOrder(arts, seq)
	if limit >= 0 && len(arts) > limit {
		arts = arts[:limit]
	}
	return arts, nil
}

// listedAt is the date an article is listed by (listedBy).
func listedAt(a *store.Article) int64 {
	if p := a.Published.Unix(); !a.Published.IsZero() && p > 0 {
		return p
	}
	return a.Added.Unix()
}

// inArrivalOrder puts each run of articles listed at one date in the
// order of their rowids (seq, beside them).
func inArrivalOrder(arts []store.Article, seq []int64) {
	type row struct {
		a   store.Article
		seq int64
	}
	var run []row
	for i := 0; i < len(arts); {
		j := i + 1
		for j < len(arts) && listedAt(&arts[j]) == listedAt(&arts[i]) {
			j++
		}
		if j-i > 1 && !slices.IsSorted(seq[i:j]) {
			run = run[:0]
			for k := i; k < j; k++ {
				run = append(run, row{arts[k], seq[k]})
			}
			slices.SortFunc(run, func(x, y row) int { return cmp.Compare(x.seq, y.seq) })
			for k := range run {
				arts[i+k], seq[i+k] = run[k].a, run[k].seq
			}
		}
		i = j
	}
}

// headlineRows reads the headlines of the articles a query's WHERE (and
// ORDER BY) picks, with their rowids; n is how many are expected, if
// known. Each row comes as one string: the numbers joined by U+001F,
// then the texts run together, cut by their lengths (below).
func (l *Library) headlineRows(ctx context.Context, names map[int64]feedName, n int, where string, args ...any) ([]store.Article, []int64, error) {
	// The numbers first, with the lengths in bytes of the ID, the title
	// and the section, then the four texts run together: whatever they
	// hold (U+001F too, in a library written before sanitising), each is
	// taken whole, as a column of its own gives it.
	rows, err := l.db.QueryContext(ctx, `
		SELECT coalesce(feed_id, 0) || char(31) || words || char(31) || published || char(31) || added
			|| char(31) || rowid || char(31) || length(CAST(id AS BLOB)) || char(31) || length(CAST(title AS BLOB))
			|| char(31) || length(CAST(section AS BLOB)) || char(31) || id || title || section || source
		FROM articles `+where, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	arts, seq := make([]store.Article, 0, n), make([]int64, 0, n)
	for rows.Next() {
		var row string
		if err := rows.Scan(&row); err != nil {
			return nil, nil, err
		}
		f := strings.SplitN(row, "\x1f", 9)
		var n [8]int
		ok := len(f) == 9
		for k := 0; ok && k < 8; k++ {
			var err error
			n[k], err = strconv.Atoi(f[k])
			ok = err == nil
		}
		if !ok {
			return nil, nil, fmt.Errorf("a headline of the library cannot be read: %q", row)
		}
		texts := f[8]
		i, t, s := n[5], n[6], n[7] // the lengths of the ID, the title, the section
		if i < 0 || t < 0 || s < 0 || i+t+s > len(texts) {
			return nil, nil, fmt.Errorf("a headline of the library cannot be read: %q", row)
		}
		feed, words, published, added, rowid := int64(n[0]), n[1], int64(n[2]), int64(n[3]), int64(n[4])
		a := store.Article{ID: texts[:i], Words: words, Title: texts[i : i+t], Section: texts[i+t : i+t+s],
			Source: texts[i+t+s:], Added: time.Unix(added, 0).UTC(), Versions: 1}
		names[feed].name(&a)
		if published != 0 {
			a.Published = time.Unix(published, 0).UTC()
		}
		arts = append(arts, a)
		seq = append(seq, rowid)
	}
	headlineRowsRead.Add(int64(len(arts)))
	return arts, seq, rows.Err()
}

// headlineRowsRead counts the rows headlineRows has read, for a test to
// see what a first page costs.
var headlineRowsRead atomic.Int64

// Visit begins a run of the reader and gives when the last one ended
// (zero before the first): articles added since are new to this run.
// The run's end is recorded when the library is closed (endVisit), so
// what arrived during a run, by its updates or cron's, is not new to the
// next one.
func (l *Library) Visit(ctx context.Context) (last time.Time, err error) {
	var v string
	err = l.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'last_run'`).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, err
	}
	last, _ = time.Parse(time.RFC3339, v)
	l.visited.Store(!l.ReadOnly) // a read-only library's runs leave no trace
	return last, nil
}

// endVisit records that the run Visit began ends now.
func (l *Library) endVisit() error {
	if !l.visited.Swap(false) {
		return nil
	}
	return l.tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES ('last_run', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
			now().Format(time.RFC3339))
		return err
	})
}

// Title is the title of article id, and whether the library holds it:
// a command given an exact ID needs no store to find it.
func (l *Library) Title(ctx context.Context, id string) (string, bool, error) {
	var title string
	err := l.db.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ?`, id).Scan(&title)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return title, err == nil, err
}

// feedNames gives each feed's name by its id, and its title: the one
// kept, else a name not given is the title, and a given one's is
// guessed (feedTitles).
func (l *Library) feedNames(ctx context.Context) (map[int64]feedName, error) {
	names := map[int64]feedName{}
	rows, err := l.db.QueryContext(ctx, `SELECT id, name, named, title FROM feeds`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var named []int64
	for rows.Next() {
		var id int64
		var name, title string
		var given bool
		if err := rows.Scan(&id, &name, &given, &title); err != nil {
			return nil, err
		}
		switch {
		case title != "":
		case given:
			named = append(named, id)
		default:
			title = name
		}
		names[id] = feedName{feed: name, title: title}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return names, l.feedTitles(ctx, names, named)
}
