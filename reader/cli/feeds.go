package cli

// The library's commands: subscriptions (add, remove, feeds, import,
// export), updates (update, prune, fetch) and reading state (mark). The
// library itself is store/library; this file only parses, calls and prints.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/lede-reader/lede/seeds"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
)

// libraryOptions are the flags the library adds to every command.
type libraryOptions struct {
	// noState: neither read nor write the library.
	noState bool
	// updateEvery: the reader updates by itself when the last update is
	// older than this; 0 never.
	updateEvery time.Duration

	shown        *library.Library // the library this run shows (state.go)
	shownChecked bool
	// marksChecked: the library was looked for (marksLibrary), opened
	// where it exists into open.
	marksChecked bool
	shownSize    int              // its articles, counted when it was opened
	open         *library.Library // the library this run opened, closed at its end
	// read hears, where set, the digest of the library's articles taken
	// just before the shown library's articles are read (the reader's
	// Follow compares with it).
	read func(library.Digest)
	// reading, where set, is the reader's library, which follows the
	// load's read of the shown library's articles (beginRead, endRead).
	reading *readerLibrary
}

func addLibraryFlags(o *options, root *cobra.Command) {
	root.PersistentFlags().BoolVar(&o.lib.noState, "no-state", false, "run without the library: no subscriptions, nothing read or written (marks last this run only)")
	root.PersistentFlags().DurationVar(&o.lib.updateEvery, "update-every", o.settings.updateInterval(), "the reader updates feeds every `DURATION`, and at start when the last update is older (0: only on R)")
	cmds := []*cobra.Command{newAdd(o), newRemove(o), newFeeds(o), newRename(o), newTag(o), newImport(o), newExport(o),
		newUpdate(o), newPrune(o), newFetch(o), newMark(o)}
	for _, c := range cmds {
		// Each is the library's: under --no-state, a usage error at
		// once, the same for every one (not an empty list of feeds, an
		// empty export or a prune of nothing, each exit 0).
		c.PreRunE = func(cmd *cobra.Command, _ []string) error {
			if o.lib.noState {
				return noStateError(cmd.Name())
			}
			return nil
		}
	}
	root.AddCommand(cmds...)
}

// noStateError is the usage error of a command that needs the library,
// run with --no-state.
func noStateError(command string) error {
	return &usageError{fmt.Sprintf("%s needs the library, which --no-state leaves out", command)}
}

// openLibrary opens the library. With create false, a library that does
// not exist yet is not made (nil, nil): commands that only read leave a
// fresh machine as it was. A damaged library is moved aside with one line
// on stderr; a library from a newer lede is an error.
func (o *options) openLibrary(create bool) (*library.Library, error) {
	if o.lib.noState {
		if create {
			return nil, noStateError("this command")
		}
		return nil, nil
	}
	path := library.DefaultPath()
	if !create && !library.Exists(path) {
		return nil, nil
	}
	lib, err := library.Open(path)
	if err != nil {
		if errors.Is(err, library.ErrNewer) {
			return nil, fmt.Errorf("%s: %v; left as it is (--no-state runs without it)", path, err)
		}
		return nil, fmt.Errorf("library %s: %v", path, err)
	}
	if lib.Recovered != "" {
		fmt.Fprintln(o.stderr, "lede: "+store.Sanitize(lib.Recovered))
	}
	if create && lib.ReadOnly {
		// Every command that makes the library writes it: one line
		// before any work, not one a feed.
		lib.Close()
		return nil, fmt.Errorf("%s: %w", path, library.ErrReadOnly)
	}
	return lib, nil
}

// withLibrary runs f with the library open (made if need be), and closes
// it, so that queued marks are written.
func (o *options) withLibrary(f func(*library.Library) error) error {
	lib, err := o.openLibrary(true)
	if err != nil {
		return err
	}
	err = f(lib)
	if cerr := lib.Close(); err == nil {
		err = cerr
	}
	return err
}

func (o *options) loader() *ingest.Loader {
	return ingest.NewLoader(ingest.Options{Timeout: o.timeout})
}

