package store

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var scowlDir = flag.String("scowl", "", "write common_words.txt from SCOWL's final lists in this folder (Debian's scowl package: /usr/share/dict/scowl)")

// TestCommonWordsFile: the reference of common words reads back, and with
// -scowl DIR is written again from SCOWL's lists.
func TestCommonWordsFile(t *testing.T) {
	if *scowlDir != "" {
		writeCommonWords(t, *scowlDir)
	}
	for word, want := range map[string]int{
		"data": commonest, "regarding": commonest, "highest": commonest, "situation": commonest,
		"narrative": common, "allegedly": common, "pretext": familiar, "cartel": familiar,
		"fentanyl": rare, "zapopan": rare, "femicide": rare,
		"American": familiar, "Latin": familiar, "Sheinbaum": rare,
	} {
		if got := commonLevel(termOf(word, strings.ToUpper(word) == word)); got != want {
			t.Errorf("%s: level %d, want %d", word, got, want)
		}
	}
}

func writeCommonWords(t *testing.T, dir string) {
	levels := []int{commonest, common, familiar}
	seen := map[string]bool{}
	var out strings.Builder
	out.WriteString(`# Stems of common English words, by level of commonness (store/common.go).
# Made by: go test ./store -run TestCommonWordsFile -args -scowl /usr/share/dict/scowl
# (Debian's scowl package, 2020.12.07), from english-, american- and
# british-words at levels 10, 20 and 35, words of letters a-z only; at 35
# also english-upper at 10 to 40 and english-abbreviations at 35 and 40.
#
# SCOWL (Spell Checker Oriented Word Lists), copyright 2000-2011 by Kevin
# Atkinson. Permission to use, copy, modify, distribute and sell these word
# lists, the associated scripts, the output created from the scripts, and
# its documentation for any purpose is hereby granted without fee, provided
# that the above copyright notice appears in all copies and that both that
# copyright notice and this permission notice appear in supporting
# documentation. Kevin Atkinson makes no representations about the
# suitability of this array for any purpose. It is provided "as is" without
# express or implied warranty. Level 10 draws on the Moby Words II lists and
# Brian Kelk's UK English Wordlist with Frequency Classification, both in
# the public domain.
`)
	for _, level := range levels {
		var stems []string
		for _, kind := range []string{"english", "american", "british"} {
			f, err := os.Open(filepath.Join(dir, fmt.Sprintf("%s-words.%d", kind, level)))
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				w := sc.Text()
				if strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
					continue
				}
				stem := termOf(w, false)
				if stem != "" && !seen[stem] {
					seen[stem] = true
					stems = append(stems, stem)
				}
			}
			f.Close()
		}
		if level == familiar {
			// Names and abbreviations English uses as often: nationalities,
			// continents, months, institutions ("American", "Latin", "US").
			for _, file := range []string{"english-upper.10", "english-upper.35", "english-upper.40", "english-abbreviations.35", "english-abbreviations.40"} {
				f, err := os.Open(filepath.Join(dir, file))
				if err != nil {
					t.Fatal(err)
				}
				sc := bufio.NewScanner(f)
				for sc.Scan() {
					w := sc.Text()
					if strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
						continue
					}
					stem := termOf(w, strings.ToUpper(w) == w)
					if stem != "" && !seen[stem] {
						seen[stem] = true
						stems = append(stems, stem)
					}
				}
				f.Close()
			}
		}
		slices.Sort(stems)
		fmt.Fprintf(&out, "level %d\n", level)
		line := 0
		for _, s := range stems {
			if line+len(s) > 75 {
				out.WriteString("\n")
				line = 0
			} else if line > 0 {
				out.WriteString(" ")
				line++
			}
			out.WriteString(s)
			line += len(s)
		}
		out.WriteString("\n")
	}
	if err := os.WriteFile("common_words.txt", []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
