package stage

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestConnectLogsEachFailedAttempt: a stage started with no NATS to reach
// says so as it tries, with the reason, instead of nothing until it gives up.
func TestConnectLogsEachFailedAttempt(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	core, logs := observer.New(zapcore.InfoLevel)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	_, err = Connect(ctx, NATSConfig{Name: "test", URL: "nats://alice:s3cret@" + addr}, zap.New(core))
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
