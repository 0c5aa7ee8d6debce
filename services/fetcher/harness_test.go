package fetcher

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// testConfig is a fast configuration for tests: short settle and quiet
// times and rescans.
func testConfig(inbox string) Config {
	return Config{Inbox: inbox, SettleTime: 100 * time.Millisecond, QuietTime: 100 * time.Millisecond, RescanInterval: 100 * time.Millisecond}
}

// startJetStream runs an embedded JetStream server and returns a client
// context; with streams the pipeline's streams and bucket are declared.
func startJetStream(t *testing.T, cfg embedded.Config, streams bool) jetstream.JetStream {
	t.Helper()
	cfg.StoreDir = t.TempDir()
	cfg.Port = -1
	srv, err := embedded.Start(cfg)
	if err != nil {
		t.Fatalf("start embedded nats: %v", err)
	}
	t.Cleanup(srv.Stop)
	_, js := stagetest.Connect(t, srv.ClientURL())
	if streams {
		stagetest.EnsureStreams(t, js)
	}
	return js
}

// harness is a fetcher under test with its registry and captured logs.
type harness struct {
	t      *testing.T
	js     jetstream.JetStream
	f      *Fetcher
	inbox  string
	reg    *prometheus.Registry
	logs   *observer.ObservedLogs
	cancel context.CancelFunc
	done   chan error
}

// newHarness builds a fetcher on js with cfg (Inbox defaults to a temp dir)
// and any extra sources beside its inbox.
func newHarness(t *testing.T, js jetstream.JetStream, cfg Config, extra ...Source) *harness {
	t.Helper()
	if cfg.Inbox == "" {
		cfg.Inbox = t.TempDir()
	}
	core, logs := observer.New(zap.DebugLevel)
	log := zap.New(zapcore.NewTee(core, zaptest.NewLogger(t).Core())).With(zap.String("stage", events.StageFetcher))
	reg := prometheus.NewRegistry()
	f, err := New(js, cfg, reg, log, extra...)
	if err != nil {
		t.Fatalf("new fetcher: %v", err)
	}
	return &harness{t: t, js: js, f: f, inbox: f.Inbox(), reg: reg, logs: logs}
}

// start runs the fetcher until the test ends.
func (h *harness) start() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.done = cancel, make(chan error, 1)
	go func() { h.done <- h.f.Run(ctx) }()
	h.t.Cleanup(func() { _ = h.stop() })
}

// stop cancels Run and returns its result.
func (h *harness) stop() error {
	h.t.Helper()
	if h.cancel == nil {
		return nil
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		return err
	case <-time.After(5 * time.Second):
		h.t.Fatal("Run did not return within 5s of cancellation")
		return nil
	}
}

// write creates inbox/name with content.
func (h *harness) write(name string, content []byte) {
	h.t.Helper()
	if err := os.WriteFile(filepath.Join(h.inbox, name), content, 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// files lists the regular file names (and symlinks) of dir under the inbox, sorted.
func (h *harness) files(dir string) []string {
	h.t.Helper()
	entries, err := os.ReadDir(filepath.Join(h.inbox, dir))
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// waitFiles waits until dir under the inbox holds n files.
func (h *harness) waitFiles(dir string, n int) []string {
	h.t.Helper()
	var got []string
	waitFor(h.t, 5*time.Second, func() bool { got = h.files(dir); return len(got) >= n }, "files in "+dir)
	if len(got) != n {
		h.t.Fatalf("%s holds %v, want %d files", dir, got, n)
	}
	return got
}

// outcomes reads tidings_fetcher_files_total{outcome} through prometheus/testutil.
func (h *harness) outcomes(outcome string) float64 {
	return testutil.ToFloat64(h.f.metrics.files.WithLabelValues(outcome))
}

// stored is a message of the documents stream, decoded.
type stored struct {
	doc    events.Document
	header nats.Header
	// claimCheck: the message carried a claim check, doc is the object's.
	claimCheck bool
}

// streamDocs reads back every message of the documents stream, loading the
// payload of a claim check from the object store as the parser would.
func streamDocs(t *testing.T, js jetstream.JetStream) []stored {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, events.StreamDocuments)
	if err != nil {
		t.Fatalf("open stream: %v", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatalf("stream info: %v", err)
	}
	var out []stored
	if info.State.Msgs == 0 {
		return nil
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		raw, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatalf("get message %d: %v", seq, err)
		}
		data, claimCheck := raw.Data, raw.Header.Get(events.HeaderClaimCheck)
		if claimCheck != "" {
			data = claimedPayload(t, js, claimCheck, raw.Data)
		}
		var d events.Document
		if err := json.Unmarshal(data, &d); err != nil {
			t.Fatalf("decode message %d: %v", seq, err)
		}
		out = append(out, stored{doc: d, header: raw.Header, claimCheck: claimCheck != ""})
	}
	return out
}

// claimedPayload reads the object a claim check names ("bucket/name"); the
// message itself must carry no data.
func claimedPayload(t *testing.T, js jetstream.JetStream, ref string, data []byte) []byte {
	t.Helper()
	bucket, name, ok := strings.Cut(ref, "/")
	if !ok || bucket != events.ClaimCheckBucket || len(data) != 0 {
		t.Fatalf("claim check %q with %d bytes of data", ref, len(data))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got, err := stage.NewClaimChecks(js, stage.Topology{Replicas: 1}, 0).Load(ctx, nats.Header{events.HeaderClaimCheck: {ref}}, data)
	if err != nil {
		t.Fatalf("read object %s: %v", name, err)
	}
	return got
}

// waitFor polls cond until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, cond func() bool, what string) {
	t.Helper()
	stagetest.WaitFor(t, what, timeout, cond)
}
