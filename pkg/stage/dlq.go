package stage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
)

// DeadLetter is a message as stored in the dead-letter stream.
type DeadLetter struct {
	// Sequence is the dead letter's own sequence in the DLQ stream.
	Sequence uint64
	Stage    string
	Reason   string
	Error    string
	// Stream, Subject and OriginalSequence say where the message came from.
	Stream           string
	Subject          string
	OriginalSequence uint64
	Delivered        uint64
	DocID            string
	// Source is the document's name at its source (the inbox file), when
	// the message carried it.
	Source string
	Time   time.Time
	Header nats.Header
	Data   []byte
}

// DLQ publishes a stage's failed messages to the dead-letter stream.
type DLQ struct {
	js      jetstream.JetStream
	stage   string
	metrics *Metrics
}

// NewDLQ returns the dead-letter queue of stage; metrics may be nil.
func NewDLQ(js jetstream.JetStream, stage string, m *Metrics) *DLQ {
	return &DLQ{js: js, stage: stage, metrics: m}
}

// send stores data with its origin and the reason in the DLQ. The Nats-Msg-Id
// is derived from the origin, so the handler path and the advisory path cannot
// both store the same failure.
func (d *DLQ) send(ctx context.Context, stream, subject string, seq, delivered uint64, h nats.Header, data []byte, reason string, cause error) error {
	return d.Send(ctx, Letter{Stream: stream, Subject: subject, Sequence: seq, Delivered: delivered,
		Header: h, Data: data, Reason: reason, Cause: cause})
}

// Letter is a message on its way to the dead-letter queue.
type Letter struct {
	// Stream, Subject and Sequence say where the message came from;
	// Delivered how often it was tried.
	Stream, Subject     string
	Sequence, Delivered uint64
	Header              nats.Header
	Data                []byte
	Reason              string
	Cause               error
	// Key, when set, tells apart the consumers of one stream that may each
	// give up on the same message (webhook subscriptions): the dead letter's
	// Nats-Msg-Id is dlq:<stream>:<key>:<sequence> instead of dlq:<stream>:<sequence>.
	Key string
	// Extra are further headers of the dead letter.
	Extra map[string]string
}

// Send stores l in the DLQ with its origin and reason.
func (d *DLQ) Send(ctx context.Context, l Letter) error {
	out := nats.Header{}
	for k, v := range l.Header {
		if k == jetstream.MsgIDHeader {
			continue
		}
		out[k] = append([]string(nil), v...)
	}
	for k, v := range l.Extra {
		out.Set(k, v)
	}
	if t := out.Get(events.HeaderType); t != "" {
		out.Set(events.HeaderDLQType, t)
	}
	out.Set(events.HeaderType, events.CETypeDeadLetter)
	out.Set(events.HeaderDLQStage, d.stage)
	out.Set(events.HeaderDLQReason, l.Reason)
	if l.Cause != nil {
		out.Set(events.HeaderDLQError, l.Cause.Error())
	}
	out.Set(events.HeaderDLQStream, l.Stream)
	out.Set(events.HeaderDLQSubject, l.Subject)
	out.Set(events.HeaderDLQSequence, strconv.FormatUint(l.Sequence, 10))
	out.Set(events.HeaderDLQDelivered, strconv.FormatUint(l.Delivered, 10))
	out.Set(events.HeaderDLQTime, time.Now().UTC().Format(time.RFC3339Nano))
	id := fmt.Sprintf("dlq:%s:%d", l.Stream, l.Sequence)
	if l.Key != "" {
		id = fmt.Sprintf("dlq:%s:%s:%d", l.Stream, l.Key, l.Sequence)
	}
	out.Set(jetstream.MsgIDHeader, id)
	_, err := d.js.PublishMsg(ctx, &nats.Msg{Subject: events.DLQSubject(d.stage), Header: out, Data: l.Data})
	if err != nil {
		return fmt.Errorf("dead-letter %s seq %d: %w", l.Stream, l.Sequence, err)
	}
	if d.metrics != nil {
		d.metrics.DeadLetters.WithLabelValues(d.stage, l.Reason).Inc()
	}
	return nil
}

// maxDeliveriesAdvisory is the part of the server's advisory that we read.
type maxDeliveriesAdvisory struct {
	Stream     string `json:"stream"`
	Consumer   string `json:"consumer"`
	StreamSeq  uint64 `json:"stream_seq"`
	Deliveries uint64 `json:"deliveries"`
}

// moveGivenUp consumes the max-deliveries advisories of one stage's consumer
// (captured durably in the advisories stream) and dead-letters each message the
// server gave up on: a handler that crashed or hung on every delivery.
func (r *Router) moveGivenUp(ctx context.Context) error {
	spec := r.cfg.Consumer
	var cons jetstream.Consumer
	var src jetstream.Stream
	// Declared in the background, so retried for as long as the stage runs.
	err := Retry(ctx, JitteredBackoff{Base: time.Second, Max: 10 * time.Second}, func(ctx context.Context) error {
		var err error
		if cons, err = r.js.CreateOrUpdateConsumer(ctx, events.StreamAdvisories, givenUpConsumerConfig(spec)); err != nil {
			return fmt.Errorf("declare advisory consumer for %s: %w", spec.Durable, err)
		}
		if src, err = r.js.Stream(ctx, spec.Stream); err != nil {
			return fmt.Errorf("open stream %s: %w", spec.Stream, err)
		}
		return nil
	}, func(attempt int, wait time.Duration, err error) {
		if attempt == 1 || attempt%10 == 0 {
			r.log.Warn("max-deliveries mover not declared yet; retrying", zap.Int("attempt", attempt), zap.Error(err))
		}
	})
	if err != nil {
		return err
	}
	// One advisory at a time: they are rare, and order does not matter.
	slots := make(chan struct{}, 1)
	pullLoop(ctx, cons, slots, r.cfg.PullWait, r.log, nil, func(msg jetstream.Msg) {
		defer func() { <-slots }()
		r.moveOne(ctx, src, msg)
	})
	return nil
}

