// Package seeds embeds the five seed articles, the default corpus, so that
// `go run .` has something to read on a machine with nothing else around.
// It only embeds: parsing lives in store/ingest.
package seeds

import "embed"

// FS holds the seed files verbatim, as captured from the web.
//
//go:embed *.txt
var FS embed.FS
