package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
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
appear. Several arguments are one query: give sources before the command
(lede ../notes search drought) or with --load.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := o.load()
			if err != nil {
				return err
			}
			hits := nonNil(st.Search(strings.Join(args, " "), n))
			if asJSON {
				return writeJSON(o.stdout, hits)
			}
			if len(hits) == 0 {
				fmt.Fprintln(o.stderr, "lede: no matches")
				return nil
			}
			for _, h := range hits {
				fmt.Fprintf(o.stdout, "%7.3f  %s  (%s)\n         %s\n", h.Score, h.Title, h.ID, h.Snippet)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print a JSON array of hits")
	f.IntVarP(&n, "n", "n", 10, "at most `N` results (0: all)")
	return cmd
}
