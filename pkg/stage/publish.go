package stage

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/tidings-news/tidings/pkg/events"
)

// Output is a message a handler asks its stage to publish.
type Output struct {
	Subject string
	// Type is the CloudEvents type (events.CEType*).
	Type  string
	DocID string
	// ItemID, when set, identifies this output among the several a document
	// has (events.ItemID); the message's Nats-Msg-Id and ce-id are then
	// <stage>:<ItemID> instead of <stage>:<DocID>.
	ItemID string
	Data   []byte
	// Stream, when set instead of Data, is a large output's JSON, written
	// out as it is stored (the claim check's object) rather than held.
	Stream *Streamed
	// TraceID, Received and Source (the document's name at its source)
	// default to the input's headers.
	TraceID  string
	Received time.Time
	Source   string
}

// Len is the length of out's payload.
func (out Output) Len() int {
	if out.Stream != nil {
		return out.Stream.Len()
	}
	return len(out.Data)
}

// Payload is out's payload in one buffer (Data, or Stream written out).
func (out Output) Payload() []byte {
	if out.Stream != nil {
		return out.Stream.Bytes()
	}
	return out.Data
}

// Publisher publishes pipeline messages with CloudEvents headers and a
// deduplication id, waiting for the server's acknowledgement. It is the one
// publishing path of every stage.
type Publisher struct {
	js      jetstream.JetStream
	stage   string
	metrics *Metrics
	claims  *ClaimChecks
	acks    *acks
}

// NewPublisher returns a publisher for stage; metrics may be nil. Payloads
// over the claim checks' limit travel through the object store.
func NewPublisher(js jetstream.JetStream, stage string, m *Metrics, claims *ClaimChecks) *Publisher {
	return &Publisher{js: js, stage: stage, metrics: m, claims: claims, acks: &acks{nc: js.Conn()}}
}

// Published is the server's acknowledgement of a publish (Duplicate: it
// already held the message) and whether the payload went as a claim check.
type Published struct {
	*jetstream.PubAck
	ClaimCheck bool
}

// Headers builds the headers of out; parent (the input's headers, may be nil)
// supplies the trace id and receive time when out does not.
func (p *Publisher) Headers(out Output, parent nats.Header) nats.Header {
	return p.shared(parent).headers(out)
}

// sharedHeaders are the header values every output of one input has in
// common unless the output sets its own: computed once per input.
type sharedHeaders struct {
	stage, ceSource, source, trace, received, now string
}

func (p *Publisher) shared(parent nats.Header) sharedHeaders {
	c := sharedHeaders{stage: p.stage, ceSource: "tidings/" + p.stage, now: time.Now().UTC().Format(time.RFC3339Nano)}
	if parent != nil {
		c.trace, c.source, c.received = parent.Get(events.HeaderTraceID), parent.Get(events.HeaderSourceName), parent.Get(events.HeaderReceived)
	}
	if c.trace == "" {
		c.trace = nuid.Next()
	}
	return c
}

// headerSet is a header map whose values are slices of one array: refilled
// for one output after another (a batch's messages share it, each encoded
// by the connection before the next is filled), it changes only the array
// while the same headers are present.
type headerSet struct {
	h nats.Header
	v [9]string // events.HeaderSpecVersion … events.HeaderReceived, as fill lists them
	n int       // len(h) when filled: a header added since (a claim check) is seen
}

// headers builds out's headers in a map of their own.
func (c sharedHeaders) headers(out Output) nats.Header {
	return c.fill(new(headerSet), out)
}

// fill sets s to out's headers and returns them: the CloudEvents ones, the
// deduplication id, the document id, the trace id, and the source and
// receive time when known.
func (c sharedHeaders) fill(s *headerSet, out Output) nats.Header {
	msgID := events.MsgID(c.stage, out.DocID)
	if out.ItemID != "" {
		msgID = events.MsgID(c.stage, out.ItemID)
	}
	trace, source, received := c.trace, c.source, c.received
	if out.TraceID != "" {
		trace = out.TraceID
	}
	if out.Source != "" {
		source = out.Source
	}
	if !out.Received.IsZero() {
		received = out.Received.UTC().Format(time.RFC3339Nano)
	}
	same := s.h != nil && len(s.h) == s.n && (source != "") == (s.v[7] != "") && (received != "") == (s.v[8] != "")
	s.v = [...]string{events.CloudEventsSpecVersion, out.Type, c.ceSource, msgID, c.now, out.DocID, trace, source, received}
	if same {
		return s.h // its values are s.v's
	}
	if s.h == nil {
		s.h = make(nats.Header, 12)
	} else {
		clear(s.h)
	}
	keys := [...]string{events.HeaderSpecVersion, events.HeaderType, events.HeaderSource, events.HeaderID, events.HeaderTime,
		events.HeaderSubject, events.HeaderTraceID, events.HeaderSourceName, events.HeaderReceived}
	vals := s.v[:]
	for i, k := range keys {
		if vals[i] != "" || i < 7 {
			s.h[k] = vals[i : i+1 : i+1]
		}
	}
	s.h[events.HeaderDocID] = vals[5:6:6]
	s.h[jetstream.MsgIDHeader] = vals[3:4:4]
	s.n = len(s.h)
	return s.h
}