func newAdd(o *options) *cobra.Command {
	var s library.Subscription
	cmd := &cobra.Command{
		Use:   "add SOURCE",
		Short: "Follow a feed: an http(s) URL, or a feed file or folder",
		Long: `Follow a feed. SOURCE is an http(s) URL of an RSS, Atom or JSON feed, or a
local feed file or folder (for people who sync files). It is read once
now, and subscribed only if it gives articles; lede prints its name (the
feed's title, or --name). The URL of a web page follows the feed the page
names as its own (<link rel="alternate">; the first, when it names
several, and lede says which); a page that names none is refused. A feed
followed already is renamed by --name and given the tags of --tag, and
lede says so (lede rename, lede tag).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := library.Source(args[0])
			if errors.Is(err, library.ErrNoSuchSource) {
				return err // a failure, as a file --load cannot read
			}
			if err != nil {
				return &usageError{err.Error()}
			}
			s.URL = src
			return o.withLibrary(func(lib *library.Library) error {
				out, err := lib.Add(context.Background(), o.loader(), s)
				if errors.Is(err, library.ErrSubscribed) {
					// --name and --tag rename and tag it; else nothing
					// to do, as import says of a feed it follows
					// already: exit 0, with the line.
					if done, err := o.changeFollowed(lib, s); done || err != nil {
						return err
					}
					fmt.Fprintln(o.stderr, "lede: "+store.Sanitize(oneLine(err.Error())))
					return nil
				}
				if err != nil {
					return fmt.Errorf("not subscribed: %v", err)
				}
				o.printProblems(out.Warnings)
				fmt.Fprintln(o.stdout, out.Feed.Name)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&s.Name, "name", "", "call the feed `NAME` (default: its title)")
	f.StringArrayVar(&s.Tags, "tag", nil, "tag the feed with `TAG`; repeatable")
	f.BoolVar(&s.FullText, "full-text", false, "fetch each new article's page and keep its full text in place of the feed's summary")
	return cmd
}

// tallyLine closes lede feeds: the articles in all, as lede list and
// the reader count them, and why the feeds' counts add up to another
// number (an article two feeds carry counts in each; exact copies are
// one article; saved articles whose feed went count in none).
func tallyLine(feeds []library.Feed, t library.Tally) string {
	sum := 0
	for _, f := range feeds {
		sum += f.Articles
	}
	line := fmt.Sprintf("%s, %s in all", store.Count(len(feeds), "feed"), store.Count(t.Articles, "article"))
	var why []string
	if n := t.Items - t.Articles; n > 0 {
		copies := fmt.Sprintf("%d were exact copies of others and count once here", n)
		if n == 1 {
			copies = "1 was an exact copy of another and counts once here"
		}
		why = append(why, store.Count(t.Items, "item")+" fetched: "+copies)
	}
	if sum > t.Articles-t.Feedless {
		why = append(why, "an article two feeds carry counts in each feed above")
	}
	if t.Feedless > 0 {
		why = append(why, fmt.Sprintf("%d saved from feeds you removed, in none", t.Feedless))
	}
	if len(why) > 0 {
		line += " (" + strings.Join(why, "; ") + ")"
	}
	return line
}

// carried says how many of a removed feed's articles stay because
// another feed carries them too; nothing where none do.
func carried(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "; 1 stays, as another feed carries it too"
	}
	return fmt.Sprintf("; %d stay, as another feed carries them too", n)
}

// savedKept says how many of a removed feed's articles stay because they
// are saved; nothing where none are.
func savedKept(n int) string {
	if n == 0 {
		return ""
	}
	return "; " + store.Count(n, "saved article") + " kept"
}

// findFeed resolves FEED (a URL, a name, a piece of one) or says which.
func findFeed(lib *library.Library, ref string) (library.Feed, error) {
	feeds, err := lib.Subscriptions(context.Background())
	if err != nil {
		return library.Feed{}, err
	}
	f, err := library.FindFeed(feeds, ref)
	if err != nil {
		return f, &usageError{err.Error()}
	}
	return f, nil
}

func newRemove(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "remove FEED",
		Short: "Stop following a feed; its saved articles stay",
		Long: `Stop following FEED (its URL, its name, or a piece of the name only it
has). Its articles go, except saved ones, which stay in the library.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := o.openLibrary(false)
			if err != nil {
				return err
			}
			if lib == nil {
				return &usageError{fmt.Sprintf("%q: no such feed (no subscriptions yet)", args[0])}
			}
			defer lib.Close()
			f, err := findFeed(lib, args[0])
			if err != nil {
				return err
			}
			r, err := lib.Unsubscribe(context.Background(), f)
			if err != nil {
				return err
			}
			fmt.Fprintf(o.stdout, "removed %s (%s%s%s)\n", f.Name, store.Count(r.Gone, "article"), carried(r.Carried), savedKept(r.Saved))
			return nil
		},
	}
}

