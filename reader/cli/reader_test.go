package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
)

// fakeReader stands in for reader.Run: it records what it was opened on
// and follows the updates until they end, as the reader does.
type fakeReader struct {
	opened  *store.Store
	msgs    []reader.SourceMsg
	onOpen  func()
	onMsg   func(reader.SourceMsg)
	quitNow bool // quit at once, as a user who presses q before loading ends
}

func (f *fakeReader) run(src reader.Source, opts reader.Options) error {
	f.opened = src.(*store.Store)
	if f.onOpen != nil {
		f.onOpen()
	}
	if f.quitNow || opts.Updates == nil {
		return nil
	}
	for m := range opts.Updates {
		f.msgs = append(f.msgs, m)
		if f.onMsg != nil {
			f.onMsg(m)
		}
	}
	return nil
}

// readerOptions are options for a run that opens the reader (stdout a
// terminal), with fr in its place.
func readerOptions(stdin io.Reader, stdout, stderr io.Writer, fr *fakeReader) *options {
	o := newOptions(stdin, stdout, stderr)
	o.interactive = true
	o.openReader = fr.run
	return o
}

// eofReader tells whether it has been read to the end. It gives a few
// bytes a call, yielding between calls, so that reading it in the
// background would lose a race with opening the reader.
type eofReader struct {
	r   io.Reader
	eof bool
}

func (e *eofReader) Read(p []byte) (int, error) {
	runtime.Gosched()
	n, err := e.r.Read(p[:min(len(p), 16)])
	if err == io.EOF {
		e.eof = true
	}
	return n, err
}

// TestReaderReadsStdinFirst: standard input is read to its end before the
// reader takes the terminal, and its articles reach the reader.
func TestReaderReadsStdinFirst(t *testing.T) {
	in := &eofReader{r: strings.NewReader("# From a Pipe\n\nPiped words about Sheinbaum." + strings.Repeat(" More words.", 2000))}
	fr := &fakeReader{}
	readBefore := false
	fr.onOpen = func() { readBefore = in.eof }
	var out, errs bytes.Buffer
	code := readerOptions(in, &out, &errs, fr).execute([]string{"-"})
	if code != 0 || errs.Len() != 0 || out.Len() != 0 {
		t.Fatalf("code %d, stdout %q, stderr %q", code, out.String(), errs.String())
	}
	if !readBefore {
		t.Error("standard input not read before the reader opened")
	}
	if fr.opened.Len() != 0 {
		t.Errorf("opened on %d articles: a source is read without the seeds", fr.opened.Len())
	}
	last := fr.msgs[len(fr.msgs)-1]
	if !last.Done || last.Src.(*store.Store).Len() != 1 || last.Src.(*store.Store).List()[0].Title != "From a Pipe" {
		t.Errorf("last update: done %v, %d articles", last.Done, last.Src.(*store.Store).Len())
	}
}

