package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mirrorServer serves TechCrunch's real feed (../shared/corpora) at
// /tc.xml and again at /tc-mirror.xml, as a feed and its mirror.
func mirrorServer(t *testing.T) *httptest.Server {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpora", "feeds", "feedjira__TechCrunch.xml"))
	if err != nil {
		t.Skip("no ../shared/corpora:", err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/tc.xml" && r.URL.Path != "/tc-mirror.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func listJSON(t *testing.T, args ...string) []listEntryJSON {
	t.Helper()
	out, errs, code := lede(t, append([]string{"list", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("list --json %v: %d %s", args, code, errs)
	}
	var got []listEntryJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	return got
}

type listEntryJSON struct {
	ID    string   `json:"id"`
	Feed  string   `json:"feed"`
	Feeds []string `json:"feeds"`
	Read  bool     `json:"read"`
	Saved bool     `json:"saved"`
}

// The same item in two feeds is one article, which belongs to both: a
// mark made through either feed is the article's, the counts of both
// feeds agree, and each feed's filter finds it.
func TestSameItemInTwoFeeds(t *testing.T) {
	freshLibrary(t)
	srv := mirrorServer(t)
	if _, errs, code := lede(t, "add", srv.URL+"/tc.xml"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	if _, errs, code := lede(t, "add", srv.URL+"/tc-mirror.xml", "--name", "Mirror"); code != 0 {
		t.Fatalf("add mirror: %d %s", code, errs)
	}
	out, errs, code := lede(t, "mark", "read", "--all", "--feed", "Mirror")
	if code != 0 || out != "marked 20 articles read\n" {
		t.Fatalf("mark --all --feed Mirror: %d %q %s", code, out, errs)
	}
	all := listJSON(t)
	if len(all) != 20 {
		t.Fatalf("%d articles listed, want the 20 merged", len(all))
	}
	for _, e := range all {
		if !e.Read {
			t.Fatalf("%s: not read after marking the mirror read", e.ID)
		}
		if len(e.Feeds) != 2 {
			t.Fatalf("%s: feeds %v, want both", e.ID, e.Feeds)
		}
	}
	if out, _, _ := lede(t, "list", "--unread"); out != "" {
		t.Fatalf("list --unread after marking every copy read:\n%s", out)
	}
	for _, f := range []string{"Mirror", "TechCrunch"} {
		if got := listJSON(t, "--feed", f); len(got) != 20 {
			t.Errorf("list --feed %s: %d articles, want 20", f, len(got))
		}
	}
	if out, _, _ = lede(t, "feeds"); strings.Count(out, "20 articles, 0 unread") != 2 {
		t.Errorf("feeds:\n%s\nwant 20 articles, 0 unread on each", out)
	}
	// Through the other feed, by the kept article's own ID: unread
	// again in both feeds, and saved.
	id := all[0].ID
	lede(t, "mark", "unread", id)
	lede(t, "mark", "saved", "--all", "--feed", "TechCrunch")
	if out, _, _ = lede(t, "feeds"); strings.Count(out, "20 articles, 1 unread") != 2 {
		t.Errorf("feeds after one unread:\n%s\nwant 1 unread on each", out)
	}
	for _, e := range listJSON(t, "--saved", "--feed", "Mirror") {
		if !e.Saved {
			t.Fatalf("%s listed as saved, is not", e.ID)
		}
	}
	if got := listJSON(t, "--saved", "--feed", "Mirror"); len(got) != 20 {
		t.Errorf("--saved --feed Mirror: %d, want the 20 saved through TechCrunch", len(got))
	}
}

// A feed is subscribed once whatever the case of its scheme and host.
func TestImportFoldsSchemeAndHost(t *testing.T) {
	freshLibrary(t)
	srv := mirrorServer(t)
	upper := "HTTP://" + strings.ToUpper(strings.TrimPrefix(srv.URL, "http://")) + "/tc.xml"
	file := filepath.Join(t.TempDir(), "urls")
	os.WriteFile(file, []byte(upper+"\n"+srv.URL+"/tc.xml\n"), 0o600)
	if out, errs, code := lede(t, "import", file); code != 0 || !strings.HasPrefix(out, "imported 1 feed") {
		t.Fatalf("import: %d %q %s", code, out, errs)
	}
	if _, errs, code := lede(t, "add", srv.URL+"/tc.xml"); code != 0 || !strings.Contains(errs, "subscribed already") {
		t.Fatalf("add after import: %d %s", code, errs)
	}
	out, _, _ := lede(t, "feeds", "--json")
	if strings.Count(out, `"url"`) != 1 || !strings.Contains(out, srv.URL+"/tc.xml") {
		t.Fatalf("feeds: %s", out)
	}
	// The path is the server's: another case is another feed.
	file2 := filepath.Join(t.TempDir(), "urls")
	os.WriteFile(file2, []byte(srv.URL+"/TC.xml\n"), 0o600)
	if out, errs, code := lede(t, "import", file2); code != 0 || !strings.HasPrefix(out, "imported 1 feed") {
		t.Fatalf("import of another path: %d %q %s", code, out, errs)
	}
}

// A mirror subscribed after the marking takes the article's marks: its
// counts agree with the list, and removing the first feed keeps every
// mark on the copies the mirror carries, says that they stay, and leaves
// the saved article the mirror's (feed, not feeds).
func TestMirrorAddedLaterKeepsMarks(t *testing.T) {
	freshLibrary(t)
	srv := mirrorServer(t)
	if _, errs, code := lede(t, "add", srv.URL+"/tc.xml", "--name", "A"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	lede(t, "mark", "read", "--all")
	all := listJSON(t)
	if len(all) != 20 {
		t.Fatalf("%d articles, want TechCrunch's 20", len(all))
	}
	saved := all[3].ID
	if _, errs, code := lede(t, "mark", "saved", saved); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := lede(t, "add", srv.URL+"/tc-mirror.xml", "--name", "B"); code != 0 {
		t.Fatalf("add mirror: %d %s", code, errs)
	}
	if out, _, _ := lede(t, "feeds"); strings.Count(out, "20 articles, 0 unread") != 2 {
		t.Errorf("feeds:\n%s\nwant 20 articles, 0 unread on each, as the list has them", out)
	}
	if out, _, _ := lede(t, "list", "--unread"); out != "" {
		t.Fatalf("list --unread before the remove:\n%s", out)
	}
	out, errs, code := lede(t, "remove", "A")
	if code != 0 || out != "removed A (0 articles; 19 stay, as another feed carries them too; 1 saved article kept)\n" {
		t.Fatalf("remove A: %d %q %s", code, out, errs)
	}
	if out, _, _ := lede(t, "list", "--unread"); out != "" {
		t.Fatalf("list --unread after removing A: the marks went with it\n%s", out)
	}
	was := map[string]bool{}
	for _, e := range all {
		was[e.ID] = true
	}
	all = listJSON(t)
	if len(all) != 20 {
		t.Fatalf("%d articles after the remove, want the mirror's 20", len(all))
	}
	// The IDs the list gave stay the articles' (A's, the copies shown).
	for _, e := range all {
		if !was[e.ID] {
			t.Errorf("%s: an ID the list did not give before the remove", e.ID)
		}
	}
	if _, errs, code := lede(t, "show", saved); code != 0 {
		t.Errorf("show %s after the remove: %d %s", saved, code, errs)
	}
	nsaved := 0
	for _, e := range all {
		if !e.Read {
			t.Errorf("%s: unread after removing A", e.ID)
		}
		if e.Feed != "B" || e.Feeds != nil {
			t.Errorf("%s: feed %q, feeds %v; want feed B alone", e.ID, e.Feed, e.Feeds)
		}
		if e.Saved {
			nsaved++
		}
	}
	if nsaved != 1 {
		t.Errorf("%d saved, want 1", nsaved)
	}
	if out, _, _ := lede(t, "feeds"); !strings.Contains(out, "20 articles, 0 unread") {
		t.Errorf("feeds after the remove:\n%s", out)
	}
	// And the mirror removed: its articles go, but for the saved one.
	out, _, _ = lede(t, "remove", "B")
	if out != "removed B (19 articles; 1 saved article kept)\n" {
		t.Errorf("remove B: %q", out)
	}
	if got := listJSON(t, "--saved"); len(got) != 1 {
		t.Errorf("%d saved after removing both feeds, want 1", len(got))
	}
}

// The reader opens on each article's own state: the state its copies
// share (a mark an older lede made through the mirror alone) comes with
// the first Follow, once they are found, so that the first frame does
// not wait for them (0.2-0.3 s at 100,000 articles), and it is not said
// to be a mark made elsewhere (Shared).
func TestReaderSharesCopiesAfterItOpens(t *testing.T) {
	path := freshLibrary(t)
	srv := mirrorServer(t)
	for _, args := range [][]string{{"add", srv.URL + "/tc.xml"}, {"add", srv.URL + "/tc-mirror.xml", "--name", "Mirror"}} {
		if _, errs, code := lede(t, args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, errs)
		}
	}
	kept := listJSON(t)[0].ID
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var copyID string
	if err := db.QueryRow(`SELECT id FROM articles WHERE title = (SELECT title FROM articles WHERE id = ?) AND id != ?`, kept, kept).Scan(&copyID); err != nil {
		t.Fatal(err)
	}
	// As an older lede wrote it: the mirror's copy read, the kept one not.
	if _, err := db.Exec(`INSERT INTO state (id, read, saved, position, changed) VALUES (?, 1, 0, 0, 0)`, copyID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	t.Cleanup(o.closeLibrary)
	r, ok := o.readerState().(*readerLibrary)
	if !ok {
		t.Fatalf("no library: %T", o.readerState())
	}
	if r.Marks()[kept].Read {
		t.Fatal("the reader's first marks waited for the copies to be found")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := r.Follow(ctx)
	if err != nil {
		t.Fatalf("Follow after Marks: %v (the copies' state never came)", err)
	}
	if !c.Shared || !c.Marks[kept].Read || c.Through != 0 || c.Src != nil {
		t.Fatalf("Follow after Marks: %+v, want the kept copy read, shared", c)
	}
}

// hiddenCopies gives the library's IDs no view shows: copies the store
// merged into the article it kept.
func hiddenCopies(t *testing.T, path string) []string {
	t.Helper()
	shown := map[string]bool{}
	for _, e := range listJSON(t) {
		shown[e.ID] = true
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(context.Background(), `SELECT id FROM articles ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var hidden []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		if !shown[id] {
			hidden = append(hidden, id)
		}
	}
	return hidden
}

// Either copy's ID is the article's, in every command that takes a REF:
// the mirror's ID, which no view shows, names the article kept.
func TestCopyIDNamesTheArticle(t *testing.T) {
	path := freshLibrary(t)
	srv := mirrorServer(t)
	lede(t, "add", srv.URL+"/tc.xml", "--name", "A")
	lede(t, "add", srv.URL+"/tc-mirror.xml", "--name", "B")
	hidden := hiddenCopies(t, path)
	if len(hidden) != 20 {
		t.Fatalf("%d copies hidden, want the mirror's 20", len(hidden))
	}
	id := hidden[0]
	out, errs, code := lede(t, "show", id, "--json")
	if code != 0 {
		t.Fatalf("show %s: %d %s", id, code, errs)
	}
	var shown struct {
		ID    string   `json:"id"`
		Feeds []string `json:"feeds"`
	}
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.ID == id || len(shown.Feeds) != 2 {
		t.Fatalf("show %s gave %s of %v, want the article kept, of both feeds", id, shown.ID, shown.Feeds)
	}
	if _, errs, code := lede(t, "related", id); code != 0 {
		t.Errorf("related %s: %d %s", id, code, errs)
	}
	if _, errs, code := lede(t, "compare", id); code != 0 {
		t.Errorf("compare %s: %d %s", id, code, errs)
	}
	if out, errs, code := lede(t, "mark", "saved", id); code != 0 || out != "marked 1 article saved\n" {
		t.Fatalf("mark saved %s: %d %q %s", id, code, out, errs)
	}
	if got := listJSON(t, "--saved"); len(got) != 1 || got[0].ID != shown.ID {
		t.Errorf("list --saved: %v, want %s", got, shown.ID)
	}
	// Not an ID of the library: no article, as before.
	if _, errs, code := lede(t, "show", "nothing-like-it-000000"); code == 0 || !strings.Contains(errs, "no article matches") {
		t.Errorf("show of no ID: %d %s", code, errs)
	}
}
