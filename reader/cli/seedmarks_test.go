package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
)

// On a fresh machine the reader keeps the seeds' marks in a library of no
// subscriptions; the command line shows and changes the same marks: list
// (--unread, --saved, --json), mark by ID and by title, mark --all, and
// the reader's next run sees what mark did.
func TestSeedMarksAgree(t *testing.T) {
	freshLibrary(t)
	const fentanyl = "fentanyl-crisis-strains-us-mexico-793de1"
	const mayoral = "mayoral-candidate-gunned-down-during-7243e1"
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	state := o.readerState()
	state.SetMark(fentanyl, reader.Mark{}, reader.Mark{Read: true, Position: 3})
	state.SetMark(mayoral, reader.Mark{}, reader.Mark{Saved: true})
	o.closeLibrary()

	count := func(args ...string) int {
		t.Helper()
		out, errs, code := lede(t, append([]string{"list"}, args...)...)
		if code != 0 {
			t.Fatalf("list %v: %d %s", args, code, errs)
		}
		return strings.Count(out, "\n")
	}
	if n := count("--unread"); n != 8 {
		t.Errorf("list --unread after the reader read a seed: %d, want 8", n)
	}
	if n := count("--saved"); n != 1 {
		t.Errorf("list --saved after the reader saved a seed: %d, want 1", n)
	}
	js, _, _ := lede(t, "list", "--json")
	var arts []map[string]any
	if err := json.Unmarshal([]byte(js), &arts); err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a["read"] != (a["id"] == fentanyl) || a["saved"] != (a["id"] == mayoral) {
			t.Errorf("list --json: %v read %v saved %v", a["id"], a["read"], a["saved"])
		}
	}
	// show --json says the same of the one article.
	var shown struct{ Read, Saved *bool }
	if js, errs, _ := lede(t, "show", mayoral, "--json"); json.Unmarshal([]byte(js), &shown) != nil || shown.Read == nil || shown.Saved == nil || *shown.Read || !*shown.Saved {
		t.Errorf("show --json of the seed the reader saved: %q %q", js, errs)
	}
	if out, errs, code := lede(t, "mark", "read", mayoral); code != 0 || !strings.HasPrefix(out, "marked 1 ") {
		t.Fatalf("mark a seed by ID: %d %q %q", code, out, errs)
	}
	if out, errs, code := lede(t, "mark", "unread", "Fentanyl Crisis"); code != 0 || !strings.HasPrefix(out, "marked 1 ") {
		t.Fatalf("mark a seed by title: %d %q %q", code, out, errs)
	}
	o = newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	marks := o.readerState().Marks()
	o.closeLibrary()
	if m := marks[mayoral]; !m.Read || !m.Saved {
		t.Errorf("the reader after mark read: %+v", m)
	}
	if m := marks[fentanyl]; m.Read || m.Position != 3 {
		t.Errorf("the reader after mark unread: %+v", m)
	}
	if out, errs, code := lede(t, "mark", "read", "--all", "--unread"); code != 0 || out != "marked 8 articles read\n" {
		t.Fatalf("mark read --all --unread on the seeds: %d %q %q", code, out, errs)
	}
	if n := count("--unread"); n != 0 {
		t.Errorf("list --unread after mark read --all: %d", n)
	}
	if _, errs, code := lede(t, "--no-state", "mark", "read", mayoral); code != 2 || !strings.Contains(errs, "--no-state") {
		t.Errorf("--no-state mark: %d %q", code, errs)
	}
}

