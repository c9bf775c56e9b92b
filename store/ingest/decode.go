package ingest

import (
	"bytes"
	"errors"
	"mime"
	"strings"
	"unicode/utf8"

	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// errBinary says a source is not text at all.
var errBinary = errors.New("not text (binary data or an unknown encoding)")

// errEmpty says a source holds no text.
var errEmpty = errors.New("empty: no text")

// decodeText turns bytes of unknown encoding into UTF-8: a UTF-8 BOM is
// dropped; text that is not valid UTF-8 is read as Windows-1252 (a superset
// of Latin-1 for printable text, and what mislabelled web pages mostly are)
// unless it is UTF-8 with broken bytes (brokenUTF8), which then become
// U+FFFD. Data that looks binary is refused. Line endings and control
// characters are left to store.Sanitize.
func decodeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return "", errEmpty
	}
	if looksBinary(data) {
		return "", errBinary
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	if brokenUTF8(data) {
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), nil
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil { // cannot happen for Windows-1252, but never trust a decoder
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), nil
	}
	return string(s), nil
}

// utf8Balance counts valid multi-byte UTF-8 sequences and invalid bytes.
func utf8Balance(data []byte) (good, bad int) {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		} else {
			good++
		}
		i += size
	}
	return good, bad
}

// brokenUTF8 tells UTF-8 text with broken bytes from Windows-1252 (or
// Latin-1) text, which is never valid UTF-8 either. Each reading has its
// own evidence. UTF-8's is its valid multi-byte sequences: Windows-1252
// text makes one only by chance (a capital Â–ß right before a symbol or a
// curly quote, a lower-case à–ï before two of them), which prose hardly
// does. Windows-1252's is its high bytes in words: an accented letter or
// a curly apostrophe beside an ASCII letter or digit ("M\xe1rquez",
// "don\x92t"). Broken UTF-8 leaves bytes that are neither (a truncated
// sequence, an overlong one, a stray ÿþ), which count for nothing: so
// "Valid á then invalid ÿþ Ã truncated and overlong À¯" is UTF-8 with
// U+FFFD for its five broken bytes, not Windows-1252 (three bad runs
// against one valid letter had made it "Valid Ã¡"). The text is UTF-8
// when its valid sequences outnumber its runs of invalid bytes that sit
// in words.
func brokenUTF8(data []byte) bool {
	good, inWords := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError || size > 1 {
			good++
			i += size
			continue
		}
		end := i + 1 // the run of invalid bytes from i
		for end < len(data) && data[end] >= utf8.RuneSelf {
			if r, size := utf8.DecodeRune(data[end:]); r != utf8.RuneError || size > 1 {
				break
			}
			end++
		}
		if i > 0 && isASCIIAlnum(data[i-1]) || end < len(data) && isASCIIAlnum(data[end]) {
			inWords++
		}
		i = end
	}
	return good > inWords
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// magic numbers of binary formats that turn up under text names.
var magics = [][]byte{
	[]byte("\x89PNG"), []byte("GIF8"), []byte("\xff\xd8\xff"), []byte("%PDF"),
	[]byte("PK\x03\x04"), []byte("\x1f\x8b"), []byte("\x7fELF"), []byte("BZh"),
	[]byte("\x00\x00\x01\x00"), []byte("RIFF"), []byte("OggS"), []byte("ID3"),
}

// looksBinary sniffs the first 8 KiB: a known binary magic, or more than one
// byte in ten that no text holds (controls other than tab, newline, form feed
// and carriage return; ESC counts as text, as hostile text carries it).
func looksBinary(data []byte) bool {
	if hasMagic(data) {
		return true
	}
	head := data[:min(len(data), 8<<10)]
	odd := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b && c != 0x07 && c != 0x08 {
			odd++
		}
	}
	if odd*10 > len(head) {
		return true
	}
	// Random bytes are rarely valid UTF-8 and, read as Windows-1252, are a
	// soup of symbols: call it binary when invalid sequences are more than a
	// fifth of the non-ASCII runes and non-ASCII is most of the text.
	good, bad := utf8Balance(head)
	nonASCII := 0
	for _, c := range head {
		if c >= utf8.RuneSelf {
			nonASCII++
		}
	}
	return nonASCII*2 > len(head) && bad*5 > good+bad
}

