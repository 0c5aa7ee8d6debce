package stage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// env is a real JetStream server with the pipeline's streams declared.
type env struct {
	t    *testing.T
	srv  *embedded.Server
	nc   *nats.Conn
	js   jetstream.JetStream
	reg  *prometheus.Registry
	m    *stage.Metrics
	log  *zap.Logger
	dir  string
	port int
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), port: stagetest.FreePort(t), log: zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))}
	e.startServer()
	nc, err := stage.Connect(context.Background(), stage.NATSConfig{URL: e.srv.ClientURL(), Name: "test"}, e.log)
	if err != nil {
		t.Fatal(err)
	}
	e.nc, e.js = nc, stagetest.JetStream(t, nc)
	stagetest.EnsureStreams(t, e.js)
	e.reg = prometheus.NewRegistry()
	e.m = stage.NewMetrics(e.reg)
	return e
}

func (e *env) startServer() {
	srv, err := embedded.Start(embedded.Config{StoreDir: e.dir, Port: e.port})
	if err != nil {
		e.t.Fatal(err)
	}
	e.srv = srv
	e.t.Cleanup(srv.Stop)
}

// publishDocs puts n inputs on the documents subject, as the fetcher would.
func (e *env) publishDocs(from, n int) {
	e.t.Helper()
	pub := stage.NewPublisher(e.js, events.StageFetcher, nil, stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 0))
	for i := from; i < from+n; i++ {
		_, err := pub.Publish(context.Background(), stage.Output{
			Subject: events.SubjectDocuments, Type: events.CETypeDocumentReceived,
			DocID: fmt.Sprintf("doc-%04d", i), Data: []byte(strconv.Itoa(i)), Received: time.Now(),
		}, nil)
		if err != nil {
			e.t.Fatal(err)
		}
	}
}

// spec is the parser consumer with test-sized timings.
func spec(ackWait time.Duration, maxDeliver int) stage.RouterConfig {
	c := events.ParserConsumer()
	c.AckWait = ackWait
	c.MaxDeliver = maxDeliver
	return stage.RouterConfig{Stage: events.StageParser, Consumer: c, Concurrency: 4,
		BackoffBase: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond, PendingInterval: 100 * time.Millisecond}
}

// relay copies each input to the articles subject.
func relay(calls *atomic.Int64) stage.HandlerFunc {
	return func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) {
		if calls != nil {
			calls.Add(1)
		}
		return []stage.Output{{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, Data: d.Data}}, nil
	}
}

// start runs a router until the returned stop is called; stop waits for Run.
func (e *env) start(cfg stage.RouterConfig, h stage.Handler) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	r := stage.NewRouter(e.js, cfg, h, e.m, e.log)
	errc := make(chan error, 1)
	go func() { errc <- r.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-errc })
		return err
	}
	e.t.Cleanup(func() { _ = stop() })
	return stop
}

