package stage

import (
	"bytes"
	"encoding/base64"
	"errors"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// OwnedValueBytes is the length from which UnmarshalOwned decodes a JSON
// string into the payload's own bytes instead of a copy.
const OwnedValueBytes = 64 << 10

// UnmarshalOwned decodes data into v as jsonv2.Unmarshal does with opts,
// but for a string value of OwnedValueBytes or more, which it decodes in
// place, into data's own bytes, and v then refers to them: a Go string (or
// []byte from base64) that shares data's memory instead of copying it
// (a 20 MB article body was decoded into 20 MB more beside the 27 MB
// message). The caller gives data up: it must not change or reuse it
// after, and data stays in memory as long as v's large values do. Shorter
// values, and a large one with invalid UTF-8 (or a base64 one with escapes),
// are decoded as jsonv2.Unmarshal would.
func UnmarshalOwned(data []byte, v any, opts ...jsonv2.Options) error {
	_, err := UnmarshalOwnedSpans(data, v, opts...)
	return err
}

// Span is a range of bytes, [Start, End).
type Span struct{ Start, End int }

// UnmarshalOwnedSpans is UnmarshalOwned that also says where it decoded in
// place: the spans of data that held those string literals (quotes
// included), in the order decoded. The rest of data is left as it was, so
// a caller can still use the JSON around them (the sink stores a record's
// JSON but for its body without encoding it again).
func UnmarshalOwnedSpans(data []byte, v any, opts ...jsonv2.Options) ([]Span, error) {
	var spans []Span
	at := func(raw []byte) Span {
		start := int(uintptr(unsafe.Pointer(unsafe.SliceData(raw))) - uintptr(unsafe.Pointer(unsafe.SliceData(data))))
		return Span{start, start + len(raw)}
	}
	inData := func(b []byte) bool {
		if len(b) == 0 || len(data) == 0 {
			return false
		}
		p, lo := uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(unsafe.Pointer(unsafe.SliceData(data)))
		return p >= lo && p+uintptr(len(b)) <= lo+uintptr(len(data))
	}
	// large reads the next value when it is a string of OwnedValueBytes or
	// more lying in data; ok false (nothing read) leaves it to the default.
	large := func(dec *jsontext.Decoder) (raw jsontext.Value, ok bool, err error) {
		if dec.PeekKind() != '"' || !longString(dec.UnreadBuffer(), OwnedValueBytes) {
			return nil, false, nil
		}
		raw, err = dec.ReadValue()
		return raw, err == nil, err
	}
	str := jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, s *string) error {
		raw, ok, err := large(dec)
		if err != nil || !ok {
			return cmpErr(err)
		}
		if !inData(raw) || !utf8.Valid(raw) {
			return jsonv2.Unmarshal(raw, s, opts...)
		}
		spans = append(spans, at(raw))
		n := unquoteInPlace(raw)
		*s = unsafe.String(unsafe.SliceData(raw), n)
		return nil
	})
	byt := jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, b *[]byte) error {
		raw, ok, err := large(dec)
		if err != nil || !ok {
			return cmpErr(err)
		}
		if !inData(raw) || bytes.IndexByte(raw, '\\') >= 0 {
			return jsonv2.Unmarshal(raw, b, opts...)
		}
		span := at(raw)
		n, err := base64InPlace(raw)
		if err != nil {
			return err
		}
		spans = append(spans, span)
		*b = raw[:n:n]
		return nil
	})
	err := jsonv2.Unmarshal(data, v, append(opts, jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(str, byt)))...)
	return spans, err
}

// cmpErr is err, or errors.ErrUnsupported (the default decoding) when nil.
func cmpErr(err error) error {
	if err == nil {
		return errors.ErrUnsupported
	}
	return err
}

// longString reports whether buf (what a decoder has not read yet: the
// delimiter and space before a value, then the value) starts with a JSON
// string whose closing quote is not within its first limit bytes.
func longString(buf []byte, limit int) bool {
	i := 0
	for i < len(buf) && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n' || buf[i] == ':' || buf[i] == ',') {
		i++
	}
	if i >= len(buf) || buf[i] != '"' {
		return false
	}
	start := i
	end := min(len(buf), start+limit)
	for i = start + 1; i < end; {
		k := bytes.IndexByte(buf[i:end], '"')
		if k < 0 {
			break
		}
		q := i + k
		slashes := 0
		for j := q - 1; j > start && buf[j] == '\\'; j-- {
			slashes++
		}
		if slashes%2 == 0 {
			return false
		}
		i = q + 1
	}
	return end-start >= limit
}

// unquoteInPlace decodes the JSON string literal raw (its quotes included,
// valid as a decoder read it, valid UTF-8) into raw's first bytes and
// returns their length. Every escape is longer than what it stands for, so
// the bytes written never overtake those still to read.
func unquoteInPlace(raw []byte) int {
	src := raw[1 : len(raw)-1]
	w := 0
	for r := 0; r < len(src); {
		k := bytes.IndexByte(src[r:], '\\')
		if k < 0 {
			w += copy(raw[w:], src[r:])
			break
		}
		w += copy(raw[w:], src[r:r+k])
		r += k
		c := src[r+1]
		r += 2
		switch c {
		case 'b':
			raw[w] = '\b'
		case 'f':
			raw[w] = '\f'
		case 'n':
			raw[w] = '\n'
		case 'r':
			raw[w] = '\r'
		case 't':
			raw[w] = '\t'
		case 'u':
			v, _ := hex4(src[r:])
			r += 4
			ru := rune(v)
			if utf16.IsSurrogate(ru) {
				ru = utf8.RuneError
				if r+6 <= len(src) && src[r] == '\\' && src[r+1] == 'u' {
					if lo, ok := hex4(src[r+2:]); ok {
						if dec := utf16.DecodeRune(rune(v), rune(lo)); dec != utf8.RuneError {
							ru = dec
							r += 6
						}
					}
				}
			}
			var tmp [utf8.UTFMax]byte
			w += copy(raw[w:], tmp[:utf8.EncodeRune(tmp[:], ru)])
			continue
		default: // '"', '\\', '/'
			raw[w] = c
		}
		w++
	}
	return w
}

// hex4 reads four hexadecimal digits.
func hex4(b []byte) (uint16, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var v uint16
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | uint16(c)
	}
	return v, true
}

// base64InPlace decodes the standard base64 of the JSON string literal raw
// (quotes included, no escapes) into raw's first bytes, a chunk at a time
// through a small buffer, and returns their length.
func base64InPlace(raw []byte) (int, error) {
	src := raw[1 : len(raw)-1]
	var chunk [4096]byte
	w := 0
	for r := 0; r < len(src); {
		k := copy(chunk[:], src[r:])
		r += k
		n, err := base64.StdEncoding.Decode(raw[w:], chunk[:k])
		if err != nil {
			return 0, err
		}
		w += n
	}
	return w, nil
}
