package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
	"github.com/lede-reader/lede/store/stream"
)

// errNothingLoaded: sources were named and none of them gave an article.
var errNothingLoaded = errors.New("nothing loaded")

// errSaid is a failure its lines said already (exit 1, no line more).
var errSaid = errors.New("said")

// nothingLoaded is the error of sources that gave no article, troubled
// of them having had a problem the lines said: where every source named
// had (--load /nonexistent: "no such file or directory"), those lines say
// it and "nothing loaded" would say it again; else (an empty folder,
// even beside a source of two problems) it is the line that says why
// nothing is shown.
func (o *options) nothingLoaded(troubled int) error {
	if troubled >= len(o.loads) {
		return errSaid
	}
	return errNothingLoaded
}

// noneLoaded: sources were named and none gave an article, nor was
// anything asked for beside them (--seeds adds the seeds on purpose: they
// show, and the exit is 0, when every source named fails).
func (o *options) noneLoaded(last stream.Snapshot) bool {
	return len(o.loads) > 0 && last.Sourced == 0 && !o.seeds
}

// providers decide what is shown besides the sources named on the command
// line. Sources are read on their own; the seeds are the demo, shown when
// nothing else is, or beside sources with --seeds.
//
// The library plugs in here: with subscriptions and no sources named, it
// is what lede shows (and the seeds are not).
func (o *options) providers() []stream.Provider {
	var ps []stream.Provider
	if lib, ok := o.libraryShown(); ok {
		ps = append(ps, libraryProvider(lib, o.lib.read, o.lib.reading))
		if o.seeds {
			ps = append(ps, o.demo)
		} else {
			ps = append(ps, stream.Provider{Name: "saved seeds", Load: func(ctx context.Context) ([]store.Article, []error) {
				return o.besideLibrary(ctx, lib), nil
			}})
		}
		return ps
	}
	if o.seeds || len(o.loads) == 0 && !o.noSeeds {
		ps = append(ps, o.demo)
	}
	return ps
}

// besideLibrary gives what shows beside the library: the seeds with
// --seeds, else (but with --no-seeds) the seeds the person saved (before
// the first subscription, say): nothing saved is lost from sight, so a saved seed
// stays, in every view, until it is unsaved (then it is gone from the
// next start, or the reader's next snapshot).
func (o *options) besideLibrary(ctx context.Context, lib *library.Library) []store.Article {
	switch {
	case o.seeds:
		seeds, _ := o.demo.Load(ctx) // embedded: their problems are said where the seeds show alone
		return seeds
	case o.noSeeds:
		return nil
	}
	saved, err := lib.SavedElsewhere(ctx)
	if err != nil || len(saved) == 0 {
		return nil
	}
	seeds, _ := o.demo.Load(ctx)
	var out []store.Article
	for _, a := range seeds {
		id := a.ID
		if id == "" {
			id = store.ContentID(a.Title, a.Body) // as the store names it
		}
		if saved[id] {
			out = append(out, a)
		}
	}
	return out
}

// seedsIntro is what the reader says at start where it shows the seeds
// alone: nothing said they were samples, nor how to follow a feed (only
// R, pressed, said it).
var seedsIntro = []string{"These are lede's sample articles: lede add URL follows a feed · ? shows the keys",
	"Sample articles: lede add URL follows a feed", "Samples: lede add URL follows a feed"}

// seedsAlone says the seeds are all lede shows: no library shown, no
// sources named.
func (o *options) seedsAlone() bool {
	_, lib := o.libraryShown()
	return !lib && len(o.loads) == 0 && !o.noSeeds
}

// seedsProvider gives the articles embedded in the binary.
var seedsProvider = stream.Provider{
	Name: "seeds",
	Load: func(context.Context) ([]store.Article, []error) { return ingest.LoadFS(seeds.FS) },
}

