package stage

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

// deadPort is a port on 127.0.0.1 where nothing listens: one that was free a
// moment ago.
func deadPort(t *testing.T) int {
	t.Helper()
	port, err := embedded.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// TestConnectLogsEachFailedAttempt: a stage started with no NATS to reach
// says so as it tries, with the reason, instead of nothing until it gives up.
func TestConnectLogsEachFailedAttempt(t *testing.T) {
	addr := fmt.Sprintf("127.0.0.1:%d", deadPort(t))
	core, logs := observer.New(zapcore.InfoLevel)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	_, err := Connect(ctx, NATSConfig{Name: "test", URL: "nats://alice:s3cret@" + addr}, zap.New(core))
	if err == nil {
		t.Fatal("connected to nothing")
	}
	failed := logs.FilterMessage("nats connection attempt failed; retrying").All()
	if len(failed) < 2 {
		t.Fatalf("want a line per failed attempt (at least 2 in 1.5 s), got %d: %v", len(failed), logs.All())
	}
	first := failed[0].ContextMap()
	if first["attempt"] != int64(1) || !strings.Contains(first["error"].(string), "refused") {
		t.Errorf("first attempt's line: %v, want attempt 1 and the reason", first)
	}
	for _, e := range logs.All() {
		for _, f := range e.Context {
			if strings.Contains(f.String, "s3cret") {
				t.Errorf("log line %q shows the password: %v", e.Message, f)
			}
		}
	}
	if len(logs.FilterMessage("connecting to nats").All()) != 1 {
		t.Errorf("want one line saying where it connects: %v", logs.All())
	}
}
