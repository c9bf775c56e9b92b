// Command lede is a terminal news reader: it loads articles into an
// in-memory store and shows them in a terminal UI, or prints what the store
// knows (list, show, related, search) for scripts and pipes.
//
// main.go only wires: flags, then the store from sources, then the reader
// or a printer. Parsing and ranking live in store/, the UI in reader/.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/safe"
)

// Exit codes: 0 ok, 1 runtime failure, 2 usage error (a bad flag, an
// unknown or ambiguous article reference).
const (
	exitFailure = 1
	exitUsage   = 2
)

// usageError is an error the user can fix by typing something else.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func main() {
	// A command runs for milliseconds and allocates mostly what it keeps:
	// collecting garbage while loading only costs time. A soft memory
	// limit keeps a huge load in check; the reader turns collection back
	// on once the store is built (see load).
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(512 << 20)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// stdin is what the source "-" reads; tests replace it.
var stdin io.Reader = os.Stdin

// options are the global flags, shared by every command.
type options struct {
	loads   []string
	noSeeds bool
	timeout time.Duration
	sortBy  string
	lib     libraryOptions
	stdout  io.Writer
	stderr  io.Writer
}

func run(args []string, stdout, stderr io.Writer) int {
	o := &options{stdout: stdout, stderr: stderr}
	root := newRoot(o)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		// a usage error may list candidates, one per line
		fmt.Fprintln(stderr, "lede: "+safe.Text(ue.msg))
		return exitUsage
	}
	fmt.Fprintln(stderr, "lede: "+safe.Text(oneLine(err.Error())))
	if isFlagError(err) {
		return exitUsage
	}
	return exitFailure
}

