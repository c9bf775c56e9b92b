package store

import (
	"slices"
	"strings"
)

// SortKeys are the orders Sort knows; "" keeps the order articles loaded in.
var SortKeys = []string{"", "date", "source", "title"}

// Sort orders articles before a store is built (the store keeps the order
// it is given): by date (newest first, undated last), source or title
// (case and accents aside). Articles that tie keep the order they loaded
// in; an unknown key leaves them as they are.
func Sort(arts []Article, by string) {
	if cmp := compareBy(by); cmp != nil {
		slices.SortStableFunc(arts, func(a, b Article) int { return cmp(&a, &b) })
	}
}

// SortRefs is Sort for a list of articles a store hands out (the reader
// orders its list so, without building a store again).
func SortRefs(arts []*Article, by string) {
	if cmp := compareBy(by); cmp != nil {
		slices.SortStableFunc(arts, cmp)
	}
}

// compareBy is the order of Sort's key by, nil for an unknown key.
func compareBy(by string) func(a, b *Article) int {
	switch by {
	case "date":
		return func(a, b *Article) int {
			if az, bz := a.Published.IsZero(), b.Published.IsZero(); az || bz {
				return cmpBool(az, bz)
			}
			return b.Published.Compare(a.Published)
		}
	case "source":
		return func(a, b *Article) int { return strings.Compare(Fold(a.Source), Fold(b.Source)) }
	case "title":
		return func(a, b *Article) int { return strings.Compare(Fold(a.Title), Fold(b.Title)) }
	}
	return nil
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
