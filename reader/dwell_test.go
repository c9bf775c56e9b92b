package reader

import (
	"maps"
	"slices"
	"testing"
)

// An article is read by staying with it only in the article pane, with
// the keys there; never by the list's cursor resting on a headline, nor
// by a filter, a sort, a search or an update putting one in the pane.
func TestDwellReadsOnlyWhatIsRead(t *testing.T) {
	type step struct {
		keys []string
		read []string // read after it, and every dwell it started has run
	}
	cases := []struct {
		name  string
		w, h  int
		marks map[string]Mark
		steps []step
	}{
		{name: "the cursor rests", w: 120, h: 40, steps: []step{
			{keys: []string{"j"}},
			{keys: []string{"j", "j"}},
		}},
		{name: "unread only moves the cursor", w: 120, h: 40, marks: map[string]Mark{"a0": {Read: true}}, steps: []step{
			{keys: []string{"u"}},
			{keys: []string{"u"}},
		}},
		{name: "sort and section", w: 120, h: 40, steps: []step{
			{keys: []string{"j", "T"}},
			{keys: []string{"T", "T", "#"}},
		}},
		{name: "search previews", w: 120, h: 40, steps: []step{
			{keys: []string{"/", "n", "u", "m", "b", "e", "r", " ", "3"}},
			{keys: []string{"enter"}},
			{keys: []string{"esc"}},
		}},
		{name: "a filter while reading", w: 120, h: 40, marks: map[string]Mark{"a1": {Read: true}}, steps: []step{
			{keys: []string{"tab"}, read: []string{"a0"}},
			{keys: []string{"u"}, read: []string{"a0"}}, // a0 leaves the list, a2 comes in the pane: not chosen
		}},
		{name: "tab in and out at once", w: 120, h: 40, steps: []step{
			{keys: []string{"j", "tab", "tab"}},
		}},
		{name: "tab in and stay", w: 120, h: 40, steps: []step{
			{keys: []string{"j", "j", "tab"}, read: []string{"a2"}},
		}},
		{name: "next article while reading", w: 120, h: 40, steps: []step{
			{keys: []string{"enter"}, read: []string{"a0"}},
			{keys: []string{"n"}, read: []string{"a0", "a1"}},
			{keys: []string{"n", "n"}, read: []string{"a0", "a1", "a3"}}, // a2 passed over
		}},
		{name: "narrow list", w: 60, h: 20, steps: []step{
			{keys: []string{"j", "j"}},
			{keys: []string{"enter", "esc", "j"}, read: []string{"a2"}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lib := &fakeLibrary{marks: maps.Clone(c.marks)}
			m, dwells := startLib(t, newFake(8), lib, c.w, c.h)
			for i, st := range c.steps {
				m = drive(t, m, keys(st.keys...)...)
				for len(*dwells) > 0 { // every dwell runs: the reader stays
					d := (*dwells)[0]
					*dwells = (*dwells)[1:]
					m = drive(t, m, d)
				}
				var read []string
				for id, mk := range lib.marks {
					if mk.Read && !c.marks[id].Read {
						read = append(read, id)
					}
				}
				slices.Sort(read)
				if !slices.Equal(read, st.read) {
					t.Fatalf("step %d %v: read %v, want %v\n%s", i, st.keys, read, st.read, screen(m))
				}
			}
		})
	}
}

// A related story jumped to with its number is read at once, as one
// chosen with r and enter, or clicked: the reader opened it.
func TestJumpByNumberReads(t *testing.T) {
	for _, ks := range [][]string{{"1"}, {"r", "enter"}, {"enter", "1"}} {
		lib := &fakeLibrary{}
		m, _ := startLib(t, newFake(8), lib, 120, 40)
		m = drive(t, m, keys("j", "j", "j")...)
		m = drive(t, m, keys(ks...)...)
		m = drive(t, m, press("["))
		if reading(m) != "a3" {
			t.Fatalf("%v then [: reading %s, want a3 again", ks, reading(m))
		}
		if !lib.mark("a4").Read {
			t.Fatalf("%v: a4, jumped to, is not read", ks)
		}
	}
}
