package library

import (
	"crypto/sha256"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// textCopies is how copiesOf found the copies before the library kept
// copy keys: every row's title and words, then the text of each row
// whose title and words another row has, hashed. The keys must give the
// same groups.
func textCopies(t *testing.T, l *Library) [][]string {
	t.Helper()
	rows, err := l.db.QueryContext(ctx, `SELECT id, title, words FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]int{}
	var ids, titles []string
	for rows.Next() {
		var id, title string
		var words int64
		if err := rows.Scan(&id, &title, &words); err != nil {
			t.Fatal(err)
		}
		title += "\x00" + itoa(int(words))
		byTitle[title]++
		ids, titles = append(ids, id), append(titles, title)
	}
	rows.Close()
	type text struct {
		title string
		sum   [32]byte
	}
	groups := map[text][]string{}
	for i, id := range ids {
		if byTitle[titles[i]] < 2 {
			continue
		}
		var body string
		if err := l.db.QueryRowContext(ctx, `SELECT body FROM articles WHERE id = ?`, id).Scan(&body); err != nil {
			t.Fatal(err)
		}
		k := text{titles[i], sha256.Sum256([]byte(body))}
		groups[k] = append(groups[k], id)
	}
	var out [][]string
	for _, g := range groups {
		if len(g) > 1 {
			out = append(out, g)
		}
	}
	return sortedGroups(out)
}

func sortedGroups(gs [][]string) [][]string {
	for _, g := range gs {
		slices.Sort(g)
	}
	slices.SortFunc(gs, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return gs
}

// fromKeys is keyedCopies's answer as textCopies gives it (copiesOf's
// but for the copies meta may keep).
func fromKeys(t *testing.T, l *Library) [][]string {
	t.Helper()
	of, err := l.keyedCopies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*string]bool{}
	var out [][]string
	for _, g := range of {
		if !seen[&g[0]] {
			seen[&g[0]] = true
			out = append(out, slices.Clone(g))
		}
	}
	return sortedGroups(out)
}

// keysAreCurrent: every article has its copy key, as its row is now, so
// that copiesOf reads no text.
func keysAreCurrent(t *testing.T, l *Library) {
	t.Helper()
	rows, err := l.db.QueryContext(ctx, `SELECT a.id, a.title, a.words, a.body, k.sum FROM articles a
		LEFT JOIN copy_keys k ON k.id = a.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, title, body string
		var words int64
		var sum []byte
		if err := rows.Scan(&id, &title, &words, &body, &sum); err != nil {
			t.Fatal(err)
		}
		if want := copyKey(title, words, body); string(sum) != string(want) {
			t.Errorf("%s: copy key %x, want %x", id, sum, want)
		}
	}
	var orphans int
	l.db.QueryRow(`SELECT count(*) FROM copy_keys WHERE id NOT IN (SELECT id FROM articles)`).Scan(&orphans)
	if orphans != 0 {
		t.Errorf("%d copy keys of no article", orphans)
	}
}

func sameCopies(t *testing.T, l *Library, what string) [][]string {
	t.Helper()
	want := textCopies(t, l)
	got := fromKeys(t, l)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s: copies %v, the texts say %v", what, got, want)
	}
	return got
}

// copiesLibrary holds arts in a feed, half of them again in a mirror,
// a third again in the feed under new guids (the publisher changed its
// scheme), and near copies: one title with another text, one text with
// another count of words.
func copiesLibrary(t *testing.T, arts []store.Article) *Library {
	t.Helper()
	arts = slices.Clone(arts)
	for i := range arts {
		arts[i].Key = fmt.Sprint("item-", i)
	}
	l := openTemp(t)
	feed := keepFeed(t, l, arts)
	subs, _, err := l.Subscribe(ctx, []Subscription{{URL: "https://mirror.example/feed"}})
	if err != nil || len(subs) != 1 {
		t.Fatalf("subscribe: %v", err)
	}
	var mirror, again []store.Article
	for i, a := range arts {
		switch {
		case i%2 == 0:
			mirror = append(mirror, a)
		case i%3 == 0:
			a.Key = fmt.Sprint("guid-", i)
			again = append(again, a)
		case i%5 == 0:
			a.Key = fmt.Sprint("other-text-", i)
			a.Body += "\n\nCorrected."
			again = append(again, a)
		case i%7 == 0:
			a.Key = fmt.Sprint("other-count-", i)
			a.Words++
			again = append(again, a)
		}
	}
	if _, err := l.Keep(ctx, subs[0], mirror); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Keep(ctx, feed, slices.Concat(arts, again)); err != nil {
		t.Fatal(err)
	}
	return l
}

