package events

import (
	"errors"
	"testing"
)

// DecodeText is the one policy: UTF-8 (its byte order mark dropped) and
// UTF-16 with a byte order mark are text; every other encoding, guessed
// 8-bit ones included, and binary content are not.
func TestDecodeText(t *testing.T) {
	cases := []struct {
		name, raw, want string
		fromUTF16       bool
		binary, bad     bool
	}{
		{name: "utf-8", raw: "Zoë met Ørjan.", want: "Zoë met Ørjan."},
		{name: "utf-8 bom", raw: "\xEF\xBB\xBFRain.", want: "Rain."},
		{name: "utf-16le", raw: "\xFF\xFEh\x00\xe9\x00", want: "hé", fromUTF16: true},
		{name: "utf-16be", raw: "\xFE\xFF\x00h\x00i", want: "hi", fromUTF16: true},
		{name: "windows-1252 is not guessed", raw: "The caf\xe9 charged \xa33.", bad: true},
		{name: "latin-1", raw: "na\xefve", bad: true},
		{name: "truncated utf-8", raw: "caf\xc3", bad: true},
		{name: "utf-32", raw: "\x00\x00\xFE\xFF\x00\x00\x00a", bad: true},
		{name: "odd utf-16", raw: "\xFF\xFEh\x00i", bad: true, fromUTF16: true},
		{name: "nul", raw: "text\x00more", binary: true},
		{name: "pdf", raw: "%PDF-1.7", binary: true},
	}
	for _, c := range cases {
		text, fromUTF16, err := DecodeText([]byte(c.raw))
		var te *TextError
		switch {
		case c.bad || c.binary:
			if !errors.As(err, &te) || te.Binary != c.binary || te.Detail == "" {
				t.Errorf("%s: %q, %v; want a TextError (binary %v)", c.name, text, err, c.binary)
			}
		case err != nil || string(text) != c.want:
			t.Errorf("%s: %q, %v; want %q", c.name, text, err, c.want)
		}
		if fromUTF16 != c.fromUTF16 {
			t.Errorf("%s: fromUTF16 %v, want %v", c.name, fromUTF16, c.fromUTF16)
		}
	}
}

func TestInvalidUTF8At(t *testing.T) {
	if got := invalidUTF8At([]byte("héllo\xffx")); got != 6 {
		t.Errorf("offset %d, want 6", got)
	}
}
