package library

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/lede-reader/lede/store"
)

// The same item in two feeds (a feed and its mirror, a story two
// sections carry), or twice in one feed (its publisher changed the guid
// scheme: two guids, one title and text), is two rows here and one
// article in the store, which merges exact copies (store.Build: the same
// title and text, whatever their feeds) and keeps the first. A mark
// made through either copy is the merged article's: Apply writes each
// mark to every copy, and States gives every copy the state of the group
// (read or saved where any copy is, the furthest place), so marks made
// apart by an older lede show too.

// copies is the library's exact copies, worked out again only when its
// articles changed (article_changes).
type copies struct {
	mu      sync.Mutex
	changes int64
	ok      bool
	of      map[string][]string // an article's ID → every ID of its group, its own included
}

// copiesOf gives, for each article the library holds more than once,
// the IDs of all its copies; nil when there are none. They are worked
// out from the articles' copy keys (keyedCopies), and kept in meta beside
// the article_changes they were of (copiesKey): lede feeds and the next
// process read that one row until the articles change.
func (l *Library) copiesOf(ctx context.Context) (map[string][]string, error) {
	d, err := l.Digest(ctx)
	if err != nil {
		return nil, err
	}
	c := &l.copies
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.changes == d.Changes {
		return c.of, nil
	}
	if of, ok := l.keptCopies(ctx, d); ok {
		c.of, c.changes, c.ok = of, d.Changes, true
		return of, nil
	}
	of, err := l.keyedCopies(ctx)
	if err != nil {
		return nil, err
	}
	c.of, c.changes, c.ok = of, d.Changes, true
	if !l.ReadOnly {
		// Off the caller's path: Close waits for it. Kept only where the
		// articles are still as they were read, and only where no other
		// process is writing (tryTx: an update's transaction never holds
		// a read-only command's exit; the next command keeps it).
		v := copiesValue(d, of)
		l.inBackground(func() {
			l.tryTx(context.Background(), func(tx *sql.Tx) error {
				var n int64
				if err := tx.QueryRow(`SELECT n FROM article_changes`).Scan(&n); err != nil || n != d.Changes {
					return err
				}
				_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, copiesKey, v)
				return err
			})
		})
	}
	return of, nil
}

