package watch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
)

// Formats of the output.
const (
	FormatJSON = "json" // the message as published, one per line (JSON Lines)
	FormatText = "text" // one readable line per message
)

// Run prints the messages f selects as they arrive (history first with
// Since or FromStart) through an ephemeral ordered consumer, until ctx
// ends; it returns nil then. onReady, if set, is called once the consumer
// exists.
func Run(ctx context.Context, js jetstream.JetStream, f Filter, format string, w io.Writer, onReady func()) error {
	if format != FormatJSON && format != FormatText {
		return fmt.Errorf("--format %q: give json or text", format)
	}
	if err := f.Validate(); err != nil {
		return err
	}
	cons, err := f.consumer(ctx, js)
	if err != nil {
		return err
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("follow %s: %w", f.Kind, err)
	}
	go func() { <-ctx.Done(); it.Stop() }()
	if onReady != nil {
		onReady()
	}
	out := bufio.NewWriter(w)
	for {
		msg, err := it.Next()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return out.Flush()
			}
			return fmt.Errorf("follow %s: %w", f.Kind, err)
		}
		if err := emit(out, f, format, msg.Data()); err != nil {
			return err
		}
		if _, pending := msgPending(msg); pending == 0 {
			if err := out.Flush(); err != nil {
				return err
			}
		}
	}
}

// consumer creates the ephemeral ordered consumer of f.
func (f *Filter) consumer(ctx context.Context, js jetstream.JetStream) (jetstream.Consumer, error) {
	stream, _, _ := events.FanoutStream(f.Kind)
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: f.Subjects(), DeliverPolicy: jetstream.DeliverNewPolicy,
		InactiveThreshold: 30 * time.Second}
	switch {
	case f.FromStart:
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
	case !f.Since.IsZero():
		since := f.Since
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &since
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cons, err := js.OrderedConsumer(cctx, stream, cfg)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil, fmt.Errorf("no stream %s on this server: is a Tidings pipeline with fan-out running there? (%w)", stream, err)
	}
	if err != nil {
		return nil, fmt.Errorf("follow %s on %s: %w", f.Kind, stream, err)
	}
	return cons, nil
}

// emit writes one message as format says, if f keeps it.
func emit(w *bufio.Writer, f Filter, format string, data []byte) error {
	ok, err := f.Match(data)
	if err != nil {
		_, werr := fmt.Fprintf(w, "# undecodable %s message: %v\n", f.Kind, err)
		return werr
	}
	if !ok {
		return nil
	}
	if format == FormatJSON {
		_, err = w.Write(append(data, '\n'))
		return err
	}
	line, err := Text(f.Kind, data)
	if err != nil {
		line = "# undecodable " + f.Kind + " message: " + err.Error()
	}
	_, err = w.WriteString(line + "\n")
	return err
}

// msgPending is how many messages the consumer holds after msg (0 when
// unknown): output is flushed when caught up.
func msgPending(msg jetstream.Msg) (uint64, uint64) {
	md, err := msg.Metadata()
	if err != nil {
		return 0, 0
	}
	return md.Sequence.Stream, md.NumPending
}
