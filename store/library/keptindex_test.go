package library

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/synth"
)

// answers tells what a reader asks of a store: each article with its
// story, versions and related list, and what each query finds. Under
// the race detector, which makes a related list ten times slower, a
// large store's related lists are every fifth article's: they are the
// same deterministic work as in the plain run, which compares every one
// (three quarters of TestKeptIndexBaseAcrossStarts' time was these
// lists, 72 s under the detector at load 7).
func answers(st *store.Store, queries []string) []string {
	step := 1
	if raceEnabled && st.Len() > 50 {
		step = 5
	}
	var out []string
	for i, a := range st.List() {
		related := "left to the plain run"
		if i%step == 0 {
			related = fmt.Sprintf("%+v", st.Related(a.ID, 5))
		}
		out = append(out, fmt.Sprintf("%s %q story %s versions %d related %s", a.ID, a.Title, a.Story, a.Versions, related))
	}
	for _, q := range queries {
		out = append(out, fmt.Sprintf("%q: %+v", q, st.Search(q, 20)))
	}
	return out
}

func sameAnswers(t *testing.T, want, got []string) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%d answers, want %d", len(got), len(want))
	}
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("%s\nwant %s", got[i], want[i])
		}
	}
}

// fromKept says a store was built from a kept index.
func fromKept(st *store.Store) bool {
	for _, s := range st.Stages() {
		if s.Name == "kept index" {
			return true
		}
	}
	return false
}

// load reads the library's articles and builds their store, saying
// whether the articles came with their analyses.
func load(t *testing.T, l *Library) (*store.Store, bool) {
	t.Helper()
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	withAnalyses := false
	for _, a := range arts {
		if a.Prepared == nil {
			t.Fatalf("%s: not prepared", a.ID)
		}
		withAnalyses = withAnalyses || a.Prepared.HasAnalyses()
	}
	return store.Build(arts), withAnalyses
}