// isFlagError: cobra reports bad flags and arguments as plain errors.
func isFlagError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand", "flag needs", "invalid argument", "unknown command", "accepts ", "requires at least", "bad flag", "if any flags"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func newRoot(o *options) *cobra.Command {
	root := &cobra.Command{
		Use:   "lede [SRC...]",
		Short: "A terminal news reader that knows which stories are related",
		Long: `lede reads news in the terminal: a headline list, articles rendered for
the terminal, and related stories (with the words that relate them, and
versions of the same event grouped together).

With no command, lede opens the reader on a terminal, and prints the
headline list when its output is not a terminal (or TERM=dumb, which cannot
draw it). SRC arguments are loaded like --load.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.loads = append(o.loads, args...)
			if !isTerminal(o.stdout) || os.Getenv("TERM") == "dumb" {
				st, err := o.load()
				if err != nil {
					return err
				}
				return printList(o.stdout, st, false)
			}
			debug.SetGCPercent(100) // a long-running program: collect as usual
			return o.runReader()
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err.Error()} })
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if !slices.Contains(store.SortKeys, o.sortBy) {
			return &usageError{fmt.Sprintf("--sort %q: give date, source or title", o.sortBy)}
		}
		if o.timeout <= 0 {
			return &usageError{"--timeout must be more than zero"}
		}
		return nil
	}
	pf := root.PersistentFlags()
	pf.StringArrayVar(&o.loads, "load", nil, "load articles from `SRC`: a text, Markdown or HTML file, an RSS, Atom or JSON feed, a folder of them (read recursively), an http(s) URL, or - for standard input; repeatable")
	pf.BoolVar(&o.noSeeds, "no-seeds", false, "leave out the embedded seed articles")
	pf.DurationVar(&o.timeout, "timeout", ingest.DefaultTimeout, "give up on a URL after `DURATION` (e.g. 30s)")
	pf.StringVar(&o.sortBy, "sort", "", "order articles by `KEY`: date (newest first), source or title (default: as loaded)")
	root.AddCommand(newList(o), newShow(o), newRelated(o), newSearch(o))
	addLibraryFlags(o, root)
	return root
}

// load builds the store: seeds first (unless --no-seeds), then each
// source in the order given, whatever order they finish in. Sources load
// at once; a source that fails gets one line on stderr, and the rest still
// load. On a terminal, stderr shows one line of progress while it takes.
func (o *options) load() (*store.Store, error) {
	seedArts, problems := o.seeds()
	loader := ingest.NewLoader(ingest.Options{Timeout: o.timeout, Stdin: stdin})
	parts := make([][]store.Article, len(o.loads))
	errs := make([][]error, len(o.loads))
	stop := o.showProgress(loader)
	for r := range loader.LoadAll(context.Background(), o.loads) {
		parts[r.Index], errs[r.Index] = r.Articles, r.Errs
	}
	stop()
	for _, e := range errs {
		problems = append(problems, e...)
	}
	o.printProblems(problems)
	arts := o.arrange(seedArts, parts)
	if len(arts) == 0 && len(o.loads) > 0 {
		return nil, errors.New("nothing loaded")
	}
	return store.Build(arts), nil
}

// seeds are the embedded articles, unless --no-seeds.
func (o *options) seeds() ([]store.Article, []error) {
	if o.noSeeds {
		return nil, nil
	}
	return ingest.LoadFS(seeds.FS)
}

// arrange puts the seeds and the sources' articles in store order: as
// loaded (seeds, then sources in the order given), or by --sort.
func (o *options) arrange(seedArts []store.Article, parts [][]store.Article) []store.Article {
	arts := append([]store.Article(nil), seedArts...)
	for _, p := range parts {
		arts = append(arts, p...)
	}
	store.Sort(arts, o.sortBy)
	return arts
}

func (o *options) printProblems(problems []error) {
	for _, p := range problems {
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(p.Error())))
	}
}

// showProgress keeps one line on stderr up to date while sources load,
// when stderr is a terminal and loading takes more than a moment. The
// returned func stops it and clears the line.
func (o *options) showProgress(l *ingest.Loader) (stop func()) {
	if len(o.loads) == 0 || !isTerminal(o.stderr) {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		shown := false
		delay := time.NewTimer(250 * time.Millisecond)
		defer delay.Stop()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(o.stderr, "\r\x1b[K")
				}
				return
			case <-delay.C:
				shown = true
			case <-tick.C:
			}
			if shown {
				n, total := l.Progress()
				fmt.Fprintf(o.stderr, "\r\x1b[Klede: loading %d/%d…", n, total)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// runReader opens the reader at once on what is there (the seeds) and
// hands it a new snapshot as each source arrives. Problems go to stderr
// once the reader is closed (the reader's screen would hide them), and
// the latest to its status line.
func (o *options) runReader() error {
	if slices.Contains(o.loads, "-") {
		// Read standard input before the reader takes the terminal: typed
		// in, it ends at ctrl+d; piped in, it is there already.
		data, err := io.ReadAll(io.LimitReader(stdin, ingest.MaxFeedBytes+1))
		if err != nil {
			return fmt.Errorf("stdin: %v", err)
		}
		stdin = bytes.NewReader(data)
	}
	seedArts, problems := o.seeds()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var updates chan reader.SourceMsg
	var loadErrs [][]error
	var nothing bool // every source failed and there are no seeds
	loaded := make(chan struct{})
	if len(o.loads) > 0 {
		updates = make(chan reader.SourceMsg)
		loadErrs = make([][]error, len(o.loads))
		go func() {
			defer close(loaded)
			defer close(updates)
			nothing = o.feedReader(ctx, seedArts, loadErrs, updates)
		}()
	} else {
		close(loaded)
	}
	err := reader.Run(store.Build(o.arrange(seedArts, nil)), reader.Options{Updates: updates})
	cancel()
	<-loaded
	for _, e := range loadErrs {
		problems = append(problems, e...)
	}
	o.printProblems(problems)
	if err == nil && nothing {
		err = errors.New("nothing loaded")
	}
	return err
}

// feedReader loads the sources and sends the reader a snapshot of all
// that has loaded so far each time one arrives, and progress counts while
// a big folder or a slow feed takes its time. It reports whether nothing
// at all loaded.
func (o *options) feedReader(ctx context.Context, seedArts []store.Article, errs [][]error, updates chan<- reader.SourceMsg) (nothing bool) {
	loader := ingest.NewLoader(ingest.Options{Timeout: o.timeout, Stdin: stdin})
	results := loader.LoadAll(ctx, o.loads)
	parts := make([][]store.Article, len(o.loads))
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var snapshot reader.Source = store.Build(o.arrange(seedArts, nil))
	open := true
	sent := [2]int{-1, -1} // the counts the reader has
	for open {
		var lastErr error
		changed := false
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		case r, ok := <-results:
			if !ok {
				open = false
				break
			}
			// Take whatever else has arrived too: one snapshot for all.
			for {
				parts[r.Index], errs[r.Index] = r.Articles, r.Errs
				changed = true
				if len(r.Errs) > 0 {
					lastErr = r.Errs[len(r.Errs)-1]
				}
				select {
				case r, ok = <-results:
					if ok {
						continue
					}
					open = false
				default:
				}
				break
			}
		}
		if changed {
			snapshot = store.Build(o.arrange(seedArts, parts))
		}
		done, total := loader.Progress()
		if !changed && open && done == sent[0] && total == sent[1] {
			continue // nothing new to show
		}
		sent = [2]int{done, total}
		msg := reader.SourceMsg{Src: snapshot, Loaded: done, Total: total, Done: !open, Err: lastErr}
		select {
		case updates <- msg:
		case <-ctx.Done():
			return false
		}
	}
	return len(o.arrange(seedArts, parts)) == 0
}

// resolve turns a reference into one article, or a usage error that lists
// the candidates.
func resolve(st *store.Store, ref string) (*store.Article, error) {
	matches := st.Find(ref)
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return nil, &usageError{fmt.Sprintf("no article matches %q (try `lede list`)", safe.Text(ref))}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d articles match %q; say which:", len(matches), safe.Text(ref))
	for i, a := range matches {
		if i == 10 {
			fmt.Fprintf(&b, "\n  … and %d more", len(matches)-10)
			break
		}
		fmt.Fprintf(&b, "\n  %s  %s", a.ID, a.Title)
	}
	return nil, &usageError{b.String()}
}

func newList(o *options) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Print the headlines, in store order (seeds, then sources as loaded, or --sort)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := o.load()
			if err != nil {
				return err
			}
			return printList(o.stdout, st, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of articles")
	return cmd
}

func printList(w io.Writer, st *store.Store, asJSON bool) error {
	if asJSON {
		return writeJSON(w, st.List())
	}
	for _, a := range st.List() {
		fmt.Fprintf(w, "%s  %s  (%s)\n", a.ID, a.Title, reader.Byline(a))
	}
	return nil
}

func newShow(o *options) *cobra.Command {
	var asJSON, plain bool
	var width int
	cmd := &cobra.Command{
		Use:   "show REF",
		Short: "Print one article, rendered for the terminal",
		Long: `Print one article. REF is an article ID or a piece of its title
(case and accents aside). On a terminal the article is rendered in colour;
with --plain, NO_COLOR, TERM=dumb, or when the output is not a terminal, it
is plain text with no escape sequences at all.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := o.load()
			if err != nil {
				return err
			}
			a, err := resolve(st, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(o.stdout, struct {
					*store.Article
					Body    string          `json:"body"`
					Related []store.Related `json:"related"`
				}{a, a.Body, nonNil(st.Related(a.ID, 10))})
			}
			style := reader.StyleDark
			if plain || !colorOK(o.stdout) {
				style = reader.StyleNoTTY
			}
			if width <= 0 {
				width = terminalWidth(o.stdout)
			}
			out, err := reader.RenderArticle(a, width, style)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(o.stdout, out)
			return err
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the article as JSON, with its body and related stories")
	f.BoolVar(&plain, "plain", false, "plain text, no escape sequences")
	f.IntVar(&width, "width", 0, "wrap at `N` columns (default: the terminal's width, or 80)")
	return cmd
}

