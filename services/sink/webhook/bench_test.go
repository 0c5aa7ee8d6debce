package webhook

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
)

// BenchmarkWebhookDelivery publishes 3,000 event messages to a subscription
// whose receiver is a local HTTP server and reports the delivery rate
// (one message in flight at a time, each signed, POSTed and acknowledged);
// beside it, in the same run, a consumer of the same shape that only
// acknowledges: the ceiling JetStream sets for one-at-a-time delivery.
func BenchmarkWebhookDelivery(b *testing.B) {
	const n = 3000
	for range b.N {
		e := newEnv(b, Config{})
		var got atomic.Int64
		r := newBenchReceiver(b, func() { got.Add(1) })
		if _, err := e.m.Create(context.Background(), Request{Subject: "tidings.events.v1.>", URL: r, Secret: "0123456789abcdef"}); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		e.publish(b, "19", n)
		waitCount(b, &got, n)
		rate := n / time.Since(start).Seconds()

		raw := rawOneAtATime(b, e, n)
		b.ReportMetric(rate, "events/s")
		b.ReportMetric(raw, "ack-only-events/s")
		fmt.Printf("\nwebhook delivery to a local receiver, %d events, one in flight: %.0f events/s (consumer that only acks: %.0f/s, ratio %.2f)\n",
			n, rate, raw, rate/raw)
	}
}

// rawOneAtATime is the rate of a consumer of the webhooks' shape (one
// message in flight) that only acknowledges the n messages of the stream.
func rawOneAtATime(b *testing.B, e *env, n int) float64 {
	ctx := context.Background()
	cons, err := e.JS.CreateConsumer(ctx, events.StreamEvents, jetstream.ConsumerConfig{Durable: "raw", AckPolicy: jetstream.AckExplicitPolicy,
		MaxAckPending: 1, FilterSubject: "tidings.events.v1.>"})
	if err != nil {
		b.Fatal(err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(1))
	if err != nil {
		b.Fatal(err)
	}
	defer it.Stop()
	start := time.Now()
	for range n {
		msg, err := it.Next()
		if err != nil {
			b.Fatal(err)
		}
		_ = msg.Ack()
	}
	return float64(n) / time.Since(start).Seconds()
}

func waitCount(b *testing.B, got *atomic.Int64, n int) {
	deadline := time.Now().Add(2 * time.Minute)
	for got.Load() < int64(n) {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d delivered", got.Load(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func newBenchReceiver(b *testing.B, onPost func()) string {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		onPost()
		w.WriteHeader(http.StatusNoContent)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	b.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String() + "/hook"
}
