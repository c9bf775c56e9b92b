// Package ingest turns sources (files, folders, the embedded seeds) into
// store.Articles: bytes are decoded, sanitized once, then parsed. It knows
// nothing of terminals. Every source that fails yields one error naming it,
// and the rest still load.
package ingest

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/lede-reader/lede/store"
)

// MaxArticleBytes caps what one file may hold; the rest is cut with a warning.
const MaxArticleBytes = 16 << 20

// Problem is one source that failed or was cut; its message is one line.
type Problem struct {
	Source string
	Err    error
}

func (p *Problem) Error() string {
	return store.Sanitize(oneLine(p.Source + ": " + p.Err.Error()))
}

func (p *Problem) Unwrap() error { return p.Err }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// file is one file to read: how to open it, and how articles name it.
type file struct {
	open    func() (io.ReadCloser, error)
	source  string
	section string
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
	arts, errs := readAll(files)
	if err != nil {
		errs = append(errs, &Problem{Source: "seeds", Err: err})
	}
	return arts, errs
}

// LoadPath reads a file, or a folder recursively (hidden entries and files
// that are plainly not articles skipped), in parallel, keeping path order.
func LoadPath(root string) ([]store.Article, []error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, []error{&Problem{Source: root, Err: unwrapPathError(err)}}
	}
	if !info.IsDir() {
		return readAll([]file{osFile(root, "")})
	}
	var files []file
	var errs []error
	walkErr := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &Problem{Source: p, Err: unwrapPathError(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() || !isTextName(d.Name()) {
			return nil
		}
		section := ""
		if dir := filepath.Dir(p); dir != filepath.Clean(root) {
			section = sectionOf(filepath.Base(dir))
		}
		files = append(files, osFile(p, section))
		return nil
	})
	if walkErr != nil {
		errs = append(errs, &Problem{Source: root, Err: walkErr})
	}
	arts, readErrs := readAll(files)
	return arts, append(errs, readErrs...)
}

func osFile(p, section string) file {
	return file{
		open:    func() (io.ReadCloser, error) { return os.Open(p) },
		source:  p,
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
	return store.Sanitize(string(unicode.ToUpper(r)) + dir[size:])
}

// readAll reads and parses files on every core, keeping their order.
func readAll(files []file) ([]store.Article, []error) {
	type result struct {
		arts []store.Article
		err  error
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				arts, err := readFile(files[i])
				results[i] = result{arts, err}
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
		if r.err != nil {
			errs = append(errs, r.err)
		}
	}
	return arts, errs
}

// readFile reads one file; a file over MaxArticleBytes is cut, with a
// warning, and what fits still loads.
func readFile(f file) (arts []store.Article, err error) {
	defer func() {
		if r := recover(); r != nil { // a parser bug must not take the rest down
			arts, err = nil, &Problem{Source: f.source, Err: fmt.Errorf("internal error: %v", r)}
		}
	}()
	rc, err := f.open()
	if err != nil {
		return nil, &Problem{Source: f.source, Err: unwrapPathError(err)}
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, MaxArticleBytes+1))
	if err != nil {
		return nil, &Problem{Source: f.source, Err: unwrapPathError(err)}
	}
	var warn error
	if len(data) > MaxArticleBytes {
		data = data[:MaxArticleBytes]
		warn = &Problem{Source: f.source, Err: fmt.Errorf("over %d MB: read the first %d MB only", MaxArticleBytes>>20, MaxArticleBytes>>20)}
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, &Problem{Source: f.source, Err: err}
	}
	arts = ParseText(store.Sanitize(f.source), f.section, store.Sanitize(text))
	if len(arts) == 0 {
		return nil, &Problem{Source: f.source, Err: errEmpty}
	}
	return arts, warn
}
