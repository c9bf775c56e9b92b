package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/safe"
)

// MaxParallelFeeds bounds the feeds fetched at once: enough that a slow
// server does not hold up the rest, few enough to be polite to a host
// that serves several.
const MaxParallelFeeds = 8

// maxParallelPages bounds the article pages a full-text feed fetches at
// once.
const maxParallelPages = 4

// Outcome is what an update did to one feed.
type Outcome struct {
	Feed Feed
	// Added is how many articles are new; Unchanged, that the server
	// answered 304.
	Added     int
	Unchanged bool
	// Err is why the feed failed (one line, naming the feed); the
	// library then keeps its articles and records the error.
	Err error
	// Warnings are problems of a feed that still updated (items left
	// out, a feed cut short, an article page that could not be fetched).
	Warnings []error
	// NewWarnings are those of Warnings that the feed's last update did
	// not give (by their text): where no one watches (cron), a file a
	// folder leaves out is said once, not at every update.
	NewWarnings []error
}

// fetched is one feed read, not yet written.
type fetched struct {
	arts        []store.Article
	validators  validators
	notModified bool
	warnings    []error
	// redirect is where the server sent the fetch, after every
	// redirect, as foldURL gives it; moved, that it did so permanently
	// (301, 308 all the way).
	redirect string
	moved    bool
}

// read fetches a feed (conditionally, when it is a URL that sent
// validators) or reads its file or folder.
func read(ctx context.Context, loader *ingest.Loader, f Feed) (fetched, error) {
	var arts []store.Article
	var errs []error
	v := f.validators
	if IsURL(f.URL) {
		r := loader.FetchFeed(ctx, f.URL, ingest.Validators{ETag: f.ETag, LastModified: f.LastModified})
		var redirect string
		if r.Redirect != "" && foldURL(r.Redirect) != foldURL(f.URL) {
			redirect = foldURL(r.Redirect)
		}
		if r.NotModified {
			return fetched{notModified: true, validators: v, redirect: redirect, moved: r.Moved}, nil
		}
		if !r.Got.Feed && (len(r.Articles) > 0 || r.Got.Page) {
			// A login page, an error page sent as 200: the feed failed,
			// its articles and its name stay as they were.
			return fetched{}, &notFeed{url: f.URL, got: r.Got}
		}
		arts, errs = r.Articles, r.Errs
		v = validators{ETag: r.Validators.ETag, LastModified: r.Validators.LastModified}
		if len(arts) > 0 {
			return fetched{arts: arts, validators: v, warnings: errs, redirect: redirect, moved: r.Moved}, nil
		}
	} else if isFolder(f.URL) {
		// A folder holds articles of any kind, as lede reads them.
		arts, errs = loader.Load(ctx, f.URL)
	} else {
		var got ingest.Kind
		arts, errs, got = loader.LoadFile(ctx, f.URL)
		if !got.Feed && len(arts) > 0 {
			// A feed file that became an error page or a line of text
			// (a sync that went wrong): the feed failed, as a URL's
			// would, its articles and its name as they were. What it
			// gave rides along: a file followed as an article (older
			// lede's add took one) keeps updating as one.
			return fetched{}, &notFeed{url: f.URL, got: got, file: &fetched{arts: arts, validators: v, warnings: errs}}
		}
	}
	if len(arts) == 0 {
		if len(errs) == 0 {
			errs = []error{fmt.Errorf("%s: nothing to read", f.URL)}
		}
		return fetched{}, errs[len(errs)-1]
	}
	return fetched{arts: arts, validators: v, warnings: errs}, nil
}

// notFeed: a followed address gave something to read that is not a
// feed.
type notFeed struct {
	url string
	got ingest.Kind
	// followed: the address is subscribed (an update, not an add), so a
	// page that names feeds of its own says how to follow one instead: a
	// library made when lede still took a page as a feed fails there at
	// every update, and adding the page again says it is subscribed.
	followed bool
	// file: what a file on disk gave, as an article; nil for an address.
	file *fetched
}