func (e *env) streamMsgs(stream string) uint64 {
	e.t.Helper()
	s, err := e.js.Stream(context.Background(), stream)
	if err != nil {
		e.t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return info.State.Msgs
}

func (e *env) waitFor(what string, timeout time.Duration, cond func() bool) {
	e.t.Helper()
	stagetest.WaitFor(e.t, what, timeout, cond)
}

func (e *env) consumerInfo(stream, name string) *jetstream.ConsumerInfo {
	e.t.Helper()
	c, err := e.js.Consumer(context.Background(), stream, name)
	if err != nil {
		e.t.Fatal(err)
	}
	info, err := c.Info(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return info
}

// deadLetters reads the DLQ stream.
func (e *env) deadLetters() []stage.DeadLetter {
	e.t.Helper()
	s, err := e.js.Stream(context.Background(), events.StreamDLQ)
	if err != nil {
		e.t.Fatal(err)
	}
	info, _ := s.Info(context.Background())
	var out []stage.DeadLetter
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		raw, err := s.GetMsg(context.Background(), seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, stage.ReadDeadLetter(raw))
	}
	return out
}

func TestRouterPublishesThenAcks(t *testing.T) {
	e := newEnv(t)
	e.publishDocs(0, 50)
	stop := e.start(spec(5*time.Second, 5), relay(nil))
	e.waitFor("50 articles", 10*time.Second, func() bool { return e.streamMsgs(events.StreamArticles) == 50 })
	e.waitFor("all acked", 5*time.Second, func() bool {
		i := e.consumerInfo(events.StreamDocuments, events.StageParser)
		return i.NumAckPending == 0 && i.NumPending == 0
	})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	// Output headers: CloudEvents, dedup id and the propagated trace.
	s, _ := e.js.Stream(context.Background(), events.StreamArticles)
	raw, err := s.GetMsg(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	h := raw.Header
	if h.Get(events.HeaderType) != events.CETypeArticleParsed || h.Get(events.HeaderSpecVersion) != "1.0" ||
		h.Get(events.HeaderSource) != "tidings/parser" || h.Get(jetstream.MsgIDHeader) != "parser:"+h.Get(events.HeaderDocID) ||
		h.Get(events.HeaderTraceID) == "" || h.Get(events.HeaderReceived) == "" {
		t.Fatalf("output headers incomplete: %v", h)
	}
	if got := testutil.ToFloat64(e.m.Processed.WithLabelValues("parser", stage.OutcomeAck)); got != 50 {
		t.Fatalf("processed{outcome=ack} = %v, want 50", got)
	}
	if got := testutil.CollectAndCount(e.m.EndToEnd); got != 1 {
		t.Fatalf("end-to-end histogram series = %d, want 1", got)
	}
}

func TestPoisonMessageGoesToDLQWhileOthersFlow(t *testing.T) {
	e := newEnv(t)
	e.publishDocs(0, 20)
	h := stage.HandlerFunc(func(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
		if string(d.Data) == "7" {
			return nil, stage.Permanent("decode", errors.New("document 7 is not JSON"))
		}
		return relay(nil)(ctx, d)
	})
	e.start(spec(5*time.Second, 5), h)
	e.waitFor("19 articles", 10*time.Second, func() bool { return e.streamMsgs(events.StreamArticles) == 19 })
	e.waitFor("one dead letter", 5*time.Second, func() bool { return e.streamMsgs(events.StreamDLQ) == 1 })
	dl := e.deadLetters()[0]
	if dl.Reason != "decode" || dl.Error != "document 7 is not JSON" || dl.Stage != "parser" ||
		string(dl.Data) != "7" || dl.DocID != "doc-0007" || dl.Stream != events.StreamDocuments || dl.OriginalSequence != 8 {
		t.Fatalf("dead letter = %+v", dl)
	}
	if got := testutil.ToFloat64(e.m.DeadLetters.WithLabelValues("parser", "decode")); got != 1 {
		t.Fatalf("dead letters metric = %v", got)
	}
	// Terminated: never redelivered.
	time.Sleep(200 * time.Millisecond)
	if i := e.consumerInfo(events.StreamDocuments, events.StageParser); i.NumAckPending != 0 || i.NumRedelivered != 0 {
		t.Fatalf("consumer still holds messages: %+v", i)
	}
}

func TestHandlerCrashIsRedelivered(t *testing.T) {
	e := newEnv(t)
	e.publishDocs(0, 5)
	var crashed atomic.Bool
	var calls atomic.Int64
	h := stage.HandlerFunc(func(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
		calls.Add(1)
		if string(d.Data) == "3" && crashed.CompareAndSwap(false, true) {
			panic("simulated crash")
		}
		return relay(nil)(ctx, d)
	})
	e.start(spec(5*time.Second, 5), h)
	e.waitFor("5 articles", 10*time.Second, func() bool { return e.streamMsgs(events.StreamArticles) == 5 })
	if calls.Load() != 6 {
		t.Fatalf("handler calls = %d, want 6 (one redelivery)", calls.Load())
	}
	if got := testutil.ToFloat64(e.m.Redeliveries.WithLabelValues("parser")); got != 1 {
		t.Fatalf("redeliveries = %v, want 1", got)
	}
	if got := testutil.ToFloat64(e.m.Processed.WithLabelValues("parser", stage.OutcomeNak)); got != 1 {
		t.Fatalf("nak = %v, want 1", got)
	}
	if e.streamMsgs(events.StreamDLQ) != 0 {
		t.Fatal("a recovered crash must not dead-letter")
	}
}

func TestTransientFailureRetriedThenDeadLettered(t *testing.T) {
	e := newEnv(t)
	e.publishDocs(0, 3)
	var calls atomic.Int64
	h := stage.HandlerFunc(func(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
		if string(d.Data) == "1" {
			calls.Add(1)
			return nil, errors.New("store unavailable")
		}
		return relay(nil)(ctx, d)
	})
	e.start(spec(5*time.Second, 3), h)
	e.waitFor("dead letter", 10*time.Second, func() bool { return e.streamMsgs(events.StreamDLQ) == 1 })
	if calls.Load() != 3 {
		t.Fatalf("attempts = %d, want MaxDeliver=3", calls.Load())
	}
	dl := e.deadLetters()[0]
	if dl.Reason != stage.ReasonRetriesExhausted || dl.Error != "store unavailable" || dl.Delivered != 3 {
		t.Fatalf("dead letter = %+v", dl)
	}
	if n := e.streamMsgs(events.StreamArticles); n != 2 {
		t.Fatalf("articles = %d, want 2", n)
	}
}

// A consumer that never acks (a worker crashing on every delivery) makes the
// server give up after MaxDeliver; the advisory moves the message to the DLQ.
func TestMaxDeliveriesAdvisoryDeadLetters(t *testing.T) {
	e := newEnv(t)
	cfg := spec(300*time.Millisecond, 2)
	cons, err := stage.EnsureConsumer(context.Background(), e.js, cfg.Consumer)
	if err != nil {
		t.Fatal(err)
	}
	e.publishDocs(0, 1)
	for i := 0; i < 2; i++ { // two deliveries, never acked
		if n := len(stagetest.Fetch(t, cons, 1, 2*time.Second)); n != 1 {
			t.Fatalf("delivery %d: got %d messages", i+1, n)
		}
	}
	// The server announces that it gives up when it would deliver again, that
	// is when the router pulls; the advisory is captured in its stream and the
	// router moves the message to the DLQ.
	e.start(cfg, relay(nil))
	e.waitFor("advisory captured", 5*time.Second, func() bool { return e.streamMsgs(events.StreamAdvisories) >= 1 })
	e.waitFor("dead letter", 5*time.Second, func() bool { return e.streamMsgs(events.StreamDLQ) == 1 })
	dl := e.deadLetters()[0]
	if dl.Reason != stage.ReasonMaxDeliveries || dl.DocID != "doc-0000" || string(dl.Data) != "0" {
		t.Fatalf("dead letter = %+v", dl)
	}
	if e.streamMsgs(events.StreamArticles) != 0 {
		t.Fatal("a message given up on must not be processed")
	}
}

func TestLongWorkIsKeptAlive(t *testing.T) {
	e := newEnv(t)
	e.publishDocs(0, 1)
	var calls atomic.Int64
	h := stage.HandlerFunc(func(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
		calls.Add(1)
		time.Sleep(1500 * time.Millisecond) // three ack waits
		return relay(nil)(ctx, d)
	})
	e.start(spec(500*time.Millisecond, 5), h)
	e.waitFor("article", 10*time.Second, func() bool { return e.streamMsgs(events.StreamArticles) == 1 })
	time.Sleep(600 * time.Millisecond)
	if calls.Load() != 1 {
		t.Fatalf("handler ran %d times; InProgress should have prevented redelivery", calls.Load())
	}
}

func TestGracefulStopFinishesInFlightAndLosesNothing(t *testing.T) {
	e := newEnv(t)
	e.publishDocs(0, 40)
	var calls atomic.Int64
	slow := stage.HandlerFunc(func(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
		time.Sleep(50 * time.Millisecond)
		return relay(&calls)(ctx, d)
	})
	stop := e.start(spec(5*time.Second, 5), slow)
	e.waitFor("some progress", 5*time.Second, func() bool { return calls.Load() >= 8 })
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	i := e.consumerInfo(events.StreamDocuments, events.StageParser)
	if i.NumAckPending != 0 {
		t.Fatalf("%d messages left unacknowledged after a graceful stop", i.NumAckPending)
	}
	got := e.streamMsgs(events.StreamArticles)
	if got != uint64(calls.Load()) || got == 40 {
		t.Fatalf("after stop: %d articles for %d handled (want equal, and fewer than 40)", got, calls.Load())
	}
	// A new router picks up exactly the rest.
	e.start(spec(5*time.Second, 5), relay(&calls))
	e.waitFor("all 40", 10*time.Second, func() bool { return e.streamMsgs(events.StreamArticles) == 40 })
	if calls.Load() != 40 {
		t.Fatalf("handled %d times, want 40 (no message twice)", calls.Load())
	}
}

func TestSurvivesNATSRestart(t *testing.T) {
	e := newEnv(t)
	e.start(spec(2*time.Second, 10), relay(nil))
	e.publishDocs(0, 10)
	e.waitFor("first 10", 10*time.Second, func() bool { return e.streamMsgs(events.StreamArticles) == 10 })

	e.srv.Stop()
	e.waitFor("client notices the outage", 5*time.Second, func() bool { return !e.nc.IsConnected() })
	e.startServer() // same port, same store
	e.waitFor("client reconnects", 10*time.Second, e.nc.IsConnected)

	e.publishDocs(10, 10)
	e.waitFor("all 20 after restart", 30*time.Second, func() bool { return e.streamMsgs(events.StreamArticles) == 20 })
}

func TestPublishDeduplicatesByMsgID(t *testing.T) {
	e := newEnv(t)
	pub := stage.NewPublisher(e.js, events.StageFetcher, nil, stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 0))
	out := stage.Output{Subject: events.SubjectDocuments, Type: events.CETypeDocumentReceived, DocID: "same", Data: []byte("x")}
	a1, err := pub.Publish(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	a2, err := pub.Publish(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a1.Duplicate || !a2.Duplicate || e.streamMsgs(events.StreamDocuments) != 1 {
		t.Fatalf("dedup failed: first dup=%v second dup=%v", a1.Duplicate, a2.Duplicate)
	}
}

// A payload over the server's message limit travels as a claim check: the
// stream holds a reference, the next stage's handler sees the whole payload.
func TestLargePayloadsTravelAsClaimChecks(t *testing.T) {
	e := newEnv(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 100_000) // 1.6 MB > 1 MiB
	e.publishDocs(0, 1)
	grow := stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) {
		return []stage.Output{{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, Data: big}}, nil
	})
	e.start(spec(5*time.Second, 5), grow)
	got := make(chan []byte, 1)
	enr := spec(5*time.Second, 5)
	enr.Stage, enr.Consumer = events.StageEnricher, events.EnricherConsumer()
	e.start(enr, stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) {
		got <- d.Data
		return nil, nil
	}))
	select {
	case data := <-got:
		if !bytes.Equal(data, big) {
			t.Fatalf("handler saw %d bytes, want the %d published", len(data), len(big))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the large payload never reached the next stage")
	}
	s, _ := e.js.Stream(context.Background(), events.StreamArticles)
	raw, err := s.GetMsg(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw.Data) != 0 || !strings.HasPrefix(raw.Header.Get(events.HeaderClaimCheck), events.ClaimCheckBucket+"/") {
		t.Fatalf("stream message: %d bytes, claim check %q", len(raw.Data), raw.Header.Get(events.HeaderClaimCheck))
	}
}
