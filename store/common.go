package store

import (
	_ "embed"
	"math"
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

// Reference statistics for related stories. A word's idf is counted over
// the store and a reference corpus of refDocs articles of news at large,
// in which it appears in refShare of them by how common it is in English:
// a store of nine articles on one subject weighs "shooting" and
// "Sheinbaum" as a store of thousands would, and a pair's score means the
// same whatever else is loaded (TestScoresHoldWhateverIsLoaded). A large
// store's own counts outweigh the reference.
const refDocs = 2000

// refShare is the share of news articles taken to use a term: one of the
// commonest thousand English words about one in a hundred, the next few
// thousand one in five hundred, a small dictionary's one in 2,500, any
// other word one in 3,000; a name the store knows (people, places,
// organisations recur in news) one in 300; a day, a small count or a year
// one in twenty ("14" shared by "March 10-14" and "3/10/14" is no story).
func refShare(term string, name bool) float64 {
	p := 0.0003
	if isNumber(term) {
		// A day of the month, a small count or a year is in a good share
		// of all news; a longer number ("99342", "16bn") is rarer.
		if len(term) <= 2 || len(term) == 4 && (strings.HasPrefix(term, "19") || strings.HasPrefix(term, "20")) {
			return 0.05
		}
		return 0.002
	}
	switch commonLevel(term) {
	case commonest:
		p = 0.01
	case common:
		p = 0.002
	case familiar:
		p = 0.0004
	}
	if name {
		p = max(p, 0.003)
	}
	return p
}

// vecIDF is the idf of a term used by df of n articles, flattened by
// idfPower (index.go), counted with the reference.
func vecIDF(n, df int, term string, name bool) float64 {
	return math.Pow(math.Log((1+float64(n)+refDocs)/(1+float64(df)+refDocs*refShare(term, name)))+1, idfPower)
}
