package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/synth"
)

// sameAsTheStore runs lede with args twice, answering from the library
// (quick) and from a store built of it, and fails where the two differ
// in a byte of stdout or stderr, or in the exit code. quick says whether
// the first was answered without a store.
func sameAsTheStore(t *testing.T, args ...string) (quick bool) {
	t.Helper()
	before := quickServed.Load()
	out, errs, code := lede(t, args...)
	quick = quickServed.Load() > before
	quickOff = true
	defer func() { quickOff = false }()
	sOut, sErrs, sCode := lede(t, args...)
	if out != sOut || errs != sErrs || code != sCode {
		t.Fatalf("lede %s: the library's answer (quick %v) differs from the store's:\n%d %q\nstdout:\n%s\nagainst %d %q\nstdout:\n%s",
			strings.Join(args, " "), quick, code, errs, cut(out), sCode, sErrs, cut(sOut))
	}
	return quick
}

func cut(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// libraryOf fills a fresh library with arts, as librarycorpus does: one
// subscription per section, each article an item keyed by its link (or
// title), and gives it closed.
func libraryOf(t *testing.T, arts []store.Article) {
	t.Helper()
	freshLibrary(t)
	ctx := context.Background()
	lib, err := library.Open(library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	byFeed := map[string][]store.Article{}
	var subs []library.Subscription
	for _, a := range arts {
		a.Key = "title:" + a.Title
		if len(a.Links) > 0 {
			a.Key = "link:" + a.Links[0]
		}
		name := a.Section
		if name == "" {
			name = "News"
		}
		if _, ok := byFeed[name]; !ok {
			subs = append(subs, library.Subscription{URL: "https://feeds.example.com/" + strconv.Itoa(len(subs)) + ".xml", Name: name})
		}
		byFeed[name] = append(byFeed[name], a)
	}
	feeds, _, err := lib.Subscribe(ctx, subs)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range feeds {
		if _, err := lib.Keep(ctx, f, byFeed[f.Name]); err != nil {
			t.Fatal(err)
		}
	}
}

// quickLibraries fill a fresh library each: the seeds, a synthetic
// corpus of BBC's articles (versions of one story, several feeds; skipped
// without ../shared), and a real feed and its mirror (copies merged, an
// article in two feeds).
func quickLibraries() map[string]func(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	return map[string]func(t *testing.T){
		"seeds": func(t *testing.T) { libraryOf(t, seedArts) },
		"synth": func(t *testing.T) {
			if synth.FindBBC() == "" {
				t.Skip("no ../shared/corpora/bbc")
			}
			// Under the race detector (ten times slower) a quarter as
			// many: the same paths (versions, several feeds), the
			// plain run's 400 for the byte-for-byte at size.
			n := 400
			if raceEnabled {
				n = 100
			}
			libraryOf(t, synth.New(synth.Default(), n).Articles())
		},
		"mirror": func(t *testing.T) {
			freshLibrary(t)
			srv := mirrorServer(t)
			for _, args := range [][]string{{"add", srv.URL + "/tc.xml"}, {"add", srv.URL + "/tc-mirror.xml", "--name", "Mirror"}} {
				if _, errs, code := lede(t, args...); code != 0 {
					t.Fatalf("%v: %d %s", args, code, errs)
				}
			}
		},
	}
}

// The library's articles are listed, and one shown, without a store
// where the placement the last build kept is the store's, and then
// byte for byte as the store lists and shows them: on the seeds, on a
// synthetic corpus of BBC's articles (versions of one story, several
// feeds), and on a real feed and its mirror (copies merged, an article
// in two feeds), with marks, every filter, --json and --stories; a library changed
// since (an article added) is answered by the store, once.
func TestQuickListIsTheStores(t *testing.T) {
	for name, fill := range quickLibraries() {
		t.Run(name, func(t *testing.T) {
			fill(t)
			// The first build keeps its placement, and what it is of.
			lede(t, "list")
			out, _, _ := lede(t, "list", "--json")
			var all []struct{ ID, Title, Feed string }
			if err := json.Unmarshal([]byte(out), &all); err != nil || len(all) < 3 {
				t.Fatalf("%d articles, %v", len(all), err)
			}
			first, last := all[0].ID, all[len(all)-1].ID
			for _, args := range [][]string{{"mark", "saved", first}, {"mark", "read", last}} {
				if _, errs, code := lede(t, args...); code != 0 {
					t.Fatalf("%v: %d %s", args, code, errs)
				}
			}
			feed := all[len(all)/2].Feed
			piece := strings.Fields(strings.ToLower(all[1].Title))[0]
			quick := [][]string{
				{"list"}, {"list", "--json"}, {"list", "--saved"}, {"list", "--unread", "--json"},
				{"list", "--feed", feed}, {"list", "--feed", feed, "--json", "--unread"},
				{"show", first, "--plain"}, {"show", last, "--plain", "--width", "60"},
				{}, {"--json"}, // lede in a pipe: lede list
				{"list", "--stories"}, {"list", "--stories", "--json"}, {"list", "--stories", "--unread", "--feed", feed},
			}
			for _, args := range quick {
				if !sameAsTheStore(t, args...) {
					t.Fatalf("lede %s: built a store", strings.Join(args, " "))
				}
			}
			for _, args := range [][]string{
				{"list", "--feed", "no such feed"}, {"show", "no article is called this"},
				{"show", piece, "--plain"}, {"show", all[2].Title, "--plain"}, {"show", first, "--json"},
			} {
				sameAsTheStore(t, args...)
			}

			// An article edited since, then one added: the store
			// answers, and keeps its placement for the next.
			editSince(t, all[1].ID)
			if sameAsTheStore(t, "list", "--json") {
				t.Fatal("a library edited since the placement was kept was listed without a store")
			}
			if !sameAsTheStore(t, "list", "--json") {
				t.Fatal("the next list built a store again")
			}
			ctx := context.Background()
			lib, err := library.Open(library.DefaultPath())
			if err != nil {
				t.Fatal(err)
			}
			feeds, err := lib.Subscriptions(ctx)
			if err == nil {
				_, err = lib.Keep(ctx, feeds[0], []store.Article{{Title: all[0].Title + " again", Body: "A text of its own, said once.", Key: "added since", Words: 6}})
			}
			lib.Close()
			if err != nil {
				t.Fatal(err)
			}
			if sameAsTheStore(t, "list", "--json") {
				t.Fatal("a library changed since the placement was kept was listed without a store")
			}
			if !sameAsTheStore(t, "list", "--json") {
				t.Fatal("the next list built a store again")
			}
		})
	}
}

// editSince edits the body of the library's article id behind lede's
// back, as an update would: the library's articles no longer what its
// last build kept, so the quick paths must leave the answer to the store.
func editSince(t *testing.T, id string) {
	t.Helper()
	db, err := sql.Open("sqlite", library.DefaultPath())
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`UPDATE articles SET body = body || ' Edited since.' WHERE id = ?`, id)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
}
