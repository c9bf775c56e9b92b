package cli

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// accentServer serves /accents.xml: titles that differ only by case and
// accents, pieces several titles hold, and one item twice under two
// guids (its publisher changed them: one article, two rows).
func accentServer(t *testing.T) *httptest.Server {
	t.Helper()
	items := []struct{ guid, title, body string }{
		{"a1", "Café prices rise in Zürich", "The price of coffee rose again in Zürich cafés this week."},
		{"a2", "Cafe society returns to the old town", "Evening crowds are back in the old town's cafes."},
		{"a3", "Gold medal for Müller in Oslo", "Müller won the gold medal in the sprint at Oslo."},
		{"a4", "Gold rush in the northern hills", "Prospectors came back to the northern hills after a find."},
		{"a5", "ÜBER DIE BRÜCKE", "A bridge reopened after two years of repairs."},
		{"a6", "Gold", "A one-word headline, whose whole title is a piece of others."},
		{"a7", "Harbour strike ends", "Dockers went back to work on Monday after a week out."},
		{"a7-new-guid", "Harbour strike ends", "Dockers went back to work on Monday after a week out."},
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Accents</title>`)
	for k, it := range items {
		fmt.Fprintf(&b, `<item><guid>%s</guid><title>%s</title><pubDate>Mon, 30 Nov 2026 %02d:00:00 GMT</pubDate><description>%s</description></item>`,
			it.guid, it.title, 10-k/2, it.body)
	}
	b.WriteString(`</channel></rss>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/accents.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, b.String())
	}))
	t.Cleanup(srv.Close)
	return srv
}

// refAnswer is what resolving a reference gave: an article, or an error.
type refAnswer struct{ id, title, err string }

// bothWays resolves each ref as a run of lede with flags would: through
// the library's IDs and titles (quickRefs), and through a store of all
// that is shown, as before. quick must be taken.
func bothWays(t *testing.T, flags func(*options), refs []string) (quick, slow []refAnswer) {
	t.Helper()
	var errb bytes.Buffer
	o := newOptions(strings.NewReader(""), io.Discard, &errb)
	o.readSettings()
	if flags != nil {
		flags(o)
	}
	defer o.closeLibrary()
	q, ok := o.quickRefs()
	if !ok {
		t.Fatalf("no quick path: %s", errb.String())
	}
	for _, ref := range refs {
		id, title, err := q.find(ref)
		quick = append(quick, answer(id, title, err))
	}
	st, err := o.load()
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		a, err := resolve(st, o.shownLibrary(), ref)
		if err != nil {
			slow = append(slow, answer("", "", err))
			continue
		}
		slow = append(slow, answer(a.ID, a.Title, nil))
	}
	return quick, slow
}

func answer(id, title string, err error) refAnswer {
	if err != nil {
		return refAnswer{err: err.Error()}
	}
	return refAnswer{id: id, title: title}
}

