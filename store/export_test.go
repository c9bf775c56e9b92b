package store

import (
	"fmt"
	"reflect"
	"strings"
)

// Differ tells the first way two stores differ, "" when they are the same
// store: the same articles in the same order, the same vocabulary (keys,
// display forms, idf, names), postings, lengths, vectors, impact lists,
// topics and stories. Tests use it to show that a store built from the
// library's prepared analysis is the store built from the text.
func Differ(a, b *Store) string {
	if len(a.arts) != len(b.arts) {
		return fmt.Sprintf("%d articles against %d", len(a.arts), len(b.arts))
	}
	for i := range a.arts {
		x, y := *a.article(int32(i)), *b.article(int32(i)) // bodies a source keeps, read
		if !reflect.DeepEqual(x, y) {
			return fmt.Sprintf("article %d: %q against %q", i, x.ID, y.ID)
		}
	}
	ax, bx := a.ix, b.ix
	if !reflect.DeepEqual(ax.terms, bx.terms) {
		for id := range min(len(ax.terms), len(bx.terms)) {
			if ax.terms[id] != bx.terms[id] {
				return fmt.Sprintf("term %d: %+v against %+v", id, ax.terms[id], bx.terms[id])
			}
		}
		return fmt.Sprintf("%d terms against %d", len(ax.terms), len(bx.terms))
	}
	for _, c := range []struct {
		name string
		x, y any
	}{
		{"ids", ax.ids, bx.ids},
		{"postings", ax.postings, bx.postings},
		{"lengths", ax.docLen, bx.docLen},
		{"mean length", ax.avgLen, bx.avgLen},
		{"vectors", ax.vecs, bx.vecs},
		{"impact lists", ax.impact, bx.impact},
		{"shared lengths", ax.shared, bx.shared},
		{"topics", ax.topics, bx.topics},
		{"stories", a.stories, b.stories},
		{"story of each", a.storyOf, b.storyOf},
	} {
		if !reflect.DeepEqual(c.x, c.y) {
			return c.name + " differ"
		}
	}
	return ""
}

// CommonLevel and Commonest export common.go's reference to the external
// tests, which judge why words by it.
var CommonLevel = func(word string) int { return commonLevel(termOf(word, false)) }

const Commonest = commonest

// Placed tells what a build took from a kept placement: whether the
// topics were kept, and how many articles story grouping placed.
func Placed(s *Store) (topics int, topicsKept bool, grouped int) {
	return s.ix.k, s.ix.topicSet.kept, s.grouped
}

// PlacementVersion is placementVersion, for TestPlacementVersion.
const PlacementVersion = placementVersion

// SamePhraseText tells where the one-pass text a phrase is looked for in
// differs from foldSpaces' (the check as it was), "" where it does not,
// for each article of s.
func SamePhraseText(s *Store) string {
	for d := range s.arts {
		if diff := SameFold(s.arts[d].Title, s.plain(int32(d))); diff != "" {
			return fmt.Sprintf("article %d (%s): %s", d, s.arts[d].ID, diff)
		}
	}
	return ""
}

// foldSpaces is the text a phrase was looked for in before
// foldSpacesFast, the reference it must agree with: title and body
// folded, each run of white space one space.
func foldSpaces(title, plain string) string {
	return Fold(strings.Join(strings.Fields(title+" "+plain), " "))
}

// SameFold is SamePhraseText for one title and body.
func SameFold(title, plain string) string {
	if got, want := foldSpacesFast(title, plain), foldSpaces(title, plain); got != want {
		return fmt.Sprintf("%q against %q", got, want)
	}
	return ""
}
