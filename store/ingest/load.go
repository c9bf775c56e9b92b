// Package ingest turns sources (files, folders, URLs, standard input, the
// embedded seeds) into store.Articles: bytes are decoded, sanitized, told
// apart by content (plain text, Markdown, HTML, RSS, Atom, JSON Feed),
// parsed, and sanitized again after every step that decodes. It knows
// nothing of terminals. Every source that fails yields one error naming it,
// and the rest still load.
package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Limits: what fits is read, and what does not is reported once.
const (
	// MaxArticleBytes caps one article (a text, Markdown or HTML file).
	MaxArticleBytes = 16 << 20
	// MaxFeedBytes caps one feed; the items before the cap still load.
	MaxFeedBytes = 64 << 20
	// MaxTreeFiles caps the files read from one folder tree.
	MaxTreeFiles = 100_000
)

// Limits are the caps a Loader reads under; a zero field means the
// package's default (MaxArticleBytes, MaxFeedBytes, MaxTreeFiles).
type Limits struct {
	ArticleBytes int // one article: a text, Markdown or HTML file
	FeedBytes    int // one feed, and what is read of any source
	TreeFiles    int // the files read from one folder tree
}

// orDefaults is l with every zero field its default.
func (l Limits) orDefaults() Limits {
	if l.ArticleBytes <= 0 {
		l.ArticleBytes = MaxArticleBytes
	}
	if l.FeedBytes <= 0 {
		l.FeedBytes = MaxFeedBytes
	}
	if l.TreeFiles <= 0 {
		l.TreeFiles = MaxTreeFiles
	}
	return l
}

// Problem is one source that failed or was cut; its message is one line.
type Problem struct {
	Source string
	Err    error
}

func (p *Problem) Error() string {
	// The one place a source's problems become text: what a parser
	// quotes of the source (an element's name) is bounded here too.
	return strings.TrimSpace(safe.LineMax(p.Source+": "+p.Err.Error(), safe.MaxMessage))
}

func (p *Problem) Unwrap() error { return p.Err }

// file is one file to read: how to open it, and how articles name it.
type file struct {
	open    func() (io.ReadCloser, error)
	source  string
	section string
}

// origin is where a source's bytes came from.
type origin struct {
	name        string   // path, URL or "stdin": names articles and problems
	section     string   // the folder's name, for articles that name none
	contentType string   // HTTP Content-Type; "" for files
	base        *url.URL // the URL a page or feed was fetched from
	limits      Limits   // zero: the defaults
}

// Options configure a Loader.
type Options struct {
	// Timeout bounds each HTTP fetch, from request to the last byte;
	// zero means DefaultTimeout.
	Timeout time.Duration
	// Client fetches URLs; nil means one made by NewClient(Timeout).
	Client *http.Client
	// Stdin is what "-" reads.
	Stdin io.Reader
	// Limits caps what is read; zero fields mean the defaults.
	Limits Limits
}

// Loader reads sources: files, folders, URLs and "-" for standard input.
// One Loader may load many sources at once; Progress tells how far it got.
type Loader struct {
	opts        Options
	client      *http.Client
	found, done atomic.Int64
	stdinMu     sync.Mutex
	stdinRead   bool
}

// NewLoader makes a Loader.
func NewLoader(opts Options) *Loader {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	opts.Limits = opts.Limits.orDefaults()
	l := &Loader{opts: opts, client: opts.Client}
	if l.client == nil {
		l.client = NewClient(opts.Timeout)
	}
	return l
}

// Progress is how many files and fetches have been read, of how many
// found so far (a folder adds its files once it has been walked).
func (l *Loader) Progress() (done, total int) {
	return int(l.done.Load()), int(l.found.Load())
}

// Result is what one source gave: its articles in order, and one error
// per problem (a *Problem naming the source), some of them only warnings
// about a source that still loaded in part.
type Result struct {
	Index    int // the source's place in the list given to LoadAll
	Source   string
	Articles []store.Article
	Errs     []error
}

// maxParallelSources bounds the sources read at once; each folder reads
// its files on every core besides.
const maxParallelSources = 8

// LoadAll loads every source, several at once, and sends each one's Result
// as it finishes; the channel closes after the last. Cancelling ctx stops
// fetches and folder reads early.
func (l *Loader) LoadAll(ctx context.Context, sources []string) <-chan Result {
	out := make(chan Result, len(sources))
	l.found.Add(int64(len(sources)))
	go func() {
		defer close(out)
		sem := make(chan struct{}, maxParallelSources)
		var wg sync.WaitGroup
		stdin := false
		for i, src := range sources {
			if src == "-" {
				if stdin { // the first "-" reads it, whichever runs first
					l.done.Add(1)
					out <- Result{Index: i, Source: src, Errs: []error{errStdinTwice}}
					continue
				}
				stdin = true
			}
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				arts, errs := l.load(ctx, src)
				out <- Result{Index: i, Source: src, Articles: arts, Errs: errs}
			}()
		}
		wg.Wait()
	}()
	return out
}