// TestReaderNothingLoaded: every source failed: the reader shows it (the
// latest problem in its status line), then each problem gets its line on
// stderr and the exit code is 1.
func TestReaderNothingLoaded(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "missing"), filepath.Join(dir, "gone")
	fr := &fakeReader{}
	var errs bytes.Buffer
	code := readerOptions(strings.NewReader(""), io.Discard, &errs, fr).execute([]string{a, b})
	want := "lede: " + a + ": no such file or directory\nlede: " + b + ": no such file or directory\n"
	if code != 1 || errs.String() != want {
		t.Errorf("code %d, stderr %q; want 1 and %q", code, errs.String(), want)
	}
	sawErr := false
	for _, m := range fr.msgs {
		sawErr = sawErr || m.Err != nil
	}
	if !sawErr {
		t.Error("the reader was told of no problem")
	}
	// A folder of two problems beside an empty one: the empty one has no
	// line but "nothing loaded" (sources with a problem counted, not lines).
	bad, empty := filepath.Join(dir, "bad"), filepath.Join(dir, "empty")
	for _, d := range []string{bad, empty} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"a.json", "b.xml"} {
		if err := os.WriteFile(filepath.Join(bad, name), []byte{0, 1, 2}, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	errs.Reset()
	code = readerOptions(strings.NewReader(""), io.Discard, &errs, &fakeReader{}).execute([]string{bad, empty})
	if code != 1 || strings.Count(errs.String(), "\n") != 3 || !strings.HasSuffix(errs.String(), "\nlede: nothing loaded\n") {
		t.Errorf("two problems and an empty folder: code %d, %q, want 1, a line each and nothing loaded", code, errs.String())
	}
}

// TestReaderSeedsAlone: no sources: the reader opens on the seeds with no
// updates to follow; --no-seeds opens it on nothing, and that is no error.
func TestReaderSeedsAlone(t *testing.T) {
	for _, tt := range []struct {
		args []string
		n    int
	}{{nil, 9}, {[]string{"--no-seeds"}, 0}} {
		fr := &fakeReader{}
		var errs bytes.Buffer
		code := readerOptions(strings.NewReader(""), io.Discard, &errs, fr).execute(tt.args)
		if code != 0 || errs.Len() != 0 || fr.opened.Len() != tt.n || len(fr.msgs) != 0 {
			t.Errorf("%v: code %d, %q, opened on %d, %d updates", tt.args, code, errs.String(), fr.opened.Len(), len(fr.msgs))
		}
	}
}

// TestReaderQuitsWhileLoading: a reader closed before a slow source
// arrives ends the run at once: no hang, no "nothing loaded".
func TestReaderQuitsWhileLoading(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers
	}))
	defer srv.Close()
	fr := &fakeReader{quitNow: true}
	var errs bytes.Buffer
	code := readerOptions(strings.NewReader(""), io.Discard, &errs, fr).execute([]string{"--seeds", srv.URL + "/feed.xml"})
	if code != 0 || errs.Len() != 0 || fr.opened.Len() != 9 {
		t.Errorf("code %d, stderr %q, opened on %d", code, errs.String(), fr.opened.Len())
	}
}

// signalWriter is a stderr that closes seen once a write holds want.
type signalWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if bytes.Contains(p, []byte(w.want)) && w.seen != nil {
		close(w.seen)
		w.seen = nil
	}
	return w.buf.Write(p)
}

// TestProgressLine: on a terminal, stderr keeps one line of progress while
// sources load, and clears it before the problems are printed.
func TestProgressLine(t *testing.T) {
	seen := make(chan struct{})
	stderr := &signalWriter{want: "loading 1/2", seen: seen}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-seen // answers once the progress line has shown the folder in
		http.NotFound(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("My Own Story\n\nA body about Sheinbaum."), 0o644)

	var out bytes.Buffer
	o := newOptions(strings.NewReader(""), &out, stderr)
	o.progress, o.progressDelay = true, 0
	code := o.execute([]string{dir, srv.URL + "/gone.xml", "list"})
	got := stderr.buf.String()
	if code != 0 || !strings.Contains(out.String(), "My Own Story") {
		t.Fatalf("code %d, stdout %q", code, out.String())
	}
	want := regexp.MustCompile(`^(\r\x1b\[Klede: loading \d/2…)+\r\x1b\[K` +
		regexp.QuoteMeta("lede: "+srv.URL+"/gone.xml: HTTP 404 Not Found\n") + `$`)
	if !want.MatchString(got) || !strings.Contains(got, "loading 1/2…") {
		t.Errorf("stderr %q", got)
	}
	// Off a terminal, or quick: no progress line at all.
	var quiet bytes.Buffer
	o = newOptions(strings.NewReader(""), io.Discard, &quiet)
	if code := o.execute([]string{dir, "list"}); code != 0 || quiet.Len() != 0 {
		t.Errorf("not a terminal: code %d, stderr %q", code, quiet.String())
	}
}
