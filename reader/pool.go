package reader

import (
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
)

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
		glamour.WithStyles(articleStyle(k.style)),
		glamour.WithWordWrap(k.width),
		// A paragraph's line breaks are the hard ones (joinSoftBreaks).
		glamour.WithPreservedNewLines(),
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

// articleStyle is glamour's standard style for name, less the Markdown it
// shows as it is: a section heading is its words ("## " is syntax, and the
// styles that colour headings set them apart already), and without
// colour emphasis is plain text, not asterisks that nest into
// "*UPDATE**:".
func articleStyle(name string) ansi.StyleConfig {
	base, ok := styles.DefaultStyles[name]
	if !ok {
		base = styles.DefaultStyles[styles.DarkStyle]
	}
	st := *base // a copy: the standard styles are shared
	for _, h := range []*ansi.StyleBlock{&st.H1, &st.H2, &st.H3, &st.H4, &st.H5, &st.H6} {
		switch h.Prefix {
		case "# ", "## ", "### ", "#### ", "##### ", "###### ":
			h.Prefix = ""
		}
	}
	if name == StyleNoTTY {
		for _, p := range []*ansi.StylePrimitive{&st.Emph, &st.Strong, &st.Strikethrough} {
			p.BlockPrefix, p.BlockSuffix = "", ""
		}
	}
	return st
}
