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
	// ItemID, when set, identifies this output among the several a document
	// has (events.ItemID); the message's Nats-Msg-Id and ce-id are then
	// <stage>:<ItemID> instead of <stage>:<DocID>.
	ItemID string
	Data   []byte
	// TraceID, Received and Source (the document's name at its source)
	// default to the input's headers.
	TraceID  string
	Received time.Time
	Source   string
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
	if out.ItemID != "" {
		msgID = events.MsgID(p.stage, out.ItemID)
	}
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
	source := out.Source
	if source == "" && parent != nil {
		source = parent.Get(events.HeaderSourceName)
	}
	if source != "" {
		h.Set(events.HeaderSourceName, source)
	}
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

// publishWindow bounds the outputs awaiting their acknowledgement at once
// (an article can have thousands of events; the client's async window is 4,000).
const publishWindow = 256

// PublishAll sends outs, in order, and returns once the server has stored
// every one, or the first failure. Several outputs are published without
// waiting for each acknowledgement in turn (asynchronously, up to
// publishWindow at a time), then awaited together. Published reports each
// output's acknowledgement.
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

// publishAsync publishes outs without waiting, then awaits every acknowledgement.
func (p *Publisher) publishAsync(ctx context.Context, outs []Output, parent nats.Header) ([]Published, error) {
	futures := make([]jetstream.PubAckFuture, len(outs))
	claimed := make([]bool, len(outs))
	for i, out := range outs {
		msg := &nats.Msg{Subject: out.Subject, Header: p.Headers(out, parent)}
		data, cc, err := p.claims.put(ctx, out.Subject+"."+msg.Header.Get(jetstream.MsgIDHeader), msg.Header, out.Data)
		if err != nil {
			return nil, fmt.Errorf("publish %s for %s: %w", out.Subject, out.DocID, err)
		}
		msg.Data, claimed[i] = data, cc
		if futures[i], err = p.js.PublishMsgAsync(msg); err != nil {
			return nil, fmt.Errorf("publish %s for %s: %w", out.Subject, out.DocID, err)
		}
	}
	// The acknowledgements are awaited for one request timeout (the
	// JetStream context's), as a synchronous publish would be: a lost one
	// costs that and a retry, not the whole handling's bound.
	timeout := time.NewTimer(p.js.Options().DefaultTimeout)
	defer timeout.Stop()
	res := make([]Published, len(outs))
	for i, f := range futures {
		select {
		case ack := <-f.Ok():
			res[i] = Published{PubAck: ack, ClaimCheck: claimed[i]}
		case err := <-f.Err():
			return nil, fmt.Errorf("publish %s for %s: %w", outs[i].Subject, outs[i].DocID, err)
		case <-timeout.C:
			return nil, fmt.Errorf("publish %s for %s: %w", outs[i].Subject, outs[i].DocID, nats.ErrTimeout)
		case <-ctx.Done():
			return nil, fmt.Errorf("publish %s for %s: %w", outs[i].Subject, outs[i].DocID, ctx.Err())
		}
	}
	return res, nil
}
