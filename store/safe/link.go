package safe

import (
	"net/url"
	"strings"
)

// MaxLink is the longest link kept, in bytes.
const MaxLink = 4096

// Link is the link policy: u (resolved against base, when given) is kept
// only if it is an http or https link with a host, or a mailto link with
// an address, no longer than MaxLink, with nothing in it that could pass
// for a control or, to the program that opens it, for an option. A
// javascript:, data: or file: link is never kept, opened or copied. A
// mailto link keeps only its subject, body and cc parameters: some mail
// clients attach the file an "attach=" names.
//
// The link returned is the one to store, show and hand to an opener.
func Link(u string, base *url.URL) (string, bool) {
	u = strings.TrimSpace(u)
	if u == "" || len(u) > MaxLink || strings.HasPrefix(u, "-") {
		return "", false
	}
	for _, r := range u {
		if r <= ' ' || Unsafe(r) || r == 0xfffd {
			return "", false
		}
	}
	p, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	if base != nil {
		p = base.ResolveReference(p)
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		if p.Host == "" || strings.HasPrefix(p.Host, "-") {
			return "", false
		}
	case "mailto":
		if p.Opaque == "" || strings.HasPrefix(p.Opaque, "-") {
			return "", false
		}
		p.RawQuery = mailtoQuery(p.RawQuery)
	default:
		return "", false
	}
	out := p.String()
	if len(out) > MaxLink || Text(out) != out {
		return "", false
	}
	return out, true
}

// mailtoQuery keeps the parameters of a mailto link that only fill in the
// message: subject, body and cc (RFC 6068 hfields, any case), in order.
func mailtoQuery(q string) string {
	if q == "" {
		return ""
	}
	var kept []string
	for part := range strings.SplitSeq(q, "&") {
		name, _, _ := strings.Cut(part, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			switch strings.ToLower(n) {
			case "subject", "body", "cc":
				kept = append(kept, part)
			}
		}
	}
	return strings.Join(kept, "&")
}
