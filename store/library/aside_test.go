package library

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// asideTime is the time in the name of a library moved aside: the
// children name theirs in another second than the process alone when
// the machine is slow, which is no difference in what they salvaged.
var asideTime = regexp.MustCompile(`\.damaged-[0-9]{8}T[0-9]{6}Z(-[0-9]+)?`)

// sameRecovery is a Recovered message with its folder and the time in
// the name of what was moved aside left out.
func sameRecovery(msg, dir string) string {
	return asideTime.ReplaceAllString(strings.ReplaceAll(msg, dir, "DIR"), ".damaged-TIME")
}

// Two files moved aside in the same second keep both: the second gets a
// number after the name, and neither is overwritten.
func TestMoveAsideNeverOverwrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var names []string
	for i := range 3 {
		os.WriteFile(path, []byte(fmt.Sprint("library ", i)), 0o600)
		os.WriteFile(path+"-wal", []byte(fmt.Sprint("log ", i)), 0o600)
		aside, err := moveAside(path)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, aside)
	}
	for i, aside := range names {
		if b, _ := os.ReadFile(aside); string(b) != fmt.Sprint("library ", i) {
			t.Errorf("%s holds %q, not library %d", aside, b, i)
		}
		if b, _ := os.ReadFile(aside + "-wal"); string(b) != fmt.Sprint("log ", i) {
			t.Errorf("%s-wal holds %q, not log %d", aside, b, i)
		}
	}
	if Exists(path) {
		t.Error("the library is still there after moving it aside")
	}
}

// Several lede processes that open a damaged library at once (a reader
// and cron's lede update) move it aside once, whole, and the fresh
// library holds what one process alone salvages; none of them moves the
// fresh library the other made aside in its turn, nor fails.
func TestDamagedLibraryOpenedByProcessesAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	damagedLibrary(t, path)
	damaged, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// What one process alone makes of it, on a copy.
	alone := filepath.Join(t.TempDir(), FileName)
	os.WriteFile(alone, damaged, 0o600)
	l, err := Open(alone)
	if err != nil {
		t.Fatal(err)
	}
	want := sameRecovery(l.Recovered, filepath.Dir(alone))
	l.Close()
	if want == "" {
		t.Fatal("the damaged library opened as sound")
	}

	// The children wait on their standard input, closed for all at once.
	const n = 4
	var cmds []*exec.Cmd
	var gates []io.WriteCloser
	var outs []*bytes.Buffer
	for range n {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOpenAsChild$")
		cmd.Env = append(os.Environ(), "LEDE_LIBRARY_CHILD="+path)
		gate, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out := &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, gates, outs = append(cmds, cmd), append(gates, gate), append(outs, out)
	}
	for _, g := range gates {
		g.Close()
	}
	recovered := 0
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("child %d: %v\n%s", i, err, outs[i])
		}
		for _, line := range strings.Split(outs[i].String(), "\n") {
			if got, ok := strings.CutPrefix(line, "recovered: "); ok {
				recovered++
				if got = sameRecovery(got, dir); got != want {
					t.Errorf("child %d said\n%s\nwhere one process alone says\n%s", i, got, want)
				}
			}
		}
	}
	if recovered != 1 {
		t.Errorf("%d processes moved the library aside, not 1", recovered)
	}
	aside, _ := filepath.Glob(path + ".damaged-*")
	var files []string
	for _, a := range aside {
		if !strings.HasSuffix(a, "-wal") && !strings.HasSuffix(a, "-shm") {
			files = append(files, a)
		}
	}
	if len(files) != 1 {
		t.Fatalf("moved aside: %v", aside)
	}
	if b, _ := os.ReadFile(files[0]); !bytes.Equal(b, damaged) {
		t.Fatalf("%s: %d bytes, not the damaged library's %d", files[0], len(b), len(damaged))
	}
	l, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if l.Recovered != "" {
		t.Fatalf("the fresh library is damaged: %s", l.Recovered)
	}
	fs, _ := l.Feeds(ctx)
	if len(fs) != 1 {
		t.Errorf("%d feeds in the fresh library, not the damaged one's 1", len(fs))
	}
}

// TestOpenAsChild is a lede process opening the library
// LEDE_LIBRARY_CHILD names, once its standard input closes.
func TestOpenAsChild(t *testing.T) {
	path := os.Getenv("LEDE_LIBRARY_CHILD")
	if path == "" {
		t.Skip("run by TestDamagedLibraryOpenedByProcessesAtOnce")
	}
	io.Copy(io.Discard, os.Stdin)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.Recovered != "" {
		fmt.Println("recovered: " + l.Recovered)
	}
	if _, err := l.Feeds(ctx); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

// damagedLibrary makes a library of one feed of 300 articles, 3 of them
// read and 2 saved, at path, and damages pages in its middle.
func damagedLibrary(t *testing.T, path string) {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("oil prices rose after the storm closed ports along the coast while officials said repairs would take weeks and traders watched markets")
	var feed strings.Builder
	feed.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`)
	for i := range 300 {
		var body strings.Builder
		for range 400 {
			body.WriteString(words[r.IntN(len(words))] + " ")
		}
		fmt.Fprintf(&feed, "<item><guid>g%d</guid><title>Report %d on %s</title><description>%s</description></item>", i, i, words[i%len(words)], body.String())
	}
	feed.WriteString("</channel></rss>")
	src := filepath.Join(t.TempDir(), "wire.xml")
	os.WriteFile(src, []byte(feed.String()), 0o600)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := l.Add(ctx, loader(), Subscription{URL: src}); err != nil || out.Added != 300 {
		t.Fatalf("added %+v, %v", out, err)
	}
	heads, err := l.Headlines(ctx)
	if err != nil || len(heads) < 5 {
		t.Fatalf("%d headlines, %v", len(heads), err)
	}
	marks := []Change{{ID: heads[0].ID, Mark: MarkSaved}, {ID: heads[1].ID, Mark: MarkSaved}}
	for _, h := range heads[2:5] {
		marks = append(marks, Change{ID: h.ID, Mark: MarkRead})
	}
	if err := l.Apply(ctx, marks); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := len(data) / page
	if pages < 40 {
		t.Fatalf("a library of %d pages: too small to damage in its middle", pages)
	}
	for p := pages / 2; p < pages/2+pages/5; p++ {
		for i := p * page; i < (p+1)*page; i++ {
			data[i] = byte(r.Uint32())
		}
	}
	os.WriteFile(path, data, 0o600)
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
}