// keyedCopies works the copies out from the copy keys (copykeys.go: one
// title, count of words and text): the keys held more than once, read
// from their index; where an article has no key (written by a path that
// keeps none), the keys of all, with its own worked out from its text.
func (l *Library) keyedCopies(ctx context.Context) (map[string][]string, error) {
	var arts, keyed int
	if err := l.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM copy_keys)`).Scan(&arts, &keyed); err != nil {
		return nil, err
	}
	query := `SELECT sum, id FROM copy_keys WHERE sum IN (SELECT sum FROM copy_keys GROUP BY sum HAVING count(*) > 1)`
	var missing map[string][]byte
	if keyed != arts {
		var err error
		if missing, err = missingCopyKeys(ctx, l.db); err != nil {
			return nil, err
		}
		query = `SELECT sum, id FROM copy_keys`
	}
	rows, err := l.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	groups := map[string][]string{}
	keyedNow := map[string]struct{}{}
	for rows.Next() {
		var sum []byte
		var id string
		if err := rows.Scan(&sum, &id); err != nil {
			rows.Close()
			return nil, err
		}
		groups[string(sum)] = append(groups[string(sum)], id)
		if missing != nil {
			keyedNow[id] = struct{}{}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for id, sum := range missing {
		if _, ok := keyedNow[id]; ok {
			continue // keyed meanwhile, and read above
		}
		groups[string(sum)] = append(groups[string(sum)], id)
	}
	var of map[string][]string
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		if of == nil {
			of = map[string][]string{}
		}
		for _, id := range g {
			of[id] = g
		}
	}
	return of, nil
}

// copiesKey is meta's row of the copies last worked out: the
// article_changes they were of, then a line per group of copies, their
// IDs apart by spaces (IDs have none).
const copiesKey = "copies"

func copiesValue(d Digest, of map[string][]string) string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(d.Changes, 10))
	done := map[*string]bool{}
	for _, g := range of {
		if done[&g[0]] {
			continue
		}
		done[&g[0]] = true
		b.WriteString("\n" + strings.Join(g, " "))
	}
	return b.String()
}

// keptCopies reads the copies kept in meta, when they are of d.
func (l *Library) keptCopies(ctx context.Context, d Digest) (map[string][]string, bool) {
	var v string
	if err := l.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, copiesKey).Scan(&v); err != nil {
		return nil, false
	}
	lines := strings.Split(v, "\n")
	if n, err := strconv.ParseInt(lines[0], 10, 64); err != nil || n != d.Changes {
		return nil, false
	}
	var of map[string][]string
	for _, line := range lines[1:] {
		g := strings.Fields(line)
		if len(g) < 2 {
			return nil, false
		}
		if of == nil {
			of = map[string][]string{}
		}
		for _, id := range g {
			of[id] = g
		}
	}
	return of, true
}

// Copies gives the IDs of every copy of the library's article id (the
// same item in another feed, or again in its own), id's own included;
// nil where id is no article of the library or has no copy. A view shows
// the copy the store kept: either ID names the article (lede show of the
// mirror's ID). The copies are found only for an ID the library holds.
func (l *Library) Copies(ctx context.Context, id string) ([]string, error) {
	if _, ok, err := l.Title(ctx, id); err != nil || !ok {
		return nil, err
	}
	of, err := l.copiesOf(ctx)
	if err != nil {
		return nil, err
	}
	return slices.Clone(of[id]), nil
}

// withCopies gives changes with each one's mark on every copy of its
// article too, in order.
func withCopies(changes []Change, of map[string][]string) []Change {
	if len(of) == 0 {
		return changes
	}
	out := make([]Change, 0, len(changes))
	for _, c := range changes {
		g, ok := of[c.ID]
		if !ok {
			out = append(out, c)
			continue
		}
		for _, id := range g {
			cc := c
			cc.ID = id
			out = append(out, cc)
		}
	}
	return out
}

// OwnStates is States with no copy given its group's state: what the
// state rows hold, one query. Finding the copies takes a process 0.2-0.3
// s at 100,000 articles, once, which the reader's first frame does not
// wait for: it opens on these, and States follows (the reader's Follow).
func (l *Library) OwnStates(ctx context.Context) (map[string]State, error) {
	return l.states(ctx, `SELECT id, read, saved, position FROM state`)
}

// Shared gives own (OwnStates) as copies of one article share it
// (States), in a map of its own: own is left as it was.
func (l *Library) Shared(ctx context.Context, own map[string]State) (map[string]State, error) {
	of, err := l.copiesOf(ctx)
	if err != nil {
		return nil, err
	}
	shared := maps.Clone(own)
	sameStates(shared, of)
	return shared, nil
}

// with is the state copies of one article share where one has s and
// another t: read or saved where either is, the furthest place.
func (s State) with(t State) State {
	return State{Read: s.Read || t.Read, Saved: s.Saved || t.Saved, Position: max(s.Position, t.Position)}
}

// sameStates gives every copy of an article the state of its group.
func sameStates(states map[string]State, of map[string][]string) {
	done := map[*string]bool{}
	for _, g := range of {
		if done[&g[0]] {
			continue
		}
		done[&g[0]] = true
		var s State
		var any bool
		for _, id := range g {
			if t, ok := states[id]; ok {
				any = true
				s = s.with(t)
			}
		}
		if !any {
			continue
		}
		for _, id := range g {
			states[id] = s
		}
	}
}

// groupState is the state of a group of copies as States gives it (read
// or saved where any copy is, the furthest place), from the rows of q;
// false where no copy has a state.
func groupState(ctx context.Context, q querier, group []string) (State, bool, error) {
	var s State
	var any bool
	for _, id := range group {
		var t State
		err := q.QueryRowContext(ctx, `SELECT read, saved, position FROM state WHERE id = ?`, id).Scan(&t.Read, &t.Saved, &t.Position)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return s, false, err
		}
		any = true
		s = s.with(t)
	}
	return s, any, nil
}

// carryStates gives the copies of feed's articles that other feeds carry
// (or that stay saved without a feed) the state of their group, written
// to their own rows, before feed's rows are removed: a feed removed takes
// no mark from the copies left. It gives the feed's articles carried so.
func carryStates(tx *sql.Tx, feed int64, of map[string][]string) (map[string]bool, error) {
	carried := map[string]bool{}
	if len(of) == 0 {
		return carried, nil
	}
	ctx := context.Background()
	rows, err := tx.Query(`SELECT id FROM articles WHERE feed_id = ?`, feed)
	if err != nil {
		return nil, err
	}
	var mine []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		if _, ok := of[id]; ok {
			mine = append(mine, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	at := now().Unix()
	for _, id := range mine {
		g := of[id]
		var left []string
		for _, c := range g {
			var f int64
			err := tx.QueryRowContext(ctx, `SELECT ifnull(feed_id, 0) FROM articles WHERE id = ?`, c).Scan(&f)
			if errors.Is(err, sql.ErrNoRows) {
				continue // gone meanwhile
			}
			if err != nil {
				return nil, err
			}
			if f != feed {
				left = append(left, c)
			}
		}
		if len(left) == 0 {
			continue
		}
		carried[id] = true
		s, any, err := groupState(ctx, tx, g)
		if err != nil {
			return nil, err
		}
		if !any {
			continue
		}
		for _, c := range left {
			if _, err := tx.Exec(`INSERT INTO state (id, read, saved, position, changed) VALUES (?1, ?2, ?3, ?4, ?5)
				ON CONFLICT(id) DO UPDATE SET read = ?2, saved = ?3, position = ?4, changed = ?5`, c, s.Read, s.Saved, s.Position, at); err != nil {
				return nil, err
			}
		}
	}
	return carried, nil
}

// keepShownIDs keeps, where feed's copy of an article is the one the
// store shows (the first in the library's order: newest first, then as
// they arrived) and another feed carries the article, the ID views and
// scripts hold: feed's row takes the place of the copy left (its feed and
// its identity in that feed, the group's state), and that copy's row
// goes. Removing the first-subscribed of two mirrors changed every ID to
// the mirror's. The row keeps its change count: nothing the store shows
// of it changed but its feeds, as when the copy's row went.
func keepShownIDs(tx *sql.Tx, feed int64, of map[string][]string, carried map[string]bool) error {
	type row struct {
		id          string
		feed, rowid int64
		when        int64
		key         string
		changed     int64
	}
	done := map[*string]bool{}
	for id := range carried {
		g := of[id]
		if len(g) == 0 || done[&g[0]] {
			continue
		}
		done[&g[0]] = true
		var rows []row
		for _, c := range g {
			var r row
			err := tx.QueryRow(`SELECT id, ifnull(feed_id, 0), rowid, CASE WHEN published > 0 THEN published ELSE added END, key, changed
				FROM articles WHERE id = ?`, c).Scan(&r.id, &r.feed, &r.rowid, &r.when, &r.key, &r.changed)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			rows = append(rows, r)
		}
		slices.SortFunc(rows, func(x, y row) int {
			if c := cmp.Compare(y.when, x.when); c != 0 {
				return c
			}
			return cmp.Compare(x.rowid, y.rowid)
		})
		if len(rows) < 2 || rows[0].feed != feed {
			continue // the copy shown stays, or feed's is not it
		}
		shown := rows[0]
		var left *row
		for i := range rows[1:] {
			if r := &rows[1+i]; r.feed != feed && r.feed != 0 {
				left = r
				break
			}
		}
		if left == nil {
			continue
		}
		for _, q := range []string{
			// The group's state, written on the copy left by carryStates.
			`DELETE FROM state WHERE id = ?1 AND EXISTS (SELECT 1 FROM state WHERE id = ?2)`,
			`UPDATE state SET id = ?1 WHERE id = ?2`,
			`DELETE FROM articles WHERE id = ?2`,
		} {
			if _, err := tx.Exec(q, shown.id, left.id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE articles SET feed_id = ?, key = ? WHERE id = ?`, left.feed, left.key, shown.id); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE articles SET changed = ? WHERE id = ?`, shown.changed, shown.id); err != nil {
			return err
		}
	}
	return nil
}

// goneArticles counts the articles whose rows ids were, now deleted in
// tx: the copies of one article (of, from copiesOf before) count once,
// and not at all where a copy of it stays (in a feed that brought it
// later, saved): the article is still there.
func goneArticles(tx *sql.Tx, ids []string, of map[string][]string) (int, error) {
	gone := map[string]bool{}
	for _, id := range ids {
		g := of[id]
		if g == nil {
			gone[id] = true
			continue
		}
		if _, done := gone[g[0]]; done {
			continue
		}
		stays := false
		for _, c := range g {
			var one int
			err := tx.QueryRow(`SELECT 1 FROM articles WHERE id = ?`, c).Scan(&one)
			if err == nil {
				stays = true
				break
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return 0, err
			}
		}
		gone[g[0]] = !stays
	}
	n := 0
	for _, g := range gone {
		if g {
			n++
		}
	}
	return n, nil
}

// column runs query, of one text column, and gives its values: in a
// transaction or on the library's pool.
func column(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// listedWith says where an undated item new to the library is listed
// when it is an exact copy of an article the library holds already (the
// same title, words and text: the item in a mirror of its feed, or again
// under another guid): with that article, at the date it is listed by,
// not at the top as one that arrived now. The copy the views showed then
// stays first, the one the store keeps (store.Build keeps the first
// copy): its ID, its marks, its feed, and it is not new. Dated copies
// are listed by their date already, and one that arrives later after the
// one here (in the order they arrived).
type listedWith struct {
	tx *sql.Tx
	// undated: the title and words of each undated item given, titles
	// their titles; rows, read at the first undated item added, the
	// library's rows with one of those (their ID and listing date).
	undated map[string]bool
	titles  []string
	rows    map[string][]listedRow
	read    bool
}

type listedRow struct {
	id   string
	when int64
}

func newListedWith(tx *sql.Tx, arts []store.Article) *listedWith {
	lw := &listedWith{tx: tx}
	for i := range arts {
		if a := &arts[i]; a.Published.IsZero() {
			if lw.undated == nil {
				lw.undated = map[string]bool{}
			}
			lw.undated[a.Title+"\x00"+itoa(a.Words)] = true
			lw.titles = append(lw.titles, a.Title)
		}
	}
	return lw
}

// of gives the date an article of the library that a is a copy of is
// listed by (the latest, where it has several: the copy shown), if a is
// undated and has one. The rows are read once, from the headlines' index
// (IDs, titles, words, the date: no text) by SQLite, which hands over
// only those with a title given (20-30 ms at 100,000 articles, where
// every row read here took 120-160), and the text only of those whose
// title and words a has.
func (lw *listedWith) of(a *store.Article) (int64, bool, error) {
	if !a.Published.IsZero() || len(lw.undated) == 0 {
		return 0, false, nil
	}
	if !lw.read {
		lw.read = true
		titles, err := json.Marshal(lw.titles)
		if err != nil {
			return 0, false, err
		}
		rows, err := lw.tx.Query(`SELECT id, title, words, `+listedBy+` FROM articles
			WHERE title IN (SELECT value FROM json_each(?))`, string(titles))
		if err != nil {
			return 0, false, err
		}
		for rows.Next() {
			var r listedRow
			var title string
			var words int
			if err := rows.Scan(&r.id, &title, &words, &r.when); err != nil {
				rows.Close()
				return 0, false, err
			}
			if k := title + "\x00" + itoa(words); lw.undated[k] {
				if lw.rows == nil {
					lw.rows = map[string][]listedRow{}
				}
				lw.rows[k] = append(lw.rows[k], r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, false, err
		}
	}
	var when int64
	found := false
	for _, r := range lw.rows[a.Title+"\x00"+itoa(a.Words)] {
		var body string
		err := lw.tx.QueryRow(`SELECT body FROM articles WHERE id = ?`, r.id).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, false, err
		}
		if body == a.Body && (!found || r.when > when) {
			when, found = r.when, true
		}
	}
	return when, found, nil
}

// Tally is what the library holds, counted as each view counts it: the
// items its feeds brought (rows), the articles they make once exact
// copies are one (as lede list and the reader show them), and of those
// the ones no feed followed carries (saved, kept after their feed went).
// lede feeds says it under the feeds, whose counts add up otherwise: an
// article two feeds carry counts in each.
type Tally struct{ Items, Articles, Feedless int }

// Tally counts the library (see Tally); the copies are the ones Feeds
// worked out, kept until the articles change.
func (l *Library) Tally(ctx context.Context) (Tally, error) {
	var t Tally
	if err := l.db.QueryRowContext(ctx, `SELECT count(*), count(*) - count(feed_id) FROM articles`).Scan(&t.Items, &t.Feedless); err != nil {
		return t, err
	}
	of, err := l.copiesOf(ctx)
	if err != nil {
		return t, err
	}
	t.Articles = t.Items
	seen := map[string]bool{}
	for _, g := range of {
		if !seen[g[0]] {
			seen[g[0]] = true
			t.Articles -= len(g) - 1
		}
	}
	return t, nil
}
