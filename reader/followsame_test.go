package reader

import (
	"strings"
	"testing"
)

// A snapshot another process's change brought in which, as the library
// knows, nothing the list holds came, went or was edited (a feed removed
// whose items another feed carries) says nothing; where what was edited
// is not known, it still says articles were.
func TestFollowOfNothingVisibleSaysNothing(t *testing.T) {
	for _, c := range []struct {
		changed []string
		want    bool
	}{{[]string{}, false}, {nil, true}} {
		lib := &fakeLibrary{}
		m, hd := startFollowing(t, newFake(6), lib, 120, 40)
		m = hd.deliver(t, m, lib, Changes{Src: newFake(6), Seq: 2, Changed: c.changed})
		if said := strings.Contains(screen(m), "Changed elsewhere"); said != c.want {
			t.Errorf("Changed %#v: said %v, want %v:\n%s", c.changed, said, c.want, screen(m))
		}
	}
}
