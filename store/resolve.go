package store

import (
	"fmt"
	"strings"
)

// Find gives every article a reference a person typed may mean: the one
// with that ID, or those whose title holds ref (case and accents aside) or
// whose ID starts with it. A title equal to ref is the one answer. One
// answer comes whole, as Get gives it; several are shared as List shares
// them (a body its source keeps is not read for a list of candidates).
func (s *Store) Find(ref string) []*Article {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil
	}
	if a, ok := s.Get(ref); ok {
		return []*Article{a}
	}
	want := Fold(normalizeSpace(ref))
	var matches []int32
	for d, a := range s.arts {
		t := Fold(a.Title)
		if t == want {
			return []*Article{s.article(int32(d))}
		}
		if strings.Contains(t, want) || strings.HasPrefix(a.ID, ref) {
			matches = append(matches, int32(d))
		}
	}
	switch len(matches) {
	case 0:
		return nil
	case 1:
		return []*Article{s.article(matches[0])}
	}
	out := make([]*Article, len(matches))
	for k, d := range matches {
		out[k] = s.arts[d]
	}
	return out
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
