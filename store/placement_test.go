package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/synth"
)

// prepareKept gives arts prepared as the library gives them, with the
// placement it kept (its rows; nil: none); saved gets the rows the
// library keeps once it saved what a build offers to keep.
func prepareKept(arts []store.Article, kept [][]byte, saved *[][]byte) []store.Article {
	lex := store.NewLexicon()
	lex.Keep(kept, func(at int, encode func() []byte) {
		*saved = append(slices.Clone(kept[:at]), encode())
	})
	out := make([]store.Article, len(arts))
	for i, a := range arts {
		a.Prepared = lex.Prepared(lex.Encode(analysed(a.Title, a.Body)))
		out[i] = a
	}
	return out
}

// olderFirst gives arts oldest first (undated first, then in the order
// given), as a library comes to hold them.
func olderFirst(arts []store.Article) []store.Article {
	arts = slices.Clone(arts)
	slices.SortStableFunc(arts, func(a, b store.Article) int { return a.Published.Compare(b.Published) })
	return arts
}

// buildPlaced builds arts as a library does once its newest share of
// them has come in: the older ones built first, their placement kept,
// then all of them built with it, the newest placed among the kept
// articles. Where the store keeps its number of topics (the newest
// twentieth, at these sizes), its topics are kept too, and the newest
// placed against their centres; a quarter more clusters them again.
func buildPlaced(share float64) func(testing.TB, []store.Article) *store.Store {
	return func(tb testing.TB, arts []store.Article) *store.Store {
		tb.Helper()
		arts = olderFirst(arts)
		var kept, again [][]byte
		before := store.Build(prepareKept(arts[:int(float64(len(arts))*(1-share))], nil, &kept))
		if kept == nil {
			tb.Fatal("the first build offered no placement to keep")
		}
		st := store.Build(prepareKept(arts, kept, &again))
		k, topicsKept, grouped := store.Placed(st)
		if grouped != st.Len()-before.Len() {
			tb.Fatalf("grouping placed %d of %d articles, %d of them new: the placement was not used", grouped, st.Len(), st.Len()-before.Len())
		}
		if k0, _, _ := store.Placed(before); k != k0 && topicsKept || k == k0 && !topicsKept {
			tb.Fatalf("%d topics of %d before: kept %v", k, k0, topicsKept)
		}
		if again == nil {
			tb.Fatal("the build that placed new articles offered no placement to keep")
		}
		return st
	}
}

// builds are the ways a store comes to be, which the quality tests hold
// to the same bars: from every article at once, and with the older
// articles' placement kept (buildPlaced).
// Under the race detector, which makes them ten times slower, the
// quality tests build whole only (TestKeptPlacementIsTheSameStore races
// the placing).
var builds = func() []build {
	b := []build{{"whole", func(_ testing.TB, arts []store.Article) *store.Store { return store.Build(arts) }}}
	if raceEnabled {
		return b
	}
	return append(b, build{"placed a quarter", buildPlaced(0.25)}, build{"placed a twentieth", buildPlaced(0.05)})
}()

type build struct {
	name  string
	build func(testing.TB, []store.Article) *store.Store
}

// TestKeptPlacementIsTheSameStore: a store built with the placement its
// own articles' build kept is that store, its topics and stories taken
// as kept, and offers nothing new to keep; articles added later are
// placed among the kept ones, whose stories stay as they were.
func TestKeptPlacementIsTheSameStore(t *testing.T) {
	n := 4000 // 22 topics, as for its newest twentieth left out
	if raceEnabled {
		n = 1200 // 12, likewise
	}
	arts := olderFirst(synth.Articles(n))
	for _, c := range []struct {
		name string
		arts []store.Article
	}{{"synthetic", arts}, {"seeds", seedArticles(t)}} {
		t.Run(c.name, func(t *testing.T) {
			var kept, again [][]byte
			first := store.Build(prepareKept(c.arts, nil, &kept))
			if kept == nil {
				t.Fatal("no placement offered")
			}
			second := store.Build(prepareKept(c.arts, kept, &again))
			if d := store.Differ(first, second); d != "" {
				t.Fatalf("the store built with its kept placement differs: %s", d)
			}
			topics, topicsKept, grouped := store.Placed(second)
			if grouped != 0 || !topicsKept && topics > 0 {
				t.Errorf("grouped %d articles again, topics kept %v", grouped, topicsKept)
			}
			if again != nil {
				t.Error("a build that placed nothing anew offered its placement")
			}
		})
	}

	// The newest twentieth comes later (the store keeps its number of
	// topics, n chosen so): the others keep their stories.
	older := arts[:len(arts)*19/20]
	var kept, again [][]byte
	before := store.Build(prepareKept(older, nil, &kept))
	after := store.Build(prepareKept(arts, kept, &again))
	_, topicsKept, grouped := store.Placed(after)
	if !topicsKept || grouped != after.Len()-before.Len() {
		t.Errorf("topics kept %v, %d placed, want %d", topicsKept, grouped, after.Len()-before.Len())
	}
	if again == nil {
		t.Error("new articles placed, no placement offered")
	}
	// The older articles' stories, as the two builds name them, pair off
	// one to one.
	storyOf := map[string]string{}
	for _, a := range after.List() {
		storyOf[a.ID] = a.Story
	}
	pairs, back := map[string]string{}, map[string]string{}
	for _, a := range before.List() {
		now := storyOf[a.ID]
		if was, ok := pairs[a.Story]; ok && was != now {
			t.Fatalf("%s: its story %s was split", a.ID, a.Story)
		}
		if was, ok := back[now]; ok && was != a.Story {
			t.Fatalf("%s: stories %s and %s were merged", a.ID, was, a.Story)
		}
		pairs[a.Story], back[now] = now, a.Story
	}
}

