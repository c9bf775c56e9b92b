// Package cli is lede's command line: the reader's other face, printing
// what the store knows (list, show, related, search, the library's
// commands) for scripts and pipes instead of drawing it, and opening the
// reader when it is asked for nothing on a terminal.
//
// It only wires: root.go the root command, its flags and the rules of the
// command line (where sources go, what a usage error is); load.go what is
// loaded and how the reader or a command gets it (the pipeline itself is
// store/stream); a file per command or family of commands (feeds.go the
// library's); output.go what the commands share to print. Parsing and
// ranking live in store/, the UI in reader/; neither imports this package.
package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
	"github.com/lede-reader/lede/store/safe"
	"github.com/lede-reader/lede/store/stream"
)

// Exit codes: 0 ok, 1 runtime failure, 2 usage error (a bad flag, an
// unknown or ambiguous article reference).
const (
	exitFailure = 1
	exitUsage   = 2
)

// usageError is an error the user can fix by typing something else. Its
// message may run over several lines (a list of candidates).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// Main runs lede on the process's arguments and standard streams and
// gives the exit code; package main only exits with it.
func Main() int {
	tuneGC()
	return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// options are the global flags, shared by every command, and what the
// commands print to.
type options struct {
	loads   []string
	seeds   bool
	noSeeds bool
	timeout time.Duration
	sortBy  string
	lib     libraryOptions
	// json and plain are --json and --plain given before a command that
	// has none of its own (a command's own takes them wherever they
	// stand): the bare command's list as JSON, else a usage error.
	json, plain bool

	// settings are config.toml's (config.go), at configPath;
	// settingsProblems what was wrong with it.
	settings         settings
	settingsProblems []error
	configPath       string

	stdin          io.Reader // what the source "-" reads
	stdout, stderr io.Writer
	// interactive: the bare command opens the reader (stdout is a
	// terminal that can draw it) rather than printing the list.
	interactive bool
	// progress: keep a line of loading progress on stderr (a terminal);
	// progressDelay: not before loading has taken this long.
	progress      bool
	progressDelay time.Duration
	// demo is what is shown when nothing is named: the embedded seeds
	// (tests show other articles through it).
	demo stream.Provider
	// openReader runs the reader; tests replace it.
	openReader func(reader.Source, reader.Options) error
	// commandNear gives the command a word is likeliest a typo of, or "":
	// a source that is no file may be one.
	commandNear func(string) string
	// saving says on stderr that a quit waits for the marks to be
	// written, where it does (saving.go); closeLibrary ends it.
	saving *savingNote
}

func newOptions(stdin io.Reader, stdout, stderr io.Writer) *options {
	return &options{
		stdin:         stdin,
		stdout:        stdout,
		stderr:        stderr,
		interactive:   isTerminal(stdout) && os.Getenv("TERM") != "dumb",
		progress:      isTerminal(stderr),
		progressDelay: 250 * time.Millisecond,
		demo:          seedsProvider,
		openReader:    reader.Run,
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return newOptions(stdin, stdout, stderr).execute(args)
}

// execute runs the command line args and says how it went: the exit code,
// and one line on stderr for an error.
func (o *options) execute(args []string) int {
	o.readSettings()
	root := newRoot(o)
	root.SuggestionsMinimumDistance = 2
	o.commandNear = func(word string) string { return nearestCommand(root, word) }
	defer o.closeLibrary()
	if err := commandTypo(root, args); err != nil {
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(err.Error()))
		return exitUsage
	}
	root.SetArgs(placeSources(root, args))
	root.SetIn(o.stdin)
	root.SetOut(o.stdout)
	root.SetErr(o.stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var sig *reader.SignalError
	if errors.As(err, &sig) {
		// The reader has given the terminal back; exit as a shell expects
		// of a process a signal ended, with SIGQUIT's goroutine dump.
		if len(sig.Dump) > 0 {
			fmt.Fprintf(o.stderr, "lede: %v\n%s", sig, sig.Dump)
		}
		return sig.ExitCode()
	}
	if errors.Is(err, errSaid) {
		return exitFailure
	}
	var ue *usageError
	if errors.As(err, &ue) {
		// a usage error may list candidates, one per line
		fmt.Fprintln(o.stderr, "lede: "+safe.Text(ue.msg))
		return exitUsage
	}
	fmt.Fprintln(o.stderr, "lede: "+safe.Text(oneLine(err.Error())))
	return exitFailure
}

func newRoot(o *options) *cobra.Command {
	root := &cobra.Command{
		Use:   "lede [SRC...] [COMMAND]",
		Short: "A terminal news reader that knows which stories are related",
		Long: `lede reads news in the terminal: a headline list, articles rendered for
the terminal, and related stories (with the words that relate them, and
versions of the same event grouped together).

With no command, lede opens the reader on a terminal, and prints the
headline list when its output is not a terminal (or TERM=dumb, which cannot
draw it).

Sources (files, folders, URLs, - for standard input) go before the command
or after it: lede ../notes list, lede list ../notes and lede --load ../notes
list are the same. After show REF and related REF, what follows the REF is
sources too; search takes every word after it as its query.

What is shown: the sources named, on their own; with none, your library
when you follow feeds (lede add, lede import), else the embedded seed
articles. --seeds adds the seeds to either, --no-seeds leaves them out
even when nothing else is shown, and --no-state runs without the
library.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		Args:          cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.loads = append(o.loads, args...) // after --
			if !o.interactive || o.json || o.plain {
				// As lede list prints it: from the library, where that
				// is the store's list (quicklist.go).
				if entries, ok, err := o.quickListed(filter{}, o.json, 0); err != nil {
					return err
				} else if ok && o.json {
					return printEntries(o.stdout, entries, true)
				} else if ok {
					return printList(o.stdout, articlesOf(entries), false)
				}
				st, err := o.load()
				if err != nil {
					return err
				}
				if o.json { // as lede list --json, with the reading state
					entries, err := o.listed(st.List(), filter{})
					if err != nil {
						return err
					}
					return printEntries(o.stdout, entries, true)
				}
				return printList(o.stdout, st.List(), false)
			}
			return o.runReader()
		},
	}
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		switch {
		case o.json && cmd != root:
			return &usageError{fmt.Sprintf("--json: %s prints no JSON (list, show, related, search, compare and feeds do)", cmd.Name())}
		case o.plain && cmd != root:
			return &usageError{fmt.Sprintf("--plain: %s has no other way to print (show and compare do)", cmd.Name())}
		case !slices.Contains(store.SortKeys, o.sortBy):
			return &usageError{fmt.Sprintf("--sort %q: give date, source or title", o.sortBy)}
		case o.timeout <= 0:
			return &usageError{"--timeout must be more than zero"}
		case o.seeds && o.noSeeds:
			return &usageError{"give --seeds or --no-seeds, not both"}
		}
		return nil
	}
	pf := root.PersistentFlags()
	pf.StringArrayVar(&o.loads, "load", nil, "load articles from `SRC` for this run (instead of the library or the seeds): a text, Markdown or HTML file, an RSS, Atom or JSON feed, a folder of them (read recursively), an http(s) URL, or - for standard input; repeatable")
	pf.BoolVar(&o.seeds, "seeds", false, "show the embedded seed articles beside the sources or the library")
	pf.BoolVar(&o.noSeeds, "no-seeds", false, "leave out the embedded seed articles, even when nothing else is loaded")
	pf.DurationVar(&o.timeout, "timeout", ingest.DefaultTimeout, "give up on a URL after `DURATION` (e.g. 30s)")
	// Scripts write these before the command too (lede --json search
	// x): each command with its own takes them there as after it.
	pf.BoolVar(&o.json, "json", false, "print JSON (list, show, related, search, compare, feeds; the bare command's list too), before the command or after it")
	pf.BoolVar(&o.plain, "plain", false, "plain text, no escape sequences (show, compare; the bare command prints the list), before the command or after it")
	pf.StringVar(&o.sortBy, "sort", "", "order articles by `KEY`: date (newest first), source or title (default: as loaded)")
	root.AddCommand(newList(o), newShow(o), newRelated(o), newSearch(o), newCompare(o), newConfig(o), newCompletion(root))
	root.CompletionOptions.DisableDefaultCmd = true // lede's own (completion.go) names the shells it knows
	addLibraryFlags(o, root)
	// Help wraps its flags' descriptions to the terminal's width where it
	// goes to one (lede's stdout: cobra writes usage into a buffer first);
	// to a pipe or a file, 0: no wrapping, each flag a line as before.
	root.SetUsageTemplate(strings.ReplaceAll(root.UsageTemplate(), ".FlagUsages | trimTrailingWhitespaces", ".FlagUsagesWrapped "+strconv.Itoa(terminalColumns(o.stdout))+" | oneLetterFlags | trimTrailingWhitespaces"))
	typeUsageErrors(root) // last: every command added above is covered
	return root
}

// version is lede's version as Go recorded it in the binary (the
// module's, from its tag or commit: v1.2.0, or
// v0.0.0-20261130184550-0123456789ab+dirty), with the Go release that
// built it; for a build of a checkout (no module version), "devel" and
// the commit and its day where Go stamped them (versionOf).
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	return versionOf(bi)
}

// versionOf is version of bi: "devel 1a2b3c4 2026-12-01 (go1.26.8)"
// where there is no module version, as git names a commit (its first 7
// digits) and the day it was made, "modified" after them where the
// checkout had changes not committed; "devel (go1.26.8)" where Go
// stamped no commit (-buildvcs=false, or no git).
func versionOf(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	var rev, when, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	// Go 1.24 on stamps a build of a checkout with a pseudo-version
	// (v0.0.0-20261201052000-3ec6fb9e74e5, +dirty where modified): the
	// commit and its day, as git names them, say it plainer. A pseudo-
	// version with no commit stamped (go install of a commit) stays.
	if v == "" || v == "(devel)" || rev != "" && pseudoVersion.MatchString(v) {
		v = "devel"
		if rev != "" {
			v += " " + rev[:min(len(rev), 7)]
		}
		if t, err := time.Parse(time.RFC3339, when); err == nil {
			v += " " + t.UTC().Format("2006-01-02")
		}
		if rev != "" && modified == "true" {
			v += " modified"
		}
	}
	return v + " (" + bi.GoVersion + ")"
}

// pseudoVersion matches a Go pseudo-version: a base version, then the
// commit's time (14 digits) and its first 12 hex digits, +dirty where
// the checkout had changes.
var pseudoVersion = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-(?:[0-9A-Za-z.-]*[.-])?[0-9]{14}-[0-9a-f]{12}(?:\+dirty)?$`)

// shortFlag matches, in pflag's usage lines, a flag whose long name is
// its one letter (-n, --n N): help shows it as README does, -n N, the
// columns kept ("--n" still works).
var shortFlag = regexp.MustCompile(`(?m)^(\s+)-([a-zA-Z]), --([a-zA-Z])( [A-Z]+)?(\s)`)

// oneLetterFlags shows each flag named by one letter as -n N, not -n, --n N.
func oneLetterFlags(usages string) string {
	return shortFlag.ReplaceAllStringFunc(usages, func(m string) string {
		g := shortFlag.FindStringSubmatch(m)
		if g[2] != g[3] {
			return m
		}
		short := g[1] + "-" + g[2] + g[4]
		return short + strings.Repeat(" ", len(m)-len(short)-len(g[5])) + g[5]
	})
}

func init() {
	cobra.AddTemplateFunc("oneLetterFlags", oneLetterFlags)
}

// typeUsageErrors makes every complaint cobra has about flags and
// arguments, in every command, a usageError (exit 2), whoever wrote the
// command: cobra's own errors are plain ones.
func typeUsageErrors(root *cobra.Command) {
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{flagError(err)} })
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if check := c.Args; check != nil {
			c.Args = func(cmd *cobra.Command, args []string) error {
				if err := check(cmd, args); err != nil {
					var ue *usageError
					if errors.As(err, &ue) {
						return err
					}
					return &usageError{argsError(cmd, args, err)}
				}
				return nil
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// cobra's complaints about the count of arguments.
var (
	tooFew    = regexp.MustCompile(`^requires at least \d+ arg\(s\), only received \d+$`)
	exactly   = regexp.MustCompile(`^accepts \d+ arg\(s\), received \d+$`)
	noneTaken = regexp.MustCompile(`^unknown command ".*" for "`)
)

// argsError says cobra's complaint about cmd's arguments in lede's words:
// what is missing ("show: REF is missing"), or what is too many, and the
// usage line, where cobra said "requires at least 1 arg(s), only
// received 0".
func argsError(cmd *cobra.Command, args []string, err error) string {
	usage := "; usage: " + strings.TrimSuffix(cmd.UseLine(), " [flags]")
	// What cmd takes, as its Use names it: "show REF [SRC...]" takes REF,
	// then sources it may go without; a "|" starts another form.
	var takes []string
	for _, w := range strings.Fields(cmd.Use)[1:] {
		if w == "|" {
			break
		}
		if !strings.HasPrefix(w, "[") && !strings.HasPrefix(w, "-") {
			takes = append(takes, w)
		}
	}
	msg := err.Error()
	switch {
	case tooFew.MatchString(msg) || exactly.MatchString(msg) && len(args) < len(takes):
		if len(args) < len(takes) {
			return fmt.Sprintf("%s: %s is missing%s", cmd.Name(), strings.TrimSuffix(takes[len(args)], "..."), usage)
		}
		return fmt.Sprintf("%s: an argument is missing%s", cmd.Name(), usage)
	case exactly.MatchString(msg):
		return fmt.Sprintf("%s takes %s alone, not %d arguments (%s)%s", cmd.Name(), strings.Join(takes, " "), len(args), strings.Join(args, " "), usage)
	case noneTaken.MatchString(msg):
		return fmt.Sprintf("%s takes no arguments, not %q%s", cmd.Name(), strings.Join(args, " "), usage)
	}
	return fmt.Sprintf("%s: %s%s", cmd.Name(), msg, usage)
}

// badValue is pflag's error for a flag's value it could not read:
// the value, the flag's names, and the parser's own error.
var badValue = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-[^,]*, )?(-[^"]*)" flag: (.*)$`)

// flagError says a flag's problem as a person reads it: `--width "abc":
// give a whole number`, not strconv's `parsing "abc": invalid syntax`.
// The value stays quoted as pflag quoted it.
func flagError(err error) string {
	m := badValue.FindStringSubmatch(err.Error())
	if m == nil {
		return err.Error()
	}
	value, name, why := m[1], m[2], m[3]
	if short := strings.TrimPrefix(name, "--"); len(short) == 1 {
		name = "-" + short // -n, as it is spelt
	}
	switch {
	case strings.Contains(why, "strconv.ParseBool"):
		why = "give true or false"
	case strings.Contains(why, "strconv.Parse") && strings.Contains(why, "value out of range"):
		why = "too large a number"
	case strings.Contains(why, "strconv.Parse"):
		why = "give a whole number"
	case strings.Contains(why, "time: "):
		why = "give a duration, as 30s, 10m or 2h"
	}
	return fmt.Sprintf("%s \"%s\": %s", name, value, why)
}

// placeSources makes the arguments before the command sources, as
// --load: `lede ../notes list` is `lede --load=../notes list`, and
// `lede -` reads standard input. The first argument that names a command
// ends them; after the command, each command takes its own.
func placeSources(root *cobra.Command, args []string) []string {
	commands := commandNames(root)
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "search":
			return append(append(out, a), placeQuery(root, args[i+1:])...)
		case a == "--" || commands[a]:
			return append(out, args[i:]...)
		case a == "-" || !strings.HasPrefix(a, "-"):
			out = append(out, "--load="+a)
		default: // a flag, and its value if it takes one
			out = append(out, a)
			if takesValue(root, a) && i+1 < len(args) {
				i++
				out = append(out, args[i])
			}
		}
	}
	return out
}

// commandTypo is the usage error of a word before the command that is a
// command mistyped: no file or folder of that name, the word no path
// (nothing in it says path: no slash, no dot), and near a command's name
// (lede lsit: did you mean `lede list`?) or the name of one of root's
// flags without its dashes (lede version: `lede --version`). A bare word
// is a source otherwise, and loads or says why not.
func commandTypo(root *cobra.Command, args []string) error {
	root.InitDefaultVersionFlag() // --version, which cobra adds only as it runs
	commands := commandNames(root)
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--" || commands[a]:
			return nil
		case strings.HasPrefix(a, "-"):
			if takesValue(root, a) {
				i++
			}
			continue
		case strings.ContainsAny(a, `/\.`):
			continue
		}
		if _, err := os.Stat(a); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		f := root.Flags().Lookup(a)
		if f == nil {
			f = root.PersistentFlags().Lookup(a)
		}
		if f != nil && !f.Hidden { // seeds is --seeds before it is feeds
			return &usageError{fmt.Sprintf("unknown command %q; did you mean `lede --%s`?", a, f.Name)}
		}
		if best := nearestCommand(root, a); best != "" {
			return &usageError{fmt.Sprintf("unknown command %q; did you mean `lede %s`?", a, best)}
		}
	}
	return nil
}

// nearestCommand is the command word is likeliest a typo of (the nearest
// of cobra's suggestions: serch is search, not fetch), or "".
func nearestCommand(root *cobra.Command, word string) string {
	near := root.SuggestionsFor(word)
	if len(near) == 0 {
		return ""
	}
	return slices.MinFunc(near, func(a, b string) int { return editDistance(word, a) - editDistance(word, b) })
}

// commandNames are the words that name a command (cobra's own among them).
func commandNames(root *cobra.Command) map[string]bool {
	commands := map[string]bool{"help": true, "__complete": true, "__completeNoDesc": true}
	for _, c := range root.Commands() {
		commands[c.Name()] = true
		for _, a := range c.Aliases {
			commands[a] = true
		}
	}
	return commands
}

// takesValue: arg is a flag of root's given without =, whose value is the
// next argument.
func takesValue(root *cobra.Command, arg string) bool {
	if strings.Contains(arg, "=") {
		return false
	}
	f := root.PersistentFlags().Lookup(strings.TrimLeft(arg, "-"))
	if !strings.HasPrefix(arg, "--") {
		name := strings.TrimPrefix(arg, "-")
		if len(name) != 1 {
			return false
		}
		f = root.PersistentFlags().ShorthandLookup(name)
	}
	return f != nil && f.NoOptDefVal == ""
}

// placeQuery orders search's arguments as cobra reads them: its flags
// first, then "--" and the query, so that a -word of the query ("-nato",
// "-sheinbaum") is a word that must not appear, not a cluster of
// shorthand flags. An argument is a flag when it is one of search's or
// the global flags: "--name" or "--name=V" (an unknown "--name" too, so
// that cobra says it is unknown), "-h", and "-n" alone (its value the
// next argument, whatever it is), "-n=V" or "-n" with a number after it
// ("-n3"). Every other argument is a word of the query, in order;
// everything after "--" is too.
func placeQuery(root *cobra.Command, args []string) []string {
	search, _, err := root.Find([]string{"search"})
	if err != nil || search == root {
		return args
	}
	search.InitDefaultHelpFlag() // -h and --help, which cobra adds only as it runs
	lookup := func(name string) *pflag.Flag {
		if f := search.Flags().Lookup(name); f != nil {
			return f
		}
		return root.PersistentFlags().Lookup(name)
	}
	var flags, words []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		var f *pflag.Flag
		attached := false // the flag's value is in a
		switch {
		case a == "--":
			words = append(words, args[i+1:]...)
			i = len(args)
			continue
		case strings.HasPrefix(a, "--"):
			name, _, hasValue := strings.Cut(a[2:], "=")
			f, attached = lookup(name), hasValue
			if f == nil {
				flags = append(flags, a)
				continue
			}
		case strings.HasPrefix(a, "-") && len(a) > 1:
			f = search.Flags().ShorthandLookup(a[1:2])
			if f == nil {
				f = root.PersistentFlags().ShorthandLookup(a[1:2])
			}
			if rest := a[2:]; f != nil && rest != "" {
				_, numErr := strconv.Atoi(rest)
				switch {
				case f.NoOptDefVal != "": // a shorthand bool does not run on
					f = nil
				case strings.HasPrefix(rest, "="):
					attached = true
				case f.Value.Type() == "int" && numErr == nil:
					attached = true
				default:
					f = nil
				}
			}
		}
		if f == nil {
			words = append(words, a)
			continue
		}
		flags = append(flags, a)
		if !attached && f.NoOptDefVal == "" && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if len(words) == 0 {
		return flags // cobra then says a query is missing
	}
	return append(append(flags, "--"), words...)
}
