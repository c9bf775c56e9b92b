package reader

import (
	"image/color"
	"maps"
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles holds every lipgloss style the reader draws with. It is built once
// per background (and again only when the terminal answers the background
// query), never inside View: building styles is the slow part of styling.
type Styles struct {
	// Headline list.
	Title, TitleSel   lipgloss.Style
	Meta, MetaSel     lipgloss.Style
	Marker, MarkerDim lipgloss.Style // the bar left of the selected item
	Match             lipgloss.Style // highlighted search match
	ListHeader        lipgloss.Style

	// Article column.
	Crumb, CrumbSep, CrumbCur lipgloss.Style
	Rule, RuleLabel, Position lipgloss.Style
	Placeholder               lipgloss.Style

	// Related list.
	Bar, BarEmpty    lipgloss.Style
	RelTitle, RelSel lipgloss.Style
	RelNum           lipgloss.Style
	Why              lipgloss.Style
	Version          lipgloss.Style

	// Frame.
	Separator      lipgloss.Style
	Status, Brand  lipgloss.Style
	Message, Error lipgloss.Style
	Progress       lipgloss.Style
	Empty, Hint    lipgloss.Style
	Prompt         lipgloss.Style

	Help help.Styles
}

// newStyles builds the reader's styles for a dark or light background. With
// noColor (NO_COLOR set) no colour is used at all: emphasis is left to bold,
// reverse and the selection marker, so nothing depends on colour to be seen.
func newStyles(isDark, noColor bool) *Styles { return paletteStyles(isDark, noColor, nil) }

// paletteStyles is newStyles with the settings' colours: palette sets
// colours by role (ColorRoles) for this background; the roles it does not
// name keep their own.
func paletteStyles(isDark, noColor bool, palette map[string]string) *Styles {
	own := DefaultColors(isDark)
	c := func(role string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		if p, ok := palette[role]; ok {
			return lipgloss.Color(p)
		}
		return lipgloss.Color(own[role])
	}
	var (
		text    = c("text")
		subtle  = c("subtle")
		faint   = c("faint")
		accent  = c("accent")
		accent2 = c("accent2")
		match   = c("match")
		warn    = c("warn")
		good    = c("good")
	)
	s := &Styles{}
	base := lipgloss.NewStyle()

	s.Title = base.Foreground(text)
	s.TitleSel = base.Foreground(accent).Bold(true)
	s.Meta = base.Foreground(subtle)
	s.MetaSel = base.Foreground(accent2)
	s.Marker = base.Foreground(accent)
	s.MarkerDim = base.Foreground(faint)
	s.Match = base.Background(match).Bold(true)
	if noColor {
		s.Match = base.Underline(true).Bold(true)
	}
	s.ListHeader = base.Foreground(subtle).Bold(true)

	s.Crumb = base.Foreground(subtle)
	s.CrumbSep = base.Foreground(faint)
	s.CrumbCur = base.Foreground(text).Bold(true)
	s.Rule = base.Foreground(faint)
	s.RuleLabel = base.Foreground(subtle).Bold(true)
	s.Position = base.Foreground(subtle)
	s.Placeholder = base.Foreground(subtle).Italic(true)

	s.Bar = base.Foreground(good)
	s.BarEmpty = base.Foreground(faint)
	s.RelTitle = base.Foreground(text)
	s.RelSel = base.Foreground(accent).Bold(true)
	s.RelNum = base.Foreground(accent2).Bold(true)
	s.Why = base.Foreground(subtle).Italic(true)
	s.Version = base.Foreground(accent).Bold(true)

	s.Separator = base.Foreground(faint)
	s.Status = base.Foreground(subtle)
	s.Brand = base.Foreground(accent).Bold(true)
	s.Message = base.Foreground(text).Bold(true)
	s.Error = base.Foreground(warn).Bold(true)
	s.Progress = base.Foreground(accent2)
	s.Empty = base.Foreground(text).Bold(true)
	s.Hint = base.Foreground(subtle)
	s.Prompt = base.Foreground(accent).Bold(true)

	s.Help = help.DefaultStyles(isDark)
	if noColor {
		s.Help = help.Styles{
			ShortKey: base.Bold(true), FullKey: base.Bold(true),
		}
	}
	return s
}

// defaultColors are each role's own colour on a light and a dark
// background.
var defaultColors = map[string][2]string{
	"text":    {"#1A1A1A", "#E4E4E4"},
	"subtle":  {"#6B6B6B", "#8A8A8A"},
	"faint":   {"#A8A8A8", "#4E4E4E"},
	"accent":  {"#B5006E", "#FF5FAF"},
	"accent2": {"#005FAF", "#5FAFFF"},
	"match":   {"#FFE08A", "#5F5F00"},
	"warn":    {"#AF0000", "#FF6F6F"},
	"good":    {"#00875F", "#5FD7AF"},
}

// DefaultColors are the reader's own colours, by role (ColorRoles), on a
// dark background or a light one: what a settings file's [colors.dark]
// and [colors.light] replace, and lede config prints as in effect.
func DefaultColors(isDark bool) map[string]string {
	out := make(map[string]string, len(defaultColors))
	for role, c := range defaultColors {
		if isDark {
			out[role] = c[1]
		} else {
			out[role] = c[0]
		}
	}
	return out
}

// ColorRoles are the colours a config file can set, each for a dark and
// a light background: text, subtle (bylines, the status line), faint
// (rules, separators), accent (the selection, the brand), accent2
// (numbers, the selected byline), match (behind a search match), warn
// (errors) and good (the relatedness bar).
func ColorRoles() []string {
	return slices.Sorted(maps.Keys(defaultColors))
}
