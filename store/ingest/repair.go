package ingest

import (
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lede-reader/lede/store/safe"
)

// Before a parser that refuses a whole document for one bad character or
// one mistyped field (encoding/xml, encoding/json), the document is
// repaired where the repair is plain: a control becomes a stand-in the
// parser accepts, a field of the wrong type is coerced or left out. Every
// field is sanitised after parsing, never the document before it: a
// sanitiser removes a whole escape sequence and would eat the markup or
// JSON around it.

// xmlRefRE matches numeric character references.
var xmlRefRE = lazyRegexp(`&#(?:[0-9]{1,10}|[xX][0-9a-fA-F]{1,8});`)

// xmlStandIns makes an XML document one encoding/xml reads, whatever
// controls it holds: a C0 control (raw, or as a reference, which XML 1.0
// forbids too) becomes its safe.StandIn, decoded as data; a reference to
// NUL, a surrogate or a noncharacter XML forbids becomes U+FFFD. Fields
// then lose the whole escape sequence (safe.Text), not the feed its items.
func xmlStandIns(doc string) string {
	needs := false
	for i := 0; i < len(doc); i++ {
		if c := doc[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '&' && i+1 < len(doc) && doc[i+1] == '#' {
			needs = true
			break
		}
	}
	if !needs && !strings.Contains(doc, "\uFFFE") && !strings.Contains(doc, "\uFFFF") {
		return doc
	}
	doc = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r':
			return safe.StandIn(byte(r))
		case r == 0xfffe || r == 0xffff:
			return utf8.RuneError
		}
		return r
	}, doc)
	if !strings.Contains(doc, "&#") {
		return doc
	}
	return xmlRefRE().ReplaceAllStringFunc(doc, func(ref string) string {
		num, base := ref[2:len(ref)-1], 10
		if num[0] == 'x' || num[0] == 'X' {
			num, base = num[1:], 16
		}
		v, err := strconv.ParseUint(num, base, 32)
		switch {
		case err != nil || v == 0 || v > utf8.MaxRune || v >= 0xd800 && v <= 0xdfff || v == 0xfffe || v == 0xffff:
			return "\uFFFD"
		case v < 0x20 && v != '\t' && v != '\n' && v != '\r':
			return string(safe.StandIn(byte(v)))
		}
		return ref
	})
}

// jsonControls escapes the raw controls JSON forbids inside strings
// (tabs and line breaks too: "\u001b" for ESC, decoded as data), and makes
// those outside strings other than white space spaces, so that one raw
// control does not cost the feed.
func jsonControls(doc string) string {
	var b strings.Builder
	last := 0 // doc[:last] is in b
	inString, escaped := false, false
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		switch {
		case c >= 0x20 && !inString && c != '"':
			continue
		case inString && escaped:
			escaped = false
			continue
		case inString && c == '\\':
			escaped = true
			continue
		case c == '"':
			inString = !inString
			continue
		case c >= 0x20:
			continue
		case !inString && (c == '\n' || c == '\r' || c == '\t'):
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(doc) + 64)
		}
		b.WriteString(doc[last:i])
		if inString {
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&15])
		} else {
			b.WriteByte(' ')
		}
		last = i + 1
	}
	if last == 0 {
		return doc // nothing to do (nearly always)
	}
	b.WriteString(doc[last:])
	return b.String()
}

// jsonShape is the type a JSON Feed member must have for gofeed to read it.
type jsonShape int

const (
	shapeString      jsonShape = iota // a string (a number is written as one)
	shapeAuthor                       // an object of strings
	shapeAuthors                      // an array of authors (one author is made one)
	shapeStrings                      // an array of strings (one string is made one)
	shapeAttachments                  // an array of attachments
	shapeAttachment                   // an object
	shapeAny                          // anything: gofeed coerces it itself
)

// itemShapes and feedShapes are the members gofeed reads into typed
// fields; others (extensions, "_x") are left alone.
var (
	itemShapes = map[string]jsonShape{
		"id": shapeAny, "url": shapeString, "external_url": shapeString, "title": shapeString,
		"content_html": shapeString, "content_text": shapeString, "summary": shapeString,
		"image": shapeString, "banner_image": shapeString, "date_published": shapeString,
		"date_modified": shapeString, "language": shapeString, "author": shapeAuthor,
		"authors": shapeAuthors, "tags": shapeStrings, "attachments": shapeAttachments,
	}
	feedShapes = map[string]jsonShape{
		"version": shapeString, "title": shapeString, "home_page_url": shapeString,
		"feed_url": shapeString, "description": shapeString, "user_comment": shapeString,
		"next_url": shapeString, "icon": shapeString, "favicon": shapeString,
		"language": shapeString, "author": shapeAuthor, "authors": shapeAuthors, "expired": shapeAny,
	}
	authorShapes     = map[string]jsonShape{"name": shapeString, "url": shapeString, "avatar": shapeString}
	attachmentShapes = map[string]jsonShape{"url": shapeString, "mime_type": shapeString, "title": shapeString, "size_in_bytes": shapeAny, "duration_in_seconds": shapeAny}
)

