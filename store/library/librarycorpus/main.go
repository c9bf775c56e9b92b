// Command librarycorpus fills a library with a synthetic corpus (package
// synth), one subscription per synthetic feed, for whole-process timings
// of lede on a large library:
//
//	XDG_DATA_HOME=/tmp/lede-100k go run ./store/library/librarycorpus -n 100000
//	XDG_DATA_HOME=/tmp/lede-100k lede list | head
//
// It writes to the library XDG_DATA_HOME names, and refuses one that has
// subscriptions already.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/synth"
)

func main() {
	n := flag.Int("n", 100_000, "articles to store")
	flag.Parse()
	if err := fill(*n); err != nil {
		fmt.Fprintln(os.Stderr, "librarycorpus:", err)
		os.Exit(1)
	}
}

func fill(n int) error {
	ctx := context.Background()
	lib, err := library.Open(library.DefaultPath())
	if err != nil {
		return err
	}
	defer lib.Close()
	if feeds, err := lib.Feeds(ctx); err != nil || len(feeds) > 0 {
		return fmt.Errorf("%s has subscriptions already; give an empty XDG_DATA_HOME", lib.Path())
	}
	m := synth.Default()
	arts := synth.New(m, n).Articles()
	byFeed := map[string][]store.Article{}
	var subs []library.Subscription
	for i := range arts {
		a := &arts[i]
		a.Key = "link:" + a.Links[0] // as a feed item with a link and no guid
		if _, ok := byFeed[a.Section]; !ok {
			subs = append(subs, library.Subscription{URL: "https://feeds.example.com/" + fmt.Sprint(len(subs)) + ".xml", Name: a.Section})
		}
		byFeed[a.Section] = append(byFeed[a.Section], *a)
	}
	feeds, _, err := lib.Subscribe(ctx, subs)
	if err != nil {
		return err
	}
	total := 0
	for _, f := range feeds {
		added, err := lib.Keep(ctx, f, byFeed[f.Name])
		if err != nil {
			return err
		}
		total += added
	}
	fmt.Fprintf(os.Stderr, "librarycorpus: %d articles in %d feeds from %s, in %s\n", total, len(feeds), m.Name, lib.Path())
	return nil
}
