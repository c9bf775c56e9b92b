package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/stream"
)

// lost is the library as it answers for articles removed from it since
// the store was built (a prune or remove in another process): the body
// read fails for the IDs in gone.
type lost struct {
	store.BodySource
	gone map[string]bool
}

func (l lost) Body(id string) (string, error) {
	if l.gone[id] {
		return "", errors.New("the library no longer holds it")
	}
	return l.BodySource.Body(id)
}

// libraryWithLost gives the seeds and extra as a library gives them
// (each with its analysis, its text left in the file), the text of those
// titled with one of titles no longer readable.
func libraryWithLost(t *testing.T, extra []store.Article, titles ...string) stream.Provider {
	t.Helper()
	ctx := context.Background()
	lib, err := library.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	arts, _ := ingest.LoadFS(seeds.FS)
	arts = append(arts, extra...)
	added, _, err := lib.Subscribe(ctx, []library.Subscription{{URL: "https://news.example/feed"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Keep(ctx, added[0], arts); err != nil {
		t.Fatal(err)
	}
	got, err := lib.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gone := map[string]bool{}
	kept := 0
	for i := range got {
		if got[i].BodyFrom == nil {
			continue
		}
		kept++
		for _, title := range titles {
			if strings.Contains(got[i].Title, title) {
				gone[got[i].ID] = true
			}
		}
		got[i].BodyFrom = lost{got[i].BodyFrom, gone}
	}
	if kept == 0 || len(gone) != len(titles) {
		t.Fatalf("%d articles with their text left in the library, %d of %q found", kept, len(gone), titles)
	}
	return stream.Provider{Name: "library", Load: func(context.Context) ([]store.Article, []error) {
		return append([]store.Article(nil), got...), nil
	}}
}

func ledeOn(t *testing.T, p stream.Provider, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	o := newOptions(strings.NewReader(""), &out, &errb)
	o.demo = p
	code = o.execute(args)
	return out.String(), errb.String(), code
}

// An article whose text the library fails to give is a failure a script
// can see: exit 1 and one line on stderr naming it and why, for show and
// show --json (whose body is then empty and "unreadable" says why), and
// for compare of its story, which still compares the other versions.
// Search and related, answered from the index, do not fail.
func TestUnreadableTextFails(t *testing.T) {
	seedArts, _ := ingest.LoadFS(seeds.FS)
	var copied store.Article // the same report, a line added: a version by its words alone
	for _, a := range seedArts {
		if strings.HasPrefix(a.Title, "Beauty Influencer") {
			copied = store.Article{Title: a.Title + " (updated)", Body: a.Body + "\n\nThe prosecutor's office gave no further details.", Source: "wire.txt"}
		}
	}
	p := libraryWithLost(t, []store.Article{copied}, "(updated)")
	out, errs, code := ledeOn(t, p, "show", "(updated)", "--plain")
	if code != exitFailure || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "beauty-influencer") || !strings.Contains(errs, "could not be read: the library no longer holds it") {
		t.Errorf("show: exit %d, stderr %q; want 1 and one line naming the article and why", code, errs)
	}
	if out != "" {
		t.Errorf("show printed an article it could not read:\n%s", out)
	}

	out, errs, code = ledeOn(t, p, "show", "(updated)", "--json")
	if code != exitFailure || strings.Count(errs, "\n") != 1 {
		t.Errorf("show --json: exit %d, stderr %q", code, errs)
	}
	var a map[string]any
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	if a["body"] != "" || a["unreadable"] != "the library no longer holds it" || a["title"] == nil || a["related"] == nil {
		t.Errorf("show --json of an unreadable article: %s", out)
	}

	// The other versions of its story read, and compare with it by title.
	out, errs, code = ledeOn(t, p, "compare", "Beauty Influencer Shot Dead During TikTok Livestream in Mexico", "--plain", "--width", "80")
	if code != exitFailure || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "beauty-influencer") {
		t.Errorf("compare: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "its text could not be read") || !strings.Contains(out, "a 23-year-old") {
		t.Errorf("compare of a story with an unreadable version:\n%s", out)
	}
	out, _, code = ledeOn(t, p, "compare", "Beauty Influencer Shot Dead During TikTok Livestream in Mexico", "--json")
	var c struct {
		Versions []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil || code != exitFailure || len(c.Versions) != 2 {
		t.Fatalf("compare --json: exit %d, %v\n%s", code, err, out)
	}
	for _, v := range c.Versions {
		if want := strings.HasSuffix(v["title"].(string), "(updated)"); (v["unreadable"] != nil) != want {
			t.Errorf("compare --json version %v: unreadable %v", v["id"], v["unreadable"])
		}
	}

	// Search and related answer from the index, which holds it whole:
	// no failure.
	if out, errs, code = ledeOn(t, p, "related", "(updated)", "--json"); code != 0 || errs != "" || !strings.Contains(out, `"related": [`+"\n    {") {
		t.Errorf("related of an unreadable article: exit %d, %q\n%s", code, errs, out)
	}
	if out, errs, code = ledeOn(t, p, "search", "prosecutor's office gave no further details", "--json"); code != 0 || errs != "" || !strings.Contains(out, "(updated)") {
		t.Errorf("search finding an unreadable article: exit %d, %q\n%s", code, errs, out)
	}

	// What can be read is as before.
	if out, errs, code = ledeOn(t, p, "show", "Valeria Márquez Killed", "--json"); code != 0 || errs != "" || strings.Contains(out, `"unreadable"`) {
		t.Errorf("show of a readable article: exit %d, %q\n%s", code, errs, out)
	}
}