// repairShapes makes every member of m named in shapes the type gofeed
// wants: a number where a string is wanted becomes a string, one author or
// tag where a list is wanted a list of one, and anything else is left
// out. It returns how many members or elements it left out or changed.
func repairShapes(m map[string]any, shapes map[string]jsonShape) int {
	fixed := 0
	for k, v := range m {
		shape, known := shapes[k]
		if !known {
			continue
		}
		if nv, ok := fitShape(v, shape, &fixed); ok {
			m[k] = nv
		} else {
			delete(m, k)
			fixed++
		}
	}
	return fixed
}

// fitShape is v as shape wants it, or false; fixed counts what it changed
// or left out inside v.
func fitShape(v any, shape jsonShape, fixed *int) (any, bool) {
	switch shape {
	case shapeAny:
		return v, true
	case shapeString:
		switch v := v.(type) {
		case string:
			return v, true
		case json.Number:
			*fixed++
			return v.String(), true
		}
		return nil, false
	case shapeAuthor:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		*fixed += repairShapes(m, authorShapes)
		return m, true
	case shapeAuthors, shapeStrings, shapeAttachments:
		one := shapeAuthor
		switch shape {
		case shapeStrings:
			one = shapeString
		case shapeAttachments:
			one = shapeAttachment
		}
		list, ok := v.([]any)
		if !ok {
			if shape == shapeAttachments {
				return nil, false
			}
			// One where a list is wanted: a list of one, if it fits.
			x, ok := fitShape(v, one, fixed)
			if !ok {
				return nil, false
			}
			*fixed++
			return []any{x}, true
		}
		out := list[:0]
		for _, x := range list {
			if x, ok := fitShape(x, one, fixed); ok {
				out = append(out, x)
			} else {
				*fixed++
			}
		}
		return out, true
	case shapeAttachment:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		*fixed += repairShapes(m, attachmentShapes)
		return m, true
	}
	return nil, false
}

// dropUnknownReferences takes out of an XML document's text each entity
// reference that neither XML nor HTML defines (its CDATA sections,
// comments and DOCTYPE stay as they are). Such a name is one the
// document's DTD declares, which lede never expands (&lol9; of a billion
// laughs, &xxe; naming a file on the server), or none at all; the parser
// leaves it as written, and the reference itself became a feed's name or
// an item's title ("&lol9;", "Secret &xxe;"). HTML's names (&eacute;,
// &nbsp;) stay: feeds write them for HTML, and a field's decoding reads
// them.
func dropUnknownReferences(doc string) string {
	if !strings.Contains(doc, "&") {
		return doc
	}
	var b strings.Builder
	last := 0
	skipTo := func(i int, end string) int {
		if k := strings.Index(doc[i:], end); k >= 0 {
			return i + k + len(end)
		}
		return len(doc)
	}
	for i := 0; i < len(doc); {
		switch {
		case doc[i] == '<' && strings.HasPrefix(doc[i:], "<![CDATA["):
			i = skipTo(i, "]]>")
		case doc[i] == '<' && strings.HasPrefix(doc[i:], "<!--"):
			i = skipTo(i, "-->")
		case doc[i] == '<' && strings.HasPrefix(doc[i:], "<!DOCTYPE"):
			// Its internal subset, [ … ], holds declarations with '>' in
			// them; the DOCTYPE ends at the first '>' after it.
			gt, br := strings.IndexByte(doc[i:], '>'), strings.IndexByte(doc[i:], '[')
			if br >= 0 && (gt < 0 || br < gt) {
				i = skipTo(i+br, "]")
			}
			i = skipTo(i, ">")
		case doc[i] == '&':
			n := referenceName(doc[i+1:])
			if n == 0 || definedReference(doc[i+1:i+1+n]) {
				i++
				continue
			}
			b.WriteString(doc[last:i])
			i += n + 2 // & name ;
			last = i
		default:
			i++
		}
	}
	if last == 0 {
		return doc
	}
	b.WriteString(doc[last:])
	return b.String()
}

// referenceName is the length of the name of the entity reference s
// follows the '&' of (name;), 0 where it is none.
func referenceName(s string) int {
	for i := 0; i < len(s) && i < 64; i++ {
		c := s[i]
		switch {
		case c == ';':
			return i
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == '_', c == ':':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
		default:
			return 0
		}
	}
	return 0
}

// definedReference: XML predefines name, or HTML names a character so.
func definedReference(name string) bool {
	switch name {
	case "amp", "lt", "gt", "quot", "apos":
		return true
	}
	ref := "&" + name + ";"
	return html.UnescapeString(ref) != ref
}