// feedsOf lists the subscriptions, none when there is no library.
func (o *options) feedsOf() ([]library.Feed, error) {
	lib, err := o.openLibrary(false)
	if err != nil || lib == nil {
		return nil, err
	}
	defer lib.Close()
	return lib.Feeds(context.Background())
}

func newFeeds(o *options) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "feeds",
		Short: "List the feeds you follow",
		Long: `List subscriptions: name (with the feed's own title beside a name you gave
it), address, articles, unread, when last updated, and the last update's
error. With --json, an array of
{"name","title","url","tags","articles","unread","updated","error","full_text"}
("title" the feed's own, absent where not known; "updated" RFC 3339 or
absent; "error" absent when the update went well).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := o.openLibrary(false)
			if err != nil {
				return err
			}
			var feeds []library.Feed
			if lib != nil {
				defer lib.Close()
				if feeds, err = lib.Feeds(context.Background()); err != nil {
					return err
				}
			}
			if asJSON {
				return writeJSON(o.stdout, nonNil(feeds))
			}
			if len(feeds) == 0 {
				fmt.Fprintln(o.stderr, "lede: no subscriptions yet (lede add URL, or lede import FILE)")
				return nil
			}
			width := narrowWidth(o.stdout)
			for _, f := range feeds {
				state := "never updated"
				if !f.Updated.IsZero() {
					state = "updated " + ago(f.Updated)
				}
				if f.Error != "" {
					failed := f.Error
					if width > 0 { // the address is on the line above
						failed = strings.TrimPrefix(failed, f.URL+": ")
					}
					state += " · failed: " + failed
				}
				tags := ""
				if len(f.Tags) > 0 {
					tags = " [" + strings.Join(f.Tags, ", ") + "]"
				}
				head := shownName(f) + tags
				facts := fmt.Sprintf("%s, %d unread · %s", store.Count(f.Articles, "article"), f.Unread, state)
				if width > 0 {
					// A narrow terminal: the address on a line of
					// its own (whole, to copy), the facts wrapped.
					lines := wrapLines(head, width, "")
					if shownName(f) != f.URL {
						lines = append(lines, "    "+f.URL)
					}
					lines = append(lines, wrapFacts(facts, width, "    ")...)
					fmt.Fprintln(o.stdout, strings.Join(lines, "\n"))
					continue
				}
				if shownName(f) != f.URL {
					// A feed called by its address (a file with no
					// title) is not named twice.
					head += "  " + f.URL
				}
				fmt.Fprintf(o.stdout, "%s\n    %s\n", head, facts)
			}
			t, err := lib.Tally(context.Background())
			if err != nil {
				return err
			}
			if width > 0 {
				fmt.Fprintln(o.stdout, strings.Join(wrapLines(tallyLine(feeds, t), width, ""), "\n"))
				return nil
			}
			fmt.Fprintln(o.stdout, tallyLine(feeds, t))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of feeds")
	return cmd
}

// ago says how long ago t was, roughly.
func ago(t time.Time) string {
	d := time.Since(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return t.Local().Format("2 Jan 2006")
}

func newImport(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Follow the feeds of an OPML file or a newsboat urls file",
		Long: `Follow every feed in FILE (- for standard input): OPML 2.0, as feed
