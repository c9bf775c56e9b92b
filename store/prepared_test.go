package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/synth"
)

// analyses keeps each text's analysis for the tests that prepare
// articles as the library does (prepare, prepareKept, keptLibrary): a
// text is analysed once in a run however many builds prepare it again,
// as the library analyses an article once with a long-lived Analyzer.
// An analysis is the text's alone, and one analyser's analyses encode
// in each lexicon's own numbers (TestEncodeNumbersEachLexiconsOwn);
// analysing each corpus again for every build was half the plain run's
// time in TestExtendedIsTheSameStore.
var analyses struct {
	sync.Mutex
	z  *store.Analyzer
	of map[[2]string]*store.Analysed
}

// analysed is the analysis of title and body, made once.
func analysed(title, body string) *store.Analysed {
	analyses.Lock()
	defer analyses.Unlock()
	k := [2]string{title, body}
	if a, ok := analyses.of[k]; ok {
		return a
	}
	if analyses.z == nil {
		analyses.z, analyses.of = store.NewAnalyzer(), map[[2]string]*store.Analysed{}
	}
	a := analyses.z.Analyze(title, body)
	analyses.of[k] = a
	return a
}

// prepare gives arts with the analysis the library would keep: each
// analysed on its own, numbered by one lexicon. every says which.
func prepare(arts []store.Article, every func(i int) bool) []store.Article {
	lex := store.NewLexicon()
	out := make([]store.Article, len(arts))
	for i, a := range arts {
		if every == nil || every(i) {
			a.Prepared = lex.Prepared(lex.Encode(analysed(a.Title, a.Body)))
		}
		out[i] = a
	}
	return out
}

// answers are what a store answers: the related lists and number of
// versions of each of its articles, in its order, and the searches for
// queries. One store's are made once however many stores are checked
// against it (checkSame checks three against the one built from text).
type answers struct {
	ids      []string
	step     int // the related lists are every step-th article's
	related  [][]store.Related
	versions []int
	queries  []string
	searches [][]store.Hit
}

// answersOf makes st's answers. On a large store (over 500 articles) the
// related lists are every seventh article's, as checkExtended's: Differ
// has compared all they are made of, and related lists were 14.1 of the
// 28.9 CPU seconds of TestKeptIndexIsTheSameStore/synthetic and
// TestExtendedIsTheSameStore/headlines (profiled, plain run).
func answersOf(st *store.Store, queries []string) *answers {
	w := &answers{queries: queries, step: 1}
	if st.Len() > 500 {
		w.step = 7
	}
	for i, a := range st.List() {
		w.ids = append(w.ids, a.ID)
		var related []store.Related
		if i%w.step == 0 {
			related = st.Related(a.ID, 5)
		}
		w.related = append(w.related, related)
		w.versions = append(w.versions, len(st.Versions(a.ID)))
	}
	for _, q := range queries {
		w.searches = append(w.searches, st.Search(q, 20))
	}
	return w
}

// sameAnswers checks that prep answers as the store of want (built from
// text) did: related lists (ids, scores, why, labels), versions and
// searches, for every article.
func sameAnswers(t *testing.T, want *answers, prep *store.Store) {
	t.Helper()
	for i, id := range want.ids {
		if i%want.step == 0 {
			if x, y := want.related[i], prep.Related(id, 5); !reflect.DeepEqual(x, y) {
				t.Fatalf("related to %s: %+v from text, %+v prepared", id, x, y)
			}
		}
		if x, y := want.versions[i], len(prep.Versions(id)); x != y {
			t.Fatalf("versions of %s: %d from text, %d prepared", id, x, y)
		}
	}
	for i, q := range want.queries {
		if x, y := want.searches[i], prep.Search(q, 20); !reflect.DeepEqual(x, y) {
			t.Fatalf("search %q: %+v from text, %+v prepared", q, x, y)
		}
	}
}

// checkSame builds arts from their text, prepared, and half prepared, and
// checks all three are one store.
func checkSame(t *testing.T, arts []store.Article, queries []string) {
	t.Helper()
	checkSameAs(t, store.Build(arts), arts, queries)
}

// checkSameAs is checkSame with text the store built from arts' text.
func checkSameAs(t *testing.T, text *store.Store, arts []store.Article, queries []string) {
	t.Helper()
	want := answersOf(text, queries)
	for name, every := range map[string]func(int) bool{
		"prepared":      nil,
		"half prepared": func(i int) bool { return i%2 == 0 },
		"bodies kept":   nil, // by a source, as the library keeps them
	} {
		prepared := prepare(arts, every)
		if name == "bodies kept" {
			prepared = keepBodies(prepared)
		}
		prep := store.Build(prepared)
		if d := store.Differ(text, prep); d != "" {
			t.Fatalf("%s: the store differs from the one built from text: %s", name, d)
		}
		sameAnswers(t, want, prep)
	}
}

