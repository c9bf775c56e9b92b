package library

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// A library whose analyses a lede before AnalysisVersion 7 made (which
// read a run of Chinese or Japanese as one word) analyses every article
// again at its first load, and its store then finds the words within a
// run; the next load analyses none and finds them still.
func TestCJKLibraryAnalysedAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	zh, ja := "中文标题：阿尔法风暴逼近沿海城市", "メキシコとアメリカの緊張"
	arts := []store.Article{
		{ID: "zh", Title: zh, Body: "气象部门表示，阿尔法风暴预计周五登陆。", Words: 10},
		{ID: "ja", Title: ja, Body: "最近のニュースによると、両国の関係は悪化している。", Words: 12},
		{ID: "en", Title: "Storm Alpha nears the coast", Body: "Forecasters said the storm would make landfall on Friday.", Words: 9},
	}
	keepFeed(t, l, arts)
	l.background.Wait()
	epoch, err := analysisEpoch(ctx, l.db)
	if err != nil || epoch == "" {
		t.Fatalf("no analyses kept: %q %v", epoch, err)
	}
	// Version 6, the last before bigrams, not AnalysisVersion-1: a change
	// to the analysis that forgets to raise the version fails here.
	_, stamp, _ := strings.Cut(epoch, ":")
	if _, err := l.db.Exec(`UPDATE meta SET value = ? WHERE key = ?`, "6:"+stamp, metaAnalysis); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	load := func(wantAnalysed int) {
		t.Helper()
		l, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		analysed.Store(0)
		got, err := l.Articles(ctx)
		if err != nil || len(got) != len(arts) {
			t.Fatalf("%d articles: %v", len(got), err)
		}
		if n := analysed.Load(); n != int64(wantAnalysed) {
			t.Fatalf("%d articles analysed, want %d", n, wantAnalysed)
		}
		st := store.Build(got)
		for q, want := range map[string]string{"风暴": zh, "阿尔法": zh, "风": zh, "メキシコ": ja, "最近": ja, "緊": ja, "storm": "Storm Alpha nears the coast"} {
			hits := st.Search(q, 0)
			if len(hits) != 1 || hits[0].Title != want {
				t.Errorf("search %s: %d hits, want %q", q, len(hits), want)
			}
		}
		l.background.Wait()
	}
	load(len(arts))
	load(0)
}
