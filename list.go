package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
)

func newList(o *options) *cobra.Command {
	var asJSON, stories bool
	cmd := &cobra.Command{
		Use:   "list [SRC...]",
		Short: "Print the headlines, in store order (as loaded, or --sort)",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.loads = append(o.loads, args...)
			st, err := o.load()
			if err != nil {
				return err
			}
			if stories {
				return printStories(o.stdout, st, asJSON)
			}
			return printList(o.stdout, st, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of articles")
	cmd.Flags().BoolVar(&stories, "stories", false, `one row per story (its versions together), led by its earliest or fullest version; with --json: [{"story","title","versions":[ids],"sources":[...]}]`)
	return cmd
}

func printList(w io.Writer, st *store.Store, asJSON bool) error {
	if asJSON {
		return writeJSON(w, st.List())
	}
	for _, a := range st.List() {
		fmt.Fprintf(w, "%s  %s  (%s)\n", a.ID, a.Title, reader.Byline(a))
	}
	return nil
}
