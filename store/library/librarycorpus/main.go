// Command librarycorpus fills a library with a synthetic corpus (package
// synth), one subscription per synthetic feed, for whole-process timings
// of lede on a large library:
//
//	XDG_DATA_HOME=/tmp/lede-100k go run ./store/library/librarycorpus -n 100000
//	XDG_DATA_HOME=/tmp/lede-100k lede list | head
//
// It writes to the library XDG_DATA_HOME names, and refuses one that has
// subscriptions already. On a library it filled, -add N brings N more
// articles of the same corpus (the next N, less any copy of an article
// the library holds), undated, so newest, in a feed of their own, and
// -edit N edits N of its articles (a line added to the text, the item's
// guid kept), spread over the list: what an update of the feeds would
// do, for timing the start after it.
//
//	XDG_DATA_HOME=/tmp/copy go run ./store/library/librarycorpus -n 100000 -add 50
//	XDG_DATA_HOME=/tmp/copy go run ./store/library/librarycorpus -edit 5
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/library"
	"github.com/lede-reader/lede/store/synth"
)

func main() {
	n := flag.Int("n", 100_000, "articles to store")
	add := flag.Int("add", 0, "articles to add to a library it filled with -n")
	edit := flag.Int("edit", 0, "articles to edit in a library it filled")
	flag.Parse()
	var err error
	switch {
	case *add > 0:
		err = addMore(*n, *add)
	case *edit > 0:
		err = editSome(*edit)
	default:
		err = fill(*n)
	}
	if err != nil {
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
	if feeds, err := lib.Subscriptions(ctx); err != nil || len(feeds) > 0 {
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

// addMore keeps count articles more of the corpus of n, those from n on
// that are no copy (by title) of an article the library holds, in a
// feed of their own ("Added"), undated: the newest of the library.
func addMore(n, count int) error {
	ctx := context.Background()
	lib, err := library.Open(library.DefaultPath())
	if err != nil {
		return err
	}
	defer lib.Close()
	heads, err := lib.Headlines(ctx)
	if err != nil {
		return err
	}
	titles := make(map[string]bool, len(heads))
	for _, a := range heads {
		titles[a.Title] = true
	}
	g := synth.New(synth.Default(), n)
	var arts []store.Article
	for i := n; len(arts) < count; i++ {
		a := g.Article(i)
		if titles[a.Title] {
			continue
		}
		titles[a.Title] = true
		a.Key = "link:" + a.Links[0]
		a.Published = time.Time{}
		arts = append(arts, a)
	}
	feeds, _, err := lib.Subscribe(ctx, []library.Subscription{{URL: fmt.Sprintf("https://feeds.example.com/added-%d.xml", time.Now().UnixNano()), Name: "Added"}})
	if err != nil || len(feeds) != 1 {
		return fmt.Errorf("subscribing: %v", err)
	}
	added, err := lib.Keep(ctx, feeds[0], arts)
	if err == nil {
		fmt.Fprintf(os.Stderr, "librarycorpus: %d articles added in %s\n", added, lib.Path())
	}
	return err
}

// editSome adds a line to the text of count articles, spread over the
// list, each kept as its feed's update would keep it (its guid, so its
// ID, kept).
func editSome(count int) error {
	ctx := context.Background()
	lib, err := library.Open(library.DefaultPath())
	if err != nil {
		return err
	}
	defer lib.Close()
	arts, err := lib.Articles(ctx)
	if err != nil {
		return err
	}
	feeds, err := lib.Subscriptions(ctx)
	if err != nil {
		return err
	}
	byName := map[string]library.Feed{}
	for _, f := range feeds {
		byName[f.Name] = f
	}
	edited := 0
	for k := range count {
		a := arts[(2*k+1)*len(arts)/(2*count)]
		f, ok := byName[a.Feed]
		if !ok || len(a.Links) == 0 {
			continue
		}
		body, err := lib.Body(a.ID)
		if err != nil {
			return err
		}
		a.Body, a.BodyFrom, a.Prepared = body+"\n\nUpdated: this article was edited since.", nil, nil
		a.Key = "link:" + a.Links[0]
		if _, err := lib.Keep(ctx, f, []store.Article{a}); err != nil {
			return err
		}
		edited++
	}
	fmt.Fprintf(os.Stderr, "librarycorpus: %d articles edited in %s\n", edited, lib.Path())
	return nil
}
