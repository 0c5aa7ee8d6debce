package stage

import (
	"context"
	"fmt"
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
	Data  []byte
	// TraceID and Received default to the input's headers.
	TraceID  string
	Received time.Time
}

// Publisher publishes pipeline messages with CloudEvents headers and a
// deduplication id, waiting for the server's acknowledgement. It is the one
// publishing path of every stage.
type Publisher struct {
	js      jetstream.JetStream
	stage   string
	metrics *Metrics
	claims  *ClaimChecks
}

// NewPublisher returns a publisher for stage; metrics may be nil. Payloads
// over the claim checks' limit travel through the object store.
func NewPublisher(js jetstream.JetStream, stage string, m *Metrics, claims *ClaimChecks) *Publisher {
	return &Publisher{js: js, stage: stage, metrics: m, claims: claims}
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
	h := nats.Header{}
	msgID := events.MsgID(p.stage, out.DocID)
	h.Set(events.HeaderSpecVersion, events.CloudEventsSpecVersion)
	h.Set(events.HeaderType, out.Type)
	h.Set(events.HeaderSource, "tidings/"+p.stage)
	h.Set(events.HeaderID, msgID)
	h.Set(events.HeaderTime, time.Now().UTC().Format(time.RFC3339Nano))
	h.Set(events.HeaderSubject, out.DocID)
	h.Set(events.HeaderDocID, out.DocID)
	h.Set(jetstream.MsgIDHeader, msgID)
	trace := out.TraceID
	if trace == "" && parent != nil {
		trace = parent.Get(events.HeaderTraceID)
	}
	if trace == "" {
		trace = nuid.Next()
	}
	h.Set(events.HeaderTraceID, trace)
	switch {
	case !out.Received.IsZero():
		h.Set(events.HeaderReceived, out.Received.UTC().Format(time.RFC3339Nano))
	case parent != nil && parent.Get(events.HeaderReceived) != "":
		h.Set(events.HeaderReceived, parent.Get(events.HeaderReceived))
	}
	return h
}

// Publish sends out and returns once the server has stored it. A payload
// over the limit goes to the object store first (claim check). A duplicate
// (same Nats-Msg-Id within the stream's window) is reported by
// Published.Duplicate and is not an error.
func (p *Publisher) Publish(ctx context.Context, out Output, parent nats.Header) (Published, error) {
	msg := &nats.Msg{Subject: out.Subject, Header: p.Headers(out, parent)}
	start := time.Now()
	data, claimed, err := p.claims.put(ctx, out.Subject+"."+msg.Header.Get(jetstream.MsgIDHeader), msg.Header, out.Data)
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
