package stagetest

import (
	"encoding/json"
	"testing"
)

// Marshal is v as JSON, the body of a message a test publishes; it fails
// tb when v cannot be encoded.
func Marshal(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
