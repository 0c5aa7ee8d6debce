package stage

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Streamed is a large output's JSON, written out on demand rather than held:
// the value encoded as Marshal would, but for its strings and byte slices
// of OwnedValueBytes or more, which stay the value's own and are quoted
// (or base64-encoded) a chunk at a time as they are written. A 20 MB
// article's record took a 40 MB buffer (28 MB of it written) beside the
// article while it was compressed and stored; now its 8 MB without the body,
// in chunks of textChunk (a buffer grown by doubling held up to twice it).
type Streamed struct {
	text  chunked
	large []segment // in the text's order
	size  int
}

// segment is a large value and where it goes: in place of the text's byte
// at, between its quotes.
type segment struct {
	at    int64
	str   string
	bytes []byte
	isStr bool
}

// quoteChunk is how much of a large value is encoded at a time.
const quoteChunk = 256 << 10

// textChunk is the size of a Streamed text's chunks.
const textChunk = 256 << 10

// chunked is bytes written in chunks of textChunk, never copied to grow.
type chunked struct {
	bufs [][]byte
	n    int64
}

func (c *chunked) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.bufs) == 0 || len(c.bufs[len(c.bufs)-1]) == textChunk {
			c.bufs = append(c.bufs, make([]byte, 0, textChunk))
		}
		last := &c.bufs[len(c.bufs)-1]
		k := min(len(p), textChunk-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	c.n += int64(n)
	return n, nil
}

// writeRange writes the bytes [from, to) to w.
func (c *chunked) writeRange(w io.Writer, from, to int64) (int64, error) {
	var total int64
	for i := from / textChunk; from < to; i++ {
		b := c.bufs[i][from-i*textChunk : min(to-i*textChunk, int64(len(c.bufs[i])))]
		n, err := w.Write(b)
		total += int64(n)
		if err != nil {
			return total, err
		}
		from += int64(len(b))
	}
	return total, nil
}

// StreamJSON encodes v as Marshal does (encoding/json's output) into a
// Streamed: its large values are left out of the text (each a one-byte
// string there), referred to, and encoded as it is written; v's large
// strings and bytes must not change until it is.
func StreamJSON(v any) (*Streamed, error) {
	s := &Streamed{}
	mark := func(enc *jsontext.Encoder, seg segment) error {
		if err := enc.WriteToken(jsontext.String("x")); err != nil {
			return err
		}
		seg.at = enc.OutputOffset() - 2 // the x, between its quotes
		s.large = append(s.large, seg)
		return nil
	}
	str := jsonv2.MarshalToFunc(func(enc *jsontext.Encoder, v string) error {
		if len(v) < OwnedValueBytes {
			return errors.ErrUnsupported
		}
		return mark(enc, segment{str: v, isStr: true})
	})
	byt := jsonv2.MarshalToFunc(func(enc *jsontext.Encoder, v []byte) error {
		if len(v) < OwnedValueBytes {
			return errors.ErrUnsupported
		}
		return mark(enc, segment{bytes: v})
	})
	if err := jsonv2.MarshalWrite(&s.text, v, jsonv1.DefaultOptionsV1(), jsonv2.WithMarshalers(jsonv2.JoinMarshalers(str, byt))); err != nil {
		return nil, err
	}
	if n := len(s.text.bufs); n > 0 && s.text.n > 0 {
		if last := s.text.bufs[n-1]; len(last) > 0 && last[len(last)-1] == '\n' {
			s.text.bufs[n-1], s.text.n = last[:len(last)-1], s.text.n-1
		}
	}
	s.size = int(s.text.n)
	for _, seg := range s.large {
		if seg.at < 0 || seg.at >= s.text.n {
			return nil, fmt.Errorf("stream JSON: a large value out of the text (%d of %d)", seg.at, s.text.n)
		}
		n, err := seg.write(io.Discard)
		if err != nil {
			return nil, err
		}
		s.size += int(n) - 1
	}
	return s, nil
}

// Len is the length of the JSON.
func (s *Streamed) Len() int { return s.size }

// WriteTo writes the JSON to w.
func (s *Streamed) WriteTo(w io.Writer) (int64, error) {
	var total, from int64
	for _, seg := range s.large {
		n, err := s.text.writeRange(w, from, seg.at)
		total += n
		if err != nil {
			return total, err
		}
		n, err = seg.write(w)
		total += n
		if err != nil {
			return total, err
		}
		from = seg.at + 1
	}
	n, err := s.text.writeRange(w, from, s.text.n)
	return total + n, err
}

// Bytes is the JSON in one buffer.
func (s *Streamed) Bytes() []byte {
	b := bytes.NewBuffer(make([]byte, 0, s.size))
	_, _ = s.WriteTo(b)
	return b.Bytes()
}

// write writes seg's large value, quoted without its quotes (the text's),
// a chunk at a time (each string chunk ending before a rune's start, so
// that it is encoded as the whole would be; bytes in multiples of 3, so
// that the base64 is the whole's).
func (seg segment) write(w io.Writer) (int64, error) {
	var total int64
	put := func(b []byte) error {
		n, err := w.Write(b)
		total += int64(n)
		return err
	}
	if seg.isStr {
		for s := seg.str; s != ""; {
			n := min(len(s), quoteChunk)
			for n < len(s) && !utf8.RuneStart(s[n]) {
				n++
			}
			q, err := jsonv1.Marshal(s[:n])
			if err != nil {
				return total, err
			}
			if err := put(q[1 : len(q)-1]); err != nil {
				return total, err
			}
			s = s[n:]
		}
	} else {
		enc := make([]byte, base64.StdEncoding.EncodedLen(quoteChunk/3*3))
		for b := seg.bytes; len(b) > 0; {
			n := min(len(b), quoteChunk/3*3)
			m := base64.StdEncoding.EncodedLen(n)
			base64.StdEncoding.Encode(enc[:m], b[:n])
			if err := put(enc[:m]); err != nil {
				return total, err
			}
			b = b[n:]
		}
	}
	return total, nil
}