func reopen(t *testing.T, l *Library) *Library {
	t.Helper()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l, err := Open(l.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

var keptQueries = []string{"market", "minister election", "film", "Márquez", "gov", "\"interest rates\"", "Sheinbaum cartel", "\"prime minister\""}

// TestKeptIndexServesAnUnchangedLibrary: a start from a library that has
// not changed since its last build reads the index that build kept (no
// analyses read, none made), and its store answers as that build's did,
// on the seeds and on BBC; a change to one article and the next start
// builds again, and keeps that index for the one after.
func TestKeptIndexServesAnUnchangedLibrary(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	corpora := map[string][]store.Article{"seeds": seedArts}
	if dir := "../../../shared/corpora/bbc"; !raceEnabled {
		if _, err := os.Stat(dir); err == nil {
			arts, _ := ingest.LoadPath(dir)
			corpora["bbc"] = arts
		}
	}
	for name, arts := range corpora {
		t.Run(name, func(t *testing.T) {
			l := openTemp(t)
			f := keepFeed(t, l, arts)
			first, _ := load(t, l)
			if fromKept(first) {
				t.Fatal("a first start read a kept index")
			}
			want := answers(first, keptQueries)
			firstAnswers := want // a pass of every related list, made once

			l = reopen(t, l) // the index kept as it closed
			analysed.Store(0)
			st, withAnalyses := load(t, l)
			if withAnalyses || !fromKept(st) || analysed.Load() != 0 {
				t.Fatalf("a start of the unchanged library: analyses read %v, kept index read %v, %d analysed", withAnalyses, fromKept(st), analysed.Load())
			}
			sameAnswers(t, want, answers(st, keptQueries))
			if d := l.keptIndexRows(t); d == 0 {
				t.Fatal("no kept index")
			}

			edited := arts[0]
			edited.Body = strings.Replace(edited.Body, "the", "a", 1) + "\n\nA paragraph added since."
			if _, err := l.Keep(ctx, f, []store.Article{edited}); err != nil {
				t.Fatal(err)
			}
			st, withAnalyses = load(t, l)
			if fromKept(st) && !extended(st) || !withAnalyses {
				// The edited file is another article (a file's identity
				// is its text), which the kept index is extended by.
				t.Fatal("a start after a change read the kept index as it was")
			}
			want = answers(st, keptQueries)
			if reflect.DeepEqual(want, firstAnswers) {
				t.Fatal("the edit changed nothing")
			}
			l = reopen(t, l)
			// The index kept before the change, extended again where the
			// change was within rebaseShare (it stays the base), else the
			// one the start after the change kept, read as it is.
			st, withAnalyses = load(t, l)
			if !fromKept(st) || withAnalyses != extended(st) {
				t.Fatal("the index kept after the change was not read")
			}
			sameAnswers(t, want, answers(st, keptQueries))
		})
	}
}

// keptIndexRows counts the kept index's rows, after waiting for a save.
func (l *Library) keptIndexRows(t *testing.T) int {
	t.Helper()
	l.background.Wait()
	return countRows(t, l, "kept_index")
}

// TestDamagedKeptIndexIsIgnored: a kept index with a byte changed, cut
// short, missing a row or the header costs a build, never a wrong
// answer: the store is the one built from the analyses, which the build
// then reads, and its index is kept in place of the damaged one.
func TestDamagedKeptIndexIsIgnored(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	for _, c := range []struct {
		name   string
		damage string
	}{
		{"a byte of a part", `UPDATE kept_index SET data = substr(data, 1, 20) || x'ff' || substr(data, 22) WHERE seq = 1`},
		{"a byte of the header", `UPDATE kept_index SET data = substr(data, 1, 30) || x'00' || substr(data, 32) WHERE seq = 0`},
		// The last part a start reads: after it, the sources' sentences,
		// which only an extension reads (store.TestExtendedDamaged).
		{"a part cut", `UPDATE kept_index SET data = substr(data, 1, length(data) - 3) WHERE seq = (SELECT max(seq) FROM kept_index WHERE seq < 16777216) - 1`}, // before the related part (store.RelatedRows)
		{"a part missing", `DELETE FROM kept_index WHERE seq = 1`},
		{"the header missing", `DELETE FROM kept_index WHERE seq = 0`},
		{"another count of changes", `UPDATE kept_index SET changes = changes - 1 WHERE seq = 2`},
		{"not a kept index at all", `UPDATE kept_index SET data = x'00'`},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := openTemp(t)
			keepFeed(t, l, seedArts)
			first, _ := load(t, l)
			want := answers(first, keptQueries)
			l = reopen(t, l)
			if l.keptIndexRows(t) < 3 {
				t.Fatal("fewer than three rows kept")
			}
			if _, err := l.db.Exec(c.damage); err != nil {
				t.Fatal(err)
			}
			st, _ := load(t, l)
			if fromKept(st) {
				t.Fatal("a damaged kept index was read")
			}
			sameAnswers(t, want, answers(st, keptQueries))
			l = reopen(t, l) // kept anew
			st, withAnalyses := load(t, l)
			if withAnalyses || !fromKept(st) {
				t.Fatal("the index kept in place of the damaged one was not read")
			}
			sameAnswers(t, want, answers(st, keptQueries))
		})
	}
}

// TestKeptIndexSaveInterrupted: a save cut short (the reader quit) leaves
// no kept index, never a part of one: the old one is gone first, and
// the header, which a start looks for, comes last, and not after Quit.
func TestKeptIndexSaveInterrupted(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	l := openTemp(t)
	keepFeed(t, l, seedArts)
	load(t, l)
	if l.keptIndexRows(t) < 3 {
		t.Fatal("no index kept")
	}
	changes, err := changeCount(ctx, l.db)
	if err != nil {
		t.Fatal(err)
	}
	l.saveIndex(keptAt{changes: changes})(func(put func(int, []byte) error) error {
		put(1, []byte("a part"))
		put(2, []byte("another"))
		l.Quit()
		put(0, []byte("the header")) // written last, if at all
		return nil
	})
	l.background.Wait()
	var headers int
	if err := l.db.QueryRow(`SELECT count(*) FROM kept_index WHERE seq = 0`).Scan(&headers); err != nil || headers != 0 {
		t.Fatalf("%d headers kept after the save was stopped (%v)", headers, err)
	}
	if _, ok := l.keptIndexAt(ctx); ok {
		t.Fatal("a kept index with no header is taken as kept")
	}
	st, withAnalyses := load(t, l)
	if fromKept(st) || !withAnalyses {
		t.Fatal("a start read the index of an interrupted save")
	}
}