func (e *notFeed) Error() string {
	msg := "not a feed: got " + e.got.Name
	if links := e.got.FeedLinks; e.followed && e.got.Page && len(links) > 0 {
		first := safe.Field(links[0]) // the page's: bounded
		names := "the feed " + first
		if len(links) > 1 {
			names = fmt.Sprintf("%d feeds, the first %s", len(links), first)
		}
		msg += fmt.Sprintf("; it names %s (lede remove %s, then lede add %s)", names, e.url, first)
	}
	if e.followed && e.file != nil {
		msg += fmt.Sprintf(" (lede remove %s, then lede %s reads it)", e.url, e.url)
	}
	// Problem makes it one clean line: the page and its links are the
	// network's.
	return (&ingest.Problem{Source: e.url, Err: errors.New(msg)}).Error()
}

// Add subscribes to one source: it is read first, and only a source that
// gives articles is subscribed, with them, in one transaction. The feed
// is named s.Name, else its own title. ErrSubscribed when its URL is
// subscribed already, or the address redirects to a feed subscribed
// already. An address that moved permanently (301, 308) is subscribed
// where it moved to.
func (l *Library) Add(ctx context.Context, loader *ingest.Loader, s Subscription) (Outcome, error) {
	_, _, err := feedByURL(ctx, l.db, s.URL)
	if err == nil {
		return Outcome{}, fmt.Errorf("%s: %w", s.URL, ErrSubscribed)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Outcome{}, err
	}
	got, err := read(ctx, loader, Feed{URL: s.URL})
	var page *notFeed
	if errors.As(err, &page) && !IsURL(s.URL) {
		// A file on disk that is not a feed is an article to read, not a
		// feed to follow: lede add takes a feed file or a folder.
		return Outcome{}, fmt.Errorf("%v (lede add follows a feed file or a folder; lede %s reads it)", page, safe.Field(s.URL))
	}
	if errors.As(err, &page) {
		// A page: follow the feed it names as its own, as browsers and
		// feed readers discover it.
		got, err = discover(ctx, l, loader, page, &s)
	}
	if err != nil {
		return Outcome{}, err
	}
	if got.redirect != "" {
		// A redirect to a feed followed already (an old address of it, a
		// short link, http to https) would fetch it twice at every update.
		name, err := followedAs(ctx, l.db, got.redirect)
		if err == nil {
			return Outcome{}, fmt.Errorf("%s: redirects to %s, followed already as %s: %w", s.URL, safe.Field(got.redirect), name, ErrSubscribed)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Outcome{}, err
		}
		if got.moved {
			got.warnings = append([]error{fmt.Errorf("%s: moved permanently to %s: following it there", s.URL, safe.Field(got.redirect))}, got.warnings...)
			s.URL = got.redirect
		}
	}
	named := s.Name != ""
	if !named && !isFolder(s.URL) {
		s.Name = ownTitle(got.arts) // none: freeName names it by its address
	}
	s = s.clean()
	var out saved
	err = l.tx(ctx, func(tx *sql.Tx) error {
		name, err := freeName(tx, s.Name, s.URL)
		if err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO feeds (url, name, named, tags, full_text, added) VALUES (?, ?, ?, ?, ?, ?)`,
			s.URL, name, named, strings.Join(s.Tags, "\n"), s.FullText, now().Unix())
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		f := Feed{ID: id, Name: name, URL: s.URL, Tags: s.Tags, FullText: s.FullText}
		out, err = save(ctx, tx, f, got)
		return err
	})
	if err != nil {
		return Outcome{}, err
	}
	if s.FullText {
		out.Warnings = append(out.Warnings, l.fetchPages(ctx, loader, out.addedIDs)...)
	}
	l.prepareWhere(ctx, `a.feed_id = (SELECT id FROM feeds WHERE url = ?)`, s.URL)
	// lede add says every warning: the updates after say them again
	// only where they change.
	out.NewWarnings = l.newWarnings(ctx, out.Feed.ID, out.Warnings, true)
	return out.Outcome, nil
}

// discover reads the feed a page names as its own (the first, when it
// names several) in place of the page, and makes s that feed's; a page
// that names none is refused, one line saying so. The choice is told
// among the warnings.
func discover(ctx context.Context, l *Library, loader *ingest.Loader, page *notFeed, s *Subscription) (fetched, error) {
	links := page.got.FeedLinks
	switch {
	case !page.got.Page:
		return fetched{}, page
	case len(links) == 0:
		return fetched{}, fmt.Errorf("%v that names no feed of its own", page)
	}
	first := safe.Field(links[0]) // the page's: bounded where it is told
	_, _, err := feedByURL(ctx, l.db, links[0])
	if err == nil {
		return fetched{}, fmt.Errorf("%s: a page whose feed is %s: %w", page.url, first, ErrSubscribed)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fetched{}, err
	}
	got, err := read(ctx, loader, Feed{URL: links[0]})
	if err != nil {
		return fetched{}, fmt.Errorf("%s: a page; the feed it names: %v", page.url, err)
	}
	note := fmt.Sprintf("%s: a page, not a feed: following the feed it names, %s", page.url, first)
	if len(links) > 1 {
		// The page's addresses, each bounded, three at most.
		others := make([]string, 0, 4)
		for _, u := range links[1:min(len(links), 4)] {
			others = append(others, safe.Field(u))
		}
		if more := len(links) - 4; more > 0 {
			others = append(others, fmt.Sprintf("and %d more", more))
		}
		note = fmt.Sprintf("%s: a page, not a feed: following the first of the %d feeds it names, %s (the others: %s)",
			page.url, len(links), first, strings.Join(others, ", "))
	}
	got.warnings = append([]error{errors.New(note)}, got.warnings...)
	s.URL = links[0]
	return got, nil
}

type saved struct {
	Outcome
	addedIDs []string
}

// save writes one feed's fetch: articles, validators, the time, no error;
// and its new address, where it moved permanently.
func save(ctx context.Context, tx *sql.Tx, f Feed, got fetched) (saved, error) {
	at := now()
	var out saved
	out.Feed, out.Unchanged, out.Warnings = f, got.notModified, got.warnings
	if got.moved && got.redirect != "" && got.redirect != foldURL(f.URL) {
		line, err := move(ctx, tx, &out.Feed, got.redirect)
		if err != nil {
			return saved{}, err
		}
		out.Warnings = append([]error{errors.New(line)}, out.Warnings...)
	}
	if !got.notModified {
		ids, err := saveArticles(tx, f, got.arts, at)
		if err != nil {
			return saved{}, err
		}
		out.Added, out.addedIDs = len(ids), ids
		switch title := ownTitle(got.arts); {
		case isFolder(f.URL):
		case title != "":
			if err := retitle(tx, f.ID, title); err != nil {
				return saved{}, err
			}
		case len(got.arts) > 0:
			// Every item another outlet's: an aggregator, which has no
			// title of its own (not even the one an OPML file gave it).
			if _, err := tx.Exec(`UPDATE feeds SET title = '' WHERE id = ?`, f.ID); err != nil {
				return saved{}, err
			}
		}
	}
	_, err := tx.Exec(`UPDATE feeds SET etag = ?, last_modified = ?, updated = ?, error = '' WHERE id = ?`,
		got.validators.ETag, got.validators.LastModified, at.Unix(), f.ID)
	return out, err
}

// move follows a feed where its server says it moved permanently (RFC
// 7538: a client that keeps the address ought to keep the new one), as
// miniflux does, so that it is not fetched through the redirect at
// every update, nor lost when the old address goes; its articles, marks
// and name stay, as they belong to the subscription. Where another
// subscription follows that address already, both stay (each has its
// marks and names) and the line says how to drop this one. Either way
// the line tells what happened (the server's address in it bounded).
func move(ctx context.Context, tx *sql.Tx, f *Feed, to string) (line string, err error) {
	other, err := followedAs(ctx, tx, to)
	if err == nil {
		return fmt.Sprintf("%s: moved permanently to %s, which you follow as %s too (lede remove %s drops this one)", f.URL, safe.Field(to), other, f.URL), nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if _, err := tx.Exec(`UPDATE feeds SET url = ? WHERE id = ?`, to, f.ID); err != nil {
		return "", err
	}
	from := f.URL
	f.URL = to
	return fmt.Sprintf("%s: moved permanently to %s: followed there from now on", from, safe.Field(to)), nil
}

// isFolder: a subscription to a folder of feeds and articles, named
// after the folder rather than after whichever feed in it came first.
func isFolder(source string) bool {
	if IsURL(source) {
		return false
	}
	info, err := os.Stat(source)
	return err == nil && info.IsDir()
}

// ownTitle is the feed's title as its own items carry it (their source:
// the feed's title, or its address where it gives none), one line by
// the one sanitiser; empty where every item names another outlet (an
// aggregator's, whose first outlet is no name for the feed).
func ownTitle(arts []store.Article) string {
	for _, a := range arts {
		if !a.Aggregated {
			return safe.Field(a.Source)
		}
	}
	return ""
}

// retitle keeps a feed's title, and names the feed after it when the
// person gave it no name. A name given for that title already stays,
// numbered or not ("X (2)", as another feed had "X"): it is what lede
// list --feed, lede remove and scripts know the feed by, and only a real
// change of title changes it.
func retitle(tx *sql.Tx, id int64, title string) error {
	if _, err := tx.Exec(`UPDATE feeds SET title = ? WHERE id = ?`, title, id); err != nil {
		return err
	}
	var name string
	var named bool
	if err := tx.QueryRow(`SELECT name, named FROM feeds WHERE id = ?`, id).Scan(&name, &named); err != nil {
		return err
	}
	if named || store.NamedAfter(name, title) {
		return nil
	}
	free, err := freeName(tx, title, "")
	if err != nil {
		return err
	}
	_, err = tx.Exec(`UPDATE feeds SET name = ? WHERE id = ?`, free, id)
	return err
}

// Update fetches feeds, MaxParallelFeeds at once, and writes each one's
// articles in its own transaction as it arrives, so a process killed
// halfway loses at most the feed it was writing. each (if not nil) hears
// of every feed as it finishes, one call at a time.
func (l *Library) Update(ctx context.Context, loader *ingest.Loader, feeds []Feed, each func(Outcome)) []Outcome {
	outcomes := make([]Outcome, len(feeds))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, MaxParallelFeeds)
	for i, f := range feeds {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			o := l.updateOne(ctx, loader, f)
			mu.Lock()
			defer mu.Unlock()
			outcomes[i] = o
			if each != nil {
				each(o)
			}
		}()
	}
	wg.Wait()
	return outcomes
}

func (l *Library) updateOne(ctx context.Context, loader *ingest.Loader, f Feed) Outcome {
	got, err := read(ctx, loader, f)
	if page := (*notFeed)(nil); errors.As(err, &page) {
		page.followed = true
		if page.file != nil && !l.wasFeed(ctx, f.ID) {
			// A file that was never a feed: an older lede's add took
			// notes.md as an article to follow, and it updates as it did.
			got, err = *page.file, nil
		}
	}
	if err != nil {
		msg := safe.Line(err.Error())
		// Only the error is written, and when it was tried (LastUpdate):
		// the articles the feed gave before stay.
		if werr := l.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`UPDATE feeds SET error = ? WHERE id = ?`, msg, f.ID); err != nil {
				return err
			}
			_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES ('`+metaFailed+`', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, now().Unix())
			return err
		}); werr != nil {
			err = fmt.Errorf("%v (and recording it failed: %v)", err, werr)
		}
		return Outcome{Feed: f, Err: err}
	}
	var out saved
	if err := l.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = save(ctx, tx, f, got)
		return err
	}); err != nil {
		return Outcome{Feed: f, Err: fmt.Errorf("%s: saving: %v", f.URL, err)}
	}
	if f.FullText {
		out.Warnings = append(out.Warnings, l.fetchPages(ctx, loader, out.addedIDs)...)
	}
	l.prepareWhere(ctx, `a.feed_id = ?`, f.ID)
	// A 304 read nothing, so it says nothing of the items: the warnings
	// the feed's last read gave stay its last, or the next read with
	// content would say them again as new.
	out.NewWarnings = l.newWarnings(ctx, f.ID, out.Warnings, !out.Unchanged)
	return out.Outcome
}

// wasFeed tells whether a feed's articles came from a feed: one of them
// (or one pruned) has the key a feed item has (its guid or link), where a
// file read as an article has only its text's. Where it cannot be read, it
// was: the feed then fails as a feed would, saying so.
func (l *Library) wasFeed(ctx context.Context, feed int64) bool {
	var was bool
	err := l.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE feed_id = ?1 AND key NOT LIKE 'text:%')
		OR EXISTS (SELECT 1 FROM gone WHERE feed_id = ?1 AND key NOT LIKE 'text:%')`, feed).Scan(&was)
	return err != nil || was
}

// metaWarned is meta's key, before a feed's id, for the warnings its last
// good update gave, one a line.
const metaWarned = "warned:"

// newWarnings keeps the warnings of a feed's update as its last (where
// keep: not for a 304, which read nothing), and gives those its update
// before did not give. Where they cannot be read or kept, every warning
// is new: better said twice than lost.
func (l *Library) newWarnings(ctx context.Context, feed int64, warns []error, keep bool) []error {
	key := fmt.Sprintf("%s%d", metaWarned, feed)
	var last string
	if err := l.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&last); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return warns
	}
	said := map[string]bool{}
	for _, line := range strings.Split(last, "\n") {
		said[line] = true
	}
	var fresh []error
	lines := make([]string, 0, len(warns))
	for _, w := range warns {
		line := safe.Line(w.Error())
		lines = append(lines, line)
		if !said[line] {
			fresh = append(fresh, w)
		}
	}
	now := strings.Join(lines, "\n")
	if !keep || now == last {
		return fresh
	}
	if err := l.tx(ctx, func(tx *sql.Tx) error {
		if len(lines) == 0 {
			_, err := tx.Exec(`DELETE FROM meta WHERE key = ?`, key)
			return err
		}
		_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, now)
		return err
	}); err != nil {
		return warns
	}
	return fresh
}

