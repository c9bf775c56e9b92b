package store

import (
	"strconv"
	"strings"
)

// Count is n things in words, the noun agreeing with n: "1 article",
// "3 articles", "0 feeds", "2 stories", "1 match". Every count lede says
// in words goes through it (the command line, the reader, ingest and the
// library alike), so that none says "1 articles".
func Count(n int, noun string) string {
	return strconv.Itoa(n) + " " + Noun(n, noun)
}

// Noun is noun (singular) as it agrees with n: itself for 1, else its
// plural by the rules English needs for the nouns lede counts.
func Noun(n int, noun string) string {
	if n == 1 || noun == "" {
		return noun
	}
	switch last := noun[len(noun)-1]; {
	case last == 'y' && len(noun) > 1 && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies" // story, entry; not day
	case last == 's' || last == 'x' || strings.HasSuffix(noun, "ch") || strings.HasSuffix(noun, "sh"):
		return noun + "es" // match, box
	}
	return noun + "s"
}
