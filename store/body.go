package store

import (
	"strings"
	"sync"

	"github.com/lede-reader/lede/store/safe"
)

// Bodies kept out of memory. A store of the library indexes each article
// from the analysis the library kept of it (Article.Prepared), not from
// its text; the text is needed only when an article is read, compared, or
// quoted in a search's snippet. Kept in memory, the bodies of 100,000
// articles were 460 MB of the store's 1.1 GB, and the collector lets a
// heap grow to twice what is live: the library keeps them, and the store
// reads one when it is asked for (a point read of SQLite, tens of
// microseconds).

// A BodySource holds the text of articles a store keeps no copy of: the
// library, whose file has it. It must be safe for concurrent use.
type BodySource interface {
	// Body gives the Markdown text of the article the source knows as id.
	Body(id string) (string, error)
}

// body gives the text of article d, read from its source where the store
// keeps none, sanitised as Build sanitises a body it holds.
func (s *Store) body(d int32) (string, error) {
	a := s.head(d)
	if a.BodyFrom == nil {
		return a.Body, nil
	}
	id := a.ID
	if orig, ok := s.bodyIDs[d]; ok {
		id = orig
	}
	b, err := a.BodyFrom.Body(id)
	if err != nil {
		return "", err
	}
	return safe.Text(b), nil
}

// plain is the plain text of an article's body (PlainText), made when a
// snippet, a why, a phrase or a comparison asks for it: kept for every
// article, it was a second copy of each Markdown body. A body that cannot
// be read has none.
func (s *Store) plain(d int32) string {
	p, _ := s.plainRead(d)
	return p
}

// plainShown is plain for what a reader asks again and again: the
// snippets of the results on screen, which are mostly the same results
// letter after letter, and the best result's why words, whose article
// the reader has just read to show it (taken from the articles read,
// s.read, where it is one of them). The last plainKept made are kept,
// so that each is read from its source and made plain once, not once a
// letter; a body that could not be read is not kept (asked again, it is
// read again). What a build asks (story grouping, templates) goes
// through plain: thousands of articles once each, which would only churn
// the ones kept.
func (s *Store) plainShown(d int32) string {
	if p, ok := s.plains.get(d); ok {
		return p
	}
	if a := s.read.get(d); a != nil { // read to be shown: not read again
		p := PlainText(a.Body)
		s.plains.put(d, p)
		return p
	}
	p, err := s.plainRead(d)
	if err == nil {
		s.plains.put(d, p)
	}
	return p
}

// plainRead is plain, and why the body could not be read: for what must
// say so (a comparison).
func (s *Store) plainRead(d int32) (string, error) {
	b, err := s.body(d)
	return PlainText(b), err
}

// article gives article d whole: the store's own where it holds the
// body, else a copy with the body read (or, where it cannot be, one line
// saying why, which is what the reader and show print in its place).
// The last few read are kept, so that the reader, which asks for the
// article it shows several times a key, reads it once.
func (s *Store) article(d int32) *Article {
	a := s.arts[d]
	if a.BodyFrom == nil {
		return a
	}
	if c := s.read.get(d); c != nil {
		return c
	}
	c := *a
	c.BodyFrom = nil
	b, err := s.body(d)
	if err != nil {
		c.Body, c.Unreadable = unreadable(err), reason(err)
		return &c // not kept: asked again, it is read again
	}
	c.Body = b
	s.read.put(d, &c)
	return &c
}

// unreadable is the text of an article whose body could not be read.
func unreadable(err error) string {
	return "*The text of this article could not be read: " + reason(err) + ".*"
}

// reason is why a body could not be read, as one line.
func reason(err error) string {
	return strings.TrimSpace(safe.Line(err.Error()))
}

// readBodies keeps the articles whose bodies were read last, by number.
type readBodies struct {
	mu   sync.Mutex
	arts [readKept]*Article
	docs [readKept]int32
	next int
}

// readKept is how many articles with bodies read a store keeps: the one
// shown, its neighbours in the list and its first related stories, which
// the reader prefetches.
const readKept = 16

func (r *readBodies) get(d int32) *Article {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, a := range r.arts {
		if a != nil && r.docs[k] == d {
			return a
		}
	}
	return nil
}

func (r *readBodies) put(d int32, a *Article) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.arts[r.next], r.docs[r.next] = a, d
	r.next = (r.next + 1) % readKept
}

// plainTexts keeps the plain texts made last by plainShown, by number.
type plainTexts struct {
	mu    sync.Mutex
	texts [plainKept]string
	docs  [plainKept]int32
	kept  int // how many of texts hold one
	next  int
}

// plainKept is how many plain texts a store keeps: a screen of results
// (14 rows at 120x40, 37 at 120x100) and the best result's.
const plainKept = 48

func (p *plainTexts) get(d int32) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.kept {
		if p.docs[k] == d {
			return p.texts[k], true
		}
	}
	return "", false
}

func (p *plainTexts) put(d int32, text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.texts[p.next], p.docs[p.next] = text, d
	p.next = (p.next + 1) % plainKept
	p.kept = min(p.kept+1, plainKept)
}
