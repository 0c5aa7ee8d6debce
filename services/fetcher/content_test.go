package fetcher

import (
	"bytes"
	"testing"
)

func TestDecodeText(t *testing.T) {
	cases := []struct {
		name      string
		raw       []byte
		want      string
		converted bool
		reason    Reason
	}{
		{"plain", []byte("Rain expected.\n"), "Rain expected.\n", false, ""},
		{"utf8 with bom", []byte("\xEF\xBB\xBFRain."), "Rain.", false, ""},
		{"crlf and tabs", []byte("a\tb\r\nc\f"), "a\tb\r\nc\f", false, ""},
		{"vertical tab from a word processor", []byte("line\vbreak"), "line\vbreak", false, ""},
		{"utf16le", utf16LE("Zoë 🌧"), "Zoë 🌧", true, ""},
		{"utf16be", []byte{0xFE, 0xFF, 0x00, 'h', 0x00, 'i'}, "hi", true, ""},
		{"utf16 odd length", []byte{0xFF, 0xFE, 'h', 0x00, 'i'}, "", true, ReasonInvalidEncoding},
		{"utf16 lone surrogate", []byte{0xFF, 0xFE, 0x3D, 0xD8, 'a', 0x00}, "", true, ReasonInvalidEncoding},
		{"utf16 trailing high surrogate", []byte{0xFF, 0xFE, 0x3D, 0xD8}, "", true, ReasonInvalidEncoding},
		{"utf32", []byte{0x00, 0x00, 0xFE, 0xFF, 0, 0, 0, 'a'}, "", false, ReasonInvalidEncoding},
		{"utf16 without bom is binary", []byte{'h', 0x00, 'i', 0x00}, "", false, ReasonBinary},
		{"nul late in the file", append(bytes.Repeat([]byte("x"), 20000), 0), "", false, ReasonBinary},
		{"control byte", []byte("ok\x01"), "", false, ReasonBinary},
		{"gzip", []byte{0x1F, 0x8B, 0x08}, "", false, ReasonBinary},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0}, "", false, ReasonBinary},
		{"pdf", []byte("%PDF-1.4\n"), "", false, ReasonBinary},
		{"text starting like a bitmap is text", []byte("BMX riders gather.\n"), "BMX riders gather.\n", false, ""},
		{"latin-1", []byte("na\xefve"), "", false, ReasonInvalidEncoding},
		{"truncated utf-8", []byte("caf\xc3"), "", false, ReasonInvalidEncoding},
		{"white space only", []byte("\xEF\xBB\xBF \r\n\t"), "", false, ReasonEmpty},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, converted, rej := decodeText(c.raw)
			switch {
			case c.reason != "" && (rej == nil || rej.reason != c.reason):
				t.Fatalf("got %q, rejection %v; want rejection %s", got, rej, c.reason)
			case c.reason == "" && rej != nil:
				t.Fatalf("rejected: %v", rej)
			case c.reason == "" && string(got) != c.want:
				t.Errorf("text %q, want %q", got, c.want)
			}
			if converted != c.converted {
				t.Errorf("converted = %v, want %v", converted, c.converted)
			}
		})
	}
}
