// Command synthcorpus writes a synthetic corpus (package synth) to a
// folder, for whole-process timings:
//
//	go run ./store/synth/synthcorpus -n 100000 -o /tmp/lede-100k
//	lede --no-seeds /tmp/lede-100k list
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/lede-reader/lede/store/synth"
)

func main() {
	n := flag.Int("n", 2225, "articles to write")
	out := flag.String("o", "", "folder to write them under (required; made if missing)")
	format := flag.String("format", "txt", "txt (title line and paragraphs, no date) or md (front matter with the date)")
	flag.Parse()
	if *out == "" || *n < 1 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: synthcorpus -n N -o DIR [-format txt|md]")
		os.Exit(2)
	}
	m := synth.Default()
	parts, err := synth.New(m, *n).Write(*out, synth.Format(*format))
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthcorpus:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "synthcorpus: %d articles from %s (%d real articles); read them with:\n", *n, m.Name, m.Len())
	fmt.Println(synth.LoadCommand(parts))
}
