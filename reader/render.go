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
// pane both come through here, so they always agree. Widths are counted
// in grapheme clusters, as glamour counts them.
func RenderArticle(a *store.Article, width int, style string) (string, error) {
	return renderArticle(a, width, style, ansi.GraphemeWidth)
}

// renderArticle is RenderArticle with columns counted by m. The reader's
// terminal may draw a joined emoji, a flag or VS16 wider than glamour
// counts them: then the article is laid out again narrower by what was
// over, so its paragraphs still wrap at words (twice at most); a line
// still too wide after that is wrapped again, its text kept.
func renderArticle(a *store.Article, width int, style string, m ansi.Method) (string, error) {
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
	var links []string
	if style == StyleNoTTY {
		// Plain text keeps each address of the closing Links list on one
		// line, however wide: one broken by wrapping (".../ios2." then
		// "png") is no address to copy or to open.
		var body string
		if body, links = closingLinks(a.Body); links != nil {
			bare := *a
			bare.Body = body
			a = &bare
		}
	}
	md, held := holdURLs(articleMarkdown(a, style != StyleNoTTY))
	// The byline's date is wrapped whole (nonBreakingHyphen), and shown
	// with the hyphens it has, for find, copy and lede show alike.
	var dated, date string
	if !a.Published.IsZero() {
		date = day(a.Published)
		dated = strings.ReplaceAll(date, "-", nonBreakingHyphen)
	}
	wrap := max(width, minWrap)
	var lines []string
	for try := 0; ; try++ {
		out, err := renderers.render(style, wrap, md)
		if err != nil {
			return "", fmt.Errorf("render %s: %w", a.ID, err)
		}
		lines = strings.Split(strings.Trim(out, "\n"), "\n")
		over := 0
		for i, l := range lines {
			if style == StyleNoTTY {
				// glamour's notty style still writes OSC 8 hyperlinks.
				l = strings.TrimRight(ansi.Strip(l), " ")
			} else {
				l = trimPadding(onlySGR(l))
			}
			if dated != "" {
				l = strings.Replace(l, dated, date, 1)
			}
			lines[i] = l
			over = max(over, m.StringWidth(l)-width)
		}
		if over <= 0 || m == ansi.GraphemeWidth || try == 2 || wrap-over < minWrap {
			break
		}
		wrap -= over
	}
	lines = placeURLs(lines, held, width, m)
	if style == StyleNoTTY {
		lines = hangItems(lines, width, m)
	}
	kept := lines[:0:0]
	for _, l := range lines {
		switch {
		case m.StringWidth(l) <= width:
			kept = append(kept, l)
		case m != ansi.GraphemeWidth:
			for _, w := range strings.Split(m.Wrap(l, width, ""), "\n") {
				kept = append(kept, cutWith(m, w, width, ""))
			}
		default:
			kept = append(kept, cutWith(m, l, width, ""))
		}
	}
	if links != nil {
		kept = append(kept, "", "  "+store.LinksHeading, "")
		for _, l := range links {
			kept = append(kept, "  • "+l)
		}
	}
	return strings.Join(kept, "\n"), nil
}

// closingLinks takes the list of numbered addresses ingest closes an
// article with (store.LinksHeading, then "- \[N\] <URL>" a line) off
// body: the body before it, and its lines as plain text ("[N] URL", each
// one clean line); nil when body does not end with one.
func closingLinks(body string) (string, []string) {
	at := strings.LastIndex(body, store.LinksHeading+"\n")
	if at < 0 || (at > 0 && body[at-1] != '\n') {
		return body, nil
	}
	var links []string
	for line := range strings.SplitSeq(body[at+len(store.LinksHeading)+1:], "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		n, rest, ok := strings.Cut(strings.TrimPrefix(line, "- \\["), "\\] <")
		u, isLink := strings.CutSuffix(rest, ">")
		if !ok || !isLink || n == "" || strings.Trim(n, "0123456789") != "" || u == "" {
			return body, nil
		}
		links = append(links, "["+n+"] "+oneLine(u))
	}
	if links == nil {
		return body, nil
	}
	return strings.TrimRight(body[:at], "\n"), links
}

// renderFor renders a as key asks, in the reader's styles: RenderArticle's,
// and mono.
func renderFor(a *store.Article, key renderKey) (string, error) {
	m := ansi.WcWidth
	if key.Clusters {
		m = ansi.GraphemeWidth
	}
	if key.Style != styleMono {
		return renderArticle(a, key.Width, key.Style, m)
	}
	out, err := renderArticle(a, key.Width, StyleDark, m)
	return withoutColour(out), err
}
