package safe

import "testing"

func TestDefuse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"harmless &amp; &eacute; &#8212; &#x2014; AT&T", "harmless &amp; &eacute; &#8212; &#x2014; AT&T"},
		{"esc &#27;[2J", "esc &amp;#27;[2J"},
		{"hex esc &#x1b;]0;t&#x07;", "hex esc &amp;#x1b;]0;t&amp;#x07;"},
		{"no semicolon &#27[2J", "no semicolon &amp;#27[2J"},
		{"goldmark's octal &#033;[31m", `goldmark's octal \![31m`},
		{"c1 &#155;31m", "c1 ›31m"},
		{"windows-1252 don&#146;t", "don’t"[0:0] + "windows-1252 don’t"},
		{"tab A&Tab;B &#9;C &NewLine;D", "tab A B  C  D"},
		{"marks a&rlm;b&lrm;c&#x200F;d", "marks abcd"},
		{"override &#x202E;evil", "override evil"},
		{"nul &#0; big &#99999999;", "nul &amp;#0; big &amp;#99999999;"},
		{"unknown &bogus; name", "unknown &bogus; name"},
	}
	for _, tt := range tests {
		if got := Defuse(tt.in); got != tt.want {
			t.Errorf("Defuse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
