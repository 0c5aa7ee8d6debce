package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/sqlite/sqlitetest"
)

func TestCheckRejectsBadSubscriptions(t *testing.T) {
	ctx := context.Background()
	good := Request{Subject: "tidings.events.v1.19.>", URL: "https://203.0.113.7/hook", Secret: "0123456789abcdef"}
	if err := good.Check(ctx, net.DefaultResolver, false); err != nil {
		t.Fatalf("good request: %v", err)
	}
	for _, c := range []struct {
		edit func(*Request)
		want string
	}{
		{func(r *Request) { r.Subject = "" }, "subject is missing"},
		{func(r *Request) { r.Subject = "tidings.enriched.v1" }, "is not a fan-out subject"},
		{func(r *Request) { r.Subject = "tidings.>" }, "is not a fan-out subject"},
		{func(r *Request) { r.Subject = "tidings.events.v1.>.19" }, "> may only end a subject"},
		{func(r *Request) { r.Subject = "tidings.events.v1..19" }, "empty token"},
		{func(r *Request) { r.Subject = "tidings.events.v1.1*" }, "wildcards"},
		{func(r *Request) { r.URL = "" }, "url is missing"},
		{func(r *Request) { r.URL = "ftp://203.0.113.7/x" }, `scheme "ftp" is not http or https`},
		{func(r *Request) { r.URL = "hooks.example.org/x" }, "is not http or https"},
		{func(r *Request) { r.URL = "https:///x" }, "has no host"},
		{func(r *Request) { r.URL = "https://u:p@203.0.113.7/x" }, "holds credentials"},
		{func(r *Request) { r.URL = "http://127.0.0.1:8080/hook" }, "loopback or private address"},
		{func(r *Request) { r.URL = "http://[::1]/hook" }, "loopback or private address"},
		{func(r *Request) { r.URL = "http://10.1.2.3/hook" }, "loopback or private address"},
		{func(r *Request) { r.URL = "http://192.168.0.10/hook" }, "loopback or private address"},
		{func(r *Request) { r.URL = "http://169.254.169.254/latest" }, "loopback or private address"},
		{func(r *Request) { r.URL = "http://100.64.0.1/hook" }, "loopback or private address"},
		{func(r *Request) { r.URL = "http://localhost/hook" }, "loopback or private address"},
		{func(r *Request) { r.URL = "http://no-such-host.invalid/hook" }, "does not resolve"},
		{func(r *Request) { r.Secret = "" }, "secret is missing"},
		{func(r *Request) { r.Secret = "short" }, "give 16 to 256"},
		{func(r *Request) { r.Name = "Fights In Ukraine" }, "name"},
	} {
		r := good
		c.edit(&r)
		err := r.Check(ctx, net.DefaultResolver, false)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", r, err, c.want)
		}
	}
	local := good
	local.URL = "http://127.0.0.1:8080/hook"
	if err := local.Check(ctx, net.DefaultResolver, true); err != nil {
		t.Errorf("loopback with allowPrivate: %v", err)
	}
	for subject, stream := range map[string]string{"tidings.events.v1.>": events.StreamEvents, "tidings.events.v1.*.190": events.StreamEvents,
		"tidings.entities.v1.person": events.StreamEntities, "tidings.quotes.v1": events.StreamQuotes} {
		if got, err := StreamOf(subject); err != nil || got != stream {
			t.Errorf("StreamOf(%s) = %s, %v; want %s", subject, got, err, stream)
		}
	}
}

func TestSignAndVerify(t *testing.T) {
	body := []byte(`{"id":"x"}`)
	sig := Sign("0123456789abcdef", body)
	// An independent computation: echo -n '{"id":"x"}' | openssl dgst -sha256 -hmac 0123456789abcdef
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != 7+64 {
		t.Fatalf("signature %q", sig)
	}
	if !Verify("0123456789abcdef", body, sig) || Verify("0123456789abcdeF", body, sig) || Verify("0123456789abcdef", []byte(`{"id":"y"}`), sig) ||
		Verify("0123456789abcdef", body, strings.TrimPrefix(sig, "sha256=")) {
		t.Error("Verify accepts what it should not, or refuses the right signature")
	}
}

