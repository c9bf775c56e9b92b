package store

import (
	"strings"
	"testing"
)

// Character references are decoded as a renderer decodes them: in text,
// not in code; one that would mean a control stays as written.
func TestPlainTextDecodesReferences(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"doc = Nokogiri::HTML(&lt;&lt;-eohtml)  \n&lt;html&gt;  \n  &lt;body&gt;", "doc = Nokogiri::HTML(<<-eohtml)\n<html>\n  <body>"},
		{"Tom &amp; Jerry &eacute;t&eacute; &#8212; &#x2014;", "Tom & Jerry été — —"},
		{"a `&lt;code&gt;` span and &lt;text&gt;", "a `&lt;code&gt;` span and <text>"},
		{"``x ` &lt;y`` and &lt;z", "``x ` &lt;y`` and <z"},
		{"```\n&lt;kept&gt;\n```\n&lt;out&gt;", "\n&lt;kept&gt;\n\n<out>"},
		{"para\n\n    &lt;indented code&gt;\n\n&lt;p&gt;", "para\n\n    &lt;indented code&gt;\n\n<p>"},
		{"defused &amp;#27; stays", "defused &#27; stays"},
		{"a tab &Tab; and &#9; stay", "a tab &Tab; and &#9; stay"},
		{"no semicolon &lt html", "no semicolon &lt html"},
		{`escaped \&lt; stays`, "escaped &lt; stays"},
	} {
		if got := PlainText(c.md); got != c.want {
			t.Errorf("PlainText(%q)\n = %q\nwant %q", c.md, got, c.want)
		}
	}
}

// The analyzer meets the text, not the references: "lt" and "gt" are no
// words of an article that shows <html>.
func TestReferencesAreNoWords(t *testing.T) {
	text := PlainText("doc = Nokogiri::HTML(&lt;&lt;-eohtml) &lt;html&gt; &lt;body&gt; &amp; more")
	var terms []string
	for _, tk := range newAnalyzer().tokens(text, nil) {
		terms = append(terms, Fold(text[tk.start:tk.end]))
	}
	for _, w := range terms {
		if w == "lt" || w == "gt" || w == "amp" {
			t.Errorf("term %q among %v", w, terms)
		}
	}
	if !strings.Contains(strings.Join(terms, " "), "html") {
		t.Errorf("html not among %v", terms)
	}
}
