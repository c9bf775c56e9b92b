package ingest

import "testing"

func TestDropTitle(t *testing.T) {
	tests := []struct{ body, title, want string }{
		{"## Storm floods the valley\n\nThe river rose.", "Storm floods the valley", "The river rose."},
		{"**Number 1 for the mill's  bakery!**\n\nText.", "Number 1 for the Mill’s bakery", "Text."},
		{"Storm warning issued for the valley.\n\nText.", "Storm warning", "Storm warning issued for the valley.\n\nText."},
		{"Text only.", "", "Text only."},
		{"Storm\n\nText.", "Storm floods", "Storm\n\nText."},
	}
	for _, tt := range tests {
		got, words := DropTitle(tt.body, countWords(tt.body), tt.title)
		if got != tt.want || words != countWords(tt.want) {
			t.Errorf("DropTitle(%q, %q) = %q, %d words; want %q", tt.body, tt.title, got, words, tt.want)
		}
	}
}
