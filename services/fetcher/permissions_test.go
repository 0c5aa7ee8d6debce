package fetcher

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// TestIntakeUnderNATSPermissions runs the intake as the fetcher user of the
// compose stack's NATS configuration (deploy/nats/nats.conf, users.conf):
// its buckets, the feed leases and listing, the URL stream and consumer,
// the seen window and the documents must all be allowed. A feed of the
// local news site is registered; its two pages must arrive as documents,
// with no permissions violation.
func TestIntakeUnderNATSPermissions(t *testing.T) {
	for _, u := range []string{"FETCHER", "PARSER", "ENRICHER", "SINK", "ADMIN"} {
		t.Setenv("NATS_"+u+"_PASSWORD", strings.ToLower(u)+"-test")
	}
	opts, err := server.ProcessConfigFile(filepath.Join("..", "..", "deploy", "nats", "nats.conf"))
	if err != nil {
		t.Fatal(err)
	}
	opts.Host, opts.Port, opts.HTTPPort = "127.0.0.1", -1, 0
	opts.StoreDir, opts.NoSigs, opts.NoLog = t.TempDir(), true, true
	ns := stagetest.StartServer(t, opts)
	var mu sync.Mutex
	var violations []string
	_, js := stagetest.Connect(t, ns.ClientURL(), nats.UserInfo("fetcher", "fetcher-test"),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			mu.Lock()
			violations = append(violations, err.Error())
			mu.Unlock()
		}))
	stagetest.EnsureStreams(t, js)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	site := newNewsSite(t)
	cfg := testConfig(t.TempDir())
	cfg.Intake = IntakeConfig{AllowPrivate: true, HostInterval: time.Millisecond, FeedTick: 200 * time.Millisecond}
	reg := prometheus.NewRegistry()
	in, err := NewIntake(ctx, js, cfg, reg, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	pages := stage.NewRouter(js, stage.RouterConfig{Stage: events.StageFetcher, Consumer: events.FetcherConsumer()}, in.Pages(),
		stage.NewMetrics(stage.NewRegistry()), zap.NewNop())
	f, err := New(js, cfg, reg, zap.NewNop(), in.Sources(pages)...)
	if err != nil {
		t.Fatal(err)
	}
	in.Use(f)
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(rctx) }()
	defer func() { stop(); <-done }()
	if _, _, err := in.feeds.Add(ctx, site.URL+"/rss.xml", 0); err != nil {
		t.Fatal(err)
	}
	stream, err := js.Stream(ctx, events.StreamDocuments)
	if err != nil {
		t.Fatal(err)
	}
	stagetest.WaitFor(t, "the feed's two pages as documents", 30*time.Second, func() bool {
		info, err := stream.Info(ctx)
		return err == nil && info.State.Msgs == 2
	})
	if list, err := in.feeds.List(ctx); err != nil || len(list) != 1 || list[0].LastStatus != "ok" {
		t.Errorf("feeds %+v, %v", list, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(violations) > 0 {
		t.Errorf("permissions violations: %v", violations)
	}
}
