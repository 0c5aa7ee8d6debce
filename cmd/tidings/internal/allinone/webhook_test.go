package allinone_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/cmd/tidings/internal/fanouttest"
	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/webhook"
)

// hookReceiver is a subscriber's endpoint on a fixed local address that
// can go down and come back, verifying each POST's signature.
type hookReceiver struct {
	addr, secret string
	mu           sync.Mutex
	keys         []string
	bad          int
	srv          *http.Server
}

func (h *hookReceiver) up(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", h.addr)
	if err != nil {
		t.Fatal(err)
	}
	h.addr = ln.Addr().String()
	h.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		if !webhook.Verify(h.secret, body, r.Header.Get(webhook.HeaderSignature)) || r.Header.Get("ce-type") != events.CETypeEventCoded {
			h.bad++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		h.keys = append(h.keys, r.Header.Get(webhook.HeaderIdempotencyKey))
	})}
	go func() { _ = h.srv.Serve(ln) }()
}

func (h *hookReceiver) down() { _ = h.srv.Close() }

func (h *hookReceiver) received() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.keys...)
}

func startHooks(t *testing.T, dir string) *pipeline {
	t.Helper()
	return startWith(t, dir, func(c *allinone.Config) { c.Sink.WebhookAllowPrivate = true })
}

// A receiver subscribed through the API of tidings up gets every event
// message once per idempotency key, in the order of the stream, with valid
// signatures, through a restart of the receiver and then of the pipeline.
// A repeat (at least once) carries the same key.
func TestWebhookThroughRestarts(t *testing.T) {
	dir := t.TempDir()
	p := startHooks(t, dir)
	h := &hookReceiver{addr: "127.0.0.1:0", secret: "a-shared-secret-of-the-test"}
	h.up(t)
	defer h.down()
	sub, _ := json.Marshal(webhook.Request{Name: "all-events", Subject: "tidings.events.v1.>", URL: "http://" + h.addr + "/hook", Secret: h.secret})
	resp, err := http.Post("http://"+p.HTTPAddr()+"/api/v1/subscriptions", "application/json", bytes.NewReader(sub))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("subscribe: %d %s", resp.StatusCode, body)
	}

	arts := fixtures.Generate(40, 21)
	p.drop(arts[:20])
	waitFor(t, "some deliveries", 30*time.Second, func() bool { return len(h.received()) > 10 })
	h.down()
	time.Sleep(1500 * time.Millisecond) // deliveries fail meanwhile and are retried
	h.up(t)
	waitFor(t, "20 records", 60*time.Second, func() bool { return count(t, p.Store()) == 20 })
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}

	p = startHooks(t, dir)
	p.drop(arts[20:])
	waitFor(t, "40 records", 60*time.Second, func() bool { return count(t, p.Store()) == 40 })
	var want []string // the event messages in stream order
	waitFor(t, "every event delivered", 30*time.Second, func() bool {
		want = want[:0]
		for _, m := range fanouttest.Read(t, p.JetStream(), events.StreamEvents) {
			want = append(want, m.MsgID)
		}
		return len(h.received()) >= len(want)
	})
	recs := export(t, p.Store())
	nEvents := 0
	for _, r := range recs {
		nEvents += len(r.Events)
	}
	// Delivery is at least once: a POST the receiver handled while it was
	// being shut down, its answer lost, comes again with the same
	// idempotency key. Once deduplicated by that key, the receiver has
	// every event once, in the stream's order; a repeat may only follow a
	// restart, so there are at most two.
	all := h.received()
	var got []string
	seen := map[string]bool{}
	for _, k := range all {
		if !seen[k] {
			seen[k] = true
			got = append(got, k)
		}
	}
	if repeats := len(all) - len(got); repeats > 2 {
		t.Errorf("%d deliveries repeated an idempotency key, at most one per restart expected", repeats)
	}
	if len(want) != nEvents || len(got) != len(want) || h.bad != 0 {
		t.Fatalf("%d distinct deliveries of %d (%d with a bad signature) of %d stream messages, %d events stored", len(got), len(all), h.bad, len(want), nEvents)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("delivery %d is %s, the stream has %s there: out of order", i, got[i], want[i])
		}
	}
	t.Logf("%d events delivered, in order, across a receiver and a pipeline restart (%d repeated deliveries)", len(got), len(all)-len(got))
}
