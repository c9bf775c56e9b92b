package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/lede-reader/lede/store"
)

// PartSize is how many articles one folder of a written corpus holds: a
// folder source reads at most 100,000 files, so a larger corpus is written
// as several part folders, each a source of its own.
const PartSize = 100_000

// Format is how Write writes an article.
type Format string

const (
	// Text is the seeds' plain-text layout: a title line, then paragraphs.
	// It carries no date, and is the cheapest source kind to read.
	Text Format = "txt"
	// Markdown has YAML front matter with the title, date, section and
	// URL; reading it costs a Markdown parse per article.
	Markdown Format = "md"
)

// Write writes the corpus of n articles under dir, one file per article
// and one sub-folder per feed (the feed becomes the section). Up to
// PartSize articles go straight under dir; more go into dir/part-00,
// dir/part-01, and so on. It returns the folders to load.
func (g *Generator) Write(dir string, format Format) ([]string, error) {
	if format != Text && format != Markdown {
		return nil, fmt.Errorf("unknown format %q (txt or md)", format)
	}
	parts := []string{dir}
	if g.n > PartSize {
		parts = parts[:0]
		for p := 0; p*PartSize < g.n; p++ {
			parts = append(parts, filepath.Join(dir, fmt.Sprintf("part-%02d", p)))
		}
	}
	made := sync.Map{}
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	workers := 4
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < g.n && failed.Load() == nil; i += workers {
				a := g.Article(i)
				folder := filepath.Join(parts[i/PartSize], slug(a.Section))
				if _, ok := made.Load(folder); !ok {
					if err := os.MkdirAll(folder, 0o755); err != nil {
						failed.Store(&err)
						return
					}
					made.Store(folder, true)
				}
				text, err := encode(a, format)
				if err == nil {
					err = os.WriteFile(filepath.Join(folder, fmt.Sprintf("%07d.%s", i, format)), []byte(text), 0o644)
				}
				if err != nil {
					failed.Store(&err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		return nil, *err
	}
	return parts, nil
}

// LoadCommand is how to read back what Write wrote, for a README.
func LoadCommand(parts []string) string {
	return "lede --no-seeds " + strings.Join(parts, " ")
}

func encode(a store.Article, format Format) (string, error) {
	if format == Text {
		return a.Title + "\n\n" + a.Body + "\n\n" + a.Links[0] + "\n", nil
	}
	fm, err := yaml.Marshal(struct {
		Title   string    `yaml:"title"`
		Date    time.Time `yaml:"date"`
		Section string    `yaml:"section"`
		URL     string    `yaml:"url"`
	}{a.Title, a.Published, a.Section, a.Links[0]})
	if err != nil {
		return "", err
	}
	return "---\n" + string(fm) + "---\n\n" + a.Body + "\n", nil
}