func hasMagic(data []byte) bool {
	for _, m := range magics {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	return false
}

// xmlDeclRE finds the encoding an XML declaration names.
var xmlDeclRE = lazyRegexp(`^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// decodeSource turns the bytes of a file, stdin or an HTTP body into UTF-8.
// UTF-32 and UTF-16 are told first, by a BOM or the place of their zero
// bytes (wideEncoding); a UTF-8 BOM next; then text that is valid UTF-8, or
// UTF-8 with broken bytes (brokenUTF8; made U+FFFD), is UTF-8 whatever it
// claims; then an encoding the source declares (the HTTP Content-Type, the
// XML declaration, an HTML <meta charset>) is used; and only then
// decodeText guesses (Windows-1252, or binary).
func decodeSource(data []byte, contentType string) (string, error) {
	if enc := wideEncoding(data); enc != nil {
		s, err := enc.NewDecoder().Bytes(data)
		if err != nil {
			return "", errBinary
		}
		return decodeText(bytes.ToValidUTF8(s, []byte("\uFFFD")))
	}
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || utf8.Valid(data):
		return decodeText(data)
	}
	if hasMagic(data) {
		return "", errBinary
	}
	if brokenUTF8(data) {
		return decodeText(data) // UTF-8 with broken bytes, whatever it claims
	}
	// A declared encoding goes before the binary sniff, which would take
	// Shift_JIS or GB18030 text for noise.
	if enc := declaredEncoding(data, contentType); enc != nil {
		if s, err := enc.NewDecoder().Bytes(data); err == nil {
			return decodeText(bytes.ToValidUTF8(s, []byte("\uFFFD")))
		}
	}
	return decodeText(data)
}

// wideEncoding tells UTF-32 and UTF-16 text, with or without a BOM, or
// gives nil. Without a BOM, text that is mostly ASCII (every XML
// declaration, nearly every feed and page) has its zero bytes in one
// place of every two or four: in UTF-16LE "<?" is 3C 00 3F 00, in UTF-32BE
// "<" is 00 00 00 3C. Text of other scripts without a BOM is not told
// apart from binary data.
func wideEncoding(data []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(data, []byte("\x00\x00\xfe\xff")):
		return utf32.UTF32(utf32.BigEndian, utf32.UseBOM)
	case bytes.HasPrefix(data, []byte("\xff\xfe\x00\x00")):
		return utf32.UTF32(utf32.LittleEndian, utf32.UseBOM)
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	}
	head := data[:min(len(data), 4096)]
	if len(head) < 8 || bytes.IndexByte(head, 0) < 0 {
		return nil
	}
	// zeros[i] counts the zero bytes at offset i mod 4.
	var zeros [4]int
	for i, c := range head {
		if c == 0 {
			zeros[i%4]++
		}
	}
	quarter := len(head) / 4
	most := func(n int) bool { return n*10 >= quarter*9 } // nearly every one
	few := func(n int) bool { return n*10 <= quarter }    // hardly any
	switch {
	case most(zeros[0]) && most(zeros[1]) && most(zeros[2]) && few(zeros[3]):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
	case few(zeros[0]) && most(zeros[1]) && most(zeros[2]) && most(zeros[3]):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
	case most(zeros[0]) && most(zeros[2]) && few(zeros[1]) && few(zeros[3]):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	case most(zeros[1]) && most(zeros[3]) && few(zeros[0]) && few(zeros[2]):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	}
	return nil
}

// declaredEncoding is the encoding a source names for itself, other than
// UTF-8 (which decodeText handles, broken bytes and all), or nil.
func declaredEncoding(data []byte, contentType string) encoding.Encoding {
	label := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		label = params["charset"]
	}
	head := data[:min(len(data), 1024)]
	if label == "" {
		if m := xmlDeclRE().FindSubmatch(head); m != nil {
			label = string(m[1])
		}
	}
	if label == "" && bytes.Contains(bytes.ToLower(head), []byte("<meta")) {
		// The HTML standard's prescan of <meta charset> and http-equiv;
		// when a page names nothing it guesses Windows-1252, which is what
		// decodeText would do too.
		if _, name, _ := htmlcharset.DetermineEncoding(head, "text/html"); name != "utf-8" {
			label = name
		}
	}
	if label == "" {
		return nil
	}
	enc, name := htmlcharset.Lookup(label)
	if enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return nil
	}
	return enc
}
