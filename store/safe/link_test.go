package safe

import (
	"net/url"
	"testing"
)

func TestLink(t *testing.T) {
	base, _ := url.Parse("https://example.com/news/")
	tests := []struct {
		in   string
		base *url.URL
		want string // "" when refused
	}{
		{"https://example.com/a?b=c#d", nil, "https://example.com/a?b=c#d"},
		{"HTTP://example.com", nil, "http://example.com"},
		{"  http://x.y/z  ", nil, "http://x.y/z"},
		{"story.html", base, "https://example.com/news/story.html"},
		{"/top", base, "https://example.com/top"},
		{"story.html", nil, ""},
		{"mailto:a@b.c", nil, "mailto:a@b.c"},
		{"mailto:a@b.c?subject=Hi&body=x", nil, "mailto:a@b.c?subject=Hi&body=x"},
		{"mailto:a@b.c?attach=/etc/passwd&body=x", nil, "mailto:a@b.c?body=x"},
		{"mailto:a@b.c?Attachment=%2Fetc%2Fpasswd", nil, "mailto:a@b.c"},
		{"mailto:a@b.c?%61ttach=/etc/passwd&cc=d@e.f", nil, "mailto:a@b.c?cc=d@e.f"},
		{"mailto:a@b.c?bcc=x@y.z&to=q@r.s&SUBJECT=s", nil, "mailto:a@b.c?SUBJECT=s"},
		{"mailto:", nil, ""},
		{"javascript:alert(1)", nil, ""},
		{"JaVaScRiPt:alert(1)", nil, ""},
		{"file:///etc/passwd", nil, ""},
		{"data:text/html,<script>", nil, ""},
		{"-oProxyCommand=x", nil, ""},
		{"https:///nohost", nil, ""},
		{"https://x.y/\x1b]0;t\x07", nil, ""},
		{"https://x.y/a b", nil, ""},
		{"https://x.y/\u202eexe", nil, ""},
		{"https://x.y/\u200f", nil, ""},
		{"https://x.y/\u0085a", nil, ""},
		{"https://x.y/" + string(make([]byte, MaxLink)), nil, ""},
		{"", nil, ""},
	}
	for _, tt := range tests {
		got, ok := Link(tt.in, tt.base)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Link(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
