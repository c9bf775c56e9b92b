package library

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/synth"
)

// sameStores checks that the store built from the library's prepared
// articles answers as the one built from their text: the list, every
// article's related stories and versions, and a few searches.
func sameStores(t *testing.T, arts []store.Article) {
	t.Helper()
	text := withBodies(t, arts)
	for i, a := range arts {
		if a.Prepared == nil {
			t.Fatalf("%s: not prepared", a.ID)
		}
		text[i].Prepared = nil
	}
	x, y := store.Build(text), store.Build(arts)
	if x.Len() != y.Len() {
		t.Fatalf("%d articles from text, %d prepared", x.Len(), y.Len())
	}
	for i, a := range x.List() {
		b, _ := y.Get(y.List()[i].ID)
		if a.ID != b.ID || a.Title != b.Title || a.Body != b.Body || a.Story != b.Story || a.Versions != b.Versions {
			t.Fatalf("article %d: %+v from text, %+v prepared", i, a, b)
		}
		if r, s := x.Related(a.ID, 5), y.Related(a.ID, 5); !reflect.DeepEqual(r, s) {
			t.Fatalf("related to %s: %+v from text, %+v prepared", a.ID, r, s)
		}
	}
	for _, q := range []string{"market", "minister election", "film", "Márquez", "gov"} {
		if r, s := x.Search(q, 10), y.Search(q, 10); !reflect.DeepEqual(r, s) {
			t.Fatalf("search %q: %+v from text, %+v prepared", q, r, s)
		}
	}
}

// forgetPlacement drops the placement the library kept, once saved: a
// load then builds the store as from the text.
func forgetPlacement(t *testing.T, l *Library) {
	t.Helper()
	l.background.Wait()
	if _, err := l.db.Exec(`DELETE FROM placement`); err != nil {
		t.Fatal(err)
	}
}

// storiesOf tells, article by article in list order, its story, its
// versions and its related articles, asked now (the why reads bodies
// from the library, which may be closed later).
func storiesOf(st *store.Store) []string {
	var out []string
	for _, a := range st.List() {
		out = append(out, fmt.Sprintf("%s story %s versions %d related %+v", a.ID, a.Story, a.Versions, st.Related(a.ID, 5)))
	}
	return out
}

// sameStories fails unless the stories told (storiesOf) are the same.
func sameStories(t *testing.T, a, b []string) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%d articles against %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("article %d: %s\nagainst %s", i, a[i], b[i])
		}
	}
}

// placementRows gives the rows of the placement kept, in order.
func placementRows(t *testing.T, l *Library) [][]byte {
	t.Helper()
	rows := l.placement(ctx)
	if n := countRows(t, l, "placement"); n != len(rows) {
		t.Fatalf("%d rows of the placement read of %d", len(rows), n)
	}
	return rows
}

