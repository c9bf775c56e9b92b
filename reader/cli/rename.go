package cli

// Naming and tagging a feed followed already: lede rename, lede tag, and
// lede add of a feed followed (feeds.go). The library keeps the name a
// person gave apart from the feed's own title (store/library, Rename).

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
)

func newRename(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "rename FEED [NAME]",
		Short: "Call a feed you follow NAME; without NAME, its own title again",
		Long: `Call FEED (its URL, its name, or a piece of the name only it has) NAME,
in place of its title or the name given before: the rows, the byline,
--feed and lede feeds use it. Its articles, marks and tags stay, and so
does the feed's own title, which lede feeds and an article's page show
beside the name. Without NAME (or with ""), the feed takes its own title
again, and follows it when the feed changes it. A name another feed has
is refused.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := ""
			if len(args) == 2 {
				name = args[1]
			}
			return o.withFeed(args[0], func(lib *library.Library, f library.Feed) error {
				_, line, err := rename(lib, f, name)
				if err != nil {
					return err
				}
				fmt.Fprintln(o.stdout, line)
				return nil
			})
		},
	}
}

func newTag(o *options) *cobra.Command {
	var drop []string
	cmd := &cobra.Command{
		Use:   "tag FEED [TAG]... [--drop TAG]...",
		Short: "Add tags to a feed you follow, or drop them",
		Long: `Tag FEED (its URL, its name, or a piece of the name only it has) with
each TAG it lacks, and take each --drop TAG from it; its other tags
stay, in their order. Prints the feed's tags.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && len(drop) == 0 {
				return &usageError{"say which tags: lede tag FEED TAG... [--drop TAG]..."}
			}
			return o.withFeed(args[0], func(lib *library.Library, f library.Feed) error {
				line, err := retag(lib, f, args[1:], drop)
				if err != nil {
					return err
				}
				fmt.Fprintln(o.stdout, line)
				return nil
			})
		},
	}
	cmd.Flags().StringArrayVar(&drop, "drop", nil, "take `TAG` from the feed; repeatable")
	return cmd
}

// withFeed runs f on the feed ref names (a usage error where it names
// none, or several), in the library open for writing.
func (o *options) withFeed(ref string, f func(*library.Library, library.Feed) error) error {
	return o.withLibrary(func(lib *library.Library) error {
		feed, err := findFeed(lib, ref)
		if err != nil {
			return err
		}
		return f(lib, feed)
	})
}

// rename names f name (its own title again where name is empty), and
// says what changed, one line: a name another feed has is a usage error.
func rename(lib *library.Library, f library.Feed, name string) (library.Feed, string, error) {
	got, err := lib.Rename(context.Background(), f, name)
	if errors.Is(err, library.ErrNameTaken) {
		return f, "", &usageError{store.Sanitize(oneLine(err.Error()))}
	}
	if err != nil {
		return f, "", err
	}
	switch {
	case got.Name == f.Name:
		return got, got.Name + ": named so already", nil
	case strings.TrimSpace(name) == "":
		return got, fmt.Sprintf("renamed %s to %s, its own title", f.Name, got.Name), nil
	}
	return got, fmt.Sprintf("renamed %s to %s", f.Name, shownName(got)), nil
}

// retag adds and drops f's tags and says what it has now, one line.
func retag(lib *library.Library, f library.Feed, add, drop []string) (string, error) {
	got, err := lib.Retag(context.Background(), f, add, drop)
	if err != nil {
		return "", err
	}
	if slices.Equal(got.Tags, f.Tags) {
		return fmt.Sprintf("%s: tags unchanged%s", got.Name, tagList(got.Tags)), nil
	}
	return fmt.Sprintf("%s: tagged%s", got.Name, tagList(got.Tags)), nil
}

// tagList is " [a, b]", or " (no tags)".
func tagList(tags []string) string {
	if len(tags) == 0 {
		return " (no tags)"
	}
	return " [" + strings.Join(tags, ", ") + "]"
}

// shownName is a feed's name as lede feeds shows it: with the feed's
// own title beside a name its person gave ("Pets (Pet Secret
// Shopper)"), alone where it is the title, numbered or not, or the
// title is not known.
func shownName(f library.Feed) string {
	if f.Title == "" || store.NamedAfter(f.Name, f.Title) {
		return f.Name
	}
	return f.Name + " (" + f.Title + ")"
}

// changeFollowed is lede add of a feed followed already with --name or
// --tag: it renames the feed and adds the tags, each saying what changed
// on stdout; false where s asks neither, or names no feed followed at
// its address (one an address redirects to): lede add then says it is
// followed already, as before.
func (o *options) changeFollowed(lib *library.Library, s library.Subscription) (bool, error) {
	if s.Name == "" && len(s.Tags) == 0 {
		return false, nil
	}
	feeds, err := lib.Subscriptions(context.Background())
	if err != nil {
		return false, err
	}
	i := slices.IndexFunc(feeds, func(f library.Feed) bool { return f.URL == s.URL })
	if i < 0 {
		return false, nil
	}
	f := feeds[i]
	if s.Name != "" {
		var line string
		if f, line, err = rename(lib, f, s.Name); err != nil {
			return true, err
		}
		fmt.Fprintln(o.stdout, line)
	}
	if len(s.Tags) > 0 {
		line, err := retag(lib, f, s.Tags, nil)
		if err != nil {
			return true, err
		}
		fmt.Fprintln(o.stdout, line)
	}
	return true, nil
}
