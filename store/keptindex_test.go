package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"testing"
	"unsafe"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/synth"
)

// indexRows is a kept index as the library keeps it: rows by number.
type indexRows map[int][]byte

// parts is how many rows of the index's parts r holds (the related
// part's rows come after them, from store.RelatedRows on).
func (r indexRows) parts() int {
	n := 0
	for seq := range r {
		if !store.RelatedRows(seq) {
			n++
		}
	}
	return n
}

func (r indexRows) read(lo, hi int, each func(int, []byte) error) error {
	for seq := lo; seq < hi; seq++ {
		data, ok := r[seq]
		if !ok {
			return errors.New("no such row")
		}
		if err := each(seq, data); err != nil {
			return err
		}
	}
	return nil
}

// keptLibrary prepares arts as the library does, with kept as the index
// kept (nil: none) and saved what a build keeps (nil: nothing wanted).
// Where lazy, the articles come without their analyses, as the library
// gives them when it expects the kept index to serve; asked counts the
// analyses the build then asked for.
func keptLibrary(arts []store.Article, kept indexRows, saved *indexRows, lazy bool, asked *int) []store.Article {
	return keptLibraryBy(arts, kept, saved, func(int) bool { return lazy }, asked)
}

// keptLibraryBy is keptLibrary where lazy tells which articles come
// without their analyses: those the library holds unchanged since its
// index was kept.
func keptLibraryBy(arts []store.Article, kept indexRows, saved *indexRows, lazy func(i int) bool, asked *int) []store.Article {
	return keptLibraryWas(arts, kept, saved, lazy, asked, nil)
}

// keptLibraryWas is keptLibraryBy where the library kept what the
// articles of was (by ID) were when its index was built, for those
// edited or removed since (store.KeptIndex.Was).
func keptLibraryWas(arts []store.Article, kept indexRows, saved *indexRows, lazy func(i int) bool, asked *int, was []store.Article) []store.Article {
	lex := store.NewLexicon()
	out := make([]store.Article, len(arts))
	data := map[string][]byte{}
	for i, a := range arts {
		d := lex.Encode(analysed(a.Title, a.Body))
		data[a.ID] = d
		if lazy(i) {
			d = nil
		}
		a.Prepared = lex.Prepared(d)
		out[i] = a
	}
	then := map[string]store.Was{}
	for _, a := range was {
		then[a.ID] = store.Was{Source: a.Source, Analysis: lex.Encode(analysed(a.Title, a.Body))}
	}
	k := &store.KeptIndex{Analyses: func(ids []string) [][]byte {
		*asked += len(ids)
		out := make([][]byte, len(ids))
		for i, id := range ids {
			out[i] = data[id]
		}
		return out
	}}
	if kept != nil {
		k.Read = kept.read
	}
	if was != nil {
		k.Was = func(ids []string) []store.Was {
			out := make([]store.Was, len(ids))
			for i, id := range ids {
				out[i] = then[id]
			}
			return out
		}
	}
	if saved != nil {
		k.Save = func(write func(put func(int, []byte) error) error) {
			rows := indexRows{}
			if err := write(func(seq int, b []byte) error {
				rows[seq] = slices.Clone(b)
				return nil
			}); err == nil {
				*saved = rows
			}
		}
	}
	lex.KeepIndex(k)
	return out
}

func fromKept(s *store.Store) bool {
	for _, st := range s.Stages() {
		if st.Name == "kept index" {
			return true
		}
	}
	return false
}

// checkKept builds arts as a library would, keeps its index, and builds
// them again from it: the store is the one built from the analyses, and
// answers alike.
func checkKept(t *testing.T, arts []store.Article, queries []string) (indexRows, *store.Store) {
	t.Helper()
	asked := 0
	var rows indexRows
	built := store.Build(keptLibrary(arts, nil, &rows, false, &asked))
	if rows == nil || rows[0] == nil {
		t.Fatal("a build of the library's articles kept no index")
	}
	again := store.Build(keptLibrary(arts, rows, nil, true, &asked))
	if !fromKept(again) {
		t.Fatal("the kept index was not used")
	}
	if asked != 0 {
		t.Fatalf("a build from the kept index asked for %d analyses", asked)
	}
	if d := store.Differ(built, again); d != "" {
		t.Fatalf("the store from the kept index differs: %s", d)
	}
	sameAnswers(t, answersOf(built, queries), again)
	// Differ compared the positions to the bit; this reads them, through
	// the phrase checks of a phrase cut at every step-th word: every 7th
	// on the small corpora, every 41st on the large ones (every 7th was
	// a third of the package's CPU time, 49 of 216 s, for phrases whose
	// text check is the text's alone; TestPhraseFilterKeepsEveryHolderBBC
	// holds it on the store built from the text).
	step := 7
	if len(arts) > 500 {
		step = 41
	}
	if d, _ := store.HoldersKept(again, step); d != "" {
		t.Fatal(d)
	}
	return rows, built
}

