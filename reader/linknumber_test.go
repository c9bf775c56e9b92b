package reader

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
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

// twelveLinks is a fake source whose first article has links [1]…[12].
func twelveLinks() *fakeSource {
	f := newFake(3)
	f.arts[0].Links = nil
	for i := 1; i <= 12; i++ {
		f.arts[0].Links = append(f.arts[0].Links, fmt.Sprintf("https://a.example/%d", i))
	}
	return f
}

// TestLinkPrompt: o on an article asks for a link's number in the status
// line; digits choose as the links list does, enter (or o again) opens,
// [1] when none is typed; esc cancels; another key cancels and does its
// own thing. y copies the same way.
func TestLinkPrompt(t *testing.T) {
	var opened []string
	m := start(t, twelveLinks(), 120, 40)
	m.open = func(l string) error { opened = append(opened, l); return nil }
	m = drive(t, m, press("enter")) // reading the first article
	m = drive(t, m, press("o"), press("1"), press("2"))
	if s := screen(m); !strings.Contains(s, "open link: 12_") || !strings.Contains(s, "enter open it") || !strings.Contains(s, "esc cancel") {
		t.Fatalf("the status line does not show the number typed, or the help bar the prompt's keys:\n%s", s)
	}
	m = drive(t, m, press("enter"))
	m = drive(t, m, press("o"), press("1"), press("4"), press("enter")) // no [14]: [4]
	m = drive(t, m, press("o"), press("enter"))                         // nothing typed: [1]
	m = drive(t, m, press("o"), press("7"), press("o"))                 // o again opens
	m = drive(t, m, press("o"), press("3"), press("esc"))               // cancelled
	m = drive(t, m, press("o"), press("5"), press("j"))                 // j scrolls instead
	if m.prompt.on {
		t.Fatal("j left the prompt open")
	}
	want := []string{"https://a.example/12", "https://a.example/4", "https://a.example/1", "https://a.example/7"}
	if !slices.Equal(opened, want) {
		t.Fatalf("opened %v, want %v", opened, want)
	}
	if m.focus != focusArticle {
		t.Fatalf("esc in the prompt left the article (focus %v)", m.focus)
	}
	m = drive(t, m, press("y"), press("9"), press("enter"))
	if !strings.Contains(m.status, "Copied https://a.example/9") {
		t.Fatalf("y 9 enter: status %q", m.status)
	}
	if len(opened) != len(want) {
		t.Fatalf("y opened a link: %v", opened)
	}
	m = drive(t, m, press("o"), press("1"), press("3"), press("enter")) // 1 then 3: [3]
	if opened[len(opened)-1] != "https://a.example/3" {
		t.Fatalf("o 1 3 enter opened %v", opened[len(opened)-1])
	}
	m = drive(t, m, press("o"), tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.prompt.on {
		t.Fatal("the mouse left the prompt open")
	}
}

// TestLinkPromptOneLink: an article of one link has it opened by o at
// once, as before; one of none says so.
func TestLinkPromptOneLink(t *testing.T) {
	f := newFake(3)
	f.arts[0].Links = []string{"https://one.example/"}
	f.arts[1].Links = nil
	var opened []string
	m := start(t, f, 120, 40)
	m.open = func(l string) error { opened = append(opened, l); return nil }
	m = drive(t, m, press("enter"), press("o"))
	if m.prompt.on || !slices.Equal(opened, []string{"https://one.example/"}) {
		t.Fatalf("o on one link: prompt %v, opened %v", m.prompt.on, opened)
	}
	m = drive(t, m, press("J"), press("y"))
	if m.prompt.on || !strings.Contains(m.status, "no link to copy") {
		t.Fatalf("y on no link: prompt %v, status %q", m.prompt.on, m.status)
	}
}

// TestLinkPromptConfigured: a link key from the config asks for the
// number; o no longer does.
func TestLinkPromptConfigured(t *testing.T) {
	var opened []string
	m := startWith(t, twelveLinks(), Options{Keys: map[string][]string{"link": {"O"}}}, 120, 40)
	m.open = func(l string) error { opened = append(opened, l); return nil }
	m = drive(t, m, press("enter"), press("o"))
	if m.prompt.on {
		t.Fatal("o still asks for a link with link bound to O")
	}
	m = drive(t, m, press("O"), press("1"), press("1"), press("enter"))
	if !slices.Equal(opened, []string{"https://a.example/11"}) {
		t.Fatalf("opened %v, want only [11] by O", opened)
	}
}