readers export (outlines nested in outlines give their names as tags), or
newsboat's urls file (a URL per line, then its tags; "~Name" names it).
Feeds followed already are not added twice. The file is checked whole
first: a bad entry subscribes to nothing. From OPML, only http(s) feeds
are followed: an entry naming a file on this computer is left out, with
a line.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = o.stdinReader()
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					// A file that cannot be read: a failure (exit 1),
					// as --load's.
					return fmt.Errorf("%s: %v", args[0], unwrapPath(err))
				}
				defer f.Close()
				if fi, err := f.Stat(); err == nil && fi.IsDir() {
					// What import cannot take, as a feed (below).
					return &usageError{fmt.Sprintf("%s is a folder: import takes an OPML file or a newsboat urls file", args[0])}
				}
				r = f
			}
			subs, skipped, err := library.ReadSubscriptions(r)
			for _, s := range skipped {
				fmt.Fprintln(o.stderr, "lede: "+args[0]+": "+s)
			}
			var feed *library.FeedFileError
			if errors.As(err, &feed) && args[0] != "-" {
				return &usageError{fmt.Sprintf("%s: %s, not a subscription list: lede add %s follows it", args[0], feed.Kind, args[0])}
			}
			if err != nil {
				return fmt.Errorf("%s: %v", args[0], err) // not a list it can read
			}
			return o.withLibrary(func(lib *library.Library) error {
				added, dup, err := lib.Subscribe(context.Background(), subs)
				if err != nil {
					return err
				}
				line := "imported " + store.Count(len(added), "feed")
				if dup > 0 {
					line += fmt.Sprintf(" (%d followed already)", dup)
				}
				switch len(added) {
				case 0: // nothing new to fetch
				case 1:
					line += "; lede update fetches it"
				default:
					line += "; lede update fetches them"
				}
				fmt.Fprintln(o.stdout, line)
				return nil
			})
		},
	}
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func newExport(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "Print the feeds you follow as OPML 2.0",
		Long: `Print subscriptions as OPML 2.0, which other feed readers import, and
lede import reads back with names, tags and --full-text as they were.
Feeds on disk (files, folders) are left out with a line each: OPML
carries web feeds, and lede import follows only those.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			feeds, err := o.feedsOf()
			if err != nil {
				return err
			}
			left, err := library.WriteOPML(o.stdout, feeds)
			for _, f := range left {
				fmt.Fprintf(o.stderr, "lede: export: left out %s, a feed on disk (%s): OPML carries web feeds, and lede import follows only those (lede add %s follows it)\n",
					store.Sanitize(f.Name), store.Sanitize(f.URL), store.Sanitize(f.URL))
			}
			return err
		},
	}
}

func newUpdate(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "update",
		Short: "Fetch new articles from every feed",
		Long: `Fetch every subscription, 8 at once, asking each server for what changed
since the last time (an unchanged feed costs one 304). Each feed that
fails gets one line on stderr, and the others are saved. Exit 0 when every
feed updated or was unchanged, with a line on a terminal's stderr that
says what came of them ("lede: updated 9 feeds: 5 new articles in 2, 7
with nothing new, 0 failed"; nothing where stderr is not a terminal, so
cron stays quiet), 1 when any failed ("lede: 1 of 9 feeds failed", on a
terminal with what came of the others). A warning of a feed that updated
(a file its folder leaves out, an item cut short) is said at every
update on a terminal; elsewhere once, at the update that first gives it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.withLibrary(func(lib *library.Library) error {
				return o.update(lib)
			})
		},
	}
}

