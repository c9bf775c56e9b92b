// Package store holds the articles lede reads: it merges duplicates, indexes
// the text once, and answers List, Get, Search, Related and Versions.
//
// A Store is built from a slice of Articles and is read-only afterwards, so
// any goroutine may query it without locks. The package knows nothing of
// terminals or rendering: bodies stay Markdown, and no charm.land package is
// imported here.
package store

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Article is one news article. Every string in it has been through Sanitize,
// so a caller may put it on a terminal (after its own rendering).
type Article struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Section string   `json:"section"`
	Source  string   `json:"source"`
	Links   []string `json:"links"`
	Words   int      `json:"words"`
	// Story names the story this article belongs to: the smallest ID among
	// its versions (reports of one event), its own where it stands alone.
	Story string `json:"story"`
	// Versions counts the articles of the story, this one included.
	Versions int `json:"versions"`
	// Published is when the source says the article came out; the zero
	// time where it gave no date, and then JSON leaves "published" out.
	// JSON gives it in RFC 3339.
	Published time.Time `json:"published,omitzero"`
	// Feed names the subscription the article came from (the library's
	// name for it); empty for files and anything loaded for one run.
	Feed string `json:"feed,omitempty"`
	// Feeds names every feed that carries the article, Feed first, where
	// exact copies of it came from more than one (the same item in a feed
	// and its mirror, merged into this one); nil otherwise. An article in
	// two feeds belongs to both: see InFeed.
	Feeds []string `json:"feeds,omitempty"`
	// FeedsOwn: the item is its feed's own (its Source is the feed's
	// title, not an outlet it names, as an aggregator's items do), so
	// that rows and bylines name it by the feed's name, which is the
	// one its reader gave it (see Shown), and its feed's other items are
	// other stories (story.go, twoItems). The library sets it, by the
	// title it keeps for the feed.
	FeedsOwn bool `json:"-"`
	// Added is when the article entered the library; zero outside it.
	Added time.Time `json:"added,omitzero"`
	// Key is the identity a source gives an item that outlives edits to
	// its text: a feed item's guid, or its link when it has none. Empty
	// for files and pasted text, whose identity is their content. The
	// library scopes it to the feed and keeps the ID it first gave.
	Key string `json:"-"`
	// Aggregated: a feed item that names the outlet it came from
	// (<source>), as an aggregator's items do; Source is then that
	// outlet, not the feed. A feed's own items are each a story of their
	// own (story.go, twoItems); an aggregator's need not be. The library
	// does not keep it.
	Aggregated bool `json:"-"`
	// Body is Markdown, kept unrendered: rendering belongs to the reader.
	Body string `json:"-"`
	// BodyFrom, when set, keeps the text where it already is (the
	// library's file) instead of in memory: Body is left empty, and the
	// store reads it from there when asked (Get, a search's snippet, a
	// comparison). The library sets it on the articles whose analysis it
	// kept; nil for the rest, whose Body is the text.
	BodyFrom BodySource `json:"-"`
	// Prepared is the analysis of Title and Body the library kept (see
	// Lexicon), which Build indexes instead of reading the text again;
	// nil for the rest.
	Prepared *Prepared `json:"-"`
	// Unreadable, on a copy Get made whose source could not give its
	// text, is why, one line ("the library no longer holds it"): Body is
	// then the line saying so, not the article's text. Empty otherwise.
	Unreadable string `json:"-"`
}

// LocalTimes gives the article's times in the user's local time (TZ):
// the one date rule, however the article came (a feed's own offset when
// loaded for a run, UTC from the library), so that an article shows the
// same date and time everywhere, and its JSON the same RFC 3339 string.
func (a *Article) LocalTimes() {
	if !a.Published.IsZero() {
		a.Published = a.Published.Local()
	}
	if !a.Added.IsZero() {
		a.Added = a.Added.Local()
	}
}

// Shown is where the article is from, as rows and bylines name it: the
// name its reader gave its feed (lede add --name), for a feed's own item
// in the library, which --feed accepts; Source otherwise (a file, an
// outlet an aggregator's item names, an article loaded for one run).
// JSON keeps Source as the feed gave it, and "feed" the name.
func (a *Article) Shown() string {
	if a.FeedsOwn && a.Feed != "" {
		return a.Feed
	}
	return a.Source
}

// RenamedFrom is the feed's own title, for a feed's own item whose
// reader named the feed otherwise (lede add --name, lede rename): what
// the full byline says beside the name given ("Pets (Pet Secret
// Shopper)"), so that the name a person chose does not hide who
// published the article. Empty where the name is the title, or the
// title numbered, and for every other article.
func (a *Article) RenamedFrom() string {
	if !a.FeedsOwn || a.Feed == "" || a.Source == "" || NamedAfter(a.Feed, a.Source) {
		return ""
	}
	return a.Source
}

