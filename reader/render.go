package reader

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
)

// Styles RenderArticle knows. "notty" is plain text with no escape
// sequences at all, for pipes, files and NO_COLOR.
const (
	StyleDark  = "dark"
	StyleLight = "light"
	StyleNoTTY = "notty"
)

// styleMono is how the reader renders articles under NO_COLOR: the dark
// style's bold, italics and underlines, no colour at all. Run also tells
// Bubble Tea to write no colour; this keeps the frame itself free of it.
const styleMono = "mono"

// minWrap is the narrowest width glamour is asked to wrap at; narrower
// panes get the lines cut instead of a column of single letters.
const minWrap = 12

// RenderArticle renders a as the reader shows it: the title as a heading, a
// byline (section · source · N words · N versions), then the Markdown body,
// wrapped so that no line is wider than width columns. style is "dark",
// "light" or "notty" ("" means dark). `lede show` and the TUI's article
// pane both come through here, so they always agree.
func RenderArticle(a *store.Article, width int, style string) (string, error) {
	if a == nil {
		return "", errors.New("render: no article")
	}
	if style == "" {
		style = StyleDark
	}
	switch style {
	case StyleDark, StyleLight, StyleNoTTY:
	default:
		return "", fmt.Errorf("render: unknown style %q (want dark, light or notty)", style)
	}
	if width < 1 {
		width = 1
	}
	out, err := renderers.render(style, max(width, minWrap), articleMarkdown(a, style != StyleNoTTY))
	if err != nil {
		return "", fmt.Errorf("render %s: %w", a.ID, err)
	}
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		if style == StyleNoTTY {
			// glamour's notty style still writes OSC 8 hyperlinks.
			l = strings.TrimRight(ansi.Strip(l), " ")
		} else {
			l = trimPadding(onlySGR(l))
		}
		if ansi.StringWidth(l) > width {
			l = cut(l, width, "")
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n"), nil
}

// renderFor renders a as key asks, in the reader's styles: RenderArticle's,
// and mono.
func renderFor(a *store.Article, key renderKey) (string, error) {
	if key.Style != styleMono {
		return RenderArticle(a, key.Width, key.Style)
	}
	out, err := RenderArticle(a, key.Width, StyleDark)
	return withoutColour(out), err
}
