package natsmetrics

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// startServer runs a NATS server with JetStream, listening for clients and
// for monitoring on free ports of 127.0.0.1.
func startServer(t *testing.T) *server.Server {
	t.Helper()
	return stagetest.StartServer(t, &server.Options{
		ServerName: "metrics-test", Host: "127.0.0.1", Port: -1,
		HTTPHost: "127.0.0.1", HTTPPort: -1,
		JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true,
	}).Server
}

// sample is one gathered series: its name, labels and value.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

// gather collects reg once.
func gather(t *testing.T, reg *prometheus.Registry) []sample {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	var out []sample
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			out = append(out, sample{mf.GetName(), labelMap(m), m.GetGauge().GetValue()})
		}
	}
	return out
}

func labelMap(m *dto.Metric) map[string]string {
	l := map[string]string{}
	for _, p := range m.GetLabel() {
		l[p.GetName()] = p.GetValue()
	}
	return l
}

// value is the one series of name whose labels include want (name="value"
// pairs); the test fails when there is not exactly one.
func value(t *testing.T, samples []sample, name string, want ...string) float64 {
	t.Helper()
	var found []float64
	for _, s := range samples {
		if s.name == name && hasLabels(s.labels, want) {
			found = append(found, s.value)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s%v: %d series, want 1", name, want, len(found))
	}
	return found[0]
}

func hasLabels(labels map[string]string, want []string) bool {
	for _, w := range want {
		k, v, _ := strings.Cut(w, "=")
		if labels[k] != v {
			return false
		}
	}
	return true
}

// TestCollectorFollowsTheServer reads a real server over HTTP and
// in-process while messages flow into a stream: the figures move with them.
func TestCollectorFollowsTheServer(t *testing.T) {
	ns := startServer(t)
	sources := map[string]Source{
		"http":       HTTP{URL: fmt.Sprintf("http://%s", ns.MonitorAddr())},
		"in-process": InProcess{Server: ns},
	}
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			reg := prometheus.NewPedanticRegistry()
			c := New(5*time.Second, nil, src)
			reg.MustRegister(c)
			before := gather(t, reg)
			if up := value(t, before, "nats_up", "source="+src.Name()); up != 1 {
				t.Fatalf("nats_up %v before any traffic", up)
			}
			stream := "FLOW_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
			const msgs, size = 25, 200
			flow(ctx, t, ns.ClientURL(), stream, msgs, size)

			after := gather(t, reg)
			if problems, err := testutil.CollectAndLint(c); err != nil || len(problems) > 0 {
				t.Errorf("lint: %v %v", err, problems)
			}
			id := "server_id=" + ns.ID()
			for _, key := range []string{"in_msgs", "out_msgs"} {
				if d := value(t, after, "nats_varz_"+key, id) - value(t, before, "nats_varz_"+key, id); d < msgs {
					t.Errorf("nats_varz_%s rose by %v, want at least %d", key, d, msgs)
				}
			}
			if d := value(t, after, "nats_varz_in_bytes", id) - value(t, before, "nats_varz_in_bytes", id); d < msgs*size {
				t.Errorf("nats_varz_in_bytes rose by %v, want at least %d", d, msgs*size)
			}
			if n := value(t, after, "nats_varz_connections", id); n < 1 {
				t.Errorf("nats_varz_connections %v with a client connected", n)
			}
			for _, key := range []string{"mem", "cores", "max_payload"} {
				if v := value(t, after, "nats_varz_"+key, id); v <= 0 {
					t.Errorf("nats_varz_%s %v", key, v)
				}
			}
			st := []string{id, "server_name=metrics-test", "stream_name=" + stream, "account=$G", "is_stream_leader=true"}
			if n := value(t, after, "nats_stream_total_messages", st...); n != msgs {
				t.Errorf("nats_stream_total_messages %v, want %d", n, msgs)
			}
			if b := value(t, after, "nats_stream_total_bytes", st...); b < msgs*size {
				t.Errorf("nats_stream_total_bytes %v, want at least %d", b, msgs*size)
			}
			cons := append(st, "consumer_name=worker")
			if p := value(t, after, "nats_consumer_num_pending", cons...); p != msgs-5 {
				t.Errorf("nats_consumer_num_pending %v, want %d", p, msgs-5)
			}
			if p := value(t, after, "nats_consumer_num_ack_pending", cons...); p != 5 {
				t.Errorf("nats_consumer_num_ack_pending %v, want 5 (fetched, not acknowledged)", p)
			}
			if n := value(t, after, "nats_server_total_streams", id); n < 1 {
				t.Errorf("nats_server_total_streams %v", n)
			}
			if d := value(t, after, "nats_server_total_messages", id) - value(t, before, "nats_server_total_messages", id); d != msgs {
				t.Errorf("nats_server_total_messages rose by %v, want %d", d, msgs)
			}
			if v := value(t, after, "nats_server_jetstream_disabled", id); v != 0 {
				t.Errorf("nats_server_jetstream_disabled %v", v)
			}
		})
	}
}

// flow publishes msgs messages of size bytes into a new stream, and has a
// consumer "worker" fetch five of them without acknowledging.
func flow(ctx context.Context, t *testing.T, url, stream string, msgs, size int) {
	t.Helper()
	_, js := stagetest.Connect(t, url)
	subject := strings.ToLower(stream) + ".in"
	s, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: stream, Subjects: []string{subject}})
	if err != nil {
		t.Fatal(err)
	}
	cons, err := s.CreateConsumer(ctx, jetstream.ConsumerConfig{Durable: "worker", AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		t.Fatal(err)
	}
	payload := []byte(strings.Repeat("x", size))
	for range msgs {
		if _, err := js.Publish(ctx, subject, payload); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(stagetest.Fetch(t, cons, 5, 10*time.Second)); got != 5 {
		t.Fatalf("fetched %d messages, want 5", got)
	}
}

// TestCollectorWhenTheServerFails: a monitoring endpoint that is closed,
// answers an error or never answers gives nats_up 0 and nothing else, and
// a scrape that waits on it ends at the timeout.
func TestCollectorWhenTheServerFails(t *testing.T) {
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusServiceUnavailable)
	}))
	defer broken.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for name, url := range map[string]string{"hanging": hang.URL, "503": broken.URL, "closed": closed.URL} {
		t.Run(name, func(t *testing.T) {
			reg := prometheus.NewPedanticRegistry()
			reg.MustRegister(New(200*time.Millisecond, nil, HTTP{URL: url}))
			got := gather(t, reg)
			if len(got) != 1 || got[0].name != "nats_up" || got[0].value != 0 {
				t.Fatalf("gathered %v, want nats_up 0 alone", got)
			}
		})
	}
}

// TestCollectorReadsEachServer: one collector over a live server and a
// closed one reports each by its source, the live one's figures intact.
func TestCollectorReadsEachServer(t *testing.T) {
	ns := startServer(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	live := HTTP{URL: fmt.Sprintf("http://%s", ns.MonitorAddr())}
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(New(5*time.Second, nil, live, HTTP{URL: closed.URL}))
	got := gather(t, reg)
	if v := value(t, got, "nats_up", "source="+live.URL); v != 1 {
		t.Errorf("nats_up of the live server %v, want 1", v)
	}
	if v := value(t, got, "nats_up", "source="+closed.URL); v != 0 {
		t.Errorf("nats_up of the closed one %v, want 0", v)
	}
	if v := value(t, got, "nats_varz_max_payload", "server_id="+ns.ID()); v <= 0 {
		t.Errorf("nats_varz_max_payload %v", v)
	}
}