// TestPreparedIsTheSameStore: a store built from the library's prepared
// analysis is the store built from the text, on the seeds, on BBC, on a
// feed whose items share a footer (the boilerplate found from the kept
// sentence hashes), on the headlines, and on synthetic news with
// near-duplicates and rare names.
func TestPreparedIsTheSameStore(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	queries := []string{"Sheinbaum", "cartel mexico", "mar", "economy growth", "\"interest rates\"", "Valeria Márquez"}
	t.Run("seeds", func(t *testing.T) { checkSame(t, seedArts, queries) })
	t.Run("boilerplate", func(t *testing.T) {
		var arts []store.Article
		for i, a := range seedArts {
			for k := range 3 {
				a.Source = "blog"
				a.Title = fmt.Sprintf("%s (%d)", a.Title, k)
				a.Body = fmt.Sprintf("%s\n\nPart %d. Follow Luke on Mastodon for every new post.\nRead more on the blog.", a.Body, i*3+k)
				arts = append(arts, a)
			}
		}
		checkSame(t, arts, append(queries, "Mastodon"))
	})
	t.Run("synthetic", func(t *testing.T) {
		plainOnly(t)
		checkSame(t, synth.Articles(800), queries)
	})
	t.Run("bbc", func(t *testing.T) {
		arts := bbcArticles(t) // plainOnly; skips without the corpus
		checkSameAs(t, bbcStore(t), arts, append(queries, "blair election", "film award", "gadget"))
	})
	t.Run("headlines", func(t *testing.T) {
		arts := headlineArticles(t) // plainOnly; skips without the corpus
		text, _ := headlines(t, builds[0])
		checkSameAs(t, text, arts, queries)
	})
}

// TestPreparedNeverUnsanitised: an article the library kept with controls
// in it (written by an older lede, or by hand) is sanitised by Build even
// when it comes prepared, and a damaged analysis costs only itself: the
// article is read from its text, nothing panics.
func TestPreparedNeverUnsanitised(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	evil := store.Article{ID: "evil", Title: "Evil\x1b]0;owned\x07 title", Body: "Body with \x1b[31mred\x1b[0m and \u202egnp.exe and a bell\x07.\n\nMore."}
	arts := append(append([]store.Article{}, seedArts...), evil)
	text := store.Build(arts)
	st := store.Build(prepare(arts, nil))
	if d := store.Differ(text, st); d != "" {
		t.Fatalf("%s", d)
	}
	// Damaged analyses, numbered by the same lexicon as the rest: too
	// short, cut, and holding a number past the lexicon's end.
	lex := store.NewLexicon()
	z := store.NewAnalyzer()
	good := lex.Encode(z.Analyze(arts[1].Title, arts[1].Body))
	for _, damaged := range [][]byte{nil, {1}, good[:len(good)/2], good[:len(good)-1], append(good[:33:33], 1, 0xff, 0xff, 0xff, 0x7f, 0), []byte(strings.Repeat("\xff", 64))} {
		p := make([]store.Article, len(arts))
		for i, a := range arts {
			a.Prepared = lex.Prepared(lex.Encode(z.Analyze(a.Title, a.Body)))
			p[i] = a
		}
		p[1].Prepared = lex.Prepared(damaged)
		if d := store.Differ(text, store.Build(p)); d != "" {
			t.Fatalf("damaged analysis %q: %s", damaged, d)
		}
	}
	a, ok := st.Get("evil")
	if !ok {
		t.Fatal("evil article lost")
	}
	for _, s := range []string{a.Title, a.Body} {
		if s != store.Sanitize(s) || strings.ContainsAny(s, "\x1b\x07\u202e") {
			t.Fatalf("unsanitised text reached the store: %q", s)
		}
	}
	for _, h := range st.Search("red", 5) {
		if strings.ContainsAny(h.Snippet+h.Title, "\x1b\x07\u202e") {
			t.Fatalf("unsanitised snippet: %q", h.Snippet)
		}
	}
}

