package stage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Typed is the handler of a stage whose input is one JSON body In and whose
// output is at most one JSON body Out: it decodes the payload (a failure is
// Permanent with ReasonDecode), runs Work, and marshals what Work returns
// into one output on Subject with CloudEvents type Type, under the output's
// own document id when it has one. A stage's handler is its work alone:
//
//	stage.Typed[events.Document, events.Article]{Input: "document",
//		Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, Work: parse}
type Typed[In, Out any] struct {
	// Input names the input in errors ("document").
	Input string
	// Subject and Type of the output; a stage that publishes nothing leaves
	// them empty and returns a nil *Out.
	Subject, Type string
	// Unmarshal decodes the input (default encoding/json's).
	Unmarshal func(data []byte, v any) error
	// UnmarshalOwned decodes a payload of LargePayload bytes or more
	// loaded from a claim check, which the handler owns and gives up (see
	// UnmarshalOwned): by default UnmarshalOwned with encoding/json's
	// semantics (jsonv1's options) when Unmarshal is unset, else Unmarshal.
	UnmarshalOwned func(data []byte, v any) error
	// Work is the stage's work on one input.
	Work func(ctx context.Context, d *Delivery, in *In) (*Out, error)
	// Also, when set, derives further outputs from Work's (the enricher's
	// fan-out of events, entities and quotes); they are published after it,
	// and the input is acknowledged only once every one is stored.
	Also func(ctx context.Context, d *Delivery, out *Out) ([]Output, error)
}

// identified is a message body that names its document (the events types do).
type identified interface{ DocID() string }

// Handle implements Handler.
func (t Typed[In, Out]) Handle(ctx context.Context, d *Delivery) ([]Output, error) {
	unmarshal := t.Unmarshal
	if unmarshal == nil {
		unmarshal = json.Unmarshal
	}
	in, size := new(In), len(d.Data)
	if d.loaded && size >= LargePayload {
		// The payload is the handler's own: its large strings are decoded
		// in place, not copied (a 20 MB body, beside the 27 MB message).
		switch {
		case t.UnmarshalOwned != nil:
			unmarshal = t.UnmarshalOwned
		case t.Unmarshal == nil:
			unmarshal = func(data []byte, v any) error { return UnmarshalOwned(data, v, jsonv1.DefaultOptionsV1()) }
		}
	}
	if err := unmarshal(d.Data, in); err != nil {
		return nil, Permanent(ReasonDecode, fmt.Errorf("decode %s: %w", t.Input, err))
	}
	if d.loaded {
		// The work reads the decoded input: a payload loaded from the object
		// store (the whole message, 27 MB for a 20 MB article) is not kept
		// while it runs (but for what its large values share with it). The
		// message as delivered is outside ClaimCheck.
		d.Data = nil
	}
	out, err := t.Work(ctx, d, in)
	if err != nil || out == nil {
		return nil, err
	}
	docID := d.DocID
	if id, ok := any(out).(identified); ok && id.DocID() != "" {
		docID = id.DocID()
	}
	out1 := Output{Subject: t.Subject, Type: t.Type, DocID: docID}
	var err2 error
	if size >= LargePayload { // the output is about the input's size: written out as it is stored
		out1.Stream, err2 = StreamJSON(out)
	} else {
		out1.Data, err2 = Marshal(out)
	}
	if err2 != nil {
		return nil, fmt.Errorf("encode %s output for %s: %w", t.Input, docID, err2)
	}
	outs := []Output{out1}
	if t.Also != nil {
		more, err := t.Also(ctx, d, out)
		if err != nil {
			return nil, err
		}
		outs = append(outs, more...)
	}
	return outs, nil
}

// Marshal encodes v exactly as encoding/json's Marshal does, through the
// JSON v2 experiment with v1's options (invalid UTF-8 aside: the same
// U+FFFD, written as itself). encoding/json grows its buffer a quarter at a
// time and copies it out: 136 MB allocated for a 20 MB article, 62 MB here.
func Marshal(v any) ([]byte, error) { return jsonv1.Marshal(v) }

// MarshalSized is Marshal into a buffer of size bytes to begin with, which
// the encoder writes into directly: an output under four fifths of it (the
// encoder keeps a quarter of what it wrote free) is neither grown nor
// copied. Marshal's buffer doubled as it grew and was copied out, some
// three times a large record at once (28 MB for a 20 MB text); its pooled
// buffers are cheaper for small ones.
func MarshalSized(v any, size int) ([]byte, error) {
	b := bytes.NewBuffer(make([]byte, 0, size))
	if err := jsonv2.MarshalWrite(b, v, jsonv1.DefaultOptionsV1()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
