package reader

import (
	"fmt"
	"hash/maphash"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// renderKey names one rendering of one article. Versions is in it because
// the byline shows it, and it can change when a new source loads.
type renderKey struct {
	ID       string
	Versions int
	Width    int
	Style    string
	// Clusters: columns are counted in grapheme clusters, as the terminal
	// draws them (see width.go); otherwise one code point at a time.
	Clusters bool
	// Head marks a rendering of only the first screens of a long article,
	// shown while the whole is still rendering.
	Head bool
	// Unreadable: the body is the store's line that the text could not be
	// read, whose rendering must not stand for the text once it can be.
	Unreadable bool
	// Text is a hash of the title, byline and text rendered: an article
	// whose text changed under the same ID (its feed edited it, another
	// lede fetched its full text), or whose feed was renamed, is
	// rendered again, not shown as it was.
	Text uint64
}

// textSeed seeds the hash of renderKey.Text (a microsecond for 10 KB).
var textSeed = maphash.MakeSeed()

func keyFor(a *store.Article, width int, style string) renderKey {
	var h maphash.Hash
	h.SetSeed(textSeed)
	h.WriteString(a.Title)
	h.WriteByte(0)
	h.WriteString(pageByline(a))
	h.WriteByte(0)
	h.WriteString(a.Body)
	return renderKey{ID: a.ID, Versions: a.Versions, Width: width, Style: style, Clusters: clusters.Load(), Unreadable: a.Unreadable != "", Text: h.Sum64()}
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
