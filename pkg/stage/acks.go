package stage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// acks collects the acknowledgements of a publisher's asynchronous
// publishes on one wildcard inbox subscription (made on first use): each
// batch of publishes has a token, each message the reply subject
// <inbox>.<batch>.<index>. Compared with the client's PublishMsgAsync it
// keeps no future per message and reads a plain acknowledgement without
// the JSON decoder, which the fan-out's many small messages pay for.
type acks struct {
	nc     *nats.Conn
	once   sync.Once
	err    error
	prefix string
	next   atomic.Uint64

	mu      sync.Mutex
	batches map[string]*ackBatch
}

// ackBatch is one batch of publishes awaiting their acknowledgements.
type ackBatch struct {
	res  []ackResult
	left atomic.Int64
	done chan struct{}
}

type ackResult struct {
	ack *jetstream.PubAck
	err error
}

func (a *acks) start() error {
	a.once.Do(func() {
		a.prefix = a.nc.NewRespInbox() + "."
		a.batches = map[string]*ackBatch{}
		_, a.err = a.nc.Subscribe(a.prefix+"*.*", a.receive)
		if a.err != nil {
			a.err = fmt.Errorf("subscribe to acknowledgements: %w", a.err)
		}
	})
	return a.err
}

// open registers a batch of n publishes and returns its reply prefix.
func (a *acks) open(n int) (string, *ackBatch, error) {
	if err := a.start(); err != nil {
		return "", nil, err
	}
	token := strconv.FormatUint(a.next.Add(1), 36)
	b := &ackBatch{res: make([]ackResult, n), done: make(chan struct{})}
	b.left.Store(int64(n))
	a.mu.Lock()
	a.batches[token] = b
	a.mu.Unlock()
	return a.prefix + token + ".", b, nil
}

// close forgets a batch (its late acknowledgements are dropped).
func (a *acks) close(prefix string) {
	token := prefix[len(a.prefix) : len(prefix)-1]
	a.mu.Lock()
	delete(a.batches, token)
	a.mu.Unlock()
}

// receive files one acknowledgement under its batch and index.
func (a *acks) receive(m *nats.Msg) {
	rest := m.Subject[len(a.prefix):]
	dot := strings.IndexByte(rest, '.')
	if dot < 0 {
		return
	}
	i, err := strconv.Atoi(rest[dot+1:])
	a.mu.Lock()
	b := a.batches[rest[:dot]]
	a.mu.Unlock()
	if b == nil || err != nil || i < 0 || i >= len(b.res) || b.res[i].ack != nil || b.res[i].err != nil {
		return
	}
	b.res[i].ack, b.res[i].err = parseAck(m)
	if b.left.Add(-1) == 0 {
		close(b.done)
	}
}

// parseAck reads a PubAck: {"stream":"S","seq":N} with "duplicate":true
// for a message the stream already held; an error reply or a "no
// responders" status is an error.
func parseAck(m *nats.Msg) (*jetstream.PubAck, error) {
	if len(m.Data) == 0 {
		if m.Header.Get("Status") == "503" {
			return nil, jetstream.ErrNoStreamResponse
		}
		return nil, fmt.Errorf("empty acknowledgement (status %q)", m.Header.Get("Status"))
	}
	if ack, ok := plainAck(m.Data); ok {
		return ack, nil
	}
	var r struct {
		jetstream.PubAck
		Error *jetstream.APIError `json:"error"`
	}
	if err := json.Unmarshal(m.Data, &r); err != nil {
		return nil, fmt.Errorf("acknowledgement %q: %w", m.Data, err)
	}
	if r.Error != nil {
		return nil, r.Error
	}
	return &r.PubAck, nil
}

// plainAck reads an acknowledgement of exactly the shape the server sends
// for a newly stored message, {"stream":"S","seq":N}; anything else (a
// duplicate, an error, a domain) is left to the JSON decoder.
func plainAck(data []byte) (*jetstream.PubAck, bool) {
	const head, seqKey = `{"stream":"`, `","seq":`
	if !bytes.HasPrefix(data, []byte(head)) || data[len(data)-1] != '}' {
		return nil, false
	}
	rest := data[len(head) : len(data)-1]
	q := bytes.Index(rest, []byte(seqKey))
	if q < 0 || bytes.ContainsAny(rest[:q], `"\`) {
		return nil, false
	}
	seq, err := strconv.ParseUint(string(rest[q+len(seqKey):]), 10, 64)
	if err != nil {
		return nil, false
	}
	return &jetstream.PubAck{Stream: string(rest[:q]), Sequence: seq}, true
}