// Publish sends out and returns once the server has stored it. A payload
// over the limit goes to the object store first (claim check). A duplicate
// (same Nats-Msg-Id within the stream's window) is reported by
// Published.Duplicate and is not an error.
func (p *Publisher) Publish(ctx context.Context, out Output, parent nats.Header) (Published, error) {
	msg := &nats.Msg{Subject: out.Subject, Header: p.Headers(out, parent)}
	start := time.Now()
	data, claimed, err := p.claims.put(ctx, out.Subject+"."+msg.Header.Get(jetstream.MsgIDHeader), msg.Header, out)
	if err != nil {
		err = permissionDenied(p.js.Conn(), err, claimCheckSubjects)
		return Published{}, fmt.Errorf("publish %s for %s: %w", out.Subject, out.DocID, err)
	}
	msg.Data = data
	ack, err := p.js.PublishMsg(ctx, msg)
	if p.metrics != nil {
		p.metrics.Publish.WithLabelValues(p.stage).Observe(time.Since(start).Seconds())
	}
	if err != nil {
		err = permissionDenied(p.js.Conn(), err, out.Subject)
		return Published{}, fmt.Errorf("publish %s for %s: %w", out.Subject, out.DocID, err)
	}
	return Published{PubAck: ack, ClaimCheck: claimed}, nil
}

// publishWindow bounds the outputs awaiting their acknowledgement at once
// (an article can have thousands of events; the client's async window is 4,000).
const publishWindow = 256

// PublishAll sends outs, in order, and returns once the server has stored
// every one, or the first failure. Several outputs are published without
// waiting for each acknowledgement in turn (asynchronously, up to
// publishWindow at a time), then awaited together. Published reports each
// output's acknowledgement. An output over the claim checks' limit has its
// Data released (set to nil) once it is in the object store, so that it is
// not held while the rest are published: outs are not to be published again.
func (p *Publisher) PublishAll(ctx context.Context, outs []Output, parent nats.Header) ([]Published, error) {
	switch len(outs) {
	case 0:
		return nil, nil
	case 1:
		res, err := p.Publish(ctx, outs[0], parent)
		if err != nil {
			return nil, err
		}
		return []Published{res}, nil
	}
	start := time.Now()
	res := make([]Published, 0, len(outs))
	for len(outs) > 0 {
		n := min(len(outs), publishWindow)
		got, err := p.publishAsync(ctx, outs[:n], parent)
		if err != nil {
			return nil, err
		}
		res, outs = append(res, got...), outs[n:]
	}
	if p.metrics != nil {
		p.metrics.Publish.WithLabelValues(p.stage).Observe(time.Since(start).Seconds())
	}
	return res, nil
}

// publishAsync publishes outs without waiting, then awaits every
// acknowledgement (collected by p.acks) for one request timeout (the
// JetStream context's), as a synchronous publish would be: a lost one costs
// that and a retry, not the whole handling's bound.
func (p *Publisher) publishAsync(ctx context.Context, outs []Output, parent nats.Header) ([]Published, error) {
	prefix, batch, err := p.acks.open(len(outs))
	if err != nil {
		return nil, fmt.Errorf("publish %s for %s: %w", outs[0].Subject, outs[0].DocID, err)
	}
	defer p.acks.close(prefix)
	shared, limit := p.shared(parent), p.claims.Limit()
	claimed := make([]bool, len(outs))
	nc := p.js.Conn()
	// One message and header map for all: PublishMsg has written a message
	// out (to the connection's buffer) when it returns.
	var hs headerSet
	msg := new(nats.Msg)
	for i, out := range outs {
		*msg = nats.Msg{Subject: out.Subject, Reply: prefix + strconv.Itoa(i), Header: shared.fill(&hs, out), Data: out.Data}
		if out.Stream != nil || len(out.Data) > limit {
			if msg.Data, claimed[i], err = p.claims.put(ctx, out.Subject+"."+msg.Header.Get(jetstream.MsgIDHeader), msg.Header, out); err != nil {
				return nil, fmt.Errorf("publish %s for %s: %w", out.Subject, out.DocID, err)
			}
			// In the object store now: not held while the rest are published
			// (the enricher's 28 MB record while its thousands of events went).
			if claimed[i] {
				outs[i].Data, out.Data, outs[i].Stream, out.Stream = nil, nil, nil, nil
			}
		}
		if err := nc.PublishMsg(msg); err != nil {
			return nil, fmt.Errorf("publish %s for %s: %w", out.Subject, out.DocID, err)
		}
	}
	timeout := time.NewTimer(p.js.Options().DefaultTimeout)
	defer timeout.Stop()
	select {
	case <-batch.done:
	case <-timeout.C:
		return nil, fmt.Errorf("publish %d outputs for %s (%d unacknowledged): %w", len(outs), outs[0].DocID, batch.left.Load(), nats.ErrTimeout)
	case <-ctx.Done():
		return nil, fmt.Errorf("publish %d outputs for %s: %w", len(outs), outs[0].DocID, ctx.Err())
	}
	res := make([]Published, len(outs))
	for i, r := range batch.res {
		if r.err != nil {
			return nil, fmt.Errorf("publish %s for %s: %w", outs[i].Subject, outs[i].DocID, r.err)
		}
		res[i] = Published{PubAck: r.ack, ClaimCheck: claimed[i]}
	}
	return res, nil
}
