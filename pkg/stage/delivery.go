package stage

import (
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
)

// Delivery is one input message as a handler sees it.
type Delivery struct {
	Subject      string
	Data         []byte
	Header       nats.Header
	DocID        string
	TraceID      string
	Sequence     uint64
	NumDelivered uint64
	// Received is when the fetcher received the document (zero if unknown).
	Received time.Time
	// Log carries the stage, doc_id and trace_id fields.
	Log *zap.Logger
	msg jetstream.Msg
	// loaded: Data was loaded from a claim check (the message's own data is
	// the reference), so the handler may drop it once decoded.
	loaded bool
}

// InProgress tells the server the message is still being worked on, resetting
// its ack timer. The KeepAlive middleware already does this periodically; a
// handler may call it at its own milestones.
func (d *Delivery) InProgress() error {
	if d.msg == nil {
		return nil
	}
	return d.msg.InProgress()
}

// raw is the payload as delivered (a claim check's is empty).
func (d *Delivery) raw() []byte {
	if d.msg == nil {
		return d.Data
	}
	return d.msg.Data()
}

// NewDelivery is msg as a handler sees it: its headers read, its log with
// the document, trace, stream sequence and delivery count. The router makes
// one per message; a test may drive a handler with a real message this way.
func NewDelivery(msg jetstream.Msg, log *zap.Logger) *Delivery {
	h := msg.Headers()
	d := &Delivery{
		Subject: msg.Subject(),
		Data:    msg.Data(),
		Header:  h,
		DocID:   h.Get(events.HeaderDocID),
		TraceID: h.Get(events.HeaderTraceID),
		msg:     msg,
	}
	if meta, err := msg.Metadata(); err == nil {
		d.Sequence = meta.Sequence.Stream
		d.NumDelivered = meta.NumDelivered
	}
	if t, err := time.Parse(time.RFC3339Nano, h.Get(events.HeaderReceived)); err == nil {
		d.Received = t
	}
	d.Log = log.With(zap.String("doc_id", d.DocID), zap.String("trace_id", d.TraceID),
		zap.Uint64("stream_seq", d.Sequence), zap.Uint64("delivered", d.NumDelivered))
	return d
}