func newRelated(o *options) *cobra.Command {
	var asJSON, all bool
	var n int
	cmd := &cobra.Command{
		Use:   "related REF | related --all",
		Short: "Print the stories related to an article, and why",
		Long: `Print the stories related to REF, best first: versions of the same event
first, then by score (0..1), each with the shared words that relate them.
With --all, do it for every article; with --json, one JSON object per line
per article: {"id","title","source","related":[...]}.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case all && len(args) > 0:
				return &usageError{"related: give REF or --all, not both"}
			case !all && len(args) != 1:
				return &usageError{"related: give one REF (an ID or part of a title), or --all"}
			}
			st, err := o.load()
			if err != nil {
				return err
			}
			arts := st.List()
			if !all {
				a, err := resolve(st, args[0])
				if err != nil {
					return err
				}
				arts = []*store.Article{a}
			}
			for _, a := range arts {
				rel := nonNil(st.Related(a.ID, n))
				if asJSON {
					line, err := json.Marshal(struct {
						ID      string          `json:"id"`
						Title   string          `json:"title"`
						Source  string          `json:"source"`
						Related []store.Related `json:"related"`
					}{a.ID, a.Title, a.Source, rel})
					if err != nil {
						return err
					}
					fmt.Fprintf(o.stdout, "%s\n", line)
					continue
				}
				printRelated(o.stdout, a, rel, all)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print JSON, one object per line per article")
	f.BoolVar(&all, "all", false, "related stories of every article")
	f.IntVarP(&n, "n", "n", 5, "at most `N` related stories per article (0: all)")
	return cmd
}

func printRelated(w io.Writer, a *store.Article, rel []store.Related, heading bool) {
	if heading {
		fmt.Fprintf(w, "%s  %s\n", a.ID, a.Title)
	}
	if len(rel) == 0 {
		fmt.Fprintln(w, "  (no related stories)")
	}
	for _, r := range rel {
		mark := ""
		if r.Version {
			mark = "[version] "
		}
		fmt.Fprintf(w, "  %.3f  %s%s  (%s)\n", r.Score, mark, r.Title, r.ID)
		if len(r.Why) > 0 {
			fmt.Fprintf(w, "         shares: %s\n", strings.Join(r.Why, ", "))
		}
	}
	if heading {
		fmt.Fprintln(w)
	}
}

func newSearch(o *options) *cobra.Command {
	var asJSON bool
	var n int
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Full-text search, best matches first",
		Long: `Search titles and bodies, ranked (BM25, title words weigh more). QUERY is
words (any form: "cartel" finds "cartels"; accents and case aside),
"quoted phrases" that must appear as written, and -words that must not
appear. Several arguments are one query.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := o.load()
			if err != nil {
				return err
			}
			hits := nonNil(st.Search(strings.Join(args, " "), n))
			if asJSON {
				return writeJSON(o.stdout, hits)
			}
			if len(hits) == 0 {
				fmt.Fprintln(o.stderr, "lede: no matches")
				return nil
			}
			for _, h := range hits {
				fmt.Fprintf(o.stdout, "%7.3f  %s  (%s)\n         %s\n", h.Score, h.Title, h.ID, h.Snippet)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print a JSON array of hits")
	f.IntVarP(&n, "n", "n", 10, "at most `N` results (0: all)")
	return cmd
}

// nonNil makes an empty result print as [] in JSON, not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// colorOK: escape sequences only for a terminal that wants them.
func colorOK(w io.Writer) bool {
	return isTerminal(w) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// terminalWidth is the terminal's width, capped at a readable measure, or
// 80 when the output is not a terminal.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return min(cols, 100)
		}
	}
	return 80
}
