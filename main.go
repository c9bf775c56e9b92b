// Command lede is a terminal news reader: it loads articles into an
// in-memory store and shows them in a terminal UI, or prints what the store
// knows (list, show, related, search) for scripts and pipes. The command
// line is reader/cli; parsing and ranking live in store/, the UI in
// reader/.
package main

import (
	"os"

	"github.com/lede-reader/lede/reader/cli"
)

func main() {
	os.Exit(cli.Main())
}