// TestMigrateFrom6: migration 7 adds the kept index to a library of
// schema 6, whose articles, analyses, placement and reading state stay;
// its first start builds and keeps an index, the next reads it.
func TestMigrateFrom6(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	seedArts, _ := ingest.LoadFS(seeds.FS)
	keepFeed(t, l, seedArts)
	first, _ := load(t, l)
	want := answers(first, keptQueries)
	id := first.List()[2].ID
	if err := l.Apply(ctx, []Change{{ID: id, Mark: MarkSaved}}); err != nil {
		t.Fatal(err)
	}
	l.background.Wait()
	analyses, placement := countRows(t, l, "analyses"), len(placementRows(t, l))
	if err := execTx(l.db, asSchema6...); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if l, err = Open(path); err != nil {
		t.Fatal(err)
	}
	if v, _ := userVersion(l.db); v != SchemaVersion || SchemaVersion < 7 {
		t.Fatalf("schema %d after migrating, want %d", v, SchemaVersion)
	}
	if countRows(t, l, "analyses") != analyses || len(placementRows(t, l)) != placement || countRows(t, l, "kept_index") != 0 {
		t.Fatal("the analyses or placement changed in migrating, or an index is kept")
	}
	if states, err := l.States(ctx); err != nil || !states[id].Saved {
		t.Fatalf("reading state after migrating: %+v %v", states, err)
	}
	analysed.Store(0)
	st, withAnalyses := load(t, l)
	if fromKept(st) || !withAnalyses || analysed.Load() != 0 {
		t.Fatal("the first start after migrating read no analyses, or made some")
	}
	sameAnswers(t, want, answers(st, keptQueries))
	l = reopen(t, l)
	if st, withAnalyses = load(t, l); withAnalyses || !fromKept(st) {
		t.Fatal("the index kept by the first start after migrating was not read")
	}
	sameAnswers(t, want, answers(st, keptQueries))
	l.Close()
}

// extended says a store was built from a kept index extended by the
// articles that came since.
func extended(st *store.Store) bool {
	for _, s := range st.Stages() {
		if s.Name == "extended" {
			return true
		}
	}
	return false
}

// TestKeptIndexExtendedByAnUpdate: a start after an update that brought
// articles reads the index kept before it and indexes the new articles
// alone (their analyses read, no other), and answers as a build of the
// whole library from its analyses; it keeps the index it made, which
// the next start reads as it is. So does a start after an edit (the
// edited article's analysis read, its old one taken out) and after a
// feed removed (no analysis read: the removed articles' old ones taken
// out).
func TestKeptIndexExtendedByAnUpdate(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	corpora := map[string][]store.Article{"seeds": seedArts}
	if dir := "../../../shared/corpora/bbc"; !raceEnabled {
		if _, err := os.Stat(dir); err == nil {
			arts, _ := ingest.LoadPath(dir)
			corpora["bbc"] = arts
		}
	}
	for name, arts := range corpora {
		t.Run(name, func(t *testing.T) {
			// The new articles first, of a text no other has: a copy of
			// a kept article that comes before it moves that article,
			// which builds from the analyses.
			texts := map[[2]string]int{}
			for _, a := range arts {
				texts[[2]string{a.Title, a.Body}]++
			}
			arts = slices.Clone(arts)
			slices.SortStableFunc(arts, func(a, b store.Article) int {
				return texts[[2]string{a.Title, a.Body}] - texts[[2]string{b.Title, b.Body}]
			})
			for i := range arts {
				arts[i].Key = fmt.Sprint("item-", i) // a feed's guid: an edit keeps it
			}
			l := openTemp(t)
			k, m := max(2, len(arts)/40), max(1, len(arts)/50)
			f := keepFeed(t, l, arts[k+m:])
			subs, _, err := l.Subscribe(ctx, []Subscription{{URL: "https://other.example/feed"}})
			if err != nil || len(subs) != 1 {
				t.Fatalf("subscribe: %v", err)
			}
			if n, err := l.Keep(ctx, subs[0], arts[k:k+m]); err != nil || n != m {
				t.Fatalf("kept %d of %d: %v", n, m, err)
			}
			load(t, l)
			l = reopen(t, l) // the index kept as it closed
			if n, err := l.Keep(ctx, f, arts[:k]); err != nil || n != k {
				t.Fatalf("kept %d of %d: %v", n, k, err)
			}
			l = extendedStart(t, l, k)

			// An edit: the edited article's analysis read.
			edited := arts[k+m+1]
			edited.Body += "\n\nA paragraph added since."
			if _, err := l.Keep(ctx, f, []store.Article{edited}); err != nil {
				t.Fatal(err)
			}
			l = extendedStart(t, l, 1)

			// A feed removed: no analysis read.
			if r, err := l.Unsubscribe(ctx, subs[0]); err != nil || r.Gone != m {
				t.Fatalf("removed %+v: %v", r, err)
			}
			extendedStart(t, l, 0)
		})
	}
}

