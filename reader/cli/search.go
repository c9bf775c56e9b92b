package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lede-reader/lede/store"
)

func newSearch(o *options) *cobra.Command {
	var asJSON bool
	var n int
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Full-text search, best matches first",
		Long: `Search titles and bodies, ranked (BM25, title words weigh more). QUERY is
words (any form: "cartel" finds "cartels"; accents and case aside),
"quoted phrases" that must appear as written, and -words that must not
appear (lede search cartel -sheinbaum). Several arguments are one query:
give sources before the command (lede ../notes search drought) or with
--load.

Flags and -words mix in any order: an argument is a flag only when it is
one of the flags below (-n 3, -n3, -n=3, --json, -h, --help, and the
global ones); any other -word is a word that must not appear, so -nato
rules out "nato", while -n alone is always the flag and takes the next
argument as its number. After --, every argument is a word of the query.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkN(n); err != nil {
				return err
			}
			if onlyExclusions(args) {
				return &usageError{fmt.Sprintf("search %s: -words only rule articles out; give a word to look for too", strings.Join(args, " "))}
			}
			q := strings.Join(args, " ")
			hits, quick := o.quickSearch(q, n)
			if !quick {
				o.keepExtended()
				st, err := o.load()
				if err != nil {
					return err
				}
				hits = st.Search(q, n)
			}
			hits = nonNil(hits)
			if asJSON {
				return writeJSON(o.stdout, hits)
			}
			if len(hits) == 0 {
				fmt.Fprintln(o.stderr, "lede: "+noMatches(q))
				return nil
			}
			width := narrowWidth(o.stdout)
			for _, h := range hits {
				if width > 0 {
					var snippet []string
					if h.Snippet != "" {
						snippet = append(snippet, h.Snippet)
					}
					printNarrowHit(o.stdout, width, "", fmt.Sprintf("%.3f", h.Score), h.Title, h.ID, snippet...)
					continue
				}
				fmt.Fprintf(o.stdout, "%7.3f  %s  (%s)\n", h.Score, h.Title, h.ID)
				if h.Snippet != "" { // a headline alone has none
					fmt.Fprintf(o.stdout, "         %s\n", h.Snippet)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print a JSON array of hits")
	f.IntVarP(&n, "n", "n", 10, "at most `N` results (0: all)")
	return cmd
}

// noMatches says a query found nothing, and why where the reader says
// why: its words too common to search, left out (store.TooCommon, the
// search's own parse). `"the" is too common to search for` where they
// left nothing to search; else `no matches ("the" left out, …)`.
func noMatches(q string) string {
	common, left := store.TooCommonLeft(q)
	if len(common) == 0 {
		return "no matches"
	}
	quoted := make([]string, len(common))
	for i, w := range common {
		quoted[i] = strconv.Quote(oneLine(w))
	}
	why := strings.Join(quoted, ", ") + " is too common to search for"
	if len(common) > 1 {
		why = strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1] + " are too common to search for"
	}
	if left {
		return "no matches (" + strings.Join(quoted, ", ") + " left out, too common to search for)"
	}
	return why
}

// checkN refuses a negative -n: 0 is the one that means all.
func checkN(n int) error {
	if n < 0 {
		return &usageError{fmt.Sprintf("-n %d: give how many, 0 or more (0: all)", n)}
	}
	return nil
}

// onlyExclusions: every word of the query is a -word, which rules
// articles out and finds none.
func onlyExclusions(args []string) bool {
	words := strings.Fields(strings.Join(args, " "))
	for _, w := range words {
		if len(w) < 2 || w[0] != '-' {
			return false
		}
	}
	return len(words) > 0
}