// refsToTry are references a person might type of what the library
// holds: every row's ID (a copy's too), the start of each, each title
// whole, shouted, and a piece of it; and pieces that name several, none,
// or differ by accents alone.
func refsToTry(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id, title FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	refs := []string{"cafe", "CAFÉ", "café prices", "zurich", "uber die brucke", "gold", "  Gold  ", "GOLD MEDAL",
		"gold   medal", "the", "e", "harbour strike ends", "mexico", "nothing-matches-this", "", "   "}
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(title)
		refs = append(refs, id, " "+id+" ", id[:min(6, len(id))], title, strings.ToUpper(title))
		if len(words) > 2 {
			refs = append(refs, strings.Join(words[1:3], " "))
		}
		if utf8.RuneCountInString(title) > 4 {
			refs = append(refs, string([]rune(title)[2:5]))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return refs
}

func sameAnswers(t *testing.T, refs []string, quick, slow []refAnswer) {
	t.Helper()
	found, several := 0, 0
	for i, ref := range refs {
		if quick[i] != slow[i] {
			t.Errorf("%q: quick %+v, the store's %+v", ref, quick[i], slow[i])
		}
		if slow[i].id != "" {
			found++
		} else if strings.Contains(slow[i].err, "say which") {
			several++
		}
	}
	t.Logf("%d refs: %d found one, %d several", len(refs), found, several)
	if found == 0 || several == 0 {
		t.Fatalf("of %d refs, %d found one and %d several: the cases are not all tried", len(refs), found, several)
	}
}

// A reference resolved from the library's IDs and titles names the
// article a store of the library names, or fails with the same words:
// for IDs, copies' IDs (a feed and its mirror, an item twice in one
// feed), title pieces, case and accents, several matches and none; with
// the seeds beside the library (--seeds, or one saved before the first
// subscription), and after a feed was removed.
func TestQuickRefIsTheStores(t *testing.T) {
	path := freshLibrary(t)
	srv := mirrorServer(t)
	acc := accentServer(t)
	// A seed saved before there were feeds stays beside the library.
	seedsList := listJSON(t)
	if out, errs, code := lede(t, "mark", "saved", seedsList[0].ID); code != 0 {
		t.Fatalf("mark saved %s: %d %s %s", seedsList[0].ID, code, out, errs)
	}
	for _, args := range [][]string{
		{"add", srv.URL + "/tc.xml"},
		{"add", srv.URL + "/tc-mirror.xml", "--name", "Mirror"},
		{"add", acc.URL + "/accents.xml"},
	} {
		if _, errs, code := lede(t, args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, errs)
		}
	}
	refs := refsToTry(t, path)
	for _, seeds := range []bool{false, true} {
		quick, slow := bothWays(t, func(o *options) { o.seeds = seeds }, refs)
		sameAnswers(t, refs, quick, slow)
	}
	quick, slow := bothWays(t, func(o *options) { o.noSeeds = true }, refs)
	sameAnswers(t, refs, quick, slow)

	// Saved through the mirror, then the first feed removed: the
	// mirror's rows stand for the articles, the saved one stays.
	all := listJSON(t)
	if _, errs, code := lede(t, "mark", "saved", all[3].ID); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := lede(t, "remove", "TechCrunch"); code != 0 {
		t.Fatalf("remove: %d %s", code, errs)
	}
	refs = append(refs, refsToTry(t, path)...)
	quick, slow = bothWays(t, nil, refs)
	sameAnswers(t, refs, quick, slow)
}

// mark and fetch find a piece of a title from the library's IDs and
// titles, and say which where it names several, as a store would.
func TestMarkByTitlePieceWithoutStore(t *testing.T) {
	freshLibrary(t)
	acc := accentServer(t)
	if _, errs, code := lede(t, "add", acc.URL+"/accents.xml"); code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	out, errs, code := lede(t, "mark", "saved", "uber die brucke")
	if code != 0 || out != "marked 1 article saved\n" {
		t.Fatalf("mark saved by an unaccented piece: %d %q %s", code, out, errs)
	}
	saved := listJSON(t, "--saved")
	if len(saved) != 1 || !strings.Contains(saved[0].ID, "uber") {
		t.Fatalf("saved: %+v, want the bridge's article", saved)
	}
	_, errs, code = lede(t, "mark", "read", "cafe")
	want := "lede: 2 articles match \"cafe\"; say which:\n"
	if code != exitUsage || !strings.HasPrefix(errs, want) || strings.Count(errs, "\n  ") != 2 {
		t.Fatalf("mark read cafe: %d %q, want exit 2 and the two cafés listed", code, errs)
	}
	_, errs, code = lede(t, "show", "nothing-matches-this")
	if code != exitUsage || errs != "lede: no article matches \"nothing-matches-this\" (try `lede list`)\n" {
		t.Fatalf("show of nothing: %d %q", code, errs)
	}
	// The item twice in its feed is one article: a piece of its title
	// names it (it has no page to fetch, which fetch says of it).
	_, errs, code = lede(t, "fetch", "Harbour strike")
	if code != exitFailure || errs != "lede: the article has no link to fetch\n" {
		t.Fatalf("fetch of the one article two rows hold: %d %q", code, errs)
	}
	_, errs, code = lede(t, "related", "cafe")
	if code != exitUsage || !strings.HasPrefix(errs, want) {
		t.Fatalf("related cafe: %d %q", code, errs)
	}
	_, errs, code = lede(t, "compare", "nothing-matches-this")
	if code != exitUsage || !strings.HasPrefix(errs, "lede: no article matches") {
		t.Fatalf("compare of nothing: %d %q", code, errs)
	}
}
