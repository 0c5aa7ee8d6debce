package stage

import (
	"testing"

	"github.com/nats-io/nats.go"
)

// The acknowledgements read without the JSON decoder are exactly the plain
// ones; every other shape goes through it and comes out the same.
func TestParseAck(t *testing.T) {
	for _, c := range []struct {
		data   string
		plain  bool
		stream string
		seq    uint64
		dup    bool
	}{
		{`{"stream":"TIDINGS_EVENTS","seq":42}`, true, "TIDINGS_EVENTS", 42, false},
		{`{"stream":"TIDINGS_EVENTS","seq":42,"duplicate": true}`, false, "TIDINGS_EVENTS", 42, true},
		{`{"stream":"S","domain":"hub","seq":7}`, false, "S", 7, false},
		{`{"stream":"S\"x","seq":1}`, false, `S"x`, 1, false},
		{`{"stream":"S","seq":18446744073709551616}`, false, "", 0, false},
	} {
		_, plain := plainAck([]byte(c.data))
		ack, err := parseAck(&nats.Msg{Data: []byte(c.data)})
		if c.seq == 0 {
			if err == nil {
				t.Errorf("%s: no error", c.data)
			}
			continue
		}
		if plain != c.plain || err != nil || ack.Stream != c.stream || ack.Sequence != c.seq || ack.Duplicate != c.dup {
			t.Errorf("%s: plain %v, %+v, %v", c.data, plain, ack, err)
		}
	}
	ack, err := parseAck(&nats.Msg{Data: []byte(`{"error":{"code":503,"err_code":10077,"description":"maximum messages exceeded"}}`)})
	if err == nil || ack != nil {
		t.Errorf("an error reply: %+v, %v", ack, err)
	}
	if _, err := parseAck(&nats.Msg{Header: nats.Header{"Status": []string{"503"}}}); err == nil {
		t.Error("no responders: no error")
	}
}