// NamedAfter: name is the one a library gives a feed titled title,
// taken or not: the title itself or the title numbered, "title (N)",
// where another feed has it (case aside, as names are compared).
func NamedAfter(name, title string) bool {
	if strings.EqualFold(name, title) {
		return true
	}
	if len(name) <= len(title) || !strings.EqualFold(name[:len(title)], title) {
		return false
	}
	n, ok := strings.CutPrefix(name[len(title):], " (")
	if !ok {
		return false
	}
	n, ok = strings.CutSuffix(n, ")")
	return ok && n != "" && n[0] != '0' && strings.Trim(n, "0123456789") == ""
}

// InFeed says the article is in the feed named: its own, or the feed of
// a copy merged into it (one of AllFeeds).
func (a *Article) InFeed(name string) bool {
	if a.Feed == name {
		return true
	}
	for _, f := range a.Feeds {
		if f == name {
			return true
		}
	}
	return false
}

// AllFeeds yields the feeds the article is in, each once: those InFeed
// says it is in (for f := range a.AllFeeds).
func (a *Article) AllFeeds(yield func(string) bool) {
	if a.Feed != "" && !slices.Contains(a.Feeds, a.Feed) && !yield(a.Feed) {
		return
	}
	for _, f := range a.Feeds {
		if !yield(f) {
			return
		}
	}
}

// Related is one story related to another, with what makes it so.
type Related struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Score is how alike the two are, 0..1: the cosine of their words,
	// weighed down across topics and across time. A pair scores about the
	// same whatever else is loaded.
	Score float64 `json:"score"`
	// Why holds the few shared terms that weigh most, as readable words
	// ("Sheinbaum", "sovereignty"), not stems.
	Why []string `json:"why"`
	// Version is true when both articles report the same event.
	Version bool `json:"version"`
	// Label says what Score means to a person: "same story" (a version),
	// "closely related" or "related" (see Label).
	Label string `json:"label"`
}

// Hit is one search result.
type Hit struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Score   float64 `json:"score"`
	Snippet string  `json:"snippet"`
	// Marks are byte ranges of Snippet that matched the query, for
	// highlighting; Title marks likewise for the title.
	Marks      []Span `json:"-"`
	TitleMarks []Span `json:"-"`
}

// Span is a half-open byte range [Start, End) of a string.
type Span struct{ Start, End int }

// idFor gives an article's stable identity: a short slug of its title and a
// hash of its title and body (contentHash), so the same text has the same
// ID in every run and whatever order sources load in.
func idFor(title string, h [sha256.Size]byte) string {
	s := slug(title, 40)
	if s == "" {
		s = "article"
	}
	return s + "-" + hex.EncodeToString(h[:3])
}

// ContentID is the ID Build gives an article with no ID of its own: a
// slug of its title and a hash of its title and body. The library gives
// it to files and pasted text, so they keep the ID they have without it.
func ContentID(title, body string) string {
	title = strings.TrimSpace(title)
	return idFor(title, contentHash(title, body))
}

// KeyID is an ID for an item whose identity is key (a feed's URL and the
// item's guid), not its text: the slug of the title it had when first
// seen, and a hash of the key. Whoever keeps it (the library) keeps it
// when the title changes.
func KeyID(title, key string) string {
	return idFor(strings.TrimSpace(title), sha256.Sum256([]byte(key)))
}

// contentHash hashes title and body with runs of white space made one
// space, so that copies differing only in line endings or wrapping are one.
func contentHash(title, body string) [sha256.Size]byte {
	return contentHashBuf(nil, title, body)
}

// contentHashBuf is contentHash with buf as scratch space, so that a
// caller hashing many texts reuses one buffer.
func contentHashBuf(buf []byte, title, body string) [sha256.Size]byte {
	buf = appendWords(buf[:0], title)
	buf = append(buf, 0)
	buf = appendWords(buf, body)
	return sha256.Sum256(buf)
}

// appendWords appends s with runs of white space made one space and none
// at either end. Text between the places that need it (a run of more than
// one space, a line break, a tab, an end) is copied whole: in prose that
// is most of a paragraph at a time.
func appendWords(buf []byte, s string) []byte {
	i := 0
	for i < len(s) && asciiSpace[s[i]] {
		i++
	}
	from := i // the text not yet copied
	for i < len(s) {
		if c := s[i]; c > ' ' || !asciiSpace[c] {
			i++
			continue
		}
		if s[i] == ' ' && i+1 < len(s) && !asciiSpace[s[i+1]] {
			i++ // one space between words: as it stands
			continue
		}
		buf = append(buf, s[from:i]...)
		for i < len(s) && asciiSpace[s[i]] {
			i++
		}
		if i < len(s) {
			buf = append(buf, ' ')
		}
		from = i
	}
	return append(buf, s[from:]...)
}

// asciiSpace: the white space appendWords folds (ASCII's).
var asciiSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true}

// slug lower-cases and folds title to ASCII words joined by '-', cut at a
// word to at most max bytes.
func slug(title string, max int) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(Fold(title), func(r rune) bool {
		return !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	}) {
		if b.Len() > 0 && b.Len()+1+len(w) > max {
			break
		}
		if b.Len() == 0 && len(w) > max {
			w = w[:max]
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	return b.String()
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
