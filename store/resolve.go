package store

import (
	"fmt"
	"strings"
)

// Find gives every article a reference a person typed may mean: the one
// with that ID, or those whose title holds ref (case and accents aside) or
// whose ID starts with it. A title equal to ref is the one answer; else,
// of several, the one title that starts with ref, where only one does
// (`Tensions` names "Tensions rise…", not "…reignited tensions…"). One
// answer comes whole, as Get gives it; several are shared as List shares
// them (a body its source keeps is not read for a list of candidates).
func (s *Store) Find(ref string) []*Article {
	q, ok := ParseRef(ref)
	if !ok {
		return nil
	}
	if a, ok := s.Get(q.ID()); ok {
		return []*Article{a}
	}
	var matches []int32
	for d, a := range s.arts {
		exact, match := q.Match(a.ID, a.Title)
		if exact {
			return []*Article{s.article(int32(d))}
		}
		if match {
			matches = append(matches, int32(d))
		}
	}
	switch len(matches) {
	case 0:
		return nil
	case 1:
		return []*Article{s.article(matches[0])}
	}
	if k := OnePrefix(q, len(matches), func(k int) string { return s.arts[matches[k]].Title }); k >= 0 {
		return []*Article{s.article(matches[k])}
	}
	out := make([]*Article, len(matches))
	for k, d := range matches {
		out[k] = s.arts[d]
	}
	return out
}

// RefQuery is a reference as Find matches it, for what finds articles
// without a store (the library's own query: the command line's quick
// path), so that both match alike.
type RefQuery struct {
	id   string // the reference, trimmed: an ID, or an ID's start
	want string // folded, its spaces made one: a piece of a title
}

// ParseRef reads a reference; false where it is blank, which names no
// article.
func ParseRef(ref string) (RefQuery, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return RefQuery{}, false
	}
	return RefQuery{id: ref, want: Fold(normalizeSpace(ref))}, true
}

// ID is the reference as an article's ID.
func (q RefQuery) ID() string { return q.id }

// Match says whether an article with this ID and title (as the store
// holds it) is the reference's one answer, a title equal to it (exact),
// or one of its candidates: its title holds the reference or its ID
// starts with it.
func (q RefQuery) Match(id, title string) (exact, match bool) {
	t := Fold(title)
	if t == q.want {
		return true, true
	}
	return false, strings.Contains(t, q.want) || strings.HasPrefix(id, q.id)
}

// OnePrefix gives, of n candidates (title(k) the kth's title), the one
// whose title starts with the reference, where only that one does; -1
// where none or several do.
func OnePrefix(q RefQuery, n int, title func(k int) string) int {
	one := -1
	for k := range n {
		if strings.HasPrefix(Fold(title(k)), q.want) {
			if one >= 0 {
				return -1
			}
			one = k
		}
	}
	return one
}

// RefError is a reference that names no article, or several. The caller
// decides how to show the candidates (the command line lists them).
type RefError struct {
	Ref     string
	Matches []*Article // none, or every candidate in store order
}

func (e *RefError) Error() string {
	if len(e.Matches) == 0 {
		return fmt.Sprintf("no article matches %q", e.Ref)
	}
	return fmt.Sprintf("%d articles match %q", len(e.Matches), e.Ref)
}

// Resolve turns a reference into the one article it names, or a
// *RefError when it names none or several.
func (s *Store) Resolve(ref string) (*Article, error) {
	matches := s.Find(ref)
	if len(matches) == 1 {
		return matches[0], nil
	}
	return nil, &RefError{Ref: ref, Matches: matches}
}
