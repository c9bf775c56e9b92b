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
	var flt filter
	cmd := &cobra.Command{
		Use:   "list [SRC...]",
		Short: "Print the headlines: the library's newest first, sources as loaded (or --sort)",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.loads = append(o.loads, args...)
			if stories {
				if all, entries, ok, err := o.quickStories(flt); ok || err != nil {
					if err != nil {
						return err
					}
					return printStories(o.stdout, all, entries, asJSON)
				}
			} else if entries, ok, err := o.quickListed(flt, asJSON); ok || err != nil {
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
				return printStories(o.stdout, st.Stories(), entries, asJSON)
			}
			return printEntries(o.stdout, entries, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of articles, each with its reading state (\"read\", \"saved\")")
	cmd.Flags().BoolVar(&stories, "stories", false, `one row per story (its versions together), led by its earliest or fullest version; with --json: [{"story","title","versions":[ids],"sources":[...]}]`)
	flt.flags(cmd)
	return cmd
}

// printEntries prints the list with reading state: in JSON, "read" and
// "saved" beside the article's fields; as text, unread and saved marks
// when there are any to show.
func printEntries(w io.Writer, entries []listEntry, asJSON bool) error {
	if asJSON {
		return writeJSON(w, entries)
	}
	for _, e := range entries {
		mark := ""
		if e.Saved {
			mark = "  [saved]"
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
	for _, a := range arts {
		fmt.Fprintf(w, "%s  %s  (%s)\n", a.ID, a.Title, reader.Byline(a))
	}
	return nil
}