// TestKeptIndexIsTheSameStore: a store built from a kept index is the
// one its build made (articles, vocabulary, postings, positions,
// vectors, impact lists, topics, stories), with the same related lists,
// versions, searches and phrases, on the seeds, synthetic news, BBC and
// the headlines.
func TestKeptIndexIsTheSameStore(t *testing.T) {
	queries := []string{"Sheinbaum", "cartel mexico", "mar", "economy growth", "\"interest rates\"", "Valeria Márquez", "sheinb"}
	t.Run("seeds", func(t *testing.T) { checkKept(t, seedArticles(t), queries) })
	t.Run("boilerplate", func(t *testing.T) {
		// A blog's footer in every post: counted for search, not for
		// related stories (what the vectors are made again of).
		var arts []store.Article
		for i, a := range seedArticles(t) {
			for k := range 3 {
				a.Source = "blog"
				a.Title = fmt.Sprintf("%s (%d)", a.Title, k)
				a.Body = fmt.Sprintf("%s\n\nPart %d. Follow Luke on Mastodon for every new post.\nRead more on the blog.", a.Body, i*3+k)
				a.ID = fmt.Sprintf("post-%d-%d", i, k)
				arts = append(arts, a)
			}
		}
		checkKept(t, arts, append(queries, "Mastodon", "\"every new post\""))
	})
	t.Run("synthetic", func(t *testing.T) {
		plainOnly(t)
		checkKept(t, withIDs(synth.Articles(1500)), queries)
	})
	t.Run("bbc", func(t *testing.T) {
		plainOnly(t)
		if _, err := os.Stat(bbcDir); err != nil {
			t.Skipf("no BBC corpus at %s", bbcDir)
		}
		arts, _ := ingest.LoadPath(bbcDir)
		checkKept(t, withIDs(arts), append(queries, "blair election", "film award", "gadget", "\"prime minister\"", "yukos"))
	})
	t.Run("headlines", func(t *testing.T) {
		plainOnly(t)
		feed := headlinesDir + "/headlines.xml"
		if _, err := os.Stat(feed); err != nil {
			t.Skipf("no headlines corpus at %s", headlinesDir)
		}
		arts, _ := ingest.LoadPath(feed)
		checkKept(t, withIDs(arts), queries)
	})
}

// TestKeptIndexNotForOtherArticles: a kept index serves only a build of
// the articles it was made of, in their order; damaged, cut short, from
// another save, or missing a row, it is not used; and each time the
// store is the one built from the analyses, which the build asked for.
func TestKeptIndexNotForOtherArticles(t *testing.T) {
	arts := seedArticles(t)
	rows, built := checkKept(t, arts, nil)
	var others indexRows
	store.Build(keptLibrary(arts[:len(arts)-1], nil, &others, false, new(int)))
	damaged := func(f func(r indexRows)) indexRows {
		r := indexRows{}
		for k, v := range rows {
			r[k] = slices.Clone(v)
		}
		f(r)
		return r
	}
	reversed := slices.Clone(arts)
	slices.Reverse(reversed)
	edited := slices.Clone(arts)
	edited[2].Title = "Another title altogether"
	for _, c := range []struct {
		name string
		arts []store.Article
		rows indexRows
	}{
		{"another order", reversed, rows},
		{"one article fewer", arts[1:], rows},
		{"one article more", append(slices.Clone(arts), seedArticles(t)[0]), rows},
		{"a header flipped", arts, damaged(func(r indexRows) { r[0][len(r[0])/2] ^= 1 })},
		{"a part flipped", arts, damaged(func(r indexRows) { r[1][len(r[1])/2] ^= 0x40 })},
		// The last rows count the sources' sentences, which a build that
		// extends the index reads (TestExtendedDamaged): the last a
		// start reads is before them.
		{"the last part flipped", arts, damaged(func(r indexRows) { r[r.parts()-2][9] ^= 1 })},
		{"a part cut", arts, damaged(func(r indexRows) { r[1] = r[1][:len(r[1])-5] })},
		{"a header cut", arts, damaged(func(r indexRows) { r[0] = r[0][:7] })},
		{"a row missing", arts, damaged(func(r indexRows) { delete(r, r.parts()-2) })},
		{"a part of another save", arts, damaged(func(r indexRows) { r[1] = others[1] })},
		{"the header of another save", arts, damaged(func(r indexRows) { r[0] = others[0] })},
		{"empty rows", arts, damaged(func(r indexRows) { r[0], r[1] = nil, []byte{} })},
	} {
		t.Run(c.name, func(t *testing.T) {
			asked := 0
			got := store.Build(keptLibrary(c.arts, c.rows, nil, true, &asked))
			if fromKept(got) {
				t.Fatal("the kept index was used")
			}
			if asked != len(c.arts) {
				t.Fatalf("asked for %d analyses, want %d", asked, len(c.arts))
			}
			want := store.Build(keptLibrary(c.arts, nil, nil, false, new(int)))
			if d := store.Differ(want, got); d != "" {
				t.Fatalf("the store differs from the one built from the analyses: %s", d)
			}
		})
	}
	_ = built
}