// receiver is a local HTTP endpoint that records what it is sent and
// answers with the status its script gives for each POST.
type receiver struct {
	t      *testing.T
	secret string
	mu     sync.Mutex
	got    []delivery
	script func(n int, d delivery) (status int, header map[string]string)
	srv    *httptest.Server
}

type delivery struct {
	Key, Type, ID, Subscription string
	Body                        []byte
	ValidSignature              bool
}

func newReceiver(t *testing.T, secret string, script func(int, delivery) (int, map[string]string)) *receiver {
	r := &receiver{t: t, secret: secret, script: script}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		d := readDelivery(req, r.secret)
		r.mu.Lock()
		n := len(r.got)
		r.got = append(r.got, d)
		r.mu.Unlock()
		status, header := http.StatusNoContent, map[string]string(nil)
		if r.script != nil {
			status, header = r.script(n, d)
		}
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// readDelivery is what a POST brought, its signature checked with secret.
func readDelivery(req *http.Request, secret string) delivery {
	body, _ := io.ReadAll(req.Body)
	return delivery{Key: req.Header.Get(HeaderIdempotencyKey), Type: req.Header.Get("ce-type"), ID: req.Header.Get("ce-id"),
		Subscription: req.Header.Get(HeaderSubscription), Body: body, ValidSignature: Verify(secret, body, req.Header.Get(HeaderSignature))}
}

func (r *receiver) deliveries() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]delivery(nil), r.got...)
}

// env is an embedded JetStream with the fan-out streams, a SQLite store
// and a running manager.
type env struct {
	*stagetest.Env
	st  store.Store
	m   *Manager
	reg *prometheus.Registry
}

