package cli

import (
	"bytes"
	"encoding/json"
	"testing"
)

// related REF --json prints its object indented, as show, search and
// compare print theirs (the same JSON: compacted, it is the line
// related --all --json gives that article, whose JSON Lines stay one
// object a line).
func TestRelatedJSONIndentedAsTheOthers(t *testing.T) {
	out, _, code := lede(t, "related", "valeria", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	show, _, _ := lede(t, "search", "valeria", "--json")
	if !bytes.HasPrefix([]byte(out), []byte("{\n  \"id\": ")) || !bytes.HasPrefix([]byte(show), []byte("[\n  {\n    \"id\": ")) {
		t.Fatalf("related --json not indented as search --json:\n%s", out)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(out)); err != nil {
		t.Fatal(err)
	}
	all, _, _ := lede(t, "related", "--all", "--json")
	if !bytes.Contains([]byte(all), append(compact.Bytes(), '\n')) {
		t.Errorf("related --json compacted is not a line of --all's:\n%s", compact.String())
	}
}