// Load reads one source: "-" is standard input, an http or https URL is
// fetched, anything else is a file or a folder.
func (l *Loader) Load(ctx context.Context, src string) ([]store.Article, []error) {
	l.found.Add(1)
	return l.load(ctx, src)
}

// load reads one source counted in found already.
func (l *Loader) load(ctx context.Context, src string) ([]store.Article, []error) {
	switch {
	case src == "-":
		defer l.done.Add(1)
		return l.loadStdin()
	case isURL(src):
		defer l.done.Add(1)
		return l.fetch(ctx, src)
	case strings.Contains(src, "://"):
		l.done.Add(1)
		return nil, []error{&Problem{Source: src, Err: errors.New("not a source lede reads: only http and https URLs, files and folders")}}
	}
	return l.loadPath(ctx, src)
}

// isURL: a source to fetch.
func isURL(src string) bool {
	l := strings.ToLower(src)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

var errStdinTwice = &Problem{Source: "stdin", Err: errors.New(`read once already ("-" given twice)`)}

func (l *Loader) loadStdin() ([]store.Article, []error) {
	const name = "stdin"
	l.stdinMu.Lock()
	already := l.stdinRead
	l.stdinRead = true
	l.stdinMu.Unlock()
	switch {
	case l.opts.Stdin == nil:
		return nil, []error{&Problem{Source: name, Err: errors.New("no standard input")}}
	case already:
		return nil, []error{errStdinTwice}
	}
	data, err := io.ReadAll(io.LimitReader(l.opts.Stdin, int64(l.opts.Limits.FeedBytes)+1))
	if err != nil {
		return nil, []error{&Problem{Source: name, Err: err}}
	}
	return parseSource(origin{name: name, limits: l.opts.Limits}, data)
}

// LoadFS reads every file of fsys (the embedded seeds) in name order.
func LoadFS(fsys fs.FS) ([]store.Article, []error) {
	var files []file
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || !isTextName(d.Name()) {
			return err
		}
		files = append(files, file{
			open:    func() (io.ReadCloser, error) { return fsys.Open(p) },
			source:  path.Base(p),
			section: sectionOf(path.Dir(p)),
		})
		return nil
	})
	arts, errs := readAll(context.Background(), files, nil, Limits{})
	if err != nil {
		errs = append(errs, &Problem{Source: "seeds", Err: err})
	}
	return arts, errs
}

// LoadPath reads a file, or a folder recursively (hidden entries and files
// that are plainly not articles skipped), in parallel, keeping path order.
func LoadPath(root string) ([]store.Article, []error) {
	return NewLoader(Options{}).Load(context.Background(), root)
}

// loadPath reads a file or a folder; the path is counted in found already.
// A symbolic link given as the source is followed, to a file or a folder;
// inside a folder, links are followed too, each folder read once (a link
// back up the tree is named and skipped). Anything but a regular file or
// a folder (a named pipe, a device, a socket) is refused with one line
// rather than read: opening a pipe would wait for a writer forever.
func (l *Loader) loadPath(ctx context.Context, root string) ([]store.Article, []error) {
	lim := l.opts.Limits
	info, err := os.Stat(root)
	if err != nil {
		l.done.Add(1)
		return nil, []error{&Problem{Source: root, Err: unwrapPathError(err)}}
	}
	if !info.IsDir() {
		defer l.done.Add(1)
		if err := notAFile(info); err != nil {
			return nil, []error{&Problem{Source: root, Err: err}}
		}
		return readAll(ctx, []file{osFile(root, root, "")}, nil, lim)
	}
	w := treeWalk{ctx: ctx, root: root, max: lim.TreeFiles, seen: map[string]bool{}}
	w.walk(root, root)
	// The folder counted as one until its files were known.
	l.found.Add(int64(len(w.files)) - 1)
	arts, readErrs := readAll(ctx, w.files, &l.done, lim)
	return arts, append(w.errs, readErrs...)
}

// LoadFile reads one file on disk as Load does, saying too what it held,
// as FetchFeed says of a URL: what lede follows on disk is a feed file
// (or a folder, read by Load), and a followed file that turns into a
// page or text is a failure of that feed, not an article. A folder, or
// anything but a regular file, is refused with one line.
func (l *Loader) LoadFile(ctx context.Context, p string) ([]store.Article, []error, Kind) {
	l.found.Add(1)
	defer l.done.Add(1)
	info, err := os.Stat(p)
	if err == nil && info.IsDir() {
		err = errors.New("a folder, not a file")
	} else if err == nil {
		err = notAFile(info)
	}
	if err != nil {
		return nil, []error{&Problem{Source: p, Err: unwrapPathError(err)}}, Kind{}
	}
	if ctx.Err() != nil {
		return nil, []error{&Problem{Source: p, Err: ctx.Err()}}, Kind{}
	}
	return readFileKind(osFile(p, p, ""), l.opts.Limits)
}

