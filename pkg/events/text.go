package events

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// Byte order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0x00, 0x00}
	bomUTF32BE = []byte{0x00, 0x00, 0xFE, 0xFF}
)

// binarySignatures are magic numbers of common binary formats that contain
// no control bytes near their start (most others do and are caught by that).
var binarySignatures = []struct {
	magic []byte
	name  string
}{
	{[]byte("%PDF-"), "PDF"},
	{[]byte{0xFF, 0xD8, 0xFF}, "JPEG"},
	{[]byte("GIF87a"), "GIF"},
	{[]byte("GIF89a"), "GIF"},
}

// sniffWindow is how far from the start control bytes are looked for.
const sniffWindow = 8 << 10

// TextError says why bytes are not text Tidings reads.
type TextError struct {
	// Binary: the bytes are not text at all (rather than text in an
	// encoding Tidings does not read).
	Binary bool
	Detail string
}

func (e *TextError) Error() string { return e.Detail }

func notText(binary bool, format string, args ...any) *TextError {
	return &TextError{Binary: binary, Detail: fmt.Sprintf(format, args...)}
}

// DecodeText is the pipeline's one way of turning bytes into text, with one
// policy for what is not UTF-8: a UTF-8 byte order mark is dropped; UTF-16
// with a byte order mark (either endianness) is converted to UTF-8
// (fromUTF16); UTF-32, any other bytes that are not UTF-8 (Latin-1,
// Windows-1252 and the like included: guessing an 8-bit encoding would
// store wrong letters), and binary content (a NUL byte, control bytes text
// never holds, the signature of a common binary format) are a *TextError.
func DecodeText(raw []byte) (text []byte, fromUTF16 bool, err error) {
	switch {
	case bytes.HasPrefix(raw, bomUTF32LE), bytes.HasPrefix(raw, bomUTF32BE):
		return nil, false, notText(false, "UTF-32 text is not supported; save the file as UTF-8")
	case bytes.HasPrefix(raw, bomUTF16LE):
		text, err = decodeUTF16(raw[len(bomUTF16LE):], binary.LittleEndian)
		fromUTF16 = true
	case bytes.HasPrefix(raw, bomUTF16BE):
		text, err = decodeUTF16(raw[len(bomUTF16BE):], binary.BigEndian)
		fromUTF16 = true
	default:
		text = bytes.TrimPrefix(raw, bomUTF8)
	}
	if err != nil {
		return nil, fromUTF16, err
	}
	if err := sniffBinary(text); err != nil {
		return nil, fromUTF16, err
	}
	if !utf8.Valid(text) {
		return nil, fromUTF16, notText(false, "not valid UTF-8 (first bad byte at offset %d)", invalidUTF8At(text))
	}
	return text, fromUTF16, nil
}

// decodeUTF16 converts UTF-16 code units (after the byte order mark) to UTF-8,
// rejecting an odd byte count and unpaired surrogates.
func decodeUTF16(b []byte, order binary.ByteOrder) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, notText(false, "UTF-16 text with an odd number of bytes (%d)", len(b))
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i += 2 {
		u := rune(order.Uint16(b[i:]))
		if !utf16.IsSurrogate(u) {
			out = utf8.AppendRune(out, u)
			continue
		}
		if i+3 < len(b) {
			if r := utf16.DecodeRune(u, rune(order.Uint16(b[i+2:]))); r != utf8.RuneError {
				out = utf8.AppendRune(out, r)
				i += 2
				continue
			}
		}
		return nil, notText(false, "UTF-16 text with an unpaired surrogate at byte offset %d", i+2)
	}
	return out, nil
}

// sniffBinary rejects content that is not text: a NUL byte anywhere, a
// control byte that text never holds within the first 8 KiB (the WHATWG
// "binary data bytes", except vertical tab, which word processors export), or
// the signature of a common binary format.
func sniffBinary(b []byte) error {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return notText(true, "binary content: NUL byte at offset %d", i)
	}
	for i, c := range b[:min(len(b), sniffWindow)] {
		if c < 0x20 && isBinaryByte(c) { // most bytes are not controls: one test
			return notText(true, "binary content: control byte 0x%02X at offset %d", c, i)
		}
	}
	for _, s := range binarySignatures {
		if bytes.HasPrefix(b, s.magic) {
			return notText(true, "binary content: looks like a %s file", s.name)
		}
	}
	return nil
}

// isBinaryByte reports the control bytes that do not occur in text (tab, line
// feed, vertical tab, form feed, carriage return and escape do).
func isBinaryByte(c byte) bool {
	return c <= 0x08 || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F)
}

// invalidUTF8At is the offset of the first byte that is not valid UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
