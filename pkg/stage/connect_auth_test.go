package stage

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestConnectLogsARefusedAuthorisation: wrong credentials are named as the
// reason while the stage keeps trying.
func TestConnectLogsARefusedAuthorisation(t *testing.T) {
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, Authorization: "right", NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	t.Cleanup(srv.Shutdown)
	if !srv.ReadyForConnections(5 * time.Second) {
		t.Fatal("server not ready")
	}
	core, logs := observer.New(zapcore.InfoLevel)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if _, err := Connect(ctx, NATSConfig{Name: "test", URL: srv.ClientURL(), Token: "wrong"}, zap.New(core)); err == nil {
		t.Fatal("connected with a wrong token")
	}
	for _, e := range logs.All() {
		if msg, _ := e.ContextMap()["error"].(string); strings.Contains(strings.ToLower(msg), "authorization") {
			t.Logf("%s: %v", e.Message, e.ContextMap())
			return
		}
	}
	t.Errorf("no log line names the refused authorisation: %v", logs.All())
}