// TestKeptIndexBesideOtherArticles: articles of no library beside the
// library's (the seeds with --seeds) are in the kept index too; one
// whose text changed since makes another store, and the index is not
// used.
func TestKeptIndexBesideOtherArticles(t *testing.T) {
	seedArts := seedArticles(t)
	lib := withIDs(synth.Articles(60))
	build := func(others []store.Article, kept indexRows, saved *indexRows) *store.Store {
		return store.Build(append(keptLibrary(lib, kept, saved, kept != nil, new(int)), others...))
	}
	var rows indexRows
	first := build(seedArts, nil, &rows)
	again := build(seedArts, rows, nil)
	if !fromKept(again) {
		t.Fatal("the kept index was not used")
	}
	if d := store.Differ(first, again); d != "" {
		t.Fatal(d)
	}
	changed := slices.Clone(seedArts)
	changed[0].Body += "\n\nA paragraph added since."
	if got := build(changed, rows, nil); fromKept(got) {
		t.Fatal("the kept index was used for a seed whose text changed")
	} else if d := store.Differ(build(changed, nil, nil), got); d != "" {
		t.Fatal(d)
	}
}

// indexPrint is the SHA-256 of the seeds' kept index less its save's
// number, by indexFormat and AnalysisVersion.
var indexPrint = map[[2]int]string{
	{3, 6}: "6b110002ab7f345d352807e65d07cb2c1ea74ed4d297ac6f64c77ed100208542",
	{3, 7}: "6a76a8b2165de6a4f13fcb8c7f2cb1fd6445f0b7c7c35adc368b8da6928616d8",
	{4, 7}: "0e64124e8d4c5b4b4f6ba0d40cbe37e982231e53ebcd2b14ff63875caa6691a5",
}

// TestIndexFormat: the seeds' kept index changes only with indexFormat
// (or AnalysisVersion): a change to how the index is made must raise it,
// or libraries would start on an index another lede made.
func TestIndexFormat(t *testing.T) {
	var rows indexRows
	store.Build(keptLibrary(seedArticles(t), nil, &rows, false, new(int)))
	h := sha256.New()
	for _, seq := range slices.Sorted(maps.Keys(rows)) { // the parts, the related part's after them
		r := rows[seq]
		fmt.Fprintf(h, "%d:", seq)
		h.Write(r[8 : len(r)-4]) // less the save's number and the checksum, which covers it
	}
	got := hex.EncodeToString(h.Sum(nil))
	if want := indexPrint[[2]int{store.IndexFormat, store.AnalysisVersion}]; got != want {
		t.Fatalf("the seeds' kept index is %s, not %s as indexFormat %d says: a change to how the index is made must raise indexFormat", got, want, store.IndexFormat)
	}
}

// TestKeptStartSettlesOnceTheVectorsAreMade: a start from the kept index
// returns its garbage to the system twice, before it sizes the postings
// and once the vectors are made of them (the counts for related stories
// beside the postings, let go of then, were 52 MB of a start's peak at
// 100,000 articles, kept beside everything after).
func TestKeptStartSettlesOnceTheVectorsAreMade(t *testing.T) {
	arts := seedArticles(t)
	asked := 0
	var rows indexRows
	store.Build(keptLibrary(arts, nil, &rows, false, &asked))
	settles := 0
	restore := store.CountSettles(func() { settles++ })
	defer restore()
	again := store.Build(keptLibrary(arts, rows, nil, true, &asked))
	if !fromKept(again) {
		t.Fatal("the kept index was not used")
	}
	if settles != 2 {
		t.Errorf("a start from the kept index returned its garbage %d times, want 2", settles)
	}
}

// TestKeptIndexRowsInTwoBuffers: a build keeps its index (the related
// part too) in two buffers, in turn, not a fresh slice a row (at
// 100,000 articles the related part's slices were 225 MB of garbage
// beside the store), and each row put is whole when put is called.
func TestKeptIndexRowsInTwoBuffers(t *testing.T) {
	lex := store.NewLexicon()
	arts := withIDs(synth.Articles(400))
	for i, a := range arts {
		arts[i].Prepared = lex.Prepared(lex.Encode(analysed(a.Title, a.Body)))
	}
	rows := indexRows{}
	arrays := map[*byte]bool{}
	related := 0
	lex.KeepIndex(&store.KeptIndex{Save: func(write func(put func(int, []byte) error) error) {
		if err := write(func(seq int, b []byte) error {
			rows[seq] = slices.Clone(b)
			if store.RelatedRows(seq) {
				related++
				arrays[unsafe.SliceData(b)] = true
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}})
	built := store.Build(arts)
	if related < 20 {
		t.Fatalf("%d rows of the related part, want 20 or more for the test to tell", related)
	}
	if len(arrays) > 4 {
		t.Errorf("the related part's %d rows were made in %d arrays, want at most 4 (two buffers, each grown at most once)", related, len(arrays))
	}
	asked := 0
	again := store.Build(keptLibrary(arts, rows, nil, true, &asked))
	if !fromKept(again) {
		t.Fatal("the kept index was not used")
	}
	if d := store.Differ(built, again); d != "" {
		t.Error(d)
	}
}