func (o *options) update(lib *library.Library) error {
	ctx := context.Background()
	feeds, err := lib.Subscriptions(ctx)
	if err != nil {
		return err
	}
	if len(feeds) == 0 {
		fmt.Fprintln(o.stderr, "lede: no subscriptions yet (lede add URL, or lede import FILE)")
		return nil
	}
	progress := isTerminal(o.stderr)
	var done atomic.Int64
	outs := lib.Update(ctx, o.loader(), feeds, func(r library.Outcome) {
		n := done.Add(1)
		if progress {
			fmt.Fprint(o.stderr, "\r\x1b[K")
		}
		if r.Err != nil {
			fmt.Fprintln(o.stderr, "lede: "+feedLine(r.Feed, r.Err))
		}
		warnings := r.Warnings
		if !progress {
			// Cron mails whatever a job writes: a warning it said at the
			// last update (a bad file a folder keeps) is not said again.
			warnings = r.NewWarnings
		}
		for _, w := range warnings {
			fmt.Fprintln(o.stderr, "lede: "+feedLine(r.Feed, w))
		}
		if progress {
			fmt.Fprintf(o.stderr, "lede: updating %d/%s…", n, store.Count(len(feeds), "feed"))
		}
	})
	if progress {
		fmt.Fprint(o.stderr, "\r\x1b[K")
	}
	line, failed := updateSummary(outs)
	if failed > 0 {
		// Each failure has its line above; this one closes them, and
		// where a person watches, says what came of the others too.
		err := fmt.Errorf("%d of %s failed", failed, store.Count(len(outs), "feed"))
		if progress {
			err = fmt.Errorf("%v (%s)", err, updateOthers(outs))
		}
		return err
	}
	// What came of it, as the reader's status line says it, on stderr
	// where a person watches it (stdout stays clean for scripts); under
	// cron, which mails whatever a job writes, a good update says nothing.
	if progress {
		fmt.Fprintln(o.stderr, "lede: updated "+line)
	}
	return nil
}

// feedLine is a line about feed f (a failure, a warning): its name, then
// what err says, which names its address already where the feed is
// called by it (a file followed whose name is its path).
func feedLine(f library.Feed, err error) string {
	msg := oneLine(err.Error())
	if strings.HasPrefix(msg, f.Name+": ") {
		return store.Sanitize(msg)
	}
	return store.Sanitize(f.Name) + ": " + store.Sanitize(msg)
}

// updateOthers says what came of the feeds of an update that did not
// fail: "3 new articles in 1, 5 with nothing new".
func updateOthers(outs []library.Outcome) string {
	var added, brought, none int
	for _, r := range outs {
		switch {
		case r.Err != nil:
		case r.Added > 0:
			brought++
			added += r.Added
		default:
			none++
		}
	}
	news := store.Count(added, "new article")
	if brought > 0 {
		news += fmt.Sprintf(" in %d", brought)
	}
	return fmt.Sprintf("%s, %d with nothing new", news, none)
}

// updateSummary says what an update did, every feed in one count: those
// that brought new articles (and how many in all), those with nothing
// new (a 304, or the feed as it was: edits of its items are not new),
// those that failed. "9 feeds: 5 new articles in 2, 7 with nothing new,
// 0 failed".
func updateSummary(outs []library.Outcome) (line string, failed int) {
	for _, r := range outs {
		if r.Err != nil {
			failed++
		}
	}
	return fmt.Sprintf("%s: %s, %d failed", store.Count(len(outs), "feed"), updateOthers(outs), failed), failed
}

// parseAge reads a duration as Go writes one (36h, 90m) or in days (30d).
func parseAge(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(d, 64)
		if err == nil && n > 0 {
			return time.Duration(n * float64(24*time.Hour)), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--older-than %q: give a duration such as 30d or 72h", s)
	}
	return d, nil
}

