package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lede-reader/lede/store"
)

func newRelated(o *options) *cobra.Command {
	var asJSON, all bool
	var n int
	cmd := &cobra.Command{
		Use:   "related REF [SRC...] | related --all [SRC...]",
		Short: "Print the stories related to an article, and why",
		Long: `Print the stories related to REF, best first: versions of the same event
first, then by score (0..1), each with the shared words that relate them.
With --json, {"id","title","source","related":[...]}, indented as show
prints it. With --all, do it for every article; with --json, one JSON
object per line per article (JSON Lines).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkN(n); err != nil {
				return err
			}
			var ref string
			switch {
			case all:
				o.loads = append(o.loads, args...)
			case len(args) == 0:
				return &usageError{"related: give one REF (an ID or part of a title), or --all"}
			default:
				ref = args[0]
				o.loads = append(o.loads, args[1:]...)
				if err := o.refShown(ref); err != nil {
					return err
				}
			}
			if !all {
				if a, rel, ok := o.quickRelated(ref, n, asJSON); ok {
					return printRelatedOf(o, a, nonNil(rel), asJSON)
				}
				if n > 0 {
					o.keepExtended() // for the next related query, as search does
				}
			}
			st, err := o.load()
			if err != nil {
				return err
			}
			arts := st.List()
			if !all {
				a, err := resolve(st, o.shownLibrary(), ref)
				if err != nil {
					return err
				}
				arts = []*store.Article{a}
			}
			for _, a := range arts {
				rel := nonNil(st.Related(a.ID, n))
				if !all {
					if err := printRelatedOf(o, a, rel, asJSON); err != nil {
						return err
					}
					continue
				}
				if asJSON {
					// --all: JSON Lines, one object a line, which a
					// script reads a line at a time.
					line, err := json.Marshal(relatedJSON{a.ID, a.Title, a.Source, rel})
					if err != nil {
						return err
					}
					fmt.Fprintf(o.stdout, "%s\n", line)
					continue
				}
				printRelated(o.stdout, a, rel, all)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print JSON (with --all, one object per line per article)")
	f.BoolVar(&all, "all", false, "related stories of every article")
	f.IntVarP(&n, "n", "n", 5, "at most `N` related stories per article (0: all)")
	return cmd
}

// relatedJSON is what related --json prints of an article.
type relatedJSON struct {
	ID      string          `json:"id"`
	Title   string          `json:"title"`
	Source  string          `json:"source"`
	Related []store.Related `json:"related"`
}

// printRelatedOf prints the related stories of one article: one JSON
// object, indented as show, search and compare print theirs, or the
// rows.
func printRelatedOf(o *options, a *store.Article, rel []store.Related, asJSON bool) error {
	if asJSON {
		return writeJSON(o.stdout, relatedJSON{a.ID, a.Title, a.Source, rel})
	}
	printRelated(o.stdout, a, rel, false)
	return nil
}

func printRelated(w io.Writer, a *store.Article, rel []store.Related, heading bool) {
	width := narrowWidth(w)
	indent := "" // a narrow row's, under --all's heading "  "
	switch {
	case heading && width > 0:
		fmt.Fprintf(w, "%s\n%s\n", fitLine(a.Title, width), a.ID)
		indent = "  "
	case heading:
		fmt.Fprintf(w, "%s  %s\n", a.ID, a.Title)
	}
	if len(rel) == 0 {
		fmt.Fprintln(w, "  (no related stories)")
	}
	for _, r := range rel {
		// Plain "related" goes unmarked; the closer relations say so, in
		// the reader's words (the JSON's "label"). Versions come first
		// whatever their score (README): "same story" says why a 0.303
		// stands above a 0.540.
		mark := ""
		switch {
		case r.Version:
			mark = "[" + store.SameStory + "] "
		case r.Label == store.CloselyRelated:
			mark = "[" + store.CloselyRelated + "] "
		}
		why := store.NoWhy
		if len(r.Why) > 0 {
			why = "shares: " + strings.Join(r.Why, ", ")
		}
		if width > 0 {
			printNarrowHit(w, width, indent, fmt.Sprintf("%.3f", r.Score), mark+r.Title, r.ID, why)
			continue
		}
		fmt.Fprintf(w, "  %.3f  %s%s  (%s)\n", r.Score, mark, r.Title, r.ID)
		fmt.Fprintf(w, "         %s\n", why)
	}
	if heading {
		fmt.Fprintln(w)
	}
}