// notAFile says why a path that is not a folder is not read, or nil for a
// regular file.
func notAFile(info fs.FileInfo) error {
	m := info.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m&fs.ModeNamedPipe != 0:
		return errors.New("a named pipe, not a file: not read (give it as standard input: lede - < pipe)")
	case m&fs.ModeSocket != 0:
		return errors.New("a socket, not a file: not read")
	case m&fs.ModeDevice != 0:
		return errors.New("a device, not a file: not read")
	}
	return errors.New("not a regular file: not read")
}

// treeWalk gathers the files of a folder tree, following links to files
// and folders, each folder once.
type treeWalk struct {
	ctx   context.Context
	root  string
	max   int
	seen  map[string]bool // folders read, by their real path
	files []file
	errs  []error
	full  bool
}

// walk reads the folder dir, named name (the path under the root as the
// user sees it, links unresolved).
func (w *treeWalk) walk(name, dir string) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		w.errs = append(w.errs, &Problem{Source: name, Err: unwrapPathError(err)})
		return
	}
	if w.seen[real] {
		w.errs = append(w.errs, &Problem{Source: name, Err: errors.New("a link to a folder read already: not read again")})
		return
	}
	w.seen[real] = true
	entries, err := os.ReadDir(real)
	if err != nil {
		w.errs = append(w.errs, &Problem{Source: name, Err: unwrapPathError(err)})
	}
	for _, d := range entries {
		if w.full || w.ctx.Err() != nil {
			return
		}
		if strings.HasPrefix(d.Name(), ".") {
			continue
		}
		p := filepath.Join(name, d.Name())
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := os.Stat(filepath.Join(real, d.Name()))
			if err != nil {
				w.errs = append(w.errs, &Problem{Source: p, Err: fmt.Errorf("a link that leads nowhere: %v", unwrapPathError(err))})
				continue
			}
			mode = info.Mode().Type()
		}
		switch {
		case mode.IsDir():
			w.walk(p, filepath.Join(real, d.Name()))
		case !isTextName(d.Name()):
		case !mode.IsRegular():
			w.errs = append(w.errs, &Problem{Source: p, Err: errors.New("not a regular file (a pipe, device or socket): not read")})
		case len(w.files) == w.max:
			w.errs = append(w.errs, &Problem{Source: w.root, Err: fmt.Errorf("more than %d files: read the first %d only", w.max, w.max)})
			w.full = true
		default:
			section := ""
			if parent := filepath.Dir(p); parent != filepath.Clean(w.root) {
				section = sectionOf(filepath.Base(parent))
			}
			w.files = append(w.files, osFile(filepath.Join(real, d.Name()), p, section))
		}
	}
}

// osFile is the file at path p (links resolved), named name.
func osFile(p, name, section string) file {
	return file{
		open:    func() (io.ReadCloser, error) { return os.Open(p) },
		source:  name,
		section: section,
	}
}

// unwrapPathError drops the path an *fs.PathError repeats, as Problem names
// the source already.
func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// isTextName: files a folder of articles holds. Anything with a known
// text-ish extension or none at all; images, archives and the like are
// skipped without a word.
func isTextName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case "", ".txt", ".text", ".md", ".markdown", ".mdown", ".html", ".htm",
		".xhtml", ".xml", ".rss", ".atom", ".rdf", ".json", ".feed":
		return true
	}
	return false
}

// sectionOf names a section after the folder an article sits in.
func sectionOf(dir string) string {
	if dir == "." || dir == "/" || dir == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(dir)
	return safe.Text(string(unicode.ToUpper(r)) + dir[size:])
}

