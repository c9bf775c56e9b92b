package ingest

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// errBinary says a source is not text at all.
var errBinary = errors.New("not text (binary data or an unknown encoding)")

// errEmpty says a source holds no text.
var errEmpty = errors.New("empty: no text")

// decodeText turns bytes of unknown encoding into UTF-8: a UTF-8 BOM is
// dropped; text that is not valid UTF-8 is read as Windows-1252 (a superset
// of Latin-1 for printable text, and what mislabelled web pages mostly are)
// unless it is mostly valid UTF-8 with a few broken bytes, which then become
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
	good, bad := utf8Balance(data)
	if good > bad {
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
	for _, m := range magics {
		if bytes.HasPrefix(data, m) {
			return true
		}
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
