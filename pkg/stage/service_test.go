package stage_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

func TestServiceIsReadyOnlyOnceItsRunnerConsumes(t *testing.T) {
	e := newEnv(t)
	svc := &stage.Service{Name: "parser", NC: e.nc, JS: e.js, Registry: e.reg, Metrics: e.m, Log: e.log,
		HTTP: stage.NewServer(e.reg, e.log)}
	svc.HTTP.AddCheck("nats", stage.NATSCheck(e.nc))
	svc.HTTP.AddCheck("streams", stage.StreamsCheck(e.js))
	srv := httptest.NewServer(svc.HTTP.Mux())
	defer srv.Close()
	readyz := func() (int, string) {
		resp, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	r := svc.Router(spec(5*time.Second, 5), relay(nil))
	if code, body := readyz(); code != http.StatusServiceUnavailable || !strings.Contains(body, "not consuming yet") {
		t.Fatalf("before the router starts: %d %s", code, body)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	e.waitFor("ready", 5*time.Second, func() bool { code, _ := readyz(); return code == http.StatusOK })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	e.srv.Stop()
	e.waitFor("not ready without NATS", 5*time.Second, func() bool { code, _ := readyz(); return code == http.StatusServiceUnavailable })
}

// Stages sharing one service (tidings up) each get their own consumer
// check, named after the stage, their own logger and configuration.
func TestSharedServiceNamesEachStagesChecks(t *testing.T) {
	e := newEnv(t)
	shared := &stage.Service{Name: "up", NC: e.nc, JS: e.js, Registry: e.reg, Metrics: e.m, Log: e.log,
		HTTP: stage.NewServer(e.reg, e.log), Config: stage.CommonConfig{Concurrency: 4}}
	parser, sink := shared.Stage("parser"), shared.Stage("sink")
	sink.Config.Concurrency = 128
	if parser.Name != "parser" || shared.Config.Concurrency != 4 || parser.Config.Concurrency != 4 {
		t.Fatalf("stage views: %q with %d, shared %d", parser.Name, parser.Config.Concurrency, shared.Config.Concurrency)
	}
	pcfg, scfg := spec(5*time.Second, 5), spec(5*time.Second, 5)
	scfg.Consumer = events.SinkConsumer()
	parser.Router(pcfg, relay(nil))
	sink.Router(scfg, relay(nil))
	err := shared.HTTP.Check(context.Background())
	for _, name := range []string{"consumer:parser", "consumer:sink"} {
		if err == nil || !strings.Contains(err.Error(), name+": not consuming yet") {
			t.Errorf("checks before the routers run: %v; want %s", err, name)
		}
	}
}
