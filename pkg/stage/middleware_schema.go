package stage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// SchemaVersion rejects a JSON object whose top-level "schema_version" is
// not want (a missing one counts as 0) as Permanent with
// ReasonSchemaVersion, before the handler decodes it. A payload that is not
// a JSON object passes: the handler's decoder reports it.
func SchemaVersion(want int) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, d *Delivery) ([]Output, error) {
			if got, ok := schemaVersionOf(d.Data); ok && got != want {
				return nil, Permanent(ReasonSchemaVersion, fmt.Errorf("%s message %s: schema_version %d, this build reads %d",
					d.Subject, d.DocID, got, want))
			}
			return next.Handle(ctx, d)
		})
	}
}

// schemaVersionOf reads the top-level "schema_version" of a JSON object
// without decoding the rest (it is the first member of every message the
// pipeline writes); ok is false when data is not a JSON object or the
// version is not an integer.
func schemaVersionOf(data []byte) (version int, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0, false
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return 0, false
		}
		if key == "schema_version" {
			var v int
			if err := dec.Decode(&v); err != nil {
				return 0, false
			}
			return v, true
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return 0, false
		}
	}
	return 0, true
}
