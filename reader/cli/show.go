package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
)

// --width is bounded: below minWidth the layout loses text (its margins
// and indents take it all); maxWidth is wider than any screen, and the
// work of laying out an article grows with the width.
const (
	minWidth = 20
	maxWidth = 1000
)

// showRelated is how many related stories show --json gives.
const showRelated = 10

func newShow(o *options) *cobra.Command {
	var asJSON, plain bool
	var width int
	cmd := &cobra.Command{
		Use:   "show REF [SRC...]",
		Short: "Print one article, rendered for the terminal",
		Long: `Print one article. REF is an article ID or a piece of its title
(case and accents aside). On a terminal the article is rendered in colour;
with --plain, NO_COLOR, TERM=dumb, or when the output is not a terminal, it
is plain text with no escape sequences at all. An article whose text the
library cannot give is a failure (exit 1, one line why); with --json its
"body" is then empty and "unreadable" says why.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkWidth(width); err != nil {
				return err
			}
			// No store is built where the library gives the article as
			// the store would (quickShown), and with --json its related
			// stories as the store tells them, from the kept index
			// (quickShownRelated).
			var a *store.Article
			var rel []store.Related
			quick := false
			switch {
			case len(args) != 1:
			case asJSON:
				a, rel, quick = o.quickShownRelated(args[0], showRelated)
				if !quick {
					o.keepExtended() // for the next, as related does
				}
			default:
				a, quick = o.quickShown(args[0])
			}
			if !quick {
				st, b, err := o.loadRef(args)
				if err != nil {
					return err
				}
				a = b
				if asJSON {
					rel = st.Related(a.ID, showRelated)
				}
			}
			// A text the library failed to give is a failure (exit 1, one
			// line on stderr): --json still says what is known, with an
			// empty body and why; the text output has no article to print.
			var failed error
			body := a.Body
			if a.Unreadable != "" {
				failed = unreadableError([]string{a.ID}, []string{a.Unreadable})
				body = ""
			}
			if asJSON {
				// The article as list --json gives it, with its reading
				// state, then its text and related stories.
				states, err := o.states()
				if err != nil {
					return err
				}
				s := states[a.ID]
				if err := writeJSON(o.stdout, struct {
					listEntry
					Body       string          `json:"body"`
					Unreadable string          `json:"unreadable,omitempty"`
					Related    []store.Related `json:"related"`
				}{listEntry{a, s.Read, s.Saved}, body, a.Unreadable, nonNil(rel)}); err != nil {
					return err
				}
				return failed
			}
			if failed != nil {
				return failed
			}
			style := reader.StyleDark
			if plain || !colorOK(o.stdout) {
				style = reader.StyleNoTTY
			}
			if width <= 0 {
				width = terminalWidth(o.stdout)
			}
			out, err := reader.RenderArticle(a, width, style)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(o.stdout, out)
			return err
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the article as JSON, as list --json does (with \"read\" and \"saved\"), with its body and related stories")
	f.BoolVar(&plain, "plain", false, "plain text, no escape sequences")
	f.IntVar(&width, "width", 0, "wrap at `N` columns, 20 to 1000 (default: the terminal's width, at most 100; in a pipe $COLUMNS where set, else 80)")
	return cmd
}

// checkWidth refuses a --width the layout cannot honour (0 is the
// terminal's width).
func checkWidth(width int) error {
	if width != 0 && (width < minWidth || width > maxWidth) {
		return &usageError{fmt.Sprintf("--width %d: give %d to %d columns (0: the terminal's width)", width, minWidth, maxWidth)}
	}
	return nil
}

// loadRef loads the store, with the sources given after REF (args[1:]),
// and resolves REF (args[0]) in it: what show and compare start from.
func (o *options) loadRef(args []string) (*store.Store, *store.Article, error) {
	o.loads = append(o.loads, args[1:]...)
	if err := o.refShown(args[0]); err != nil {
		return nil, nil, err
	}
	st, err := o.load()
	if err != nil {
		return nil, nil, err
	}
	a, err := resolve(st, o.shownLibrary(), args[0])
	if err != nil {
		return nil, nil, err
	}
	return st, a, nil
}
