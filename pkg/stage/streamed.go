package stage

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
	"github.com/nats-io/nuid"
)

// Streamed is a large output's JSON, written out on demand rather than held:
// the value encoded as Marshal would, but for its strings and byte slices
// of OwnedValueBytes or more, which stay the value's own and are quoted
// (or base64-encoded) a chunk at a time as they are written. A 20 MB
// article's record took a 40 MB buffer (28 MB of it written) beside the
// article while it was compressed and stored; now its 8 MB without the body
// and a chunk at a time.
type Streamed struct {
	// segs alternate: JSON text, then a large value (when one follows).
	segs []segment
	size int
}

// segment is JSON text followed by, when set, a large string or bytes.
type segment struct {
	text  []byte
	str   string
	bytes []byte
	large bool
	isStr bool
}

// quoteChunk is how much of a large value is encoded at a time.
const quoteChunk = 256 << 10

// StreamJSON encodes v as Marshal does (encoding/json's output) into a
// Streamed: its large values are left out of the text, referred to, and
// encoded as it is written; v's large strings and bytes must not change
// until it is.
func StreamJSON(v any) (*Streamed, error) {
	nonce := nuid.Next()
	var large []segment
	mark := func(i int) string { return "\x00tidings-large:" + nonce + ":" + strconv.Itoa(i) + "\x00" }
	str := jsonv2.MarshalToFunc(func(enc *jsontext.Encoder, s string) error {
		if len(s) < OwnedValueBytes {
			return errors.ErrUnsupported
		}
		large = append(large, segment{str: s, large: true, isStr: true})
		return enc.WriteToken(jsontext.String(mark(len(large) - 1)))
	})
	byt := jsonv2.MarshalToFunc(func(enc *jsontext.Encoder, b []byte) error {
		if len(b) < OwnedValueBytes {
			return errors.ErrUnsupported
		}
		large = append(large, segment{bytes: b, large: true})
		return enc.WriteToken(jsontext.String(mark(len(large) - 1)))
	})
	var buf bytes.Buffer
	buf.Grow(1 << 20)
	if err := jsonv2.MarshalWrite(&buf, v, jsonv1.DefaultOptionsV1(), jsonv2.WithMarshalers(jsonv2.JoinMarshalers(str, byt))); err != nil {
		return nil, err
	}
	text := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	s := &Streamed{}
	for i, seg := range large {
		m, err := jsonv1.Marshal(mark(i))
		if err != nil {
			return nil, err
		}
		at := bytes.Index(text, m)
		if at < 0 {
			return nil, fmt.Errorf("stream JSON: large value %d not found in the encoding", i)
		}
		seg.text = text[:at]
		text = text[at+len(m):]
		n, err := seg.write(io.Discard)
		if err != nil {
			return nil, err
		}
		s.size += int(n)
		s.segs = append(s.segs, seg)
	}
	s.segs = append(s.segs, segment{text: text})
	for _, seg := range s.segs {
		s.size += len(seg.text)
	}
	return s, nil
}

// Len is the length of the JSON.
func (s *Streamed) Len() int { return s.size }

// WriteTo writes the JSON to w.
func (s *Streamed) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for _, seg := range s.segs {
		n, err := w.Write(seg.text)
		total += int64(n)
		if err != nil {
			return total, err
		}
		m, err := seg.write(w)
		total += m
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// Bytes is the JSON in one buffer.
func (s *Streamed) Bytes() []byte {
	b := bytes.NewBuffer(make([]byte, 0, s.size))
	_, _ = s.WriteTo(b)
	return b.Bytes()
}

// write writes seg's large value, if any, quoted, a chunk at a time (each
// string chunk ending before a rune's start, so that it is encoded as the
// whole would be; bytes in multiples of 3, so that the base64 is the
// whole's).
func (seg segment) write(w io.Writer) (int64, error) {
	if !seg.large {
		return 0, nil
	}
	var total int64
	put := func(b []byte) error {
		n, err := w.Write(b)
		total += int64(n)
		return err
	}
	if err := put([]byte{'"'}); err != nil {
		return total, err
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
	return total, put([]byte{'"'})
}