func countRows(t *testing.T, l *Library, table string) int {
	t.Helper()
	var n int
	if err := l.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func keepFeed(t *testing.T, l *Library, arts []store.Article) Feed {
	t.Helper()
	added, _, err := l.Subscribe(ctx, []Subscription{{URL: "https://news.example/feed"}})
	if err != nil || len(added) != 1 {
		t.Fatalf("subscribe: %v", err)
	}
	if n, err := l.Keep(ctx, added[0], arts); err != nil || n == 0 {
		t.Fatalf("kept %d of %d: %v", n, len(arts), err)
	}
	return added[0]
}

// Articles entering the library are prepared right after; a load reads
// their analyses and analyses nothing, and its store is the store of the
// text. An article whose text changes loses its analysis (whatever
// changed it) and the next load prepares it again; pruning takes it.
func TestPreparedLibrary(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { prepareAtOnce = n }(prepareAtOnce)
	prepareAtOnce = 7 // in batches, as a large folder is
	n := 120
	if raceEnabled {
		n = 30
	}
	keepFeed(t, l, synth.Articles(n))
	arts := make([]int, countRows(t, l, "articles")) // exact copies are kept once
	if n := countRows(t, l, "analyses"); n != len(arts) {
		t.Fatalf("%d analyses kept for %d articles", n, len(arts))
	}
	analysed.Store(0)
	defer func(n int64) { readInParts = n }(readInParts)
	readInParts = 10 // read in parts, as a large library is
	got, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := analysed.Load(); n != 0 {
		t.Fatalf("a load of a prepared library analysed %d articles", n)
	}
	sameStores(t, got)
	// In the library's order, as the headlines come.
	heads, err := l.Headlines(ctx)
	if err != nil || len(heads) != len(got) {
		t.Fatalf("%d headlines, %d articles: %v", len(heads), len(got), err)
	}
	for i := range heads {
		if heads[i].ID != got[i].ID {
			t.Fatalf("article %d is %s, its headline %s", i, got[i].ID, heads[i].ID)
		}
	}

	// Text changed behind the library's back: the trigger drops the
	// analysis; the next load prepares it (and only it) and saves it.
	if _, err := l.db.Exec(`UPDATE articles SET body = body || ' A new closing line about the harbour strike.' WHERE id = ?`, got[7].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.Exec(`UPDATE articles SET title = title WHERE id = ?`, got[8].ID); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, l, "analyses"); n != len(arts)-1 {
		t.Fatalf("%d analyses after one article's text changed, want %d", n, len(arts)-1)
	}
	// The placement the last build kept would place the changed article
	// among the rest (TestPlacementKept), not as the text's store does.
	forgetPlacement(t, l)
	got, err = l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := analysed.Load(); n != 1 {
		t.Fatalf("%d articles analysed, want the one changed", n)
	}
	sameStores(t, got)
	l.background.Wait() // the save; Close would stop it between batches
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if n := countRows(t, l, "analyses"); n != len(arts) {
		t.Fatalf("%d analyses after the save, want %d", n, len(arts))
	}
	l.db.Exec(`DELETE FROM articles WHERE id = ?`, got[0].ID)
	if n := countRows(t, l, "analyses"); n != len(arts)-1 {
		t.Fatalf("%d analyses after deleting an article, want %d", n, len(arts)-1)
	}
}

// A library of schema 2 (articles, no analyses) migrates with nothing
// lost; its first load analyses every article (the store the same as from
// the text, an article with controls sanitised) and saves the analyses in
// the background, so that the next load analyses none. Analyses of
// another AnalysisVersion are ignored, and replaced.
func TestMigrateFrom2Prepares(t *testing.T) {
	path, db, tx := libraryAt(t, 2)
	seedArts, _ := ingest.LoadFS(seeds.FS)
	seedArts = append(seedArts, store.Article{Title: "Old \x1b[31mred\x1b[0m title", Body: "A body from an older lede with \x1b]0;owned\x07 controls and \u202ebidi."})
	for i, a := range seedArts {
		if _, err := tx.Exec(`INSERT INTO articles (id, feed_id, key, title, added, body, published) VALUES (?, 1, ?, ?, ?, ?, 0)`,
			"a-"+itoa(i), "guid:"+itoa(i), a.Title, 100+i, a.Body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	load := func(wantAnalysed int) []store.Article {
		t.Helper()
		l, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		analysed.Store(0)
		arts, err := l.Articles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := analysed.Load(); n != int64(wantAnalysed) {
			t.Fatalf("%d articles analysed, want %d", n, wantAnalysed)
		}
		if len(arts) != len(seedArts) {
			t.Fatalf("%d articles after migrating, want %d", len(arts), len(seedArts))
		}
		for _, a := range arts {
			i := len(seedArts) - 1 - int(a.Added.Unix()-100) // newest first
			if a.ID != "a-"+itoa(len(seedArts)-1-i) || a.Title != seedArts[len(seedArts)-1-i].Title {
				t.Fatalf("article %s changed: %q", a.ID, a.Title)
			}
		}
		sameStores(t, arts)
		st := store.Build(arts)
		for _, a := range st.List() {
			if strings.ContainsAny(a.Title+a.Body, "\x1b\x07\u202e") {
				t.Fatalf("unsanitised text from the library: %q %q", a.Title, a.Body)
			}
		}
		l.background.Wait() // the save; Close would stop it between batches
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		return arts
	}
	load(len(seedArts))
	load(0)

	// Another version's analyses: ignored, all prepared again, replaced.
	db, _ = sql.Open("sqlite", dsn(path))
	db.Exec(`UPDATE meta SET value = '0' WHERE key = ?`, metaAnalysis)
	db.Close()
	load(len(seedArts))
	load(0)
}

// Two processes prepare at once: one numbered spellings while the other
// was analysing. The second's save finds the lexicon moved on and writes
// nothing (its numbers would be wrong); its articles are prepared again
// at the next load, and the store is still the store of the text.
func TestPreparedRaceKeepsNumbersRight(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	seedArts, _ := ingest.LoadFS(seeds.FS)
	keepFeed(t, l, seedArts[:3])
	// The other process's view: the lexicon as it was, and an analysis of
	// an article numbered on it.
	lex := store.NewLexicon()
	if err := readLexicon(ctx, l.db, lex); err != nil {
		t.Fatal(err)
	}
	base := lex.Len()
	epoch, _ := analysisEpoch(ctx, l.db)
	got, _ := l.Articles(ctx)
	late := toPrepare{id: got[0].ID, title: got[0].Title, body: got[0].Body + " Added later by hand."}
	late.data = lex.Encode(analyse([]toPrepare{late}, 1)[0])
	// Meanwhile this process keeps more articles, numbering new spellings,
	// and the article's text changes as analysed.
	f, _ := l.Feeds(ctx)
	if _, err := l.Keep(ctx, f[0], seedArts[3:]); err != nil {
		t.Fatal(err)
	}
	l.db.Exec(`UPDATE articles SET body = ? WHERE id = ?`, late.body, late.id)
	if err := l.db.QueryRow(`SELECT changed FROM articles WHERE id = ?`, late.id).Scan(&late.changed); err != nil {
		t.Fatal(err)
	}
	if n, _ := lexiconLen(ctx, l.db); n == base {
		t.Fatal("the lexicon did not grow: the test tests nothing")
	}
	var ok bool
	if err := l.tx(ctx, func(tx *sql.Tx) error {
		var err error
		ok, err = saveAnalyses(ctx, tx, epoch, newSpellings(lex, base), []toPrepare{late}, -1)
		return err
	}); err != nil || ok {
		t.Fatalf("a save numbered on an old lexicon went through: %v %v", ok, err)
	}
	analysed.Store(0)
	got, err = l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := analysed.Load(); n != 1 {
		t.Fatalf("%d analysed, want the one whose save was refused", n)
	}
	sameStores(t, got)
}

// The BBC corpus in a library: the store built from the kept analyses
// answers as the store built from the text, article for article.
func TestPreparedLibraryBBC(t *testing.T) {
	dir := "../../../shared/corpora/bbc"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no BBC corpus at %s", dir)
	}
	if raceEnabled {
		t.Skip("the race detector makes it minutes")
	}
	arts, errs := ingest.LoadPath(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	l := openTemp(t)
	keepFeed(t, l, arts)
	analysed.Store(0)
	got, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := analysed.Load(); n != 0 {
		t.Fatalf("%d analysed", n)
	}
	sameStores(t, got)
}

// TestPreparedAtScale compares the two paths on the library at
// LEDE_BENCH_LIBRARY (a copy; 100,000 articles take minutes): stories
// and versions of every article, the related lists of every 100th, and
// searches.
func TestPreparedAtScale(t *testing.T) {
	path := os.Getenv("LEDE_BENCH_LIBRARY")
	if path == "" {
		t.Skip("LEDE_BENCH_LIBRARY names no library")
	}
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	text := make([]store.Article, len(arts))
	for i, a := range arts {
		a.Prepared = nil
		text[i] = a
	}
	x, y := store.Build(text), store.Build(arts)
	if x.Len() != y.Len() {
		t.Fatalf("%d articles from text, %d prepared", x.Len(), y.Len())
	}
	for i, a := range x.List() {
		b := y.List()[i]
		if a.ID != b.ID || a.Story != b.Story || a.Versions != b.Versions {
			t.Fatalf("article %d: %s (story %s, %d versions) from text, %s (story %s, %d) prepared", i, a.ID, a.Story, a.Versions, b.ID, b.Story, b.Versions)
		}
		if i%100 == 0 {
			if r, s := x.Related(a.ID, 10), y.Related(a.ID, 10); !reflect.DeepEqual(r, s) {
				t.Fatalf("related to %s: %+v from text, %+v prepared", a.ID, r, s)
			}
		}
	}
	for _, q := range []string{"market", "minister election", "film award", "gov", "\"interest rates\""} {
		if r, s := x.Search(q, 20), y.Search(q, 20); !reflect.DeepEqual(r, s) {
			t.Fatalf("search %q: %+v from text, %+v prepared", q, r, s)
		}
	}
	t.Logf("%d articles: the same stories, versions, related lists (every 100th) and searches", x.Len())
}

// A build of the library's articles keeps its placement (Close waits for
// the save); the next start's build takes it and is the same store,
// offering nothing new to keep; articles kept later are placed among the
// others, whose stories stay, and the placement is kept again.
func TestPlacementKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 400
	if raceEnabled {
		n = 120
	}
	arts := synth.Articles(n)
	slices.SortStableFunc(arts, func(a, b store.Article) int { return a.Published.Compare(b.Published) })
	later := arts[n-n/10:]
	f := keepFeed(t, l, arts[:n-n/10])
	build := func() *store.Store {
		t.Helper()
		got, err := l.Articles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return store.Build(got)
	}
	offered := placementsOffered.Load()
	first := build()
	related := map[string][]store.Related{} // asked now: the why reads bodies from the library
	for _, a := range first.List() {
		related[a.ID] = first.Related(a.ID, 5)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if placementsOffered.Load() != offered+1 {
		t.Fatal("the first build offered no placement")
	}
	if l, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer func() { l.Close() }()
	if countRows(t, l, "placement") != 1 {
		t.Fatal("no placement kept")
	}
	second := build()
	if placementsOffered.Load() != offered+1 {
		t.Error("a build of what the library kept offered its placement again")
	}
	for i, a := range first.List() {
		b := second.List()[i]
		if a.ID != b.ID || a.Story != b.Story || a.Versions != b.Versions {
			t.Fatalf("article %d: %s (story %s) first, %s (story %s) from the kept placement", i, a.ID, a.Story, b.ID, b.Story)
		}
		if r, s := related[a.ID], second.Related(a.ID, 5); !reflect.DeepEqual(r, s) {
			t.Fatalf("related to %s: %+v first, %+v from the kept placement", a.ID, r, s)
		}
	}

	base := placementRows(t, l)
	if added, err := l.Keep(ctx, f, later); err != nil || added == 0 {
		t.Fatalf("kept %d later articles: %v", added, err)
	}
	third := build()
	if placementsOffered.Load() != offered+2 {
		t.Error("new articles placed, no placement offered")
	}
	// What they were placed in is appended: the base stays as it was.
	l.background.Wait()
	if rows := placementRows(t, l); len(rows) != 2 || !bytes.Equal(rows[0], base[0]) || len(rows[1]) > len(rows[0])/4 {
		t.Fatalf("after the later articles' build: %d rows kept, the base kept as it was %v", len(rows), len(rows) > 0 && bytes.Equal(rows[0], base[0]))
	}
	fourth := build()
	if placementsOffered.Load() != offered+2 {
		t.Error("a build of the base and its part offered its placement again")
	}
	sameStories(t, storiesOf(third), storiesOf(fourth))
	storyOf := map[string]string{}
	for _, a := range third.List() {
		storyOf[a.ID] = a.Story
	}
	pairs := map[string]string{}
	for _, a := range second.List() {
		if was, ok := pairs[a.Story]; ok && was != storyOf[a.ID] {
			t.Fatalf("%s: story %s split once new articles came", a.ID, a.Story)
		}
		pairs[a.Story] = storyOf[a.ID]
	}
}

// A library of schema 3 migrates with nothing lost (articles, their
// analyses, reading state), and keeps a placement from its first build.
func TestMigrateFrom3(t *testing.T) {
	path, db, tx := libraryAt(t, 3)
	seedArts, _ := ingest.LoadFS(seeds.FS)
	for i, a := range seedArts {
		if _, err := tx.Exec(`INSERT INTO articles (id, feed_id, key, title, added, body, published) VALUES (?, 1, ?, ?, ?, ?, 0)`,
			"a-"+itoa(i), "guid:"+itoa(i), a.Title, 100+i, a.Body); err != nil {
			t.Fatal(err)
		}
	}
	tx.Exec(`INSERT INTO state (id, read, saved, changed) VALUES ('a-2', 1, 1, 7)`)
	tx.Exec(`INSERT INTO meta (key, value) VALUES ('note', 'kept')`)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := userVersion(l.db); v != SchemaVersion || SchemaVersion < 4 {
		t.Fatalf("schema %d after migrating, want %d", v, SchemaVersion)
	}
	states, err := l.States(ctx)
	if err != nil || !states["a-2"].Read || !states["a-2"].Saved {
		t.Fatalf("reading state after migrating: %+v %v", states["a-2"], err)
	}
	arts, err := l.Articles(ctx)
	if err != nil || len(arts) != len(seedArts) {
		t.Fatalf("%d articles after migrating, want %d: %v", len(arts), len(seedArts), err)
	}
	store.Build(arts)
	l.background.Wait() // the analyses' save too, which Close would stop between batches
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if l, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if countRows(t, l, "placement") != 1 || countRows(t, l, "analyses") != len(seedArts) {
		t.Fatalf("%d placements, %d analyses kept", countRows(t, l, "placement"), countRows(t, l, "analyses"))
	}
	var note string
	if l.db.QueryRow(`SELECT value FROM meta WHERE key = 'note'`).Scan(&note); note != "kept" {
		t.Fatalf("meta lost: %q", note)
	}
}

// The text of the articles whose analysis the library kept stays in the
// library: Articles leaves their Body empty, and the store built from
// them reads it from the library when asked, or says in one line that
// it cannot.
func TestArticlesLeaveBodiesInTheLibrary(t *testing.T) {
	arts, _ := ingest.LoadFS(seeds.FS)
	l := openTemp(t)
	keepFeed(t, l, arts)
	got, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	text := map[string]string{}
	for _, a := range arts {
		text[a.Title] = a.Body
	}
	for _, a := range got {
		if a.Body != "" || a.BodyFrom != l {
			t.Fatalf("%s: Articles read its body (%d bytes), source %v", a.ID, len(a.Body), a.BodyFrom)
		}
	}
	st := store.Build(got)
	for _, a := range got {
		b, ok := st.Get(a.ID)
		if !ok || b.Body != text[a.Title] {
			t.Fatalf("Get(%s): %v, body %q, want %q", a.ID, ok, b.Body, text[a.Title])
		}
	}
	st = store.Build(got) // none of its bodies read yet
	gone := got[0]
	if _, err := l.db.Exec(`DELETE FROM articles WHERE id = ?`, gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Body(gone.ID); err == nil {
		t.Fatal("the body of a deleted article read")
	}
	if b, ok := st.Get(gone.ID); !ok || !strings.Contains(b.Body, "could not be read: the library no longer holds it") {
		t.Fatalf("Get of an article deleted since the build: %q", b.Body)
	}
}

// A library of schema 4 migrates with nothing lost (articles, their
// analyses, reading state), its one placement row kept as the base of
// the rows of schema 5: the first start takes it, placing nothing anew.
func TestMigrateFrom4(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	seedArts, _ := ingest.LoadFS(seeds.FS)
	keepFeed(t, l, seedArts)
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := storiesOf(store.Build(arts))
	if err := l.Apply(ctx, []Change{{ID: arts[2].ID, Mark: MarkRead}, {ID: arts[2].ID, Mark: MarkSaved}}); err != nil {
		t.Fatal(err)
	}
	l.background.Wait()
	rows := placementRows(t, l)
	if len(rows) != 1 {
		t.Fatalf("%d rows of placement kept by a first build", len(rows))
	}
	analyses := countRows(t, l, "analyses")
	// The library as schema 4 kept it: the placement one row.
	if err := execTx(l.db, append(asSchema5,
		`DROP TABLE placement`,
		`CREATE TABLE placement (id INTEGER PRIMARY KEY CHECK (id = 1), data BLOB NOT NULL)`,
		`PRAGMA user_version = 4`)...); err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.Exec(`INSERT INTO placement (id, data) VALUES (1, ?)`, rows[0]); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	if l, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if v, _ := userVersion(l.db); v != SchemaVersion || SchemaVersion < 5 {
		t.Fatalf("schema %d after migrating, want %d", v, SchemaVersion)
	}
	states, err := l.States(ctx)
	if err != nil || !states[arts[2].ID].Read || !states[arts[2].ID].Saved {
		t.Fatalf("reading state after migrating: %+v %v", states[arts[2].ID], err)
	}
	if n := countRows(t, l, "analyses"); n != analyses {
		t.Fatalf("%d analyses after migrating, %d before", n, analyses)
	}
	if kept := placementRows(t, l); len(kept) != 1 || !bytes.Equal(kept[0], rows[0]) {
		t.Fatalf("the placement after migrating: %d rows", len(kept))
	}
	offered := placementsOffered.Load()
	again, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := store.Build(again)
	sameStories(t, want, storiesOf(got))
	if placementsOffered.Load() != offered {
		t.Fatal("the first start after migrating placed articles anew: the placement kept was not taken")
	}
}

// undo11 undoes migration 11 (copy keys); undo10, migration 10 (each
// feed's title); undo9, migration 9.
var (
	undo11 = []string{
		`DROP TRIGGER articles_copy_key_stale`,
		`DROP TRIGGER articles_copy_key_gone`,
		`DROP TABLE copy_keys`,
	}
	undo10 = []string{`ALTER TABLE feeds DROP COLUMN title`}
	undo9  = []string{
		`DROP TRIGGER articles_edited_was`,
		`DROP TRIGGER articles_removed_was`,
		`DROP TABLE article_was`,
	}
)

// asSchema8 takes a library with migrations 9 and 10 undone back to
// schema 8: migration 11 undone.
var asSchema8 = slices.Concat(undo11, []string{`PRAGMA user_version = 8`})

// asSchema6 takes a library of this schema back to schema 6: migrations
// 7 to 11 undone.
var asSchema6 = slices.Concat(undo11, undo10, undo9, []string{
	`DROP TABLE kept_index`,
	`PRAGMA user_version = 6`,
})

// asSchema5 takes a library of this schema back to schema 5: migrations
// 6 to 11 undone.
var asSchema5 = append(slices.Concat(undo11, undo10, undo9),
	`DROP TABLE kept_index`,
	`DROP TRIGGER articles_added`,
	`DROP TRIGGER articles_edited`,
	`DROP TRIGGER articles_removed`,
	`DROP INDEX articles_by_changed`,
	`DROP TABLE article_changes`,
	`ALTER TABLE articles DROP COLUMN changed`,
	`PRAGMA user_version = 5`,
)

func execTx(db *sql.DB, stmts ...string) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if err := execAll(tx, stmts...); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// A first start of a library whose analyses are another version's
// analyses every article in batches and leaves each text in the library
// once analysed, as a restart does: the store reads it when asked, and
// holds none (at 1,000,000 articles it held every body, 4.6 GB, and every
// analysis at once). The analyses are saved all the same.
func TestFirstStartLeavesBodiesInTheLibrary(t *testing.T) {
	arts, _ := ingest.LoadFS(seeds.FS)
	l := staleLibrary(t, arts)
	analysed.Store(0)
	got, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := analysed.Load(); n != int64(len(got)) || n < 5 {
		t.Fatalf("%d analysed, want all %d", n, len(got))
	}
	text := map[string]string{}
	for _, a := range arts {
		text[a.Title] = a.Body
	}
	for _, a := range got {
		if a.Body != "" || a.BodyFrom != l || a.Prepared == nil {
			t.Fatalf("%s: a body of %d bytes held, source %v, prepared %v", a.ID, len(a.Body), a.BodyFrom, a.Prepared != nil)
		}
	}
	st := store.Build(got)
	for _, a := range got {
		if b, ok := st.Get(a.ID); !ok || b.Body != text[a.Title] {
			t.Fatalf("Get(%s): %v, body %q, want %q", a.ID, ok, b.Body, text[a.Title])
		}
	}
	sameStores(t, got)
	l.background.Wait()
	analysed.Store(0)
	if _, err := l.Articles(ctx); err != nil {
		t.Fatal(err)
	}
	if n := analysed.Load(); n != 0 {
		t.Fatalf("%d analysed after the save, want none", n)
	}
}

// A save keeps an analysis only while the library holds the text it was
// made of: one whose body changed after it was analysed is left out, and
// the next load analyses it again, though the save was told the count of
// changes when the texts were read (a save while it is still so checks
// no article).
func TestSaveSkipsChangedText(t *testing.T) {
	arts, _ := ingest.LoadFS(seeds.FS)
	l := openTemp(t)
	keepFeed(t, l, arts[:2])
	got, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lex := store.NewLexicon()
	if err := readLexicon(ctx, l.db, lex); err != nil {
		t.Fatal(err)
	}
	epoch, _ := analysisEpoch(ctx, l.db)
	var saves []toPrepare
	for _, a := range got {
		body, err := l.Body(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		p := toPrepare{id: a.ID, title: a.Title}
		if err := l.db.QueryRow(`SELECT changed FROM articles WHERE id = ?`, a.ID).Scan(&p.changed); err != nil {
			t.Fatal(err)
		}
		p.data = lex.Encode(analyse([]toPrepare{{title: a.Title, body: body}}, 1)[0])
		saves = append(saves, p)
	}
	since, err := changeCount(ctx, l.db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.Exec(`DELETE FROM analyses`); err != nil {
		t.Fatal(err)
	}
	changed := got[0].ID
	if _, err := l.db.Exec(`UPDATE articles SET body = body || ' Added later.' WHERE id = ?`, changed); err != nil {
		t.Fatal(err)
	}
	if err := l.tx(ctx, func(tx *sql.Tx) error {
		ok, err := saveAnalyses(ctx, tx, epoch, newSpellings(lex, lex.Len()), saves, since)
		if err == nil && !ok {
			t.Error("the save wrote nothing")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	rows, _ := l.db.Query(`SELECT id FROM analyses`)
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) != 1 || ids[0] != got[1].ID {
		t.Fatalf("analyses saved for %v, want only %s (%s changed)", ids, got[1].ID, changed)
	}
}

// A library whose analyses an older lede made (AnalysisVersion 3, before
// the positions kept what stands after each word) prepares every article
// again at its first load and keeps all the user saved: the articles,
// what is read, saved and how far each was scrolled. Its store is the
// store of the text, its phrases found by the new positions, and the
// next load prepares nothing.
func TestAnalysisVersionBumpKeepsSaved(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	seedArts, _ := ingest.LoadFS(seeds.FS)
	keepFeed(t, l, seedArts)
	first, err := l.Articles(ctx)
	if err != nil || len(first) < 3 {
		t.Fatalf("%d articles: %v", len(first), err)
	}
	changes := []Change{{ID: first[0].ID, Mark: MarkRead}, {ID: first[1].ID, Mark: MarkSaved}, {ID: first[2].ID, Mark: MarkPosition, Position: 42}}
	if err := l.Apply(ctx, changes); err != nil {
		t.Fatal(err)
	}
	states, err := l.States(ctx)
	if err != nil || len(states) != 3 {
		t.Fatalf("%d states: %v", len(states), err)
	}
	l.background.Wait()
	epoch, err := analysisEpoch(ctx, l.db)
	if err != nil || epoch == "" {
		t.Fatalf("no analyses kept: %q %v", epoch, err)
	}
	_, stamp, _ := strings.Cut(epoch, ":")
	if _, err := l.db.Exec(`UPDATE meta SET value = ? WHERE key = ?`, strconv.Itoa(store.AnalysisVersion-1)+":"+stamp, metaAnalysis); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	load := func(wantAnalysed int) []store.Article {
		t.Helper()
		l, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		analysed.Store(0)
		arts, err := l.Articles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := analysed.Load(); n != int64(wantAnalysed) {
			t.Fatalf("%d articles analysed, want %d", n, wantAnalysed)
		}
		if len(arts) != len(first) {
			t.Fatalf("%d articles, want %d", len(arts), len(first))
		}
		for i, a := range arts {
			if a.ID != first[i].ID || a.Title != first[i].Title {
				t.Fatalf("article %d is %s %q, was %s %q", i, a.ID, a.Title, first[i].ID, first[i].Title)
			}
		}
		if got, err := l.States(ctx); err != nil || !reflect.DeepEqual(got, states) {
			t.Fatalf("states %+v, were %+v: %v", got, states, err)
		}
		sameStores(t, arts)
		// Phrases ending in a stop word, which the after bits of the
		// new positions look for, find the same in the prepared store
		// as in the text's.
		text := withBodies(t, arts)
		for i := range text {
			text[i].Prepared = nil
		}
		x, y := store.Build(text), store.Build(arts)
		for _, q := range []string{`"Sheinbaum is"`, `"president said"`} {
			if r, s := x.Search(q, 0), y.Search(q, 0); len(r) == 0 || !reflect.DeepEqual(r, s) {
				t.Fatalf("search %s: %d hits from text, %d prepared", q, len(r), len(s))
			}
		}
		l.background.Wait()
		return arts
	}
	load(len(first))
	load(0)
}

// A first start that analyses every article saves the analyses as it
// makes them, a few at a time, not once all are made: cut short after
// its first save (the person quit the reader), it keeps what it saved,
// and the next start analyses only the rest, its store the store of the
// text.
func TestFirstStartCutShortKeepsWhatItSaved(t *testing.T) {
	l := staleLibrary(t, synth.Articles(60))
	cut, cancel := context.WithCancel(ctx)
	defer cancel()
	// The first save cancels the start. The start cannot end before it
	// does: it hands the third save over only once the saver has taken
	// the second.
	var saves atomic.Int32
	savedHook = func(n int, failed bool) {
		if saves.Add(1) == 1 {
			if failed {
				t.Error("the first save failed")
			}
			cancel()
		}
	}
	if _, err := l.Articles(cut); !errors.Is(err, context.Canceled) {
		t.Fatalf("a start cut short gave %v", err)
	}
	l.background.Wait() // the saves in hand
	saved, total := countRows(t, l, "analyses"), countRows(t, l, "articles")
	if saved < saveAtOnce || saved >= total {
		t.Fatalf("%d analyses kept of %d articles after a start cut short after its first save", saved, total)
	}
	analysed.Store(0)
	got, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := analysed.Load(); n != int64(total-saved) {
		t.Fatalf("%d analysed at the next start, want the %d not saved", n, total-saved)
	}
	sameStores(t, got)
	l.background.Wait()
	if n := countRows(t, l, "analyses"); n != total {
		t.Fatalf("%d analyses kept of %d articles", n, total)
	}
}

// The texts a first start reads to analyse are those read with the rest
// of their articles: one edited since (its count of changes moved) comes
// with the text there is, marked gone (the build analyses that text, the
// next start prepares it), one removed since comes with none.
func TestReadTextsTellsWhatMoved(t *testing.T) {
	arts, _ := ingest.LoadFS(seeds.FS)
	l := openTemp(t)
	keepFeed(t, l, arts[:3])
	var items []toPrepare
	rows, err := l.db.Query(`SELECT rowid, id, changed FROM articles ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var it toPrepare
		if err := rows.Scan(&it.rowid, &it.id, &it.changed); err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	rows.Close()
	if len(items) != 3 {
		t.Fatalf("%d articles", len(items))
	}
	if _, err := l.db.Exec(`UPDATE articles SET body = 'Edited since.' WHERE id = ?`, items[1].id); err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.Exec(`DELETE FROM articles WHERE id = ?`, items[2].id); err != nil {
		t.Fatal(err)
	}
	if err := l.readTexts(ctx, items); err != nil {
		t.Fatal(err)
	}
	for k, want := range []struct{ gone, read bool }{{false, true}, {true, true}, {true, false}} {
		if it := items[k]; it.gone != want.gone || it.read != want.read {
			t.Errorf("article %d: gone %v read %v, want %v %v", k, it.gone, it.read, want.gone, want.read)
		}
	}
	if items[0].body == "" || items[1].body != "Edited since." {
		t.Fatalf("texts read %q, %q", items[0].body, items[1].body)
	}
}

// Close stops a first start's analysis after the batch in hand, as the
// start's own context does: it no longer waits for every article to be
// analysed (it waited for all 200 of 200).
func TestCloseStopsAFirstStart(t *testing.T) {
	l := staleLibrary(t, synth.Articles(200))
	total := int64(countRows(t, l, "articles"))
	analysed.Store(0)
	closed := make(chan int64, 1)
	var saves atomic.Int32
	savedHook = func(int, bool) {
		if saves.Add(1) == 1 {
			go func() { l.Close(); closed <- analysed.Load() }()
			<-l.bgCtx.Done() // Close has begun: the start goes on at most a batch
		}
	}
	_, err := l.Articles(ctx)
	n := <-closed
	if err == nil || n >= total {
		t.Fatalf("a start Close stopped gave %v, %d analysed of %d when Close returned", err, n, total)
	}
}

// An article edited while a first start analyses the library, after the
// start read it and before it read its text, is built from the text
// there is, unprepared (the next start prepares it), and the index of
// that build is not kept at the count the start read (it holds a text
// the count does not know).
func TestFirstStartEditedMidway(t *testing.T) {
	l := staleLibrary(t, synth.Articles(200))
	var last int64
	var id string
	if err := l.db.QueryRow(`SELECT rowid, id FROM articles ORDER BY rowid DESC LIMIT 1`).Scan(&last, &id); err != nil {
		t.Fatal(err)
	}
	const edited = "The harbour reopened on Tuesday after the storm, its cranes back at work."
	var saves atomic.Int32
	savedHook = func(int, bool) {
		// The first save: the start holds at most a few batches of
		// texts read ahead, not the last article's.
		if saves.Add(1) == 1 {
			if _, err := l.db.Exec(`UPDATE articles SET body = ? WHERE rowid = ?`, edited, last); err != nil {
				t.Error(err)
			}
		}
	}
	arts, err := l.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range arts {
		if a.ID == id {
			found = true
			if a.Body != edited || a.Prepared != nil {
				t.Fatalf("the article edited midway: body %q, prepared %v; want the text there is, unprepared", a.Body, a.Prepared != nil)
			}
		}
	}
	if !found {
		t.Fatalf("%s not loaded", id)
	}
	store.Build(arts)
	l.background.Wait()
	if k, ok := l.keptIndexAt(ctx); ok {
		t.Fatalf("an index kept at %+v of a build that held a text edited midway", k)
	}
}

// staleLibrary is a library of arts whose analyses are another
// version's, so that its next start analyses every article, as a first
// start after an upgrade does: in batches of 4 texts, a save every 8
// (several batches, several saves); savedHook is reset after the test.
func staleLibrary(t *testing.T, arts []store.Article) *Library {
	t.Helper()
	l := openTemp(t)
	keepFeed(t, l, arts)
	if _, err := l.db.Exec(`UPDATE meta SET value = '0:1' WHERE key = ?`, metaAnalysis); err != nil {
		t.Fatal(err)
	}
	n, m := textsAtOnce, saveAtOnce
	t.Cleanup(func() { textsAtOnce, saveAtOnce, savedHook = n, m, nil })
	textsAtOnce, saveAtOnce = 4, 8
	return l
}
