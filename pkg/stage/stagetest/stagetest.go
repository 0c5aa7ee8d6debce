// Package stagetest gives stage tests a real JetStream to run on: an
// embedded server with the pipeline's streams, publishing as an upstream
// stage would, reading streams back, and running a stage until the test ends;
// and what such tests share besides: waiting for a condition, a free port, a
// GET, a buffer read while it is written.
package stagetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

// Env is an embedded JetStream server with the pipeline's streams declared.
type Env struct {
	Server *embedded.Server
	NC     *nats.Conn
	JS     jetstream.JetStream
}

// Start runs the server (store in a temporary folder) and connects to it;
// both are closed when the test ends.
func Start(tb testing.TB) *Env {
	tb.Helper()
	srv, err := embedded.Start(embedded.Config{StoreDir: tb.TempDir(), Port: -1})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(srv.Stop)
	nc, js := Connect(tb, srv.URL())
	EnsureStreams(tb, js)
	return &Env{Server: srv, NC: nc, JS: js}
}

// StartServer runs a NATS server on opts as they are (users, permissions,
// the options of a configuration file) until the test ends.
func StartServer(tb testing.TB, opts *server.Options) *embedded.Server {
	tb.Helper()
	srv, err := embedded.StartWith(opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(srv.Stop)
	return srv
}

// Connect connects to url with opts until the test ends and returns the
// connection and its JetStream context.
func Connect(tb testing.TB, url string, opts ...nats.Option) (*nats.Conn, jetstream.JetStream) {
	tb.Helper()
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return nc, JetStream(tb, nc)
}

// JetStream closes nc when the test ends and returns its JetStream context.
func JetStream(tb testing.TB, nc *nats.Conn) jetstream.JetStream {
	tb.Helper()
	tb.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	return js
}

// EnsureStreams declares the pipeline's streams (one replica) on js.
func EnsureStreams(tb testing.TB, js jetstream.JetStream) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := (stage.Topology{Replicas: 1}).EnsureStreams(ctx, js); err != nil {
		tb.Fatal(err)
	}
}

// Publish puts data on subject as an upstream stage would: with the
// document id, a trace id and a deduplication id.
func (e *Env) Publish(tb testing.TB, subject, docID string, data []byte) {
	tb.Helper()
	e.PublishMsgID(tb, subject, docID, "test:"+subject+":"+docID, data)
}

// PublishMsgID is Publish with the deduplication id given ("" for none):
// a replay under a new id is not deduplicated by JetStream.
func (e *Env) PublishMsgID(tb testing.TB, subject, docID, msgID string, data []byte) {
	tb.Helper()
	msg := &nats.Msg{Subject: subject, Data: data, Header: nats.Header{}}
	msg.Header.Set(events.HeaderDocID, docID)
	msg.Header.Set(events.HeaderTraceID, "trace-"+docID)
	msg.Header.Set(events.HeaderReceived, time.Now().UTC().Format(time.RFC3339Nano))
	if msgID != "" {
		msg.Header.Set(jetstream.MsgIDHeader, msgID)
	}
	if _, err := e.JS.PublishMsg(context.Background(), msg); err != nil {
		tb.Fatal(err)
	}
}

// KeyValue declares a key-value bucket of the topology on one replica
// (events.KVBucket, the entity registry's, or one events.KeyValue names)
// and opens it.
func (e *Env) KeyValue(tb testing.TB, bucket string) jetstream.KeyValue {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	t := stage.Topology{Replicas: 1}
	var kv jetstream.KeyValue
	var err error
	if bucket == events.KVBucket {
		kv, err = t.EnsureKeyValue(ctx, e.JS)
	} else {
		kv, err = t.KeyValue(ctx, e.JS, bucket)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return kv
}

// Logged handles d with h, d's logger (with its doc_id and trace_id, as the
// router gives them) recording the lines at info and above, and returns
// them; an error from h fails the test.
func Logged(tb testing.TB, h stage.Handler, d *stage.Delivery) *observer.ObservedLogs {
	tb.Helper()
	core, logs := observer.New(zapcore.InfoLevel)
	d.Log = zap.New(core).With(zap.String("doc_id", d.DocID), zap.String("trace_id", d.TraceID))
	if _, err := h.Handle(context.Background(), d); err != nil {
		tb.Fatal(err)
	}
	return logs
}

// Messages waits (up to 20s) until stream holds want messages and returns them.
func (e *Env) Messages(tb testing.TB, stream string, want int) []*jetstream.RawStreamMsg {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := e.JS.Stream(ctx, stream)
	if err != nil {
		tb.Fatal(err)
	}
	var info *jetstream.StreamInfo
	WaitFor(tb, stream+" messages", 20*time.Second, func() bool {
		info, err = s.Info(ctx)
		return err == nil && info.State.Msgs >= uint64(want)
	})
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; len(out) < want && seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			tb.Fatalf("get %s seq %d: %v", stream, seq, err)
		}
		out = append(out, m)
	}
	return out
}

// Fetch pulls up to n messages from cons, waiting at most wait, and returns
// them unacknowledged.
func Fetch(tb testing.TB, cons jetstream.Consumer, n int, wait time.Duration) []jetstream.Msg {
	tb.Helper()
	batch, err := cons.Fetch(n, jetstream.FetchMaxWait(wait))
	if err != nil {
		tb.Fatal(err)
	}
	var out []jetstream.Msg
	for m := range batch.Messages() {
		out = append(out, m)
	}
	return out
}

// DeadLetters waits until the DLQ holds want dead letters and returns them.
func (e *Env) DeadLetters(tb testing.TB, want int) []stage.DeadLetter {
	tb.Helper()
	var out []stage.DeadLetter
	for _, m := range e.Messages(tb, events.StreamDLQ, want) {
		out = append(out, stage.ReadDeadLetter(m))
	}
	return out
}

// Run runs a stage with handler h until the test ends, and fails the test
// if the stage does not stop cleanly.
func (e *Env) Run(tb testing.TB, cfg stage.RouterConfig, h stage.Handler) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := stage.NewRouter(e.JS, cfg, h, stage.NewMetrics(stage.NewRegistry()), zap.NewNop())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	tb.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				tb.Errorf("stage %s: %v", cfg.Stage, err)
			}
		case <-time.After(30 * time.Second):
			tb.Errorf("stage %s did not stop within 30s", cfg.Stage)
		}
	})
}

// WaitFor polls cond until it holds, failing the test after timeout.
func WaitFor(tb testing.TB, what string, timeout time.Duration, cond func() bool) {
	tb.Helper()
	Eventually(tb, what, timeout, 20*time.Millisecond, func() error {
		if cond() {
			return nil
		}
		return errNotYet
	})
}

var errNotYet = errors.New("not yet")

// Eventually polls cond every interval until it returns nil, failing the
// test with cond's last error after timeout.
func Eventually(tb testing.TB, what string, timeout, interval time.Duration, cond func() error) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %s waiting for %s: %v", timeout, what, err)
		}
		time.Sleep(interval)
	}
}

// FreePort is a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(tb testing.TB) int {
	tb.Helper()
	port, err := embedded.FreePort()
	if err != nil {
		tb.Fatal(err)
	}
	return port
}

// HTTPGet GETs url and returns the body; an answer other than 200 is an
// error, returned with its body.
func HTTPGet(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return body, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return body, nil
}

// Buffer is a bytes.Buffer safe for a writer and a reader: the output of a
// command or a stage that the test reads while it runs.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String is what was written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