// Sources named keep their marks in the library as the seeds do: what
// the reader marked of them, list --load shows; mark --load marks them.
func TestSourceMarksAgree(t *testing.T) {
	freshLibrary(t)
	dir := t.TempDir()
	note := filepath.Join(dir, "drought.md")
	if err := os.WriteFile(note, []byte("# Drought grips the valley\n\nThe river ran dry in May.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, _ := lede(t, "list", note)
	id, _, _ := strings.Cut(out, " ")
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	o.loads = []string{note}
	o.readerState().SetMark(id, reader.Mark{}, reader.Mark{Saved: true})
	o.closeLibrary()
	if out, _, _ := lede(t, "list", "--saved", note); !strings.HasPrefix(out, id+" ") {
		t.Errorf("list --saved of the source the reader saved from: %q", out)
	}
	if out, errs, code := lede(t, "--load", note, "mark", "read", "Drought"); code != 0 || !strings.HasPrefix(out, "marked 1 ") {
		t.Fatalf("mark a source's article: %d %q %q", code, out, errs)
	}
	if out, _, _ := lede(t, "list", "--unread", note); out != "" {
		t.Errorf("list --unread after mark read: %q", out)
	}
}

// A count of one is said in the singular: mark, prune, feeds, remove.
func TestSingularCounts(t *testing.T) {
	freshLibrary(t)
	if out, errs, code := lede(t, "mark", "read", "Mayoral"); code != 0 || out != "marked 1 article read\n" {
		t.Errorf("mark one: %d %q %q", code, out, errs)
	}
	srv := rssServer(t, 1, 80, nil)
	lede(t, "add", srv.URL+"/feed/one", "--name", "One")
	if out, _, _ := lede(t, "feeds"); !strings.Contains(out, "1 article, 1 unread") {
		t.Errorf("feeds: %q", out)
	}
	if out, errs, code := lede(t, "remove", "One"); code != 0 || out != "removed One (1 article)\n" {
		t.Errorf("remove: %d %q %q", code, out, errs)
	}
}

// A seed saved before the first subscription stays in sight beside the
// library: in lede list and list --saved, in the reader's snapshots of
// the library, and lede mark unsaved reaches it; unsaved, it goes.
func TestSavedSeedStaysBesideTheLibrary(t *testing.T) {
	freshLibrary(t)
	const valeria = "mexican-influencer-valeria-marquez-8d0c52"
	if _, errs, code := lede(t, "mark", "saved", valeria); code != 0 {
		t.Fatal(errs)
	}
	srv := rssServer(t, 3, 100, nil)
	if _, errs, code := lede(t, "add", srv.URL+"/feed/1"); code != 0 {
		t.Fatal(errs)
	}
	saved := listJSON(t, "--saved")
	if len(saved) != 1 || saved[0].ID != valeria || !saved[0].Saved {
		t.Fatalf("list --saved after the first subscription: %+v, want the seed saved before it", saved)
	}
	if all := listJSON(t); len(all) != 4 {
		t.Fatalf("list: %d articles, want the feed's 3 and the saved seed", len(all))
	}
	if out, _, _ := lede(t, "--no-seeds", "list", "--saved"); out != "" {
		t.Fatalf("--no-seeds list --saved: %q, want no seed", out)
	}
	// The reader's snapshot of the library (after an update, say) keeps it.
	o := newOptions(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	r, ok := o.readerState().(*readerLibrary)
	if !ok {
		t.Fatalf("no library: %T", o.readerState())
	}
	r.mu.Lock()
	snap, err := r.snapshotLocked(context.Background())
	r.mu.Unlock()
	o.closeLibrary()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := head(snap.Src, valeria); !ok {
		t.Fatal("the reader's snapshot of the library lost the saved seed")
	}
	if out, errs, code := lede(t, "mark", "unsaved", "valeria"); code != 0 || out != "marked 1 article unsaved\n" {
		t.Fatalf("mark unsaved of the saved seed: %d %q %s", code, out, errs)
	}
	if got := listJSON(t, "--saved"); len(got) != 0 {
		t.Fatalf("list --saved after unsaving: %+v", got)
	}
	if all := listJSON(t); len(all) != 3 {
		t.Fatalf("list after unsaving the seed: %d articles, want the feed's 3", len(all))
	}
}

func head(src reader.Source, id string) (*store.Article, bool) {
	for _, a := range src.List() {
		if a != nil && a.ID == id {
			return a, true
		}
	}
	return nil, false
}