func (o *options) streamOptions(follow bool) stream.Options {
	return stream.Options{
		Providers: o.providers(),
		Sources:   o.loads,
		Sort:      o.sortBy,
		Timeout:   o.timeout,
		Stdin:     o.stdin,
		Follow:    follow,
		Tick:      100 * time.Millisecond,
	}
}

// load builds the store a command prints from: it drains the stream to
// its last snapshot, keeping a progress line on stderr (a terminal) while
// that takes, then prints one line per problem.
func (o *options) load() (*store.Store, error) {
	o.hintStdin()
	s := stream.Start(context.Background(), o.streamOptions(false))
	var each func(stream.Snapshot)
	if o.progress && len(o.loads) > 0 {
		p := &progressLine{w: o.stderr, from: time.Now().Add(o.progressDelay)}
		each = p.show
	}
	last := stream.Drain(s, each)
	problems := s.Problems()
	o.printProblems(problems)
	if o.noneLoaded(last) {
		return nil, o.nothingLoaded(s.SourcesWithProblems())
	}
	return last.Store, nil
}

func (o *options) printProblems(problems []error) {
	for _, p := range problems {
		line := oneLine(p.Error())
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(line+o.didYouMean(line)))
	}
}

// didYouMean: where a source named is no file and is near a command's
// name (lede list lsit, --load lsit), the problem says which command it
// may mean. Before the command, such a word is a usage error instead
// (commandTypo): it cannot be a source and a command at once.
func (o *options) didYouMean(problem string) string {
	if o.commandNear == nil {
		return ""
	}
	for _, src := range o.loads {
		if !strings.HasPrefix(problem, src+": ") || strings.ContainsAny(src, `/\.`) {
			continue
		}
		if _, err := os.Stat(src); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if best := o.commandNear(src); best != "" {
			return fmt.Sprintf("; did you mean `lede %s`?", best)
		}
	}
	return ""
}

// editDistance is the Levenshtein distance of a and b, by bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// progressLine keeps one line on stderr up to date while sources load,
// from a moment on (a quick load shows nothing), and clears it at the end.
type progressLine struct {
	w     io.Writer
	from  time.Time
	shown bool
}

func (p *progressLine) show(s stream.Snapshot) {
	switch {
	case s.Done:
		if p.shown {
			fmt.Fprint(p.w, "\r\x1b[K")
			p.shown = false
		}
	case !time.Now().Before(p.from):
		fmt.Fprintf(p.w, "\r\x1b[Klede: loading %d/%d…", s.Loaded, s.Total)
		p.shown = true
	}
}

// hintStdin says, where "-" is a source and standard input is a
// terminal, that lede reads what is typed there: without it, lede - list
// waits with nothing on the screen.
func (o *options) hintStdin() {
	if slices.Contains(o.loads, "-") && isTerminal(o.stdin) {
		fmt.Fprintln(o.stderr, "lede: reading standard input (\"-\"): type or paste, then ctrl+d on a line of its own")
	}
}