// readAll reads and parses files on every core, keeping their order, and
// counts each one read in done (if not nil).
func readAll(ctx context.Context, files []file, done *atomic.Int64, lim Limits) ([]store.Article, []error) {
	type result struct {
		arts []store.Article
		errs []error
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() == nil {
					arts, errs := readFile(files[i], lim)
					results[i] = result{arts, errs}
				}
				if done != nil {
					done.Add(1)
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var arts []store.Article
	var errs []error
	for _, r := range results {
		arts = append(arts, r.arts...)
		errs = append(errs, r.errs...)
	}
	return arts, errs
}

// readFile reads one file, up to the feed cap (parseSource applies the
// article cap once it knows what the file is).
func readFile(f file, lim Limits) ([]store.Article, []error) {
	arts, errs, _ := readFileKind(f, lim)
	return arts, errs
}

// readFileKind is readFile, saying too what the file held.
func readFileKind(f file, lim Limits) ([]store.Article, []error, Kind) {
	rc, err := f.open()
	if err != nil {
		return nil, []error{&Problem{Source: f.source, Err: unwrapPathError(err)}}, Kind{}
	}
	defer rc.Close()
	lim = lim.orDefaults()
	data, err := io.ReadAll(io.LimitReader(rc, int64(lim.FeedBytes)+1))
	if err != nil {
		return nil, []error{&Problem{Source: f.source, Err: unwrapPathError(err)}}, Kind{}
	}
	return parseKind(origin{name: f.source, section: f.section, limits: lim}, data)
}

// parseSource turns the bytes of one source into articles: decoded, told
// apart by content, parsed, every field sanitised. An article over
// MaxArticleBytes, or a feed over MaxFeedBytes, is cut with a warning, and
// what fits still loads. Every error returned is a *Problem naming the
// source; a parser that panics costs only its own source.
func parseSource(o origin, data []byte) ([]store.Article, []error) {
	arts, errs, _ := parseKind(o, data)
	return arts, errs
}

// parseKind is parseSource, saying too what the source held: a feed, a
// page (with the feeds it names as its own), or another kind of
// document.
func parseKind(o origin, data []byte) (arts []store.Article, errs []error, got Kind) {
	defer func() {
		if r := recover(); r != nil {
			arts, errs, got = nil, []error{&Problem{Source: o.name, Err: fmt.Errorf("internal error: %v", r)}}, Kind{}
		}
	}()
	o.name = safe.Text(o.name) // a file name may be anything but text
	lim := o.limits.orDefaults()
	var warns []error
	if bytes.HasPrefix(data, gzipMagic) {
		unzipped, err := gunzip(data, lim.FeedBytes+1)
		if err != nil {
			return nil, []error{&Problem{Source: o.name, Err: err}}, Kind{}
		}
		data = unzipped
	}
	over := len(data) > lim.FeedBytes
	if over {
		data = data[:lim.FeedBytes]
	}
	text, err := decodeSource(data, o.contentType)
	if err != nil {
		return nil, []error{&Problem{Source: o.name, Err: err}}, Kind{}
	}
	text = repairMojibake(text)
	// Fields are sanitised after parsing, never the document before it
	// (a sanitiser removes whole escape sequences, and would take the
	// markup or JSON around one with it); text and Markdown are one
	// article, and their parsers read clean text.
	f := detect(text, o.name, o.contentType)
	got = Kind{Feed: f.isFeed(), Page: f == formatHTML, Name: f.kindName()}
	if !f.isFeed() && len(text) > lim.ArticleBytes {
		text = cutText(text, lim.ArticleBytes)
		warns = append(warns, fmt.Errorf("over %s: read the first %s only", sizeText(lim.ArticleBytes), sizeText(lim.ArticleBytes)))
	}
	var perr []error
	switch f {
	case formatXMLFeed, formatJSONFeed:
		arts, perr = parseFeed(o, text, f, over)
	case formatXML:
		perr = []error{errNotFeedXML(text)}
	case formatHTML:
		arts, perr = parseHTML(o, text)
		if o.base != nil {
			got.FeedLinks = feedLinks(text, o.base)
		}
	case formatMarkdown:
		arts, perr = parseMarkdown(o, safe.Text(text))
	default:
		arts = ParseText(o.name, o.section, safe.Text(text))
		if len(arts) == 0 {
			perr = []error{errEmpty}
		}
	}
	for i := range arts {
		// One-line fields by the one policy, whatever the parser did.
		a := &arts[i]
		a.Title, a.Section, a.Source = safe.Field(a.Title), safe.Field(a.Section), safe.Field(a.Source)
	}
	for _, e := range append(warns, perr...) {
		errs = append(errs, &Problem{Source: o.name, Err: e})
	}
	return arts, errs, got
}

// sizeText is a limit in words: "16 MB".
func sizeText(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// cutText cuts text to at most n bytes, at the last line break before the
// cut if there is one not too far back, else at a character boundary.
func cutText(text string, n int) string {
	if len(text) <= n {
		return text
	}
	cut := text[:n]
	if i := strings.LastIndexByte(cut, '\n'); i > n-64<<10 {
		return cut[:i]
	}
	for len(cut) > 0 && !utf8.RuneStart(text[len(cut)]) {
		cut = cut[:len(cut)-1]
	}
	return cut
}

var gzipMagic = []byte{0x1f, 0x8b}

// gunzip expands a gzipped source (a feed saved as .xml.gz, a server that
// compressed twice), reading at most limit bytes of it.
func gunzip(data []byte, limit int) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gzip: %v", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, int64(limit)))
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("gzip: %v", err)
	}
	return out, nil
}