// moveOne dead-letters the message one advisory names.
func (r *Router) moveOne(ctx context.Context, src jetstream.Stream, msg jetstream.Msg) {
	spec := r.cfg.Consumer
	var adv maxDeliveriesAdvisory
	if err := json.Unmarshal(msg.Data(), &adv); err != nil {
		r.log.Error("malformed max-deliveries advisory", zap.Error(err))
		_ = msg.Term()
		return
	}
	raw, err := src.GetMsg(ctx, adv.StreamSeq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		r.log.Warn("message given up on is gone from its stream", zap.Uint64("stream_seq", adv.StreamSeq))
		_ = msg.Ack()
		return
	}
	if err != nil {
		r.log.Warn("fetch message given up on", zap.Uint64("stream_seq", adv.StreamSeq), zap.Error(err))
		_ = msg.NakWithDelay(time.Second)
		return
	}
	cause := fmt.Errorf("%s gave up after %d deliveries", r.cfg.Stage, adv.Deliveries)
	if err := r.dlq.send(ctx, spec.Stream, raw.Subject, raw.Sequence, adv.Deliveries, raw.Header, raw.Data, ReasonMaxDeliveries, cause); err != nil {
		r.log.Warn("dead-letter message given up on", zap.Error(err))
		_ = msg.NakWithDelay(time.Second)
		return
	}
	r.metrics.Processed.WithLabelValues(r.cfg.Stage, OutcomeDLQ).Inc()
	r.log.Warn("message dead-lettered after max deliveries",
		zap.String("doc_id", raw.Header.Get(events.HeaderDocID)), zap.Uint64("stream_seq", raw.Sequence))
	_ = msg.Ack()
}

// ReadDeadLetter decodes a message of the DLQ stream.
func ReadDeadLetter(raw *jetstream.RawStreamMsg) DeadLetter {
	h := raw.Header
	dl := DeadLetter{
		Sequence: raw.Sequence,
		Stage:    h.Get(events.HeaderDLQStage),
		Reason:   h.Get(events.HeaderDLQReason),
		Error:    h.Get(events.HeaderDLQError),
		Stream:   h.Get(events.HeaderDLQStream),
		Subject:  h.Get(events.HeaderDLQSubject),
		DocID:    h.Get(events.HeaderDocID),
		Source:   h.Get(events.HeaderSourceName),
		Time:     raw.Time,
		Header:   h,
		Data:     raw.Data,
	}
	dl.OriginalSequence, _ = strconv.ParseUint(h.Get(events.HeaderDLQSequence), 10, 64)
	dl.Delivered, _ = strconv.ParseUint(h.Get(events.HeaderDLQDelivered), 10, 64)
	return dl
}

// ReplaySubject is where dead letter dl goes when replayed: the subject it
// failed on, except a webhook's, which goes to its one subscription
// (events.RedeliverSubject) and not to every subscriber of the subject.
func (dl DeadLetter) ReplaySubject() (string, error) {
	if dl.Stage == events.StageWebhook {
		id := dl.Header.Get(events.HeaderSubscription)
		if id == "" {
			return "", fmt.Errorf("webhook dead letter %d names no subscription (%s)", dl.Sequence, events.HeaderSubscription)
		}
		return events.RedeliverSubject(id), nil
	}
	if dl.Subject == "" {
		return "", fmt.Errorf("dead letter %d has no original subject", dl.Sequence)
	}
	return dl.Subject, nil
}

// Replay publishes dead letter dl again to its ReplaySubject, without its
// dead-letter headers, with its own ce-type back and a fresh Nats-Msg-Id (the original one may be
// inside the stream's deduplication window), then removes it from the DLQ
// stream. It returns the subject.
func Replay(ctx context.Context, js jetstream.JetStream, dlq jetstream.Stream, dl DeadLetter) (string, error) {
	subject, err := dl.ReplaySubject()
	if err != nil {
		return "", err
	}
	h := nats.Header{}
	for k, v := range dl.Header {
		h[k] = v
	}
	h.Del(events.HeaderType)
	if t := h.Get(events.HeaderDLQType); t != "" {
		h.Set(events.HeaderType, t)
	}
	for _, k := range []string{events.HeaderDLQReason, events.HeaderDLQError, events.HeaderDLQStage, events.HeaderDLQStream,
		events.HeaderDLQSubject, events.HeaderDLQSequence, events.HeaderDLQDelivered, events.HeaderDLQTime, events.HeaderDLQType} {
		h.Del(k)
	}
	h.Set(jetstream.MsgIDHeader, fmt.Sprintf("replay:%s:%d", events.StreamDLQ, dl.Sequence))
	if _, err := js.PublishMsg(ctx, &nats.Msg{Subject: subject, Header: h, Data: dl.Data}); err != nil {
		return "", fmt.Errorf("replay dead letter %d: %w", dl.Sequence, err)
	}
	if err := dlq.DeleteMsg(ctx, dl.Sequence); err != nil {
		return "", fmt.Errorf("remove replayed dead letter %d: %w", dl.Sequence, err)
	}
	return subject, nil
}
