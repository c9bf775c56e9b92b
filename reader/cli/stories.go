package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
)

// Stories and compare on the command line: the store groups and compares,
// this file only prints.

// printStories prints one row per story of all (a store's Stories):
// its lead's title, and how many versions and sources tell it. Only
// stories with a version among entries (the list under its filters:
// --unread, --saved, --feed) are printed, the first n (0: all).
func printStories(w io.Writer, all []store.Story, entries []listEntry, asJSON bool, n int) error {
	listed := make(map[string]bool, len(entries))
	for _, e := range entries {
		listed[e.Story] = true
	}
	var stories []store.Story
	for _, s := range all {
		if listed[s.ID] {
			stories = append(stories, s)
		}
	}
	stories = atMost(stories, n)
	if asJSON {
		return writeJSON(w, nonNil(stories))
	}
	width := narrowWidth(w)
	for _, s := range stories {
		if width > 0 {
			printNarrowRow(w, width, s.ID, s.Title, storyLine(s))
			continue
		}
		fmt.Fprintf(w, "%s  %s  (%s)\n", s.ID, s.Title, storyLine(s))
	}
	return nil
}

func storyLine(s store.Story) string {
	parts := []string{store.Count(len(s.Versions), "version")}
	if n := len(s.Sources); n > 0 {
		parts = append(parts, store.Count(n, "source"))
	}
	return strings.Join(parts, " · ")
}

func newCompare(o *options) *cobra.Command {
	var asJSON, plain bool
	var width int
	cmd := &cobra.Command{
		Use:   "compare REF [SRC...]",
		Short: "Compare the versions of an article's story: what they disagree on, and how their text differs",
		Long: `Compare the versions of REF's story (other reports of the same event):
first the facts they state differently (dates, numbers, names), then their
paragraphs aligned, each version's words that the others lack marked — in
colour on a terminal, in {braces} in plain text. With --json:
{"story","versions":[{"id","title","source","published"}],"total","disagreements":[{"kind","values"}]}
(at most 8 versions are compared: the lead and the one asked about among them).
A version whose text the library cannot give is compared by its title
alone, marked (in JSON, "unreadable" says why), and the command fails
(exit 1).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkWidth(width); err != nil {
				return err
			}
			c, quick := o.quickCompare(args)
			if !quick {
				st, a, err := o.loadRef(args)
				if err != nil {
					return err
				}
				c, _ = st.Compare(a.ID)
			}
			if asJSON {
				if err := writeJSON(o.stdout, c); err != nil {
					return err
				}
			} else {
				if width <= 0 {
					width = terminalWidth(o.stdout)
				}
				printComparison(o.stdout, c, width, !plain && colorOK(o.stdout))
			}
			// A version whose text the library failed to give is compared
			// by its title alone: the comparison is printed, and is a
			// failure (exit 1).
			var ids, whys []string
			for _, v := range c.Versions {
				if v.Unreadable != "" {
					ids, whys = append(ids, v.ID), append(whys, v.Unreadable)
				}
			}
			if ids != nil {
				return unreadableError(ids, whys)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the comparison as JSON")
	f.BoolVar(&plain, "plain", false, "plain text, no escape sequences")
	f.IntVar(&width, "width", 0, "wrap at `N` columns, 20 to 1000 (default: the terminal's width, at most 100; in a pipe $COLUMNS where set, else 80)")
	return cmd
}

// Marks for differing words: bold yellow on a terminal, braces around each
// run in plain text.
const (
	markOn  = "\x1b[1;33m"
	markOff = "\x1b[0m"
)

func printComparison(w io.Writer, c store.Comparison, width int, color bool) {
	head := c.Story + ": " + store.Count(c.Total, "version")
	if c.Total > len(c.Versions) {
		head += fmt.Sprintf(" (%d compared)", len(c.Versions))
	}
	printCell(w, "story ", plainWords(head), width, false)
	for k, v := range c.Versions {
		var parts []string
		if src := reader.SourceName(v.From()); src != "" {
			parts = append(parts, src)
		}
		if !v.Published.IsZero() {
			parts = append(parts, reader.DayTime(v.Published))
		}
		printCell(w, fmt.Sprintf("  [%d] ", k+1), plainWords(v.Title), width, false)
		printCell(w, "      ", plainWords(strings.Join(append(parts, v.ID), " · ")), width, false)
		if v.Unreadable != "" {
			printCell(w, "      ", plainWords("(its text could not be read: "+v.Unreadable+"; compared by its title)"), width, false)
		}
	}
	if len(c.Versions) < 2 {
		fmt.Fprintln(w, "\n(one version: nothing to compare)")
		return
	}
	fmt.Fprintln(w)
	if len(c.Disagreements) == 0 {
		fmt.Fprintln(w, "They agree on the dates, numbers and names they both state.")
	} else {
		fmt.Fprintln(w, "They disagree on:")
		for _, d := range c.Disagreements {
			fmt.Fprintf(w, "  %-7s %s\n", d.Kind, strings.Join(d.Values, " / "))
		}
	}
	fmt.Fprintln(w)
	for _, r := range c.Rows {
		for k, cell := range r.Cells {
			if cell == nil {
				continue
			}
			printCell(w, fmt.Sprintf("[%d] ", k+1), cell, width, color)
		}
		fmt.Fprintln(w)
	}
}

// separator says dw is the " · " between parts of a line, not a word.
func separator(dw store.DiffWord) bool { return dw.Text == "·" && !dw.Changed }

func plainWords(s string) []store.DiffWord {
	var out []store.DiffWord
	for _, f := range strings.Fields(s) {
		out = append(out, store.DiffWord{Text: f})
	}
	return out
}

// printCell wraps a paragraph to width under a hanging label, marking the
// changed words.
func printCell(w io.Writer, label string, cell []store.DiffWord, width int, color bool) {
	indent := strings.Repeat(" ", len(label))
	var b strings.Builder
	b.WriteString(label)
	col := len(label)
	for i, dw := range cell {
		text := safe.Line(dw.Text)
		shown := text
		if dw.Changed && !color { // a run of changed words in one pair of braces
			if i == 0 || !cell[i-1].Changed {
				shown = "{" + shown
			}
			if i == len(cell)-1 || !cell[i+1].Changed {
				shown += "}"
			}
		}
		n := ansi.StringWidth(shown)
		if separator(dw) && i > 0 && i+1 < len(cell) && col+1+n+1+ansi.StringWidth(safe.Line(cell[i+1].Text)) > width {
			// A line ends at a separator, not with one: the word after it
			// starts the next ("2 Nov 2011 17:25 ·", then the ID).
			b.WriteString("\n" + indent)
			col = len(indent)
			continue
		}
		if i > 0 && col > len(indent) {
			if col+1+n > width {
				b.WriteString("\n" + indent)
				col = len(indent)
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		if dw.Changed && color {
			b.WriteString(markOn + text + markOff)
		} else {
			b.WriteString(shown)
		}
		col += n
	}
	fmt.Fprintln(w, b.String())
}