// extendedStart starts from l, changed since its index was kept: the
// articles changed come with their analyses (with of them, the rest
// without), nothing is analysed, and the build extends the kept index;
// its store answers as a build of the library from its analyses, whose
// index, kept, serves the next start as it is. It gives l reopened.
func extendedStart(t *testing.T, l *Library, with int) *Library {
	t.Helper()
	analysed.Store(0)
	got, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range got {
		if a.Prepared.HasAnalyses() {
			n++
		}
	}
	if n != with {
		t.Fatalf("%d articles came with their analyses, want the %d changed", n, with)
	}
	st := store.Build(got)
	if !extended(st) || analysed.Load() != 0 {
		t.Fatalf("extended %v, %d analysed (stages %v)", extended(st), analysed.Load(), st.Stages())
	}
	l.background.Wait() // its index kept
	gotAnswers := answers(st, keptQueries)

	// The same library built from its analyses.
	l = reopen(t, l)
	if _, err := l.db.ExecContext(ctx, `DELETE FROM kept_index`); err != nil {
		t.Fatal(err)
	}
	whole, withAnalyses := load(t, l)
	if fromKept(whole) || !withAnalyses {
		t.Fatal("the build without a kept index read one")
	}
	sameAnswers(t, answers(whole, keptQueries), gotAnswers)
	l = reopen(t, l)
	next, withAnalyses := load(t, l)
	if withAnalyses || !fromKept(next) || extended(next) {
		t.Fatal("the index kept was not read as it is")
	}
	sameAnswers(t, gotAnswers, answers(next, keptQueries))
	return l
}

// TestMigrateFrom7: a library of schema 7 keeps its index, which serves
// an unchanged start; it says nothing of the articles it was made of,
// so an update is built from the analyses, and the index that build
// keeps is extended by the next.
func TestMigrateFrom7(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	arts := slices.Clone(seedArts)
	for i := range arts {
		arts[i].Key = fmt.Sprint("item-", i)
	}
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f := keepFeed(t, l, arts[2:])
	load(t, l)
	l.background.Wait()
	if err := execTx(l.db, append(slices.Concat(undo11, undo10, undo9), `ALTER TABLE kept_index DROP COLUMN articles`, `ALTER TABLE kept_index DROP COLUMN last_article`, `PRAGMA user_version = 7`)...); err != nil {
		t.Fatal(err)
	}
	l = reopen(t, l)
	if v, _ := userVersion(l.db); v != SchemaVersion || SchemaVersion < 8 {
		t.Fatalf("schema %d after migrating, want %d", v, SchemaVersion)
	}
	if st, withAnalyses := load(t, l); withAnalyses || !fromKept(st) {
		t.Fatal("the index kept before migrating does not serve")
	}
	if _, err := l.Keep(ctx, f, arts[1:2]); err != nil {
		t.Fatal(err)
	}
	if st, _ := load(t, l); extended(st) || fromKept(st) {
		t.Fatal("an index that says nothing of its articles was extended")
	}
	l = reopen(t, l)
	if _, err := l.Keep(ctx, f, arts[:1]); err != nil {
		t.Fatal(err)
	}
	if st, _ := load(t, l); !extended(st) {
		t.Fatal("the index kept after migrating was not extended")
	}
}