// runReader opens the reader at once on what the providers give (the
// seeds) and hands it a new snapshot as sources arrive. Problems go to
// stderr once the reader is closed (its screen would hide them), and the
// latest to its status line.
func (o *options) runReader() error {
	collectForReader()
	o.hintStdin()
	if slices.Contains(o.loads, "-") {
		// Read standard input before the reader takes the terminal: typed
		// in, it ends at ctrl+d; piped in, it is there already.
		data, err := io.ReadAll(io.LimitReader(o.stdin, ingest.MaxFeedBytes+1))
		if err != nil {
			return fmt.Errorf("stdin: %v", err)
		}
		o.stdin = bytes.NewReader(data)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A large library's headlines and the reading state first, read before
	// the store of the whole library is, so the first frame waits for
	// neither.
	initial, rest, quick := o.quickSource()
	state := o.readerState()
	opts := o.streamOptions(true)
	var heads chan reader.Source
	if rest != nil {
		// Every headline next, before the store's build takes both cores:
		// a person scrolls the list long before the index is done.
		heads = make(chan reader.Source, 1)
		opts.Providers = append([]stream.Provider{{Name: "library", Load: func(ctx context.Context) ([]store.Article, []error) {
			heads <- rest(ctx)
			return nil, nil
		}}}, opts.Providers...)
	}
	s := stream.Start(ctx, opts)
	var first stream.Snapshot
	if !quick {
		first = <-s.C
		initial = first.Store
	}
	last := first
	var updates chan reader.SourceMsg
	forwarded := make(chan struct{})
	if r, ok := state.(*readerLibrary); ok && o.lib.read != nil {
		r.loadDone = forwarded // the load of the library it shows
	}
	if first.Done {
		close(forwarded)
	} else {
		updates = make(chan reader.SourceMsg)
		go func() {
			defer close(forwarded)
			defer close(updates)
			last = forward(ctx, s, heads, updates, first)
		}()
	}
	ropts := reader.Options{Updates: updates, Library: state, Problems: s.Problems(), Context: ctx}
	if lib := o.lib.open; lib != nil {
		// A quit that waits for the marks to be written says so.
		ropts.Ended = func(marking int) { o.startSaving(lib.Unwritten, marking, savingAfter) }
	}
	if o.seedsAlone() {
		ropts.Intro = seedsIntro
	}
	if lib := o.lib.open; lib != nil {
		// A large library is checked once its store is in and the keys
		// have paused: not beside the build, nor beside the first keys,
		// whose cores the check would share (a reader that quits first
		// leaves it unchecked, as a command does).
		ropts.Settled = lib.Settled
		if r, ok := state.(*readerLibrary); ok {
			r.quiet, r.checkAfter = make(chan struct{}), lib.Settled
			ropts.Settled = func() { close(r.quiet) }
		}
	}
	stopHangup := o.flushOnHangup()
	err := o.openReader(initial, o.readerSettings(ropts))
	stopHangup()
	// Quitting stops what the reader started (an update, a full text,
	// following) and the load, and waits for none of it: a store being
	// built cannot be stopped (seconds at 100,000 articles), and what is
	// being written is one transaction, which the cancel rolls back. The
	// marks are written when the library is closed, after this. Nor does
	// it wait for the index being kept for the next start, which that
	// start can make again.
	cancel()
	if lib := o.lib.open; lib != nil {
		lib.Quit()
	}
	<-forwarded
	if last.Done {
		for range s.C { // closed after Done: its problems are all in
		}
	}
	problems := s.Problems()
	o.printProblems(problems)
	if err == nil && last.Done && o.noneLoaded(last) {
		err = o.nothingLoaded(s.SourcesWithProblems())
	}
	return err
}

// forward hands the reader every snapshot of s until ctx ends (the
// reader quit), and before them, where heads is set, every headline of
// the library it opened on the first page of, once read (nil: they
// could not be). The store holds every
// headline: once it is in, headlines that come later are dropped. It
// gives the last snapshot the reader was told of (first, where it was
// told of none).
func forward(ctx context.Context, s *stream.Stream, heads <-chan reader.Source, updates chan<- reader.SourceMsg, first stream.Snapshot) (last stream.Snapshot) {
	last = first
	for {
		select {
		case <-ctx.Done():
			return last
		case src := <-heads:
			heads = nil
			if src == nil {
				continue
			}
			select {
			case updates <- reader.SourceMsg{Src: src}:
			case <-ctx.Done():
				return last
			}
		case snap, ok := <-s.C:
			if !ok {
				return last
			}
			heads = nil
			msg := reader.SourceMsg{Src: snap.Store, Loaded: snap.Loaded, Total: snap.Total, Done: snap.Done, Err: snap.Err, Problems: s.Problems()}
			select {
			case updates <- msg:
				last = snap // what the reader was told
			case <-ctx.Done():
				return last
			}
		}
	}
}
