package reader

import (
	"container/list"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/safe"
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

// onlySGR keeps the colour and attribute sequences (CSI … m) of a rendered
// line and drops every other escape sequence. Glamour wraps links in OSC 8
// hyperlinks, with a random id, carrying a URL from the article: a styled
// article is to carry colour and nothing else, the same on every run. The
// link's text is printed all the same.
func onlySGR(l string) string {
	if strings.IndexByte(l, 0x1b) < 0 {
		return l
	}
	var b strings.Builder
	for i := 0; i < len(l); {
		if l[i] != 0x1b || i+1 >= len(l) {
			b.WriteByte(l[i])
			i++
			continue
		}
		switch l[i+1] {
		case '[': // CSI: parameters, then a final byte 0x40–0x7E
			j := i + 2
			for j < len(l) && (l[j] < 0x40 || l[j] > 0x7e) {
				j++
			}
			if j < len(l) && l[j] == 'm' {
				b.WriteString(l[i : j+1])
			}
			i = j + 1
		case ']', 'P', '_', '^', 'X': // strings, ended by BEL or ESC \
			j := i + 2
			for j < len(l) && l[j] != 0x07 && !(l[j] == 0x1b && j+1 < len(l) && l[j+1] == '\\') {
				j++
			}
			if j < len(l) && l[j] == 0x1b {
				j++
			}
			i = j + 1
		default:
			i += 2
		}
	}
	return b.String()
}

// trimPadding drops the spaces glamour pads every line to full width with,
// each wrapped in its own colour sequence: they make a rendered article
// several times larger than its text, and every frame pays for measuring
// them. Padding with a background colour (a heading's) is kept.
func trimPadding(l string) string {
	for {
		switch {
		case strings.HasSuffix(l, " "):
			l = l[:len(l)-1]
		case strings.HasSuffix(l, "\x1b[m"):
			rest := strings.TrimSuffix(l[:len(l)-3], " ")
			i := strings.LastIndex(rest, "\x1b[")
			if i < 0 || !strings.HasSuffix(rest, "m") || !plainForeground(rest[i+2:len(rest)-1]) {
				return l
			}
			l = rest[:i]
		default:
			return l
		}
	}
}

// plainForeground reports whether SGR parameters set at most a foreground
// colour (nothing visible on a space).
func plainForeground(params string) bool {
	if params == "" {
		return true
	}
	if !strings.HasPrefix(params, "38;") {
		return false
	}
	for _, c := range params {
		if c != ';' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// articleMarkdown is the Markdown of the whole page: heading, byline, body.
// The byline is in italics where italics can be shown; plain text would
// show the asterisks.
func articleMarkdown(a *store.Article, italic bool) string {
	var b strings.Builder
	title := oneLine(a.Title)
	if strings.TrimSpace(title) == "" {
		title = "(untitled)"
	}
	b.WriteString("# ")
	b.WriteString(escapeMarkdown(title))
	b.WriteString("\n\n")
	if line := byline(a, true); line != "" {
		em := ""
		if italic {
			em = "*"
		}
		b.WriteString(em + escapeMarkdown(line) + em + "\n\n")
	}
	body, dropped := boundMarkdown(safe.Defuse(expandTabs(safe.Text(a.Body))))
	if strings.TrimSpace(body) == "" {
		body = "(This article has no text.)"
		if italic {
			body = "*This article has no text.*"
		}
	}
	b.WriteString(body)
	b.WriteString("\n")
	if dropped > 0 {
		em := ""
		if italic {
			em = "*"
		}
		b.WriteString("\n" + em + "(" + size(dropped) + " more of this article not shown: too long to lay out here.)" + em + "\n")
	}
	return b.String()
}

// size is a byte count for people: "740 KB", "12.5 MB".
func size(n int) string {
	switch {
	case n < 1<<10:
		return plural(n, "byte")
	case n < 10<<20:
		return strconv.Itoa((n+1<<9)>>10) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// byline is "section · source · N words · N versions", leaving out what is
// unknown. For the list (full false) the source is shortened and goes last.
func byline(a *store.Article, full bool) string {
	var parts []string
	if s := strings.TrimSpace(oneLine(a.Section)); s != "" {
		parts = append(parts, s)
	}
	src := oneLine(a.Source)
	if full && src != "" {
		parts = append(parts, src)
	}
	if !a.Published.IsZero() {
		parts = append(parts, a.Published.Format(time.DateOnly))
	}
	parts = append(parts, plural(a.Words, "word"))
	if a.Versions > 1 {
		parts = append(parts, plural(a.Versions, "version"))
	}
	if !full && src != "" {
		// Last in the list, where a long file name can be cut without
		// losing the rest.
		parts = append(parts, shortSource(src))
	}
	return strings.Join(parts, " · ")
}

// Byline is the line under an article's title: section, source, date, size
// and the versions of its story. The command line's list prints it too, so
// the two always agree.
func Byline(a *store.Article) string { return byline(a, true) }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// shortSource keeps a source readable in a narrow list: the host of a URL,
// the last element of a path.
func shortSource(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		host := s[i+3:]
		if j := strings.IndexAny(host, "/?#"); j >= 0 {
			host = host[:j]
		}
		return strings.TrimPrefix(host, "www.")
	}
	if i := strings.LastIndexAny(s, `/\`); i >= 0 && i+1 < len(s) {
		return s[i+1:]
	}
	return s
}

// expandTabs replaces tabs with spaces to the next multiple of four
// columns: glamour keeps tabs, and a terminal would expand them past the
// pane's edge.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 4 - col%4
			b.WriteString("    "[:n])
			col += n
		case '\n':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// escapeMarkdown backslash-escapes ASCII punctuation so a title or byline
// is shown as written, never read as emphasis, links or entities.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			// glamour prints "\&" with its backslash; an entity it decodes.
			b.WriteString("&amp;")
			continue
		case r == '\n':
			r = ' '
		case r < 128 && strings.ContainsRune("\\`*_{}[]()#+-.!|<>~", r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// rendererPool hands out glamour renderers. A TermRenderer is not safe for
// concurrent use and its wrap width is fixed when it is made, so the pool
// keeps idle renderers per (style, width) and a goroutine takes one for the
// length of a render: renders at one width run in parallel, never share.
type rendererPool struct {
	mu   sync.Mutex
	idle map[poolKey][]*glamour.TermRenderer
}

type poolKey struct {
	style string
	width int
}

const (
	maxIdlePerKey = 4
	maxPoolKeys   = 32 // a resize storm must not keep a renderer per width seen
)

var renderers = rendererPool{idle: map[poolKey][]*glamour.TermRenderer{}}

func (p *rendererPool) render(style string, width int, md string) (string, error) {
	k := poolKey{style, width}
	r, err := p.get(k)
	if err != nil {
		return "", err
	}
	out, err := r.Render(md)
	p.put(k, r)
	return out, err
}

// get takes an idle renderer for k, or makes one.
func (p *rendererPool) get(k poolKey) (*glamour.TermRenderer, error) {
	p.mu.Lock()
	if free := p.idle[k]; len(free) > 0 {
		r := free[len(free)-1]
		p.idle[k] = free[:len(free)-1]
		p.mu.Unlock()
		return r, nil
	}
	p.mu.Unlock()
	return glamour.NewTermRenderer(
		glamour.WithStandardStyle(k.style),
		glamour.WithWordWrap(k.width),
		glamour.WithChromaFormatter("terminal16m"),
	)
}

// put gives r back: kept idle for its key unless maxIdlePerKey are, and a
// key not seen lately is forgotten to make room for a new one.
func (p *rendererPool) put(k poolKey, r *glamour.TermRenderer) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.idle[k]; !ok && len(p.idle) >= maxPoolKeys {
		for old := range p.idle {
			delete(p.idle, old)
			break
		}
	}
	if len(p.idle[k]) < maxIdlePerKey {
		p.idle[k] = append(p.idle[k], r)
	}
}

// renderKey names one rendering of one article. Versions is in it because
// the byline shows it, and it can change when a new source loads.
type renderKey struct {
	ID       string
	Versions int
	Width    int
	Style    string
	// Head marks a rendering of only the first screens of a long article,
	// shown while the whole is still rendering.
	Head bool
}

func keyFor(a *store.Article, width int, style string) renderKey {
	return renderKey{ID: a.ID, Versions: a.Versions, Width: width, Style: style}
}

// renderedMsg carries a finished rendering back to Update. Its key is its
// id: a result nobody waits for any more is cached but not shown.
type renderedMsg struct {
	key   renderKey
	lines []string
	err   error
	// background is true for a prefetch: the render queue starts the next.
	background bool
}

// headBytes is how much of a long body is rendered first. Glamour takes
// about 1 ms per 2 KB of Markdown; the longest BBC article takes 13 ms, most
// of a frame, while its first screens take 2.
const headBytes = 3000

// splitHead returns the start of a long body, cut at a paragraph break
// outside any code block, and whether the body is long enough to be worth
// rendering in two steps.
func splitHead(body string) (string, bool) {
	if len(body) < 2*headBytes {
		return "", false
	}
	i := headBytes
	for {
		j := strings.Index(body[i:], "\n\n")
		if j < 0 || i+j > len(body)*2/3 {
			return "", false
		}
		i += j
		if strings.Count(body[:i], "```")%2 == 0 {
			return body[:i], true
		}
		i += 2
	}
}

// renderHeadCmd renders the first screens of a long article (see
// splitHead), or returns nil for a short one.
func renderHeadCmd(a store.Article, key renderKey) tea.Cmd {
	head, ok := splitHead(a.Body)
	if !ok {
		return nil
	}
	a.Body = head
	key.Head = true
	return renderCmd(a, key, false)
}

// renderCmd renders a copy of a off the update loop. Glamour is the slow
// part of the reader (a long article takes ~10 ms), so it never runs in
// Update or View. background marks a prefetch, which the render queue
// runs one at a time.
func renderCmd(a store.Article, key renderKey, background bool) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = renderedMsg{key: key, err: fmt.Errorf("render %s: %v", key.ID, r), background: background}
			}
		}()
		out, err := renderFor(&a, key)
		if err != nil {
			return renderedMsg{key: key, err: err, background: background}
		}
		return renderedMsg{key: key, lines: strings.Split(out, "\n"), background: background}
	}
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

// withoutColour drops the colour parameters of every SGR sequence in s
// (foreground, background and underline colours, in all their forms),
// keeping bold, italics, underline, reverse and resets; a sequence left
// with nothing to say is dropped.
func withoutColour(s string) string {
	if strings.IndexByte(s, 0x1b) < 0 {
		return s
	}
	return sgrSeq.ReplaceAllStringFunc(s, func(seq string) string {
		params := seq[2 : len(seq)-1]
		if params == "" || params == "0" {
			return seq
		}
		var keep []string
		parts := strings.Split(params, ";")
		for i := 0; i < len(parts); i++ {
			p := parts[i]
			head, _, colon := strings.Cut(p, ":")
			n, err := strconv.Atoi(head)
			switch {
			case err != nil:
				continue
			case n == 38 || n == 48 || n == 58:
				if colon {
					continue // 38:2::r:g:b, all in one parameter
				}
				// 38;5;n or 38;2;r;g;b
				if i+1 < len(parts) && parts[i+1] == "5" {
					i += 2
				} else if i+1 < len(parts) && parts[i+1] == "2" {
					i += 4
				}
				continue
			case n >= 30 && n <= 37, n == 39, n >= 40 && n <= 47, n == 49, n >= 90 && n <= 97, n >= 100 && n <= 107, n == 59:
				continue
			}
			keep = append(keep, p)
		}
		if len(keep) == 0 {
			return ""
		}
		return "\x1b[" + strings.Join(keep, ";") + "m"
	})
}

var sgrSeq = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// renderCache keeps the most recently used renderings, keyed by (article,
// width, style). It is only touched from Update, so it needs no lock.
type renderCache struct {
	max   int
	order *list.List // of renderKey, most recent first
	items map[renderKey]*list.Element
	lines map[renderKey][]string
}

func newRenderCache(max int) *renderCache {
	return &renderCache{max: max, order: list.New(), items: map[renderKey]*list.Element{}, lines: map[renderKey][]string{}}
}

func (c *renderCache) get(k renderKey) ([]string, bool) {
	e, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return c.lines[k], true
}

func (c *renderCache) has(k renderKey) bool {
	_, ok := c.items[k]
	return ok
}

func (c *renderCache) put(k renderKey, lines []string) {
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		c.lines[k] = lines
		return
	}
	c.items[k] = c.order.PushFront(k)
	c.lines[k] = lines
	for c.order.Len() > c.max {
		last := c.order.Back()
		old := last.Value.(renderKey)
		c.order.Remove(last)
		delete(c.items, old)
		delete(c.lines, old)
	}
}
