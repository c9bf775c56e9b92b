// Package safe decides what text from outside may reach a terminal and
// what a link may be. It is the one place for it: ingest, the reader and
// the command line all call it, and nothing else keeps a list of unsafe
// characters.
//
//   - Text cleans a string of many lines (an article body); Line makes a
//     one-line field (a title, a source, a section) and LineMax caps one.
//   - Defuse turns character references that would decode into controls,
//     tabs or bidi marks into harmless text, for Markdown about to be
//     rendered (glamour and goldmark decode references after any cleaning).
//   - Link keeps a link only if it is http, https or mailto, and drops
//     mailto parameters other than subject, body and cc.
//   - Flatten bounds Markdown nesting to MaxNesting, with work linear in the
//     input before any Markdown parser sees it.
//
// It must not import anything of the terminal (charm.land) nor the reader:
// it is pure text policy, usable from any package.
package safe
