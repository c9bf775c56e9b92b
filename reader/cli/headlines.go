package cli

import (
	"context"
	"strings"
	"sync"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Texts gives the text and links of an article by its ID: the library
// (library.Text), which headlines read one article from when it is read.
type texts interface {
	Text(ctx context.Context, id string) (body string, links []string, err error)
}

// newHeadlines is a source of arts, the first of the library's of
// articles (0: all of them), whose text and links are read from lib one
// article at a time, as the reader asks for it (nil: none, a line says
// the text comes with the store).
func newHeadlines(arts []store.Article, of int, lib texts) *headlines {
	h := &headlines{list: make([]*store.Article, len(arts)), byID: make(map[string]*store.Article, len(arts)), texts: lib}
	if of > len(arts) {
		h.of = of
	}
	for i := range arts {
		a := &arts[i]
		if lib == nil {
			a.Body = "*The library is loading; the text comes in a moment.*"
		}
		a.Versions = 0  // not the store's article: never cached as it
		a.CleanFields() // sanitised and dated as the store will have it
		h.list[i] = a
		h.byID[a.ID] = a
	}
	return h
}

// headlines is a reader.Source of headlines: no text to search, no
// related stories yet, and the text of an article read from the library
// when it is asked for (Get), so that it can be read while the store of
// the whole library is built (a minute at 100,000 articles after a
// change).
type headlines struct {
	list  []*store.Article
	byID  map[string]*store.Article
	of    int // the library's articles, where list is the first of them
	texts texts

	mu   sync.Mutex
	read [textsKept]*store.Article // the last articles read whole
	next int
}

// textsKept is how many articles read whole headlines keep: the reader
// asks for the one it shows several times a key, and prefetches its
// neighbours.
const textsKept = 8

func (h *headlines) List() []*store.Article { return h.list }

// Head is the headline alone: what shows a title or asks whether an
// article is there reads no text.
func (h *headlines) Head(id string) (*store.Article, bool) {
	a, ok := h.byID[id]
	return a, ok
}

// Get is the article with its text and links, read from the library
// (one row, sanitised as the store sanitises them); where it cannot be
// read, its text is one line saying why. Safe for concurrent use.
func (h *headlines) Get(id string) (*store.Article, bool) {
	a, ok := h.byID[id]
	if !ok || h.texts == nil {
		return a, ok
	}
	h.mu.Lock()
	for _, c := range h.read {
		if c != nil && c.ID == id {
			h.mu.Unlock()
			return c, true
		}
	}
	h.mu.Unlock()
	c := *a
	body, links, err := h.texts.Text(context.Background(), id)
	if err != nil {
		why := strings.TrimSpace(safe.Line(err.Error()))
		c.Body, c.Unreadable = "*The text of this article could not be read: "+why+".*", why
		return &c, true // not kept: asked again, it is read again
	}
	c.Body = safe.Text(body)
	c.Links = make([]string, len(links))
	for i, l := range links {
		c.Links[i] = safe.Text(l)
	}
	h.mu.Lock()
	h.read[h.next] = &c
	h.next = (h.next + 1) % textsKept
	h.mu.Unlock()
	return &c, true
}

func (h *headlines) Search(string, int) []store.Hit      { return nil }
func (h *headlines) Related(string, int) []store.Related { return nil }

// Indexing: the reader says search and related stories come with the
// store built behind these headlines.
func (h *headlines) Indexing() bool { return true }

// Of: the reader says these are the newest of so many, the rest coming.
func (h *headlines) Of() int { return h.of }