func newPrune(o *options) *cobra.Command {
	var older string
	cmd := &cobra.Command{
		Use:   "prune --older-than DURATION",
		Short: "Remove old articles; saved ones are never removed",
		Long: `Remove articles older than DURATION (30d, 72h) by the date their feed gave,
or when they arrived if it gave none, with their reading state. Saved
articles are never pruned, and a pruned article still in its feed does not
come back.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if older == "" {
				return &usageError{"prune: give --older-than DURATION (e.g. 30d)"}
			}
			d, err := parseAge(older)
			if err != nil {
				return &usageError{err.Error()}
			}
			lib, err := o.openLibrary(false)
			if err != nil || lib == nil {
				return err
			}
			defer lib.Close()
			n, err := lib.Prune(context.Background(), time.Now().Add(-d))
			if err != nil {
				return err
			}
			fmt.Fprintf(o.stdout, "pruned %s\n", store.Count(n, "article"))
			return nil
		},
	}
	cmd.Flags().StringVar(&older, "older-than", "", "remove articles older than `DURATION` (30d, 72h)")
	return cmd
}

// refResolver resolves REFs among the library's articles alone (no
// seeds): an exact ID at once; a piece of a title through the library's
// IDs and titles (quickRefs), read once, on the first REF that needs it.
type refResolver struct {
	lib *library.Library
	q   *quickRefs
}

// resolve gives the ID and title REF names, or a usage error.
func (r *refResolver) resolve(ref string) (id, title string, err error) {
	if title, ok, err := r.lib.Title(context.Background(), ref); err != nil || ok {
		return ref, title, err
	}
	if r.q == nil {
		refs, err := r.lib.RefRows(context.Background())
		if err != nil {
			return "", "", err
		}
		// not the library's ID (Title): no copy of one
		r.q = &quickRefs{refs: refs, lib: r.lib}
	}
	return r.q.find(ref)
}

// fetchable is err, fetch's for a REF that names no article of the
// library, unless REF names one of the seeds shown (all of them with no
// library; beside one, those saved or --seeds), which came with lede,
// with no page to fetch: then the error says so. A REF that names
// several articles keeps its "say which".
func fetchable(ref string, err error, shown []store.Article) error {
	var none *refNone
	if !errors.As(err, &none) || len(shown) == 0 {
		return err
	}
	if a, serr := resolve(store.Build(shown), nil, ref); serr == nil {
		return &usageError{fmt.Sprintf("fetch: %s is one of the articles that come with lede, which have no page to fetch (fetch takes an article of a feed you follow)", a.ID)}
	}
	return err
}

func newFetch(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "fetch REF",
		Short: "Fetch an article's page and keep its full text",
		Long: `Fetch the page an article links to, find the article in it (as lede reads
any web page) and keep its text in the library in place of the summary
its feed carried. REF is an article ID or a piece of its title.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := o.openLibrary(false)
			if err != nil {
				return err
			}
			if lib == nil {
				var shown []store.Article // with no library, the seeds are the list
				if !o.noSeeds {
					shown, _ = ingest.LoadFS(seeds.FS)
				}
				return fetchable(args[0], &refNone{&usageError{fmt.Sprintf("fetch: no article matches %q: the library holds none yet (lede add URL follows a feed)", safe.Text(args[0]))}}, shown)
			}
			defer lib.Close()
			if lib.ReadOnly {
				// Before the page is fetched, as the other writes refuse
				// before any work.
				return fmt.Errorf("%s: %w", lib.Path(), library.ErrReadOnly)
			}
			r := &refResolver{lib: lib}
			id, title, err := r.resolve(args[0])
			if err != nil {
				return fetchable(args[0], err, o.besideLibrary(context.Background(), lib))
			}
			if err := lib.FetchFullText(context.Background(), o.loader(), id); err != nil {
				return err
			}
			fmt.Fprintf(o.stdout, "%s: full text kept\n", title)
			return nil
		},
	}
}

// filter picks articles by their state and feed: list --unread, --saved,
// --feed NAME, and mark --all.
type filter struct {
	unread, saved bool
	feed          string
}

func (f *filter) flags(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.BoolVar(&f.unread, "unread", false, "only unread articles")
	fl.BoolVar(&f.saved, "saved", false, "only saved articles")
	fl.StringVar(&f.feed, "feed", "", "only the articles of `FEED` (its name or URL)")
}

func (f filter) any() bool { return f.unread || f.saved || f.feed != "" }

// keep: the article passes the filter. feedName is FEED resolved.
func (f filter) keep(a *store.Article, st library.State, feedName string) bool {
	return (!f.unread || !st.Read) && (!f.saved || st.Saved) && (f.feed == "" || a.InFeed(feedName))
}