// The copy keys give the copies the texts give: the seeds in a feed, a
// mirror and a change of guids; the BBC corpus (when ../shared has it)
// so too.
func TestCopyKeysAreTheTexts(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	l := copiesLibrary(t, seedArts)
	if g := sameCopies(t, l, "seeds"); len(g) < len(seedArts)/2 {
		t.Fatalf("%d groups of copies, want one at least for each article mirrored", len(g))
	}
	keysAreCurrent(t, l)
	// An edit to a mirrored copy parts it from its twin.
	arts, _ := ingest.LoadFS(seeds.FS)
	edited := arts[0]
	edited.Key = "item-0"
	edited.Body += "\n\nAn update."
	feeds, err := l.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Keep(ctx, feeds[0], []store.Article{edited}); err != nil {
		t.Fatal(err)
	}
	sameCopies(t, l, "seeds after an edit")
	keysAreCurrent(t, l)

	dir := "../../../shared/corpora/bbc"
	if _, err := os.Stat(dir); err != nil || raceEnabled {
		return
	}
	bbc, errs := ingest.LoadPath(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	sameCopies(t, copiesLibrary(t, bbc), "BBC")
}

// A text a fetch replaces (lede fetch keeps the page's text) changes the
// article's key: two copies part, two near copies meet.
func TestFullTextChangesTheCopyKey(t *testing.T) {
	l := openTemp(t)
	fs := newFeedServer(t)
	it := item{guid: "c", link: fs.URL + "/page/c", title: "Court ruling", body: "A summary."}
	fs.set("/feed", it)
	fs.set("/mirror", it)
	for _, p := range []string{"/feed", "/mirror"} {
		if _, err := l.Add(ctx, loader(), Subscription{URL: fs.URL + p}); err != nil {
			t.Fatal(err)
		}
	}
	heads, _ := l.Headlines(ctx)
	if g := sameCopies(t, l, "before the fetch"); len(heads) != 2 || len(g) != 1 {
		t.Fatalf("copies %v of %d rows, want the two", g, len(heads))
	}
	var page store.Article
	page.Body, page.Words = "The whole page of the ruling.", 6
	if err := l.SetFullText(ctx, heads[0].ID, page); err != nil {
		t.Fatal(err)
	}
	keysAreCurrent(t, l)
	if g := sameCopies(t, l, "one fetched"); len(g) != 0 {
		t.Fatalf("copies %v after one copy took another text", g)
	}
	if err := l.SetFullText(ctx, heads[1].ID, page); err != nil {
		t.Fatal(err)
	}
	keysAreCurrent(t, l)
	if g := sameCopies(t, l, "both fetched"); len(g) != 1 {
		t.Fatalf("copies %v after both took one text", g)
	}
}

// A row whose text changes by a path that writes no key loses its key
// (the trigger), and copiesOf works the text's out: the copies stay the
// texts'.
func TestMissingCopyKeysAreWorkedOut(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	l := copiesLibrary(t, seedArts)
	// The near copy of another text takes the text: the two are copies,
	// one with a key, one without.
	var id string
	if err := l.db.QueryRow(`SELECT id FROM articles WHERE key = 'other-text-5'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.Exec(`UPDATE articles SET body = (SELECT body FROM articles WHERE key = 'item-5') WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	var n int
	l.db.QueryRow(`SELECT count(*) FROM copy_keys WHERE id = ?`, id).Scan(&n)
	if n != 0 {
		t.Fatal("a changed text kept its key")
	}
	of, err := l.keyedCopies(ctx)
	if err != nil || len(of[id]) != 2 {
		t.Fatalf("the copies of a text made another's: %v, %v", of[id], err)
	}
	sameCopies(t, l, "a key missing")
}

// A library of schema 10 migrates with a copy key for every article,
// and the copies it had.
func TestMigrateFrom10(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	l := copiesLibrary(t, seedArts)
	before := textCopies(t, l)
	if err := execTx(l.db, slices.Concat(undo11, []string{`PRAGMA user_version = 10`})...); err != nil {
		t.Fatal(err)
	}
	l = reopen(t, l)
	if v, _ := userVersion(l.db); v != SchemaVersion || SchemaVersion < 11 {
		t.Fatalf("schema %d after migrating, want %d", v, SchemaVersion)
	}
	keysAreCurrent(t, l)
	if got := sameCopies(t, l, "migrated"); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatalf("copies %v after migrating, %v before", got, before)
	}
}
