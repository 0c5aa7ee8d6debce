package stage_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// TestPermissionViolationIsDeadLetteredAtOnce runs a stage as a user the
// server forbids to publish where its output has to go: the claim-check
// bucket for a payload over the message limit, or the output subject
// itself. The server drops such a publish and reports the violation only
// asynchronously; the message must go to the DLQ on its first delivery with
// reason permission_denied and the violation in its error, not be retried.
func TestPermissionViolationIsDeadLetteredAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name, deny string
		size       int
	}{
		{"claim check", "$O.>", 1_600_000},
		{"output subject", events.SubjectArticles, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ns := startServerWithUsers(t, tc.deny)
			admin := connectAs(t, ns, "admin")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := (stage.Topology{}).EnsureStreams(ctx, admin); err != nil {
				t.Fatal(err)
			}
			pub := stage.NewPublisher(admin, events.StageFetcher, nil, stage.NewClaimChecks(admin, stage.Topology{Replicas: 1}, 0))
			if _, err := pub.Publish(ctx, stage.Output{Subject: events.SubjectDocuments, Type: events.CETypeDocumentReceived,
				DocID: "doc-1", Data: []byte("x"), Received: time.Now()}, nil); err != nil {
				t.Fatal(err)
			}

			js := connectAs(t, ns, "parser")
			payload := bytes.Repeat([]byte("a"), tc.size)
			cfg := spec(30*time.Second, 5)
			cfg.HandlerTimeout = 3 * time.Second
			m := stage.NewMetrics(prometheus.NewRegistry())
			r := stage.NewRouter(js, cfg, stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) {
				return []stage.Output{{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, Data: payload}}, nil
			}), m, zaptest.NewLogger(t, zaptest.Level(zap.ErrorLevel)))
			rctx, stop := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- r.Run(rctx) }()
			defer func() { stop(); <-done }()

			e := &env{t: t, js: admin}
			e.waitFor("a dead letter", 20*time.Second, func() bool { return len(e.deadLetters()) > 0 })
			dl := e.deadLetters()[0]
			if dl.Reason != stage.ReasonPermissionDenied || dl.Delivered != 1 {
				t.Errorf("dead letter reason %q after %d deliveries, want %q after 1", dl.Reason, dl.Delivered, stage.ReasonPermissionDenied)
			}
			if !strings.Contains(dl.Error, "Permissions Violation for Publish to") {
				t.Errorf("dead letter error %q does not name the violation", dl.Error)
			}
		})
	}
}

// startServerWithUsers runs a JetStream server with two users: admin, who
// may do anything, and parser, who may publish anything but deny.
func startServerWithUsers(t *testing.T, deny string) *server.Server {
	t.Helper()
	opts := &server.Options{
		Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true, NoLog: true,
		Users: []*server.User{
			{Username: "admin", Password: "admin"},
			{Username: "parser", Password: "parser", Permissions: &server.Permissions{
				Publish:   &server.SubjectPermission{Allow: []string{">"}, Deny: []string{deny}},
				Subscribe: &server.SubjectPermission{Allow: []string{">"}},
			}},
		},
	}
	return stagetest.StartServer(t, opts).Server
}

// connectAs connects to ns as user (whose password is its name).
func connectAs(t *testing.T, ns *server.Server, user string) jetstream.JetStream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nc, err := stage.Connect(ctx, stage.NATSConfig{URL: ns.ClientURL(), User: user, Password: user, Name: user}, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	return stagetest.JetStream(t, nc)
}