func newMark(o *options) *cobra.Command {
	var all bool
	var flt filter
	cmd := &cobra.Command{
		Use:   "mark read|unread|saved|unsaved REF... | mark STATE --all [--feed FEED] [--unread] [--saved]",
		Short: "Mark articles read, unread, saved or unsaved",
		Long: `Mark articles of what lede shows, as the reader marks them: the library's,
else the seeds or the sources named (their marks are kept in the library
too). REF is an article ID or a piece of its title; with --all, every
article that passes the filters (--feed FEED, --unread, --saved) instead.
Saved articles are never pruned.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, ok := library.ParseMark(args[0])
			if !ok {
				return &usageError{fmt.Sprintf("mark %q: give read, unread, saved or unsaved", args[0])}
			}
			refs := args[1:]
			switch {
			case all && len(refs) > 0:
				return &usageError{"mark: give REFs or --all, not both"}
			case !all && len(refs) == 0:
				return &usageError{"mark: give one REF or more, or --all (--feed, --unread and --saved pick fewer)"}
			case !all && flt.any():
				return &usageError{"mark: --feed, --unread and --saved go with --all"}
			}
			lib, ids, err := o.marked(refs, all, flt)
			if err != nil {
				return err // nothing is marked until every REF is known
			}
			changed, already, err := lib.Mark(context.Background(), ids, m)
			if err != nil {
				return err
			}
			line := fmt.Sprintf("marked %s %s", store.Count(changed, "article"), args[0])
			if already > 0 {
				verb := "were"
				if already == 1 {
					verb = "was"
				}
				line += fmt.Sprintf(" (%d %s already)", already, verb)
			}
			fmt.Fprintln(o.stdout, line)
			return nil
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "mark every article that passes the filters")
	flt.flags(cmd)
	return cmd
}

// marked gives the library that keeps the marks of what is shown and the
// IDs of the articles REFs name in what is shown (or, with all, that pass
// flt): the library's own articles when it is shown, else the seeds or
// the sources named, whose marks the library keeps as the reader does
// (made if need be).
func (o *options) marked(refs []string, all bool, flt filter) (*library.Library, []string, error) {
	if lib, ok := o.libraryShown(); ok && !o.seeds && len(o.besideLibrary(context.Background(), lib)) == 0 {
		// The library's articles alone (no saved seed beside them):
		// their headlines and titles are enough, no store is built.
		var ids []string
		if all {
			var err error
			if ids, err = o.filtered(lib, flt); err != nil {
				return nil, nil, err
			}
		}
		r := &refResolver{lib: lib}
		for _, ref := range refs {
			id, _, err := r.resolve(ref)
			if err != nil {
				return nil, nil, err
			}
			ids = append(ids, id)
		}
		return lib, ids, nil
	}
	if q, ok := o.quickRefs(); ok && !all {
		// Saved seeds, or --seeds, beside the library: still no store.
		var ids []string
		for _, ref := range refs {
			id, _, err := q.find(ref)
			if err != nil {
				return nil, nil, err
			}
			ids = append(ids, id)
		}
		return o.shownLibrary(), ids, nil
	}
	st, err := o.load()
	if err != nil {
		return nil, nil, err
	}
	var ids []string
	if all {
		entries, err := o.listed(st.List(), flt)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range entries {
			ids = append(ids, e.ID)
		}
	}
	for _, ref := range refs {
		a, err := resolve(st, o.shownLibrary(), ref)
		if err != nil {
			return nil, nil, err
		}
		ids = append(ids, a.ID)
	}
	lib, err := o.marksLibrary(true)
	if err == nil && lib == nil {
		err = noStateError("mark")
	}
	return lib, ids, err
}

// filtered gives the IDs of the library's articles that pass flt, newest
// first (their headlines are enough: no store is built).
func (o *options) filtered(lib *library.Library, flt filter) ([]string, error) {
	ctx := context.Background()
	feedName := ""
	if flt.feed != "" {
		f, err := findFeed(lib, flt.feed)
		if err != nil {
			return nil, err
		}
		feedName = f.Name
	}
	states, err := lib.States(ctx)
	if err != nil {
		return nil, err
	}
	heads, err := lib.Headlines(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for i := range heads {
		if a := &heads[i]; flt.keep(a, states[a.ID], feedName) {
			ids = append(ids, a.ID)
		}
	}
	return ids, nil
}

// stdinReader is what - reads.
func (o *options) stdinReader() io.Reader { return o.stdin }