// fetchPages fetches the page of each article, a few at once, and keeps
// its text; a page that fails costs only its article's full text.
func (l *Library) fetchPages(ctx context.Context, loader *ingest.Loader, ids []string) []error {
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	sem := make(chan struct{}, maxParallelPages)
	for _, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := l.FetchFullText(ctx, loader, id); err != nil {
				// Named by its article: the page's address alone says
				// nothing of which article kept its summary.
				if title, ok, _ := l.Title(ctx, id); ok {
					err = fmt.Errorf("“%s” (%s): full text not fetched, the summary kept: %w", safe.Quoted(title), id, err)
				}
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 1 {
		// One line for a feed whose pages all fail (no network, a paywall).
		return []error{fmt.Errorf("%d of %s not fetched, the summaries kept (first: %v)", len(errs), store.Count(len(ids), "article page"), errs[0])}
	}
	return errs
}

// FetchFullText fetches an article's page, finds the article in it (the
// readability path that reads any web page) and keeps its text in place
// of the feed's summary.
func (l *Library) FetchFullText(ctx context.Context, loader *ingest.Loader, id string) error {
	if l.ReadOnly {
		return fmt.Errorf("%s: %w", l.path, ErrReadOnly) // before the page is fetched
	}
	link, err := l.Link(ctx, id)
	if err != nil {
		return err
	}
	if !IsURL(link) {
		return fmt.Errorf("%s: the article's link is not a web page", link)
	}
	arts, errs := loader.Load(ctx, link)
	if len(arts) == 0 {
		if len(errs) > 0 {
			return errs[len(errs)-1]
		}
		return fmt.Errorf("%s: no article found in the page", link)
	}
	page := arts[0]
	if page.Key != "" || page.Words == 0 {
		// The link gave a feed, or nothing to read: not a page.
		return fmt.Errorf("%s: not an article page", link)
	}
	// The page's headline, where it opens with it, is the title the
	// article shows already.
	if title, ok, err := l.Title(ctx, id); err == nil && ok {
		page.Body, page.Words = ingest.DropTitle(page.Body, page.Words, title)
	}
	// Every copy of the article (the same item in a mirror) takes the
	// text, or they would be two articles from now on.
	ids, err := l.Copies(ctx, id)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		ids = []string{id}
	}
	for _, c := range ids {
		if err := l.SetFullText(ctx, c, page); err != nil && (c == id || !errors.Is(err, ErrNotInLibrary)) {
			return err
		}
	}
	return nil
}

// metaFailed is meta's key for when an update of a feed last failed (unix
// seconds).
const metaFailed = "update_failed"

// LastUpdate is when a feed was last updated, or tried and failed (by
// any lede: the reader, cron's lede update); zero when none ever was. A
// reader that starts after an update whose every feed failed (offline)
// does not try again before its interval is out.
func (l *Library) LastUpdate(ctx context.Context) (time.Time, error) {
	var t int64
	err := l.db.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(updated) FROM feeds), 0),
		coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '`+metaFailed+`'), 0))`).Scan(&t)
	if err != nil || t == 0 {
		return time.Time{}, err
	}
	return time.Unix(t, 0).UTC(), nil
}