// analysisPrint is the hash of the seeds' prepared analyses for each
// AnalysisVersion. A change to the analyser changes it: then raise
// AnalysisVersion (the library prepares its articles again) and add the
// new hash here.
var analysisPrint = map[int]string{
	1: "cfa02d5090f036e0225627dac99c096c311218d46c39d09f57b6b1c379aa2218",
	2: "fc9d0d2fa5a608e39b7ea65eab6fd30c66f5778a5f1e5cea633802072fbabc4e",
	3: "318e2a0ceca6d46e4e7437acb76fc4e5fb8f812f687dd51f899ae0e79ddc4433",
	4: "ccd34e6b80c90bde7f5046f14c4a5578b5ee20da9b926fa43c50a54282aebd88",
	5: "cd19f7a6c0e50fe6c8b6d6be96cea58afe3d1e623f9bddc934d14ca555397d0c",
	6: "8b0263b7497984b0f14e3dd1ca8a8a1df69372b6871b0f0bd04d92ae45cea8fe",
	7: "41c4383a96bde8bb60c398fc7f53264f964741c21d3ac62a1438fbc560a621d5",
}

func TestAnalysisVersion(t *testing.T) {
	arts, _ := ingest.LoadFS(seeds.FS)
	// And the addresses text writes, which the seeds do not: how URLs are
	// blanked is part of the analysis.
	arts = append(arts, store.Article{Title: "Sites", Body: "See lukedorny.com/updates, luke@lukedorny.com, <https://example.com/a>, www.bbc.co.uk and Amazon.com."})
	// And character references, which a renderer decodes (version 6).
	arts = append(arts, store.Article{Title: "Code", Body: "doc = Nokogiri::HTML(&lt;&lt;-eohtml) &lt;html&gt; &amp; `&lt;kept&gt;`"})
	// And Chinese and Japanese, indexed by bigrams (version 7).
	arts = append(arts, store.Article{Title: "中文标题：阿尔法风暴", Body: "メキシコとアメリカの緊張。Apple发布新款iPhone手机。"})
	lex := store.NewLexicon()
	z := store.NewAnalyzer()
	h := sha256.New()
	for _, a := range arts {
		h.Write(lex.Encode(z.Analyze(a.Title, a.Body)))
	}
	h.Write(lex.Chunk(0))
	got := hex.EncodeToString(h.Sum(nil))
	if want := analysisPrint[store.AnalysisVersion]; got != want {
		t.Fatalf("the analysis of the seeds is %s, not %s as AnalysisVersion %d says: a change to the analyser must raise AnalysisVersion (libraries then prepare their articles again)", got, want, store.AnalysisVersion)
	}
}

// TestEncodeNumbersEachLexiconsOwn: a spelling remembers its number in
// the lexicon that last encoded it (Lexicon.Encode), so one analyser's
// analyses encoded by two lexicons, or by one that forgot spellings
// (Truncate) and numbered others in their place, must still come out
// in each lexicon's own numbers: byte for byte what a fresh analyser's
// analysis gives (its spellings remember nothing).
func TestEncodeNumbersEachLexiconsOwn(t *testing.T) {
	texts := [][2]string{
		{"Storm hits the harbour", "Boats were lost in the storm. The harbour closed."},
		{"Harbour reopens", "The storm passed; boats returned to the harbour on Tuesday."},
		{"Markets rally", "Shares rose in Tokyo and London as the storm passed."},
		{"Alpha beta", "Gamma delta epsilon."},
		{"Zeta eta", "Theta iota kappa, and the storm."},
	}
	// One analyser for every lexicon, against a fresh one each time.
	shared := store.NewAnalyzer()
	type lexicon struct{ lex, ref *store.Lexicon }
	x := lexicon{store.NewLexicon(), store.NewLexicon()}
	y := lexicon{store.NewLexicon(), store.NewLexicon()}
	encode := func(l lexicon, k int) {
		t.Helper()
		got := l.lex.Encode(shared.Analyze(texts[k][0], texts[k][1]))
		want := l.ref.Encode(store.NewAnalyzer().Analyze(texts[k][0], texts[k][1]))
		if string(got) != string(want) {
			t.Fatalf("text %d: encoded %x, want %x", k, got, want)
		}
	}
	// y numbers the spellings in another order than x.
	encode(y, 2)
	encode(x, 0)
	encode(y, 0)
	encode(x, 1)
	encode(y, 1)
	encode(x, 2)
	// x forgets the spellings of text 3 and numbers text 4's in their
	// place; text 3 again gets numbers after them.
	base := x.lex.Len()
	encode(x, 3)
	x.lex.Truncate(base)
	x.ref.Truncate(base)
	encode(x, 4)
	encode(x, 3)
	encode(y, 3)
}
