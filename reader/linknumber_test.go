package reader

import (
	"fmt"
	"slices"
	"testing"
)

// TestLinkByNumber: in the links list, typing the number an article shows
// after a link ("Gmail app[12]") chooses that link; enter opens it.
func TestLinkByNumber(t *testing.T) {
	f := newFake(3)
	f.arts[0].Links = nil
	for i := 1; i <= 12; i++ {
		f.arts[0].Links = append(f.arts[0].Links, fmt.Sprintf("https://a.example/%d", i))
	}
	var opened []string
	m := start(t, f, 120, 40)
	m.open = func(l string) error { opened = append(opened, l); return nil }
	m = drive(t, m, press("L"), press("1"), press("2"), press("enter"))
	m = drive(t, m, press("L"), press("3"), press("enter"))
	// 1 then 4: no link 14, so link 4.
	m = drive(t, m, press("L"), press("1"), press("4"), press("enter"))
	want := []string{"https://a.example/12", "https://a.example/3", "https://a.example/4"}
	if !slices.Equal(opened, want) {
		t.Fatalf("opened %v, want %v", opened, want)
	}
	_ = m
}
