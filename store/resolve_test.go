package store_test

import (
	"errors"
	"testing"

	"github.com/lede-reader/lede/store"
)

func TestResolve(t *testing.T) {
	st := seedStore(t)
	tests := []struct {
		ref     string
		matches int // 1: resolved; otherwise the candidates in the RefError
		title   string
	}{
		{"valeria", 1, "Mexican Influencer Valeria Márquez Killed in Shocking Live Stream Incident"},
		{"MARQUEZ killed", 1, "Mexican Influencer Valeria Márquez Killed in Shocking Live Stream Incident"},
		{"influencer", 2, ""},
		{"no such story", 0, ""},
		{"   ", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			a, err := st.Resolve(tt.ref)
			if tt.matches == 1 {
				if err != nil || a.Title != tt.title {
					t.Fatalf("got %v, %v", a, err)
				}
				return
			}
			var re *store.RefError
			if a != nil || !errors.As(err, &re) {
				t.Fatalf("got %v, %v; want a *RefError", a, err)
			}
			if re.Ref != tt.ref || len(re.Matches) != tt.matches {
				t.Errorf("RefError %q with %d candidates, want %d", re.Ref, len(re.Matches), tt.matches)
			}
		})
	}
	// An ID resolves to its article, even where it is also a prefix of
	// nothing else.
	for _, a := range st.List() {
		if got, err := st.Resolve(a.ID); err != nil || got != a {
			t.Errorf("Resolve(%s): %v, %v", a.ID, got, err)
		}
	}
}