// TestWasAcrossChanges: what an article of the kept index was is its
// first row after the index (an article edited twice since: the
// analysis it had before the first edit), its removal's where removed,
// and not known where it changed while no index was kept (a save under
// way deletes the old index first): its row after says what it was
// after that change, not what the index holds.
func TestWasAcrossChanges(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	arts := distinctArticles(seedArts, 80) // its changes within the share
	l := openTemp(t)
	f := keepFeed(t, l, arts)
	load(t, l)
	l = reopen(t, l) // the index kept as it closed
	k, ok := l.keptIndexAt(ctx)
	if !ok {
		t.Fatal("no index kept")
	}
	idOf := func(i int) string {
		var id string
		if err := l.db.QueryRowContext(ctx, `SELECT id FROM articles WHERE key = ?`, arts[i].Key).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	analysisOf := func(id string) []byte {
		var data []byte
		if err := l.db.QueryRowContext(ctx, `SELECT data FROM analyses WHERE id = ?`, id).Scan(&data); err != nil {
			t.Fatal(err)
		}
		return data
	}
	keep := func(a store.Article) {
		t.Helper()
		if _, err := l.Keep(ctx, f, []store.Article{a}); err != nil {
			t.Fatal(err)
		}
	}
	twice, moved, removed, same := idOf(3), idOf(4), idOf(5), idOf(6)
	was := map[string][]byte{twice: analysisOf(twice), removed: analysisOf(removed)}
	// Edited twice.
	a := arts[3]
	a.Body += "\n\nA first paragraph added."
	keep(a)
	a.Body += "\n\nAnd a second."
	keep(a)
	// Moved to another source while no index was kept, then edited.
	var head []byte
	if err := l.db.QueryRowContext(ctx, `SELECT data FROM kept_index WHERE seq = 0`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.ExecContext(ctx, `DELETE FROM kept_index WHERE seq = 0`); err != nil {
		t.Fatal(err)
	}
	b := arts[4]
	b.Source = "another desk"
	keep(b)
	if _, err := l.db.ExecContext(ctx, `INSERT INTO kept_index (seq, changes, data, articles, last_article) VALUES (0, ?, ?, ?, ?)`, k.changes, head, k.articles, k.last); err != nil {
		t.Fatal(err)
	}
	b.Body += "\n\nA paragraph added."
	keep(b)
	// Removed, as pruning removes.
	if _, err := l.db.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, removed); err != nil {
		t.Fatal(err)
	}
	epoch, err := analysisEpoch(ctx, l.db)
	if err != nil {
		t.Fatal(err)
	}
	got := l.wasFor(k.changes, epoch, store.NewLexicon())([]string{twice, moved, removed, same})
	for i, want := range [][]byte{was[twice], nil, was[removed], nil} {
		if !slices.Equal(got[i].Analysis, want) {
			t.Fatalf("article %d: what it was is %d bytes, want %d", i, len(got[i].Analysis), len(want))
		}
	}
	if got[0].Source != arts[3].Source || got[2].Source != arts[5].Source {
		t.Fatalf("sources then %q, %q", got[0].Source, got[2].Source)
	}
	// The start: not extended (the moved article's old source is not
	// known), and the same answers as a build from the analyses.
	st, _ := load(t, l)
	if extended(st) {
		t.Fatal("extended without what an article was")
	}
	l.background.Wait()
	var rows int
	if err := l.db.QueryRowContext(ctx, `SELECT count(*) FROM article_was`).Scan(&rows); err != nil || rows != 0 {
		t.Fatalf("%d rows of what articles were once the index is kept again: %v", rows, err)
	}
}

// TestMigrateFrom8: a library of schema 8 keeps its index and its
// articles; an edit made before migrating (no row says what the article
// was) is built from the analyses, and an edit after it extends the
// index that build kept.
func TestMigrateFrom8(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	arts := slices.Clone(seedArts)
	for i := range arts {
		arts[i].Key = fmt.Sprint("item-", i)
	}
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f := keepFeed(t, l, arts)
	load(t, l)
	l.background.Wait()
	// Migration 11's copy keys go after the edit, which writes one.
	if err := execTx(l.db, slices.Concat(undo10, undo9)...); err != nil {
		t.Fatal(err)
	}
	before := countRows(t, l, "articles")
	edited := arts[3]
	edited.Body += "\n\nA paragraph added before migrating."
	if _, err := l.Keep(ctx, f, []store.Article{edited}); err != nil {
		t.Fatal(err)
	}
	if err := execTx(l.db, asSchema8...); err != nil {
		t.Fatal(err)
	}
	l = reopen(t, l)
	if v, _ := userVersion(l.db); v != SchemaVersion || SchemaVersion < 9 {
		t.Fatalf("schema %d after migrating, want %d", v, SchemaVersion)
	}
	if countRows(t, l, "articles") != before || countRows(t, l, "kept_index") == 0 || countRows(t, l, "article_was") != 0 {
		t.Fatal("the articles or the index kept changed in migrating")
	}
	if st, _ := load(t, l); extended(st) || fromKept(st) {
		t.Fatal("an edit made before migrating was extended")
	}
	l = reopen(t, l)
	edited.Body += "\n\nAnd one after."
	if _, err := l.Keep(ctx, f, []store.Article{edited}); err != nil {
		t.Fatal(err)
	}
	extendedStart(t, l, 1)
}

// TestWasDroppedPastTheShare: once the changes since the kept index are
// more than a build can extend it by (store.ExtendShare), the change's
// transaction drops the index's header and what articles were, and
// keeps nothing more of them: edits one at a time (an update from cron,
// which never builds) keep at most the share's rows, and a feed removed
// past the share copies none of its articles. The next start builds
// from the analyses, as a start without a kept index, and keeps its
// index for the one after.
func TestWasDroppedPastTheShare(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	arts := distinctArticles(seedArts, 80)
	n := len(arts)
	big := n / 2 // the second feed's: past the share on its own
	l := openTemp(t)
	f := keepFeed(t, l, arts[big:])
	subs, _, err := l.Subscribe(ctx, []Subscription{{URL: "https://other.example/feed"}})
	if err != nil || len(subs) != 1 {
		t.Fatalf("subscribe: %v", err)
	}
	if k, err := l.Keep(ctx, subs[0], arts[:big]); err != nil || k != big {
		t.Fatalf("kept %d of %d: %v", k, big, err)
	}
	load(t, l)
	l = reopen(t, l) // the index kept as it closed
	// Counts every row article_was is given, whatever deletes it after.
	if err := execTx(l.db, `CREATE TABLE was_written (n INTEGER NOT NULL)`, `INSERT INTO was_written VALUES (0)`,
		`CREATE TRIGGER was_counted AFTER INSERT ON article_was BEGIN UPDATE was_written SET n = n + 1; END`); err != nil {
		t.Fatal(err)
	}
	written := func() int {
		t.Helper()
		var w int
		if err := l.db.QueryRow(`SELECT n FROM was_written`).Scan(&w); err != nil {
			t.Fatal(err)
		}
		return w
	}
	kept := func() bool {
		_, ok := l.keptIndexAt(ctx)
		return ok
	}

	// A feed of half the library removed: past the share before a row
	// is copied.
	if r, err := l.Unsubscribe(ctx, subs[0]); err != nil || r.Gone == 0 || float64(r.Gone) <= store.ExtendShare*float64(n-r.Gone) {
		t.Fatalf("removed %+v of %d: %v", r, n, err)
	}
	if w, rows := written(), countRows(t, l, "article_was"); w != 0 || rows != 0 || kept() {
		t.Fatalf("after a removal past the share: %d rows written, %d kept, index kept %v", w, rows, kept())
	}
	st, withAnalyses := load(t, l)
	if fromKept(st) || !withAnalyses {
		t.Fatal("a start past the share read the kept index")
	}
	l = reopen(t, l)
	if st, withAnalyses := load(t, l); withAnalyses || !fromKept(st) {
		t.Fatal("the index kept after the removal was not read")
	}

	// Edits one at a time, as updates from cron: within the share, what
	// each article was is kept; past it, nothing, and it is all gone.
	left := n - big
	within := int(store.ExtendShare * float64(left) / 2) // an edit counts twice
	for i := range left {
		a := arts[big+i]
		a.Body += "\n\nA paragraph added since."
		if _, err := l.Keep(ctx, f, []store.Article{a}); err != nil {
			t.Fatal(err)
		}
		rows := countRows(t, l, "article_was")
		switch {
		case i < within && (rows != i+1 || !kept()):
			t.Fatalf("edit %d within the share: %d rows, index kept %v", i+1, rows, kept())
		case i > within && (rows != 0 || kept() || written() > within+1):
			t.Fatalf("edit %d past the share: %d rows, %d written, index kept %v", i+1, rows, written(), kept())
		}
	}
	got, withAnalyses := load(t, l)
	if fromKept(got) || !withAnalyses {
		t.Fatal("a start past the share read the kept index")
	}
	gotAnswers := answers(got, keptQueries)
	l.background.Wait()
	if _, err := l.db.ExecContext(ctx, `DELETE FROM kept_index`); err != nil {
		t.Fatal(err)
	}
	whole, _ := load(t, l)
	sameAnswers(t, answers(whole, keptQueries), gotAnswers)
}

// distinctArticles is n articles of a feed made of arts again, each its
// own text and guid (Key item-i).
func distinctArticles(arts []store.Article, n int) []store.Article {
	out := make([]store.Article, n)
	for i := range out {
		out[i] = arts[i%len(arts)]
		out[i].Title += fmt.Sprint(" ", i)
		out[i].Body += fmt.Sprint("\n\nItem ", i, ".")
		out[i].Key = fmt.Sprint("item-", i)
	}
	return out
}

// wholeAnswers is what a build of l's articles from their analyses, on a
// copy of the library without its kept index, answers: l's kept index and
// what article_was holds are left as they are.
func wholeAnswers(t *testing.T, l *Library) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	if _, err := l.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		t.Fatal(err)
	}
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.db.ExecContext(ctx, `DELETE FROM kept_index`); err != nil {
		t.Fatal(err)
	}
	st, withAnalyses := load(t, c)
	if fromKept(st) || !withAnalyses {
		t.Fatal("the build without a kept index read one")
	}
	return answers(st, keptQueries)
}

