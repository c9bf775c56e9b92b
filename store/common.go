package store

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

// How common a word is in English at large, whatever the store holds: a
// reference that a corpus of nine articles cannot give by counting (every
// word of nine is rare or common by chance) and that a store of any size
// shares, so that "data", "regarding" and "highest" read as the common
// words they are next to "Zapopan", "fentanyl" or "cartel".
//
// common_words.txt holds the stems (this analyzer's) of the words in the
// first three size levels of SCOWL, Kevin Atkinson's Spell Checker
// Oriented Word Lists (english-, american- and british-words at 10, 20
// and 35): level 10 holds the thousand commonest English words and their
// forms, 20 the next few thousand, 35 the words of a small dictionary.
// Names are not in them; words past level 35 are uncommon. The file says
// how to make it again (TestCommonWordsFile).
//
//go:embed common_words.txt
var commonWordsFile string

// Levels of commonness, commonest first; rare for a word in none.
const (
	commonest = 10
	common    = 20
	familiar  = 35
	rare      = 100
)

var commonLevels = sync.OnceValue(func() map[string]uint8 {
	m := make(map[string]uint8, 24000)
	level := uint8(rare)
	for line := range strings.Lines(commonWordsFile) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "level "):
			n, _ := strconv.Atoi(strings.TrimPrefix(line, "level "))
			level = uint8(n)
		default:
			for _, stem := range strings.Fields(line) {
				if _, ok := m[stem]; !ok {
					m[stem] = level
				}
			}
		}
	}
	return m
})

// commonLevel is how common the term (a stem) is in English at large:
// commonest, common, familiar or rare.
func commonLevel(term string) int {
	if l, ok := commonLevels()[term]; ok {
		return int(l)
	}
	return rare
}
