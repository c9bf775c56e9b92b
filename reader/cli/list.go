package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
)

func newList(o *options) *cobra.Command {
	var asJSON, stories bool
	var n int
	var flt filter
	cmd := &cobra.Command{
		Use:   "list [SRC...]",
		Short: "Print the headlines: the library's newest first, sources as loaded (or --sort)",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkN(n); err != nil {
				return err
			}
			o.loads = append(o.loads, args...)
			if stories {
				if all, entries, ok, err := o.quickStories(flt); ok || err != nil {
					if err != nil {
						return err
					}
					return printStories(o.stdout, all, entries, asJSON, n)
				}
			} else if entries, ok, err := o.quickListed(flt, asJSON, n); ok || err != nil {
				if err != nil {
					return err
				}
				return printEntries(o.stdout, entries, asJSON)
			}
			st, err := o.load()
			if err != nil {
				return err
			}
			entries, err := o.listed(st.List(), flt)
			if err != nil {
				return err
			}
			if stories {
				return printStories(o.stdout, st.Stories(), entries, asJSON, n)
			}
			return printEntries(o.stdout, atMost(entries, n), asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of articles, each with its reading state (\"read\", \"saved\")")
	cmd.Flags().BoolVar(&stories, "stories", false, `one row per story (its versions together), led by its earliest or fullest version; with --json, an array of {"story", "title", "versions": [ids], "sources": [...]}`)
	cmd.Flags().IntVarP(&n, "n", "n", 0, "at most `N` rows, the first (0: all)")
	flt.flags(cmd)
	return cmd
}

// atMost is the first n of s; all of it where n is 0.
func atMost[T any](s []T, n int) []T {
	if n > 0 && len(s) > n {
		return s[:n]
	}
	return s
}

// printEntries prints the list with reading state: in JSON, "read" and
// "saved" beside the article's fields; as text, unread and saved marks
// when there are any to show.
func printEntries(w io.Writer, entries []listEntry, asJSON bool) error {
	if asJSON {
		return writeJSON(w, entries)
	}
	width := narrowWidth(w)
	for _, e := range entries {
		mark := ""
		if e.Saved {
			mark = "  [saved]"
		}
		if width > 0 {
			printNarrowRow(w, width, e.ID, e.Title, reader.Byline(e.Article)+mark)
			continue
		}
		fmt.Fprintf(w, "%s  %s  (%s)%s\n", e.ID, e.Title, reader.Byline(e.Article), mark)
	}
	return nil
}

// printList prints arts (a store's list) without reading state.
func printList(w io.Writer, arts []*store.Article, asJSON bool) error {
	if asJSON {
		return writeJSON(w, arts)
	}
	width := narrowWidth(w)
	for _, a := range arts {
		if width > 0 {
			printNarrowRow(w, width, a.ID, a.Title, reader.Byline(a))
			continue
		}
		fmt.Fprintf(w, "%s  %s  (%s)\n", a.ID, a.Title, reader.Byline(a))
	}
	return nil
}
