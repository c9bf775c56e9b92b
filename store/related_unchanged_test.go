package store_test

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
)

// relatedSums holds, for the BBC and headlines corpora, a digest of every
// article's 10 related stories as Related gives them (order, scores,
// labels, why words): what the quality figures (TestRelatedQualityBBC,
// TestSameStoryHeadlines, TestVersionsHeadlines) rest on.
const relatedSums = "testdata/related.sum"

// TestRelatedUnchanged: work that makes Related cheaper must not change
// what it gives. Every article's related list on BBC and headlines is
// digested and compared with the digest kept in testdata/related.sum. A
// change that is meant to change the ranking (its quality figures
// measured again, in the README) keeps its new digests with
//
//	LEDE_UPDATE_RELATED=1 go test -run TestRelatedUnchanged ./store/
//
// and LEDE_RELATED_DUMP=DIR writes each corpus's lists whole to DIR, to
// see what changed (diff two such dumps).
func TestRelatedUnchanged(t *testing.T) {
	want := map[string]string{}
	if raw, err := os.ReadFile(relatedSums); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
			if f := strings.Fields(line); len(f) == 2 {
				want[f[0]] = f[1]
			}
		}
	}
	got := map[string]string{}
	corpora := []struct {
		name  string
		store func(testing.TB) *store.Store
	}{
		{"bbc", bbcStore},
		{"headlines", func(tb testing.TB) *store.Store {
			st, _ := headlines(tb, builds[0]) // whole
			return st
		}},
	}
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			lists := relatedLists(c.store(t))
			if dir := os.Getenv("LEDE_RELATED_DUMP"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, c.name+".related"), []byte(lists), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got[c.name] = fmt.Sprintf("%x", sha256.Sum256([]byte(lists)))
			if os.Getenv("LEDE_UPDATE_RELATED") == "" && got[c.name] != want[c.name] {
				t.Errorf("%s: the related lists changed (digest %s, kept %s). If that is meant, measure the quality figures again and keep the new digests: LEDE_UPDATE_RELATED=1 go test -run TestRelatedUnchanged ./store/",
					c.name, got[c.name], want[c.name])
			}
		})
	}
	if os.Getenv("LEDE_UPDATE_RELATED") != "" && len(got) == len(corpora) {
		f, err := os.Create(relatedSums)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		for _, c := range corpora {
			fmt.Fprintln(w, c.name, got[c.name])
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// relatedLists gives every article's 10 related stories, one line each.
func relatedLists(st *store.Store) string {
	var b strings.Builder
	for _, a := range st.List() {
		for k, r := range st.Related(a.ID, 10) {
			fmt.Fprintf(&b, "%s\t%d\t%s\t%.3f\t%t\t%s\t%s\n", a.ID, k, r.ID, r.Score, r.Version, r.Label, strings.Join(r.Why, ","))
		}
	}
	return b.String()
}
