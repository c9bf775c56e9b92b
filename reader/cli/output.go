package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/lede-reader/lede/reader"
	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/safe"
)

// resolve turns a reference into one article, or a usage error that lists
// the candidates. lib, where not nil, is the library st shows: the ID of
// a copy the store merged into another (the same item in a feed's mirror,
// or twice in one feed) names the article it is a copy of.
func resolve(st *store.Store, lib *library.Library, ref string) (*store.Article, error) {
	if id := strings.TrimSpace(ref); lib != nil && id != "" {
		if _, ok := st.Head(id); !ok {
			copies, err := lib.Copies(context.Background(), id)
			if err != nil {
				return nil, err
			}
			for _, c := range copies {
				if a, ok := st.Get(c); ok {
					return a, nil
				}
			}
		}
	}
	a, err := st.Resolve(ref)
	var re *store.RefError
	if !errors.As(err, &re) {
		return a, err
	}
	return nil, refUsageError(ref, re.Matches)
}

// refUsageError is the usage error of a reference that names none of
// the articles shown (matches empty) or several: it lists them, the
// first ten, in store order.
func refUsageError(ref string, matches []*store.Article) error {
	ref = safe.Text(ref)
	if len(matches) == 0 {
		return &refNone{&usageError{fmt.Sprintf("no article matches %q (try `lede list`)", ref)}}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s match %q; say which:", store.Count(len(matches), "article"), ref)
	for i, a := range matches {
		if i == 10 {
			fmt.Fprintf(&b, "\n  … and %d more", len(matches)-10)
			break
		}
		fmt.Fprintf(&b, "\n  %s  %s%s", a.ID, a.Title, candidateContext(a))
	}
	return &usageError{b.String()}
}

// candidateContext tells a candidate from others of the same title (a
// wire story eight feeds carry) as lede list names it: its feed (else its
// source as the reader names it, a file called by a number and a hash
// none; else its section) and its date (else when it came), in local time
// as every date lede writes, "  (Tech Desk · 2026-11-30 07:15)"; where
// none of these is known, the list's byline ("  (1071 words)").
func candidateContext(a *store.Article) string {
	var parts []string
	switch src := reader.SourceName(a.Source); {
	case a.Feed != "":
		parts = append(parts, a.Feed)
	case src != "":
		parts = append(parts, src)
	case strings.TrimSpace(a.Section) != "":
		parts = append(parts, strings.TrimSpace(a.Section))
	}
	switch {
	case !a.Published.IsZero():
		parts = append(parts, reader.DayTime(a.Published.Local()))
	case !a.Added.IsZero():
		parts = append(parts, "came "+reader.DayTime(a.Added.Local()))
	}
	if len(parts) == 0 {
		if b := reader.Byline(a); b != "" {
			return "  (" + b + ")"
		}
		return ""
	}
	return "  (" + safe.Field(strings.Join(parts, " · ")) + ")"
}

// refNone is the usage error of a reference that names none of the
// articles shown (a usage error still, through Unwrap): fetch tells it
// from one that names several.
type refNone struct{ *usageError }

func (e *refNone) Unwrap() error { return e.usageError }

// unreadableError says that the text of what a command prints could not
// be read (store.Article.Unreadable: the library failed to give it): a
// failure, exit 1, so that a script sees it. ids and whys pair up.
func unreadableError(ids, whys []string) error {
	if len(ids) == 1 {
		return fmt.Errorf("%s: the text of this article could not be read: %s", ids[0], whys[0])
	}
	parts := make([]string, len(ids))
	for k := range ids {
		parts[k] = ids[k] + " (" + whys[k] + ")"
	}
	return fmt.Errorf("the text of %s could not be read: %s", store.Count(len(ids), "article"), strings.Join(parts, ", "))
}

func oneLine(s string) string { return strings.TrimSpace(safe.Line(s)) }

// nonNil makes an empty result print as [] in JSON, not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// isTerminal: the stream (stdout, stderr, stdin) is a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalColumns is the width of the terminal w is (asked of the
// terminal itself: $COLUMNS is not read); 0 where w is a pipe, a file or
// anything else, or the terminal will not say. Every width lede takes
// from the terminal (help's wrapping, the narrow rows, show's measure)
// is learned here.
func terminalColumns(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil || cols <= 0 {
		return 0
	}
	return cols
}

// colorOK: escape sequences only for a terminal that wants them.
func colorOK(w io.Writer) bool {
	return isTerminal(w) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// terminalWidth is the terminal's width, kept between the narrowest that
// shows all the text and a readable measure; when the output is not a
// terminal, $COLUMNS where it is set to a number (`COLUMNS=60 lede show
// REF | less`, as ls and man read it), else 80.
func terminalWidth(w io.Writer) int {
	if cols := terminalColumns(w); cols > 0 {
		return min(max(cols, minWidth), 100)
	}
	if cols, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && cols > 0 {
		return min(max(cols, minWidth), 100)
	}
	return 80
}
