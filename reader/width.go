package reader

import (
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// How wide text is depends on the terminal. One that clusters graphemes
// draws a family emoji joined with ZWJ, a flag or a character with VS16 as
// one character of two columns; one that does not (tmux 3.3a, most older
// terminals) draws each code point in its own cells: 👨‍👩‍👧‍👦 takes eight.
// Bubble Tea asks the terminal (mode 2027) and, when it answers, switches
// its renderer to grapheme clusters; until then it places cells one code
// point at a time. The reader measures every line the way Bubble Tea and
// the terminal will draw it, so no line is wider than the terminal and the
// panes stay aligned whichever the terminal does.
//
// It is one flag for the process, like the terminal it describes: set by
// the root model when the answer arrives, read by layout code and (through
// the render key) by renderings.
var clusters atomic.Bool

// measure is how text is measured now.
func measure() ansi.Method {
	if clusters.Load() {
		return ansi.GraphemeWidth
	}
	return ansi.WcWidth
}

// textWidth is the columns s takes on the terminal, SGR aside.
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == 0x1b {
			return measure().StringWidth(s)
		}
	}
	return len(s)
}

// clustersFrom reports whether a mode report says the terminal clusters
// graphemes, and whether it was about that at all. A terminal that knows
// mode 2027 clusters (Bubble Tea turns it on when it is off); one that does
// not know it, or never answers, does not.
func clustersFrom(msg tea.ModeReportMsg) (on, about bool) {
	if msg.Mode != ansi.ModeUnicodeCore {
		return false, false
	}
	switch msg.Value {
	case ansi.ModeSet, ansi.ModeReset, ansi.ModePermanentlySet:
		return true, true
	}
	return false, true
}