// TestDamagedPlacementIsIgnored: a kept placement cut short or changed
// byte by byte never fails a build, and is not taken: the store is the
// one built without it. (A bit of a story's number changed, and taken,
// made unrelated stories one.)
func TestDamagedPlacementIsIgnored(t *testing.T) {
	arts := seedArticles(t)
	var kept, again [][]byte
	want := store.Build(prepareKept(arts, nil, &kept))
	base := kept[0]
	for _, damaged := range [][]byte{
		base[:len(base)/2],
		base[:len(base)-1],
		append(slices.Clone(base), 0),
		{1},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	} {
		st := store.Build(prepareKept(arts, [][]byte{damaged}, &again))
		if d := store.Differ(want, st); d != "" {
			t.Fatalf("damaged placement of %d bytes: %s", len(damaged), d)
		}
	}
	step := 1
	if raceEnabled {
		step = 17 // every byte in the plain run (plainOnly)
	}
	for i := 0; i < len(base); i += step {
		for _, flip := range []byte{0x01, 0x5a} {
			b := slices.Clone(base)
			b[i] ^= flip
			st := store.Build(prepareKept(arts, [][]byte{b}, &again))
			if d := store.Differ(want, st); d != "" {
				t.Fatalf("byte %d of %d changed (^%#x): %s", i, len(base), flip, d)
			}
			if _, _, grouped := store.Placed(st); grouped != st.Len() {
				t.Fatalf("byte %d of %d changed (^%#x): the placement was taken (%d of %d articles grouped)", i, len(base), flip, grouped, st.Len())
			}
		}
	}
}

// placementPrint holds, by placementVersion, the hash of the placement
// the seeds' build offers to keep. A change to how articles are weighed,
// clustered or grouped changes what a kept placement means: it must raise
// placementVersion (libraries then place their articles afresh) and add
// the new hash here. A placement names the AnalysisVersion it was made
// with (a library whose analyses are made again places afresh too), so
// the hash is by both.
var placementPrint = map[[2]int]string{
	{1, 1}: "0e1a55d2525ee3caa37c7b569b4e9d998538ce67d5e8c0ced4cc3f8d750743dd",
	{1, 2}: "181625c1e5e14a755c65523561f32892822d7d58c8923d32c60e1e9bf60ad262",
	{2, 2}: "507bcd53532b54979fb85144abda7ae59dcc6bc6a664858a5c2d64ac2d9bc65a",
	{2, 3}: "66a8724381558bc9353beb2c40c0ea60e4818aaf0f2edc4e0daf534b8be04d98",
	{2, 4}: "57fd8dcedad79a489551aafa9a21e94b963cc18d2feccc3816d60e7e990d7f34",
	{2, 5}: "2321e967c9deae243a157dbadb78a7b71ae9f002301f35036913889ccc70eaf6",
	{3, 5}: "8c95fe17b50dd1f4dcba1d16c30f2720b474147fd5989d0913f5377cc0c07d0f",
	{3, 6}: "23057e420728d9cfae26bc247214c6e1882ec41fc1f72d7e8b3337782eda9424",
	{3, 7}: "6bad9a56a91fb22870bd81b7de3bb8499fbd3008447d83409eecf4d75c12788e",
}

func TestPlacementVersion(t *testing.T) {
	var kept [][]byte
	store.Build(prepareKept(seedArticles(t), nil, &kept))
	if len(kept) != 1 {
		t.Fatalf("a first build offered %d rows, want a base", len(kept))
	}
	sum := sha256.Sum256(kept[0])
	if got, want := hex.EncodeToString(sum[:]), placementPrint[[2]int{store.PlacementVersion, store.AnalysisVersion}]; got != want {
		t.Fatalf("the seeds' placement is %s, not %s as placementVersion %d says: a change to what a placement means must raise placementVersion (libraries then place their articles afresh)", got, want, store.PlacementVersion)
	}
}

// Articles the library does not place (the seeds, files: no analysis)
// first in the store cost nothing of the kept placement: the library's
// own are neither clustered nor grouped again.
func TestPlacementKeptBehindOtherArticles(t *testing.T) {
	all := olderFirst(synth.Articles(600))
	others, arts := all[:100], all[100:] // as many as to outnumber the versions
	build := func(kept [][]byte, saved *[][]byte) *store.Store {
		return store.Build(append(slices.Clone(others), prepareKept(arts, kept, saved)...))
	}
	var kept, again [][]byte
	build(nil, &kept)
	if kept == nil {
		t.Fatal("no placement offered")
	}
	_, _, grouped := store.Placed(build(kept, &again))
	if grouped > len(others) {
		t.Fatalf("grouped %d articles again, want at most the %d not placed", grouped, len(others))
	}
}
