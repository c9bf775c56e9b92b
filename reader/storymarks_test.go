package reader

import (
	"strings"
	"testing"
)

// A story's row, the header's counts and the u and S filters follow one
// rule for a story's state (storyMark): saved where any version is
// saved, read where any version is read. On the seeds, the Beauty
// Influencer story has two versions; a mark of the version that is not
// its lead (lede mark saved/read from another shell) hid behind the
// lead: "8 stories · 8 unread · 0 saved", no star, while S listed it
// ("1 story · 0 unread · 1 saved"); a mark of the lead alone gave "7
// unread" and u listed 8 unread.
func TestStoryStateIsOneRule(t *testing.T) {
	const lead, other = "beauty-influencer-shot-dead-during-6f0666", "mexican-influencer-valeria-marquez-8d0c52"
	for _, c := range []struct {
		name  string
		marks map[string]Mark
		want  string // the header
		star  bool
		u, s  string // the header under u, under S
	}{
		{"the other version saved and read", map[string]Mark{other: {Read: true, Saved: true}},
			"8 stories · 7 unread · 1 saved", true, "7 stories · 0 saved · unread only", "1 story · 0 unread · saved only"},
		{"the lead read", map[string]Mark{lead: {Read: true}},
			"8 stories · 7 unread", false, "7 stories · 0 saved · unread only", "0 stories · saved only"},
		{"the other version read", map[string]Mark{other: {Read: true}},
			"8 stories · 7 unread", false, "7 stories · 0 saved · unread only", "0 stories · saved only"},
	} {
		t.Run(c.name, func(t *testing.T) {
			lib := &fakeLibrary{marks: c.marks}
			m, _ := startLib(t, seedSource(t), lib, 120, 40)
			if h := headerLine(m); !strings.HasPrefix(h, c.want) {
				t.Errorf("header %q, want %q", h, c.want)
			}
			row := rowOf(t, m, "Beauty Influencer")
			if got := strings.Contains(row, "★"); got != c.star {
				t.Errorf("the story's row %q: star %v, want %v", row, got, c.star)
			}
			if !strings.Contains(row, "★") && strings.Contains(row, "•") {
				t.Errorf("the story is read, its row says unread: %q", row)
			}
			u := drive(t, m, press("u"))
			if h := headerLine(u); !strings.HasPrefix(h, c.u) || !strings.HasSuffix(h, "unread only") {
				t.Errorf("under u: %q, want %q", h, c.u)
			}
			if strings.Contains(screen(u), "Beauty Influencer") || strings.Contains(screen(u), "Valeria") {
				t.Errorf("under u, the story read is listed:\n%s", screen(u))
			}
			s := drive(t, m, press("S"))
			if h := headerLine(s); !strings.Contains(h, c.s) {
				t.Errorf("under S: %q, want %q", h, c.s)
			}
		})
	}
}

// s on a story's row saves the article and stars the row; s again
// unsaves every version, so the star goes (it stayed where another
// version was saved); m marks the whole story read, then unread.
func TestStoryKeysActOnTheStory(t *testing.T) {
	const lead, other = "beauty-influencer-shot-dead-during-6f0666", "mexican-influencer-valeria-marquez-8d0c52"
	lib := &fakeLibrary{marks: map[string]Mark{other: {Saved: true}}}
	m, _ := startLib(t, seedSource(t), lib, 120, 40)
	if !m.list.Select(lead) {
		t.Fatal("no row for the story's lead")
	}
	m = drive(t, m, press("s")) // saved already (its other version): unsave it all
	if h := headerLine(m); !strings.Contains(h, "0 saved") || strings.Contains(rowOf(t, m, "Beauty Influencer"), "★") {
		t.Fatalf("s on a starred story: %q, row %q", h, rowOf(t, m, "Beauty Influencer"))
	}
	if m.state.marks.get(other).Saved || m.state.marks.get(lead).Saved {
		t.Fatalf("s on a starred story left a version saved: %+v", m.state.marks)
	}
	m = drive(t, m, press("s"))
	if h := headerLine(m); !strings.Contains(h, "1 saved") || !strings.Contains(rowOf(t, m, "Beauty Influencer"), "★") {
		t.Fatalf("s again: %q, row %q", h, rowOf(t, m, "Beauty Influencer"))
	}
	m = drive(t, m, press("m"))
	if !m.state.marks.get(lead).Read || !m.state.marks.get(other).Read || !strings.HasPrefix(headerLine(m), "8 stories · 7 unread") {
		t.Fatalf("m on the story: %+v, header %q", m.state.marks, headerLine(m))
	}
	m = drive(t, m, press("m"))
	if m.state.marks.get(lead).Read || m.state.marks.get(other).Read || !strings.HasPrefix(headerLine(m), "8 stories · 8 unread") {
		t.Fatalf("m again: %+v, header %q", m.state.marks, headerLine(m))
	}
}

// rowOf is the list's row whose title starts with title.
func rowOf(t *testing.T, m app, title string) string {
	t.Helper()
	for _, l := range strings.Split(screen(m), "\n") {
		l = string([]rune(l)[:min(len([]rune(l)), m.lay.list.w)])
		if strings.Contains(l, title) {
			return l
		}
	}
	t.Fatalf("no row of %q:\n%s", title, screen(m))
	return ""
}

// A marks every row's story read, every version, as m does: it marked
// each row's lead alone, and lede list --unread still listed the other
// versions (2,316 of the headlines corpus's 3,316 articles). Its note
// counts stories and articles truthfully, and z undoes exactly what A
// did: a version read before stays read.
func TestMarkAllMarksEveryVersion(t *testing.T) {
	const lead, other = "beauty-influencer-shot-dead-during-6f0666", "mexican-influencer-valeria-marquez-8d0c52"
	src := seedSource(t)
	lib := &fakeLibrary{marks: map[string]Mark{}}
	m, _ := startLib(t, src, lib, 120, 40)
	m = drive(t, m, press("A"))
	for _, a := range src.List() {
		if !lib.mark(a.ID).Read {
			t.Errorf("A left %s unread", a.ID)
		}
	}
	if s := screen(m); !strings.Contains(s, "Marked 8 stories read, every version: 9 articles · z undoes it.") {
		t.Errorf("A's note:\n%s", s)
	}
	m = drive(t, m, press("z"))
	for _, a := range src.List() {
		if lib.mark(a.ID).Read {
			t.Errorf("z left %s read", a.ID)
		}
	}
	if s := screen(m); !strings.Contains(s, "Unread again: 9 articles.") {
		t.Errorf("z's note:\n%s", s)
	}
	// One version read already: A marks the rest, z leaves it read.
	lib = &fakeLibrary{marks: map[string]Mark{other: {Read: true}}}
	m, _ = startLib(t, src, lib, 120, 40)
	m = drive(t, m, press("A"))
	if !lib.mark(lead).Read {
		t.Errorf("A left the lead of a story with a version read unread")
	}
	m = drive(t, m, press("z"))
	if !m.state.marks.get(other).Read || lib.mark(lead).Read {
		t.Errorf("z after A: the version read before %+v, the lead %+v", m.state.marks.get(other), lib.mark(lead))
	}
}
