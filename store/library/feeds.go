package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Feed is one subscription.
type Feed struct {
	ID int64 `json:"-"`
	// Name is what a person calls the feed: given with --name or lede
	// rename, else the feed's own title.
	Name string `json:"name"`
	// Title is the feed's own title, as its last update gave it (the
	// source its own items carry: the address for a feed that gives
	// none), kept whatever the person named it; empty where it is not
	// known (a folder, an aggregator whose every item names its outlet,
	// a feed not updated since an older lede).
	Title string `json:"title,omitempty"`
	// URL is an http(s) URL, or an absolute path to a feed file or a
	// folder for people who sync files.
	URL  string   `json:"url"`
	Tags []string `json:"tags"`
	// Articles the library holds from it, and how many are unread.
	Articles int `json:"articles"`
	Unread   int `json:"unread"`
	// Updated is when the last update got through (a 304 counts);
	// zero when it never did.
	Updated time.Time `json:"updated,omitzero"`
	// Error is the last update's error, one line; empty when it went well.
	Error string `json:"error,omitempty"`
	// FullText: each new article's page is fetched, and its text kept in
	// place of the feed's summary.
	FullText bool `json:"full_text"`

	validators
}

type validators struct {
	ETag         string `json:"-"`
	LastModified string `json:"-"`
}

// ErrSubscribed is returned when a feed's URL is subscribed already.
var ErrSubscribed = errors.New("subscribed already")

// ErrNoFeed is returned for a reference that names no subscription.
var ErrNoFeed = errors.New("no such feed")

// ErrNoSuchSource: a source given to follow is no URL, and no file or
// folder either.
var ErrNoSuchSource = errors.New("no such file or folder")

// Source checks what a person typed as a feed and gives it as stored: an
// http(s) URL as written, a file:// URL or a path made absolute (it must
// exist). Anything else is an error saying what is wanted.
func Source(s string) (string, error) {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	switch {
	case s == "":
		return "", errors.New("empty feed address")
	case strings.HasPrefix(low, "http://"), strings.HasPrefix(low, "https://"):
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return "", fmt.Errorf("%q is not a URL lede can fetch", s)
		}
		return foldURL(s), nil
	case strings.HasPrefix(low, "file://"):
		u, err := url.Parse(s)
		if err != nil || u.Path == "" {
			return "", fmt.Errorf("%q is not a file URL", s)
		}
		s = u.Path
	case strings.Contains(s, "://") || strings.HasPrefix(low, "exec:") || strings.HasPrefix(low, "filter:") || strings.HasPrefix(low, "query:"):
		return "", fmt.Errorf("%q: only http and https URLs, feed files and folders can be followed", s)
	}
	abs, err := filepath.Abs(s)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("%q is not an http(s) URL, and %w", s, ErrNoSuchSource)
	}
	return abs, nil
}

// foldURL gives an http(s) URL with its scheme and host in lower case,
// as servers read them (HTTP://Example.COM/x.xml is http://example.com/x.xml);
// the rest, the path and query, as written: they are the server's to read.
// Other sources are given as they are.
func foldURL(s string) string {
	if !IsURL(s) {
		return s
	}
	i := strings.Index(s, "://") + len("://")
	end := len(s)
	if j := strings.IndexAny(s[i:], "/?#"); j >= 0 {
		end = i + j
	}
	host := s[i:end]
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[:at+1] + strings.ToLower(host[at+1:]) // the user's name as given
	} else {
		host = strings.ToLower(host)
	}
	return strings.ToLower(s[:i]) + host + s[end:]
}

// feedByURL finds the feed subscribed at u, compared as foldURL compares
// (a library may hold a URL as an older lede stored it, as written):
// sql.ErrNoRows when there is none.
func feedByURL(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, u string) (id int64, tags string, err error) {
	rows, err := q.QueryContext(ctx, `SELECT id, url, tags FROM feeds`)
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	want := foldURL(u)
	for rows.Next() {
		var got string
		if err := rows.Scan(&id, &got, &tags); err != nil {
			return 0, "", err
		}
		if got == u || foldURL(got) == want {
			return id, tags, nil
		}
	}
	if err := rows.Err(); err != nil {
		return 0, "", err
	}
	return 0, "", sql.ErrNoRows
}

// followedAs is the name of the feed subscribed at u (compared as
// feedByURL compares): sql.ErrNoRows when there is none.
func followedAs(ctx context.Context, q querier, u string) (name string, err error) {
	id, _, err := feedByURL(ctx, q, u)
	if err == nil {
		err = q.QueryRowContext(ctx, `SELECT name FROM feeds WHERE id = ?`, id).Scan(&name)
	}
	return name, err
}