// TestKeptIndexBaseAcrossStarts: a start that extends the kept index by
// changes within rebaseShare leaves it as it is (its rows, to the byte,
// and what article_was holds), and each start after extends that base
// by every change since it: articles added, an article of the base edited
// twice (what it was is its first row after the base), an article added
// since edited, one of the base removed, a start with no change between;
// each answers as a build from the analyses. Past the share, the start
// keeps its own index in the base's place, which serves the next start
// as it is.
func TestKeptIndexBaseAcrossStarts(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	arts := distinctArticles(seedArts, 400)
	if rebase(9, 393) || !rebase(15, 399) {
		t.Fatal("the changes below do not straddle rebaseShare")
	}
	l := openTemp(t)
	f := keepFeed(t, l, arts[12:])
	load(t, l)
	l = reopen(t, l) // the base kept as it closed
	base, ok := l.keptIndexAt(ctx)
	if !ok {
		t.Fatal("no index kept")
	}
	rowsOf := func() string {
		t.Helper()
		var sum string
		if err := l.db.QueryRowContext(ctx, `SELECT group_concat(seq || ':' || changes || ':' || hex(data), ' ') FROM (SELECT * FROM kept_index ORDER BY seq)`).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		return sum
	}
	baseRows := rowsOf()
	keep := func(a ...store.Article) {
		t.Helper()
		if _, err := l.Keep(ctx, f, a); err != nil {
			t.Fatal(err)
		}
	}
	idOf := func(a store.Article) string {
		t.Helper()
		var id string
		if err := l.db.QueryRowContext(ctx, `SELECT id FROM articles WHERE key = ?`, a.Key).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	// start starts from l: the base extended by the with articles
	// changed since it (their analyses read), answering as a build from
	// the analyses; it gives l reopened, its index kept (or not).
	start := func(with int) *Library {
		t.Helper()
		analysed.Store(0)
		got, err := l.Articles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range got {
			if a.Prepared.HasAnalyses() {
				n++
			}
		}
		st := store.Build(got)
		if n != with || !extended(st) || analysed.Load() != 0 {
			t.Fatalf("%d came with their analyses (want %d), extended %v, %d analysed (stages %v)", n, with, extended(st), analysed.Load(), st.Stages())
		}
		l.background.Wait()
		sameAnswers(t, wholeAnswers(t, l), answers(st, keptQueries))
		return reopen(t, l)
	}
	within := func(what string, was int) {
		t.Helper()
		if k, ok := l.keptIndexAt(ctx); !ok || k != base || rowsOf() != baseRows {
			t.Fatalf("%s: the base was not left as it was (%+v, want %+v)", what, k, base)
		}
		if rows := countRows(t, l, "article_was"); rows != was {
			t.Fatalf("%s: %d rows of what articles were, want %d", what, rows, was)
		}
	}

	keep(arts[8:12]...) // 4 added
	l = start(4)
	within("4 added", 0)

	twice, since := arts[20], arts[9]
	twice.Body += "\n\nA paragraph added since."
	since.Body += "\n\nA paragraph added since."
	keep(twice, since)
	if _, err := l.db.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, idOf(arts[30])); err != nil { // as pruning removes
		t.Fatal(err)
	}
	l = start(5) // 4 added (one edited), 1 edited, 1 removed: 7 changes
	within("an edit of the base, of an article added since, a removal", 3)
	l = start(5) // nothing changed between
	within("the start after", 3)

	twice.Body += "\n\nAnd a second."
	keep(twice)
	l = start(5)
	within("edited again", 4)

	keep(arts[6:8]...) // 9 changes of 393
	l = start(7)
	within("2 more added", 4)

	keep(arts[:6]...) // 15 of 399: past the share
	l = start(13)
	k, ok := l.keptIndexAt(ctx)
	now, err := changeCount(ctx, l.db)
	if !ok || err != nil || k.changes != now || k.changes == base.changes || rowsOf() == baseRows {
		t.Fatalf("past the share, the start did not keep its index in the base's place (%+v, changes %d: %v)", k, now, err)
	}
	if rows := countRows(t, l, "article_was"); rows != 0 {
		t.Fatalf("%d rows of what articles were before the index kept", rows)
	}
	st, withAnalyses := load(t, l)
	if withAnalyses || !fromKept(st) || extended(st) {
		t.Fatal("the index kept past the share was not read as it is")
	}
	sameAnswers(t, wholeAnswers(t, l), answers(st, keptQueries))
}

// TestKeptRelatedRowsWhole: the related part's rows, which the build
// makes in two buffers in turn and the library writes a batch at a
// time, are kept whole: a kept index's related lists, read without a
// store, are the store's.
func TestKeptRelatedRowsWhole(t *testing.T) {
	l := openTemp(t)
	keepFeed(t, l, synth.Articles(400))
	st, _ := load(t, l)
	if l.keptIndexRows(t) == 0 {
		t.Fatal("no kept index")
	}
	ks, ok, err := l.KeptSearch(ctx)
	if err != nil || !ok {
		t.Fatalf("no kept search: %v", err)
	}
	arts := st.List()
	for i := 0; i < len(arts); i += 20 {
		id := arts[i].ID
		got, ok := ks.Related(id, 10)
		if !ok {
			t.Fatalf("%s: the kept related part could not tell its related list", id)
		}
		if want := st.Related(id, 10); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: related from the kept part %v, the store's %v", id, got, want)
		}
	}
}