func newEnv(t testing.TB, cfg Config) *env {
	t.Helper()
	e := &env{Env: stagetest.Start(t), reg: prometheus.NewRegistry()}
	e.st = sqlitetest.Open(t)
	cfg.AllowPrivate = true
	if cfg.Reconcile == 0 {
		cfg.Reconcile = 100 * time.Millisecond
	}
	e.m = New(e.JS, e.st, cfg, e.reg, stage.NewMetrics(e.reg), zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return e
}

// publish puts n event messages with root on the events stream, as the
// enricher does, and returns their ids in order.
func (e *env) publish(t testing.TB, root string, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		doc := fmt.Sprintf("doc-%s-%d-%d", root, i, time.Now().UnixNano())
		m := events.EventMessage{SchemaVersion: 1, ID: events.ItemID(events.KindEvent, doc, 0),
			EventOf: events.EventOf[events.Participant]{Code: root + "0", RootCode: root},
			Article: events.ArticleRef{ID: doc, Source: "s.txt"}}
		data, _ := json.Marshal(m)
		msg := &nats.Msg{Subject: events.EventSubject(root, m.Code), Data: data, Header: nats.Header{}}
		id := events.MsgID(events.StageEnricher, m.ID)
		msg.Header.Set(events.HeaderID, id)
		msg.Header.Set(events.HeaderType, events.CETypeEventCoded)
		msg.Header.Set(events.HeaderSpecVersion, "1.0")
		msg.Header.Set(jetstream.MsgIDHeader, id)
		if _, err := e.JS.PublishMsg(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func keys(ds []delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Key)
	}
	return out
}

// A subscription to fights gets the fights published after it, in order,
// each once, signed, with the CloudEvents headers and its idempotency key.
func TestDeliversInOrderSignedOnce(t *testing.T) {
	e := newEnv(t, Config{})
	r := newReceiver(t, "0123456789abcdef", nil)
	e.publish(t, "19", 3) // before the subscription: not delivered
	v, err := e.m.Create(context.Background(), Request{Name: "fights", Subject: "tidings.events.v1.19.>", URL: r.srv.URL + "/hook", Secret: "0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for range 5 {
		want = append(want, e.publish(t, "19", 4)...)
		e.publish(t, "04", 2)
	}
	stagetest.WaitFor(t, "20 deliveries", 10*time.Second, func() bool { return len(r.deliveries()) >= len(want) })
	time.Sleep(200 * time.Millisecond)
	got := r.deliveries()
	if strings.Join(keys(got), " ") != strings.Join(want, " ") {
		t.Fatalf("delivered\n %v\nwant, in order,\n %v", keys(got), want)
	}
	for _, d := range got {
		if !d.ValidSignature || d.Type != events.CETypeEventCoded || d.ID != d.Key || d.Subscription != v.ID {
			t.Errorf("delivery %+v", d)
		}
	}
	if n := testutil.ToFloat64(e.m.metrics.deliveries.WithLabelValues(v.ID, "fights", outcomeDelivered)); n != 20 {
		t.Errorf("delivered counter %v, want 20", n)
	}
	if n := latencies(t, e.reg, v.ID, "fights"); n != 20 {
		t.Errorf("delivery latency: %d observations for subscription %s (fights), want 20", n, v.ID)
	}
	if got, _ := e.m.Get(context.Background(), v.ID); got.Stats.Delivered != 20 || got.Stats.LastStatus != 204 {
		t.Errorf("stats %+v", got.Stats)
	}
}

// 5xx and 429 are retried (in order: nothing overtakes), a 404 goes to the
// DLQ at once and the next message follows.
func TestRetriesAndRejections(t *testing.T) {
	e := newEnv(t, Config{BackoffBase: 20 * time.Millisecond, BackoffMax: 100 * time.Millisecond})
	var rejectKey string
	r := newReceiver(t, "0123456789abcdef", func(n int, d delivery) (int, map[string]string) {
		switch {
		case n < 2:
			return http.StatusServiceUnavailable, nil
		case n == 2:
			return http.StatusTooManyRequests, map[string]string{"Retry-After": "0"}
		case d.Key == rejectKey:
			return http.StatusNotFound, nil
		}
		return http.StatusOK, nil
	})
	v, err := e.m.Create(context.Background(), Request{Subject: "tidings.events.v1.19.190", URL: r.srv.URL, Secret: "0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	ids := e.publish(t, "19", 4)
	rejectKey = ids[2]
	stagetest.WaitFor(t, "the messages through", 10*time.Second, func() bool { return len(r.deliveries()) >= 7 })
	time.Sleep(200 * time.Millisecond)
	got := keys(r.deliveries())
	want := []string{ids[0], ids[0], ids[0], ids[0], ids[1], ids[2], ids[3]}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("attempts\n %v\nwant\n %v", got, want)
	}
	// Without a name, the series carry the id and an empty name.
	for outcome, want := range map[string]float64{outcomeFailed: 3, outcomeRejected: 1, outcomeDelivered: 3} {
		if n := testutil.ToFloat64(e.m.metrics.deliveries.WithLabelValues(v.ID, "", outcome)); n != want {
			t.Errorf("%s counter of %s: %v, want %v", outcome, v.ID, n, want)
		}
	}
	dl := e.DeadLetters(t, 1)
	if dl[0].Stage != events.StageWebhook || dl[0].Reason != ReasonRejected || !strings.Contains(dl[0].Error, "HTTP 404") ||
		dl[0].Header.Get(HeaderSubscription) == "" || dl[0].Header.Get(events.HeaderID) != ids[2] {
		t.Errorf("dead letter %+v", dl[0])
	}
}

// A subscriber that never answers 2xx: each message is retried for the
// budget, then dead-lettered; the next one is tried after it.
func TestGivesUpAfterTheBudget(t *testing.T) {
	e := newEnv(t, Config{BackoffBase: 20 * time.Millisecond, BackoffMax: 50 * time.Millisecond, RetryBudget: 300 * time.Millisecond})
	r := newReceiver(t, "0123456789abcdef", func(int, delivery) (int, map[string]string) { return http.StatusBadGateway, nil })
	v, err := e.m.Create(context.Background(), Request{Name: "down", Subject: "tidings.events.v1.>", URL: r.srv.URL, Secret: "0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	ids := e.publish(t, "19", 2)
	dl := e.DeadLetters(t, 2)
	for i, d := range dl {
		if d.Reason != ReasonGaveUp || d.Header.Get(events.HeaderID) != ids[i] || !strings.Contains(d.Error, "HTTP 502") {
			t.Errorf("dead letter %d: %+v", i, d)
		}
	}
	if n := testutil.ToFloat64(e.m.metrics.deliveries.WithLabelValues(v.ID, "down", outcomeDLQ)); n != 2 {
		t.Errorf("dlq counter %v", n)
	}
	if n := testutil.ToFloat64(e.m.metrics.deliveries.WithLabelValues(v.ID, "down", outcomeFailed)); n < 4 {
		t.Errorf("failed counter %v, want several attempts per message", n)
	}
}

// The receiver down (nothing listening) and up again on the same address:
// everything published meanwhile arrives afterwards, in order, once.
func TestReceiverDownThenUp(t *testing.T) {
	e := newEnv(t, Config{BackoffBase: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond})
	var mu sync.Mutex
	var got []string
	handler := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		got = append(got, req.Header.Get(HeaderIdempotencyKey))
		mu.Unlock()
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	srv := &http.Server{Handler: handler}
	go func() { _ = srv.Serve(ln) }()
	if _, err := e.m.Create(context.Background(), Request{Subject: "tidings.events.v1.>", URL: "http://" + addr + "/", Secret: "0123456789abcdef"}); err != nil {
		t.Fatal(err)
	}
	want := e.publish(t, "19", 3)
	stagetest.WaitFor(t, "3 deliveries", 10*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 3 })
	_ = srv.Close() // down
	want = append(want, e.publish(t, "04", 5)...)
	time.Sleep(700 * time.Millisecond) // attempts fail meanwhile
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv = &http.Server{Handler: handler}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	stagetest.WaitFor(t, "all 8", 10*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) >= 8 })
	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("delivered\n %v\nwant\n %v", got, want)
	}
}

// Deleting a subscription stops its deliveries and removes its consumer;
// a subscription made through another manager (another replica of the
// sink) is served by this one too.
func TestDeleteAndAnotherReplica(t *testing.T) {
	e := newEnv(t, Config{})
	r := newReceiver(t, "0123456789abcdef", nil)
	other := New(e.JS, e.st, Config{AllowPrivate: true}, nil, nil, zap.NewNop()) // not running: only writes
	v, err := other.Create(context.Background(), Request{Subject: "tidings.quotes.v1", URL: r.srv.URL, Secret: "0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	q, _ := json.Marshal(events.QuoteMessage{SchemaVersion: 1, ID: "d.quote.0", Text: "x", Article: events.ArticleRef{ID: "d", Source: "d"}})
	e.Publish(t, events.SubjectQuotes, "d", q)
	stagetest.WaitFor(t, "the quote", 10*time.Second, func() bool { return len(r.deliveries()) == 1 })
	if err := e.m.Delete(context.Background(), v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.JS.Consumer(context.Background(), events.StreamQuotes, consumerName(v.ID)); !errors.Is(err, jetstream.ErrConsumerNotFound) {
		t.Errorf("consumer after delete: %v", err)
	}
	e.PublishMsgID(t, events.SubjectQuotes, "d2", "q2", q)
	time.Sleep(300 * time.Millisecond)
	if n := len(r.deliveries()); n != 1 {
		t.Errorf("%d deliveries after delete", n)
	}
	if err := e.m.Delete(context.Background(), v.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

// latencies is the number of observations of tidings_webhook_delivery_seconds
// for the subscription id and name in reg.
func latencies(t *testing.T, reg *prometheus.Registry, id, name string) uint64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "tidings_webhook_delivery_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["subscription"] == id && labels["name"] == name {
				return m.GetHistogram().GetSampleCount()
			}
		}
	}
	return 0
}