// IsURL: a feed fetched over http(s), as opposed to a file or folder.
func IsURL(source string) bool {
	low := strings.ToLower(source)
	return strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://")
}

// Subscription is a feed to add: where, what to call it, its tags.
type Subscription struct {
	URL  string
	Name string
	// Title is the feed's own title where a list of subscriptions says
	// it apart from Name (OPML's title beside its text); an update
	// replaces it with the one the feed gives.
	Title    string
	Tags     []string
	FullText bool
}

// clean sanitises what came from outside (an OPML file, the command
// line) and drops empty and repeated tags.
func (s Subscription) clean() Subscription {
	s.Name, s.Title = safe.Field(s.Name), safe.Field(s.Title)
	if len(s.Name) > 200 {
		s.Name = strings.ToValidUTF8(s.Name[:200], "")
	}
	var tags []string
	for _, t := range s.Tags {
		t = safe.Field(t)
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	s.Tags = tags
	return s
}

// Subscribe adds subscriptions in one transaction and gives the feeds
// made. A URL subscribed already is left as it is and counted in
// skipped (its tags are merged with the new ones): an import never makes
// a second copy of a feed. A name taken by another feed gets a number.
func (l *Library) Subscribe(ctx context.Context, subs []Subscription) (added []Feed, skipped int, err error) {
	err = l.tx(ctx, func(tx *sql.Tx) error {
		added, skipped = nil, 0
		for _, s := range subs {
			s = s.clean()
			id, tags, err := feedByURL(ctx, tx, s.URL)
			if err == nil {
				skipped++
				merged := mergeTags(splitLines(tags), s.Tags, nil)
				if _, err := tx.Exec(`UPDATE feeds SET tags = ? WHERE id = ?`, strings.Join(merged, "\n"), id); err != nil {
					return err
				}
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			name, err := freeName(tx, s.Name, s.URL)
			if err != nil {
				return err
			}
			res, err := tx.Exec(`INSERT INTO feeds (url, name, named, title, tags, full_text, added) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				s.URL, name, s.Name != "", s.Title, strings.Join(s.Tags, "\n"), s.FullText, now().Unix())
			if err != nil {
				return err
			}
			id, _ = res.LastInsertId()
			added = append(added, Feed{ID: id, Name: name, Title: s.Title, URL: s.URL, Tags: s.Tags, FullText: s.FullText})
		}
		return nil
	})
	return added, skipped, err
}

// freeName is name, or the URL's host when it is empty, with " (2)" and
// so on when another feed has it.
func freeName(tx *sql.Tx, name, source string) (string, error) {
	return freeNameBut(tx, name, source, 0)
}

// freeNameBut is freeName for feed self, whose own name is no other's.
func freeNameBut(tx *sql.Tx, name, source string, self int64) (string, error) {
	if name == "" {
		name = defaultName(source)
	}
	for n := 1; ; n++ {
		try := name
		if n > 1 {
			try = fmt.Sprintf("%s (%d)", name, n)
		}
		var one int
		err := tx.QueryRow(`SELECT 1 FROM feeds WHERE name = ? COLLATE NOCASE AND id != ?`, try, self).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return try, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// unnumbered is the title a name freeName numbered was made of ("X"
// of "X (2)"), and whether it was one.
func unnumbered(name string) (string, bool) {
	i := strings.LastIndex(name, " (")
	if i <= 0 {
		return "", false
	}
	return name[:i], store.NamedAfter(name, name[:i])
}

// backfillTitles gives each feed not named by its person the title its
// name was made of, where its items carry it as their source: the name
// itself, or the title freeName numbered (migration 10). Nothing is
// guessed: where no item says so, the title stays unknown (empty) until
// the feed's next update tells it.
func backfillTitles(tx *sql.Tx) error {
	rows, err := tx.Query(`SELECT id, name FROM feeds WHERE named = 0`)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return err
		}
		names[id] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for id, name := range names {
		try := []string{name}
		if t, ok := unnumbered(name); ok {
			try = append(try, t)
		}
		for _, title := range try {
			res, err := tx.Exec(`UPDATE feeds SET title = ?1 WHERE id = ?2
				AND EXISTS (SELECT 1 FROM articles WHERE feed_id = ?2 AND source = ?1)`, title, id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				break
			}
		}
	}
	return nil
}

// mergeTags is tags with add appended where missing and drop taken out,
// in their order.
func mergeTags(tags, add, drop []string) []string {
	out := []string{}
	for _, t := range slices.Concat(tags, add) {
		if !slices.Contains(out, t) && !slices.Contains(drop, t) {
			out = append(out, t)
		}
	}
	return out
}

// Retag gives feed f the tags add (those it lacks) and takes drop from
// it; the rest stay, in their order. Tags are sanitised as a
// subscription's are.
func (l *Library) Retag(ctx context.Context, f Feed, add, drop []string) (Feed, error) {
	add, drop = Subscription{Tags: add}.clean().Tags, Subscription{Tags: drop}.clean().Tags
	err := l.tx(ctx, func(tx *sql.Tx) error {
		var tags string
		if err := tx.QueryRow(`SELECT tags FROM feeds WHERE id = ?`, f.ID).Scan(&tags); errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %w", f.Name, ErrNoFeed)
		} else if err != nil {
			return err
		}
		f.Tags = mergeTags(splitLines(tags), add, drop)
		_, err := tx.Exec(`UPDATE feeds SET tags = ? WHERE id = ?`, strings.Join(f.Tags, "\n"), f.ID)
		return err
	})
	return f, err
}

// ErrNameTaken: the name asked for is another feed's (case aside): a
// name must say which feed it is.
var ErrNameTaken = errors.New("another feed has that name")

// Rename gives feed f the name a person chose, in place of its title
// (or the name given before): its articles, marks and title stay. An
// empty name gives the feed back its own title (numbered where another
// feed has it), which later updates follow again. A name another feed
// has is refused (ErrNameTaken).
func (l *Library) Rename(ctx context.Context, f Feed, name string) (Feed, error) {
	name = Subscription{Name: name}.clean().Name
	err := l.tx(ctx, func(tx *sql.Tx) error {
		var title string
		if err := tx.QueryRow(`SELECT title FROM feeds WHERE id = ?`, f.ID).Scan(&title); errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %w", f.Name, ErrNoFeed)
		} else if err != nil {
			return err
		}
		named := name != ""
		if named {
			var other string
			err := tx.QueryRow(`SELECT name FROM feeds WHERE name = ? COLLATE NOCASE AND id != ?`, name, f.ID).Scan(&other)
			if err == nil {
				return fmt.Errorf("%q: %w, %s", name, ErrNameTaken, other)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		} else {
			var err error
			if name, err = freeNameBut(tx, title, f.URL, f.ID); err != nil {
				return err
			}
		}
		_, err := tx.Exec(`UPDATE feeds SET name = ?, named = ? WHERE id = ?`, name, named, f.ID)
		f.Name, f.Title = name, title
		return err
	})
	return f, err
}

// defaultName names a feed before it has told its title: the URL's host,
// or the file's name.
func defaultName(source string) string {
	if IsURL(source) {
		if u, err := url.Parse(source); err == nil && u.Host != "" {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return store.Sanitize(filepath.Base(source))
}

// Removal says what removing a feed took from the library.
type Removal struct {
	// Gone counts the articles that left the library with the feed.
	Gone int
	// Carried counts the feed's articles that another feed carries too
	// (the same item in a feed and its mirror): they stay, as that feed's.
	Carried int
	// Saved counts the feed's saved articles, which stay (nothing saved
	// is lost).
	Saved int
}

// Unsubscribe removes a feed and the articles it brought, except saved
// ones: those stay in the library (nothing saved is lost), with no feed.
// An article another feed carries too stays as that feed's, with its
// marks: the copies left take the state of the group (read or saved where
// any copy was, the furthest place) before the feed's rows go.
func (l *Library) Unsubscribe(ctx context.Context, f Feed) (Removal, error) {
	var r Removal
	of, err := l.copiesOf(ctx)
	if err != nil {
		return r, err
	}
	err = l.tx(ctx, func(tx *sql.Tx) error {
		r = Removal{}
		carried, err := carryStates(tx, f.ID, of)
		if err != nil {
			return err
		}
		unsaved := `SELECT id FROM articles WHERE feed_id = ? AND id NOT IN (SELECT id FROM state WHERE saved = 1)`
		rows, err := tx.Query(unsaved, f.ID)
		if err != nil {
			return err
		}
		// Counted in articles: the feed's copies of one article (two
		// guids of one item) once.
		gone, kept := map[string]bool{}, map[string]bool{}
		var copies []string // of articles not carried: one saved row keeps it
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			article := id
			if g, ok := of[id]; ok {
				article = g[0]
			}
			if carried[id] {
				kept[article] = true
				continue
			}
			gone[article] = true
			if of[id] != nil {
				copies = append(copies, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		saved, err := column(ctx, tx, `SELECT id FROM articles WHERE feed_id = ? AND id IN (SELECT id FROM state WHERE saved = 1)`, f.ID)
		if err != nil {
			return err
		}
		stays := map[string]bool{}
		for _, id := range saved {
			if g, ok := of[id]; ok {
				id = g[0]
			}
			stays[id] = true
		}
		for _, id := range copies {
			// A copy saved by an older lede through one row alone: the
			// article stays, saved.
			if s, _, err := groupState(ctx, tx, of[id]); err != nil {
				return err
			} else if s.Saved {
				delete(gone, of[id][0])
				stays[of[id][0]] = true
			}
		}
		r.Gone, r.Carried, r.Saved = len(gone), len(kept), len(stays)
		if err := keepShownIDs(tx, f.ID, of, carried); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM state WHERE id IN (`+unsaved+`)`, f.ID); err != nil {
			return err
		}
		// Before the articles go: past the share, what each was is
		// not copied for an index that cannot use it.
		if err := dropPastShare(ctx, tx, `feed_id = ?3 AND id NOT IN (SELECT id FROM state WHERE saved = 1)`, f.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM articles WHERE id IN (`+unsaved+`)`, f.ID); err != nil {
			return err
		}
		res, err := tx.Exec(`DELETE FROM feeds WHERE id = ?`, f.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNoFeed
		}
		// Its warnings said go with it: a feed that takes its id later
		// says its own.
		if _, err := tx.Exec(`DELETE FROM meta WHERE key = ?`, fmt.Sprintf("%s%d", metaWarned, f.ID)); err != nil {
			return err
		}
		return nil
	})
	return r, err
}

// Feeds lists the subscriptions by name, with their counts.
// A feed's articles are counted in the index of its keys, and its read
// ones from the marks (state), not by a look into the marks for each of
// its articles: 0.25 s at 100,000 unread.
func (l *Library) Feeds(ctx context.Context) ([]Feed, error) {
	feeds, err := l.feeds(ctx, `(SELECT count(*) FROM articles a WHERE a.feed_id = f.id), 0`)
	if err != nil {
		return nil, err
	}
	read := map[int64]int{}
	rows, err := l.db.QueryContext(ctx, `SELECT a.feed_id, count(*) FROM state s CROSS JOIN articles a ON a.id = s.id
		WHERE s.read = 1 AND a.feed_id IS NOT NULL GROUP BY a.feed_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var feed int64
		var n int
		if err := rows.Scan(&feed, &n); err != nil {
			rows.Close()
			return nil, err
		}
		read[feed] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range feeds {
		feeds[i].Unread = feeds[i].Articles - read[feeds[i].ID]
	}
	return feeds, l.countCopies(ctx, feeds)
}

// Subscriptions lists the subscriptions by name as Feeds does, without
// their counts (Articles and Unread 0), for what updates or names a
// feed: counting reads every article's row and finds the copies across
// feeds (a quarter second at 100,000 after each update).
func (l *Library) Subscriptions(ctx context.Context) ([]Feed, error) {
	return l.feeds(ctx, `0, 0`)
}

// feeds lists the subscriptions with counts, the query's two columns
// for Articles and Unread.
func (l *Library) feeds(ctx context.Context, counts string) ([]Feed, error) {
	rows, err := l.db.QueryContext(ctx, `
		SELECT f.id, f.url, f.name, f.title, f.tags, f.full_text, f.etag, f.last_modified, f.updated, f.error, `+counts+`
		FROM feeds f ORDER BY f.name COLLATE NOCASE, f.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var feeds []Feed
	for rows.Next() {
		var f Feed
		var tags string
		var updated int64
		if err := rows.Scan(&f.ID, &f.URL, &f.Name, &f.Title, &tags, &f.FullText, &f.ETag, &f.LastModified, &updated, &f.Error, &f.Articles, &f.Unread); err != nil {
			return nil, err
		}
		f.Tags = splitLines(tags)
		if updated > 0 {
			f.Updated = time.Unix(updated, 0).UTC()
		}
		feeds = append(feeds, f)
	}
	return feeds, rows.Err()
}

// countCopies makes each feed's counts articles, not rows: the copies
// of one article in a feed (two guids of one item) count once, and a
// feed's copy counts read where its group is (a copy that arrived after
// the marking, or marked by an older lede through another copy): the
// list shows them so, and the counts agree with it.
func (l *Library) countCopies(ctx context.Context, feeds []Feed) error {
	of, err := l.copiesOf(ctx)
	if err != nil || len(of) == 0 {
		return err
	}
	byID := map[int64]*Feed{}
	for i := range feeds {
		byID[feeds[i].ID] = &feeds[i]
	}
	done := map[*string]bool{}
	for _, g := range of {
		if done[&g[0]] {
			continue
		}
		done[&g[0]] = true
		s, _, err := groupState(ctx, l.db, g)
		if err != nil {
			return err
		}
		// Each feed's rows of the group, and how many of them count
		// unread in its Unread.
		rows, unread := map[int64]int{}, map[int64]int{}
		for _, id := range g {
			var feed int64
			var read bool
			err := l.db.QueryRowContext(ctx, `SELECT ifnull(a.feed_id, 0), ifnull(s.read, 0) FROM articles a
				LEFT JOIN state s ON s.id = a.id WHERE a.id = ?`, id).Scan(&feed, &read)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			rows[feed]++
			if !read {
				unread[feed]++
			}
		}
		for feed, n := range rows {
			f := byID[feed]
			if f == nil {
				continue
			}
			want := 1 // the article, unread, once
			if s.Read {
				want = 0
			}
			f.Articles -= n - 1
			f.Unread = max(0, f.Unread-max(0, unread[feed]-want))
		}
	}
	return nil
}

// FindFeed resolves a reference to one feed: its URL, its name (case
// aside), or a piece of its name that only one feed has. Several matches
// give an error listing them; none gives ErrNoFeed.
func FindFeed(feeds []Feed, ref string) (Feed, error) {
	ref = strings.TrimSpace(ref)
	want := store.Fold(ref)
	var matches []Feed
	for _, f := range feeds {
		if f.URL == ref || store.Fold(f.Name) == want {
			return f, nil
		}
		if want != "" && strings.Contains(store.Fold(f.Name), want) {
			matches = append(matches, f)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return Feed{}, fmt.Errorf("%q: %w (lede feeds lists them)", ref, ErrNoFeed)
	}
	// One a line, with its address: a name may hold commas ("CRE:
	// Technik, Kultur"), so a list joined by them could not be read.
	var b strings.Builder
	fmt.Fprintf(&b, "%q matches %d feeds; say which (by name or address):", ref, len(matches))
	for _, f := range matches {
		fmt.Fprintf(&b, "\n  %s  %s", safe.Field(f.Name), safe.Field(f.URL))
	}
	return Feed{}, errors.New(b.String())
}

func splitLines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// Sizes are how many feeds and articles the library holds, cheaply.
func (l *Library) Sizes(ctx context.Context) (feeds, articles int, err error) {
	err = l.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM feeds), (SELECT count(*) FROM articles)`).Scan(&feeds, &articles)
	return feeds, articles, err
}

// FeedNames are the subscriptions' names, in the order Feeds gives them,
// without the counts Feeds works out.
func (l *Library) FeedNames(ctx context.Context) ([]string, error) {
	return column(ctx, l.db, `SELECT name FROM feeds ORDER BY name COLLATE NOCASE, id`)
}

// feedName is what a feed is called: its name (the one given with
// --name or lede rename, else its title) and its own title, which its
// own items carry as their source.
type feedName struct{ feed, title string }

// name gives a the feed's name, and says whether it is the feed's own
// item (not an outlet an aggregator's item names), which rows and
// bylines then name by the feed's name (store.Article.Shown).
func (f feedName) name(a *store.Article) {
	a.Feed = f.feed
	a.FeedsOwn = f.feed != "" && a.Source == f.title
}

// titleSample is how many of a named feed's articles tell its title.
const titleSample = 64

// feedTitles guesses the titles of the feeds given a name whose title
// the library does not know (kept since migration 10, told at each
// update: a named folder, a feed named before an older lede kept
// titles and not updated since): the source more than half of a sample
// of their articles carry, as each of a feed's own items carries its
// title, where an aggregator's name their outlets (none then: each
// keeps its outlet). A sample read by the feed's index, not every
// article: a few hundred rows at any size.
func (l *Library) feedTitles(ctx context.Context, names map[int64]feedName, named []int64) error {
	for _, id := range named {
		rows, err := l.db.QueryContext(ctx, `SELECT source FROM articles WHERE feed_id = ? LIMIT ?`, id, titleSample)
		if err != nil {
			return err
		}
		count, n := map[string]int{}, 0
		for rows.Next() {
			var src string
			if err := rows.Scan(&src); err != nil {
				rows.Close()
				return err
			}
			count[src]++
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		f := names[id]
		f.title = ""
		for src, c := range count {
			if 2*c > n && src != "" {
				f.title = src
			}
		}
		names[id] = f
	}
	return nil
}
